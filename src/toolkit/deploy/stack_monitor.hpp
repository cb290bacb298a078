#pragma once

#include "aws/cloudformation/cloudformation_client.hpp"
#include "core/result.hpp"
#include "toolkit/deploy/stack_deployer.hpp"

#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace cdk::toolkit::deploy {

/// Follows one stack's events while CloudFormation works on it: reports each new event once, oldest first,
/// and remembers the resources that failed.
class StackMonitor {
public:
    StackMonitor(const aws::cloudformation::CloudFormationClient& cfn, std::string stack,
                 std::function<void(const aws::cloudformation::StackEvent&)> on_event);

    /// Marks the events that exist now as seen (call before starting the operation).
    [[nodiscard]] Result<void> mark_existing();
    /// Reports new events (DescribeStackEvents, newest page first, stopping at the first seen event).
    [[nodiscard]] Result<void> poll();
    /// Polls until the stack is no longer in progress and returns it; `StackGone` when it vanished.
    [[nodiscard]] Result<aws::cloudformation::Stack> wait_until_settled(std::chrono::milliseconds interval);
    /// Failed resources seen so far (the stack's own failure only when no resource failed).
    [[nodiscard]] std::vector<FailedResource> failures() const;

private:
    const aws::cloudformation::CloudFormationClient& cfn_;
    std::string stack_;
    std::function<void(const aws::cloudformation::StackEvent&)> on_event_;
    std::set<std::string> seen_;
    std::vector<aws::cloudformation::StackEvent> new_events_;
};

} // namespace cdk::toolkit::deploy
