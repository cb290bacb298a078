#pragma once

#include "core/json.hpp"
#include "core/result.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cdk::localcloud::cloudformation {

/// One `Parameters.member.N` of CreateStack/UpdateStack/CreateChangeSet.
struct ParameterInput {
    std::string key;
    std::optional<std::string> value;
    bool use_previous = false;
};

/// Parameters after defaults, UsePreviousValue, validation and SSM resolution.
struct ResolvedParameters {
    /// Values for the evaluator: strings, or arrays of strings for list types.
    std::map<std::string, Json> values;
    /// The values as given (before SSM resolution), kept for UsePreviousValue.
    std::map<std::string, std::string> raw;
    /// DescribeStacks' Parameters: [{ParameterKey, ParameterValue ("****" for NoEcho), ResolvedValue}].
    Json described = Json::array();
};

/// Reads an SSM parameter's value in the stack's account and region (for AWS::SSM::Parameter::Value<…>).
using SsmLookup = std::function<Result<std::string>(const std::string& name)>;

/// Applies defaults and UsePreviousValue (`previous`: the stack's raw values), validates types and
/// constraints with CloudFormation's messages, and resolves SSM parameter types.
[[nodiscard]] Result<ResolvedParameters>
resolve_parameters(const Json& template_doc, const std::vector<ParameterInput>& given,
                   const std::map<std::string, std::string>& previous, const SsmLookup& ssm);

} // namespace cdk::localcloud::cloudformation
