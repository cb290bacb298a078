#pragma once

#include "core/json.hpp"

#include <map>
#include <string>
#include <vector>

namespace cdk::aws::cloudformation {

/// One stack output.
struct StackOutput {
    std::string key;
    std::string value;
    std::string description;
    std::string export_name;
};

/// What DescribeStacks says about a stack (the fields the toolkit reads; `raw` has the rest).
struct Stack {
    std::string name;
    std::string id;
    std::string status;
    std::string status_reason;
    std::string creation_time;
    std::string last_updated_time;
    bool termination_protection = false;
    std::string role_arn;
    std::vector<StackOutput> outputs;
    std::map<std::string, std::string> parameters;
    std::map<std::string, std::string> tags;
    Json raw;
};

/// One stack event.
struct StackEvent {
    std::string event_id;
    std::string stack_name;
    std::string logical_id;
    std::string physical_id;
    std::string resource_type;
    std::string status;
    std::string status_reason;
    std::string timestamp;
};

/// Parses one element of DescribeStacks' Stacks.
[[nodiscard]] Stack stack_from_json(const Json& j);
/// Parses one element of DescribeStackEvents' StackEvents.
[[nodiscard]] StackEvent stack_event_from_json(const Json& j);

} // namespace cdk::aws::cloudformation
