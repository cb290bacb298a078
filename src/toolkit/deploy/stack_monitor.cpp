#include "toolkit/deploy/stack_monitor.hpp"

#include <algorithm>
#include <thread>

namespace cdk::toolkit::deploy {

using aws::cloudformation::StackEvent;

StackMonitor::StackMonitor(const aws::cloudformation::CloudFormationClient& cfn, std::string stack,
                           std::function<void(const StackEvent&)> on_event)
    : cfn_(cfn), stack_(std::move(stack)), on_event_(std::move(on_event)) {}

Result<void> StackMonitor::mark_existing() {
    // Events come newest first and poll() stops at the first seen one, so the first page is enough.
    auto out = cfn_.raw().call("DescribeStackEvents", {{"StackName", stack_}});
    if (!out) {
        if (out.error().code == "ValidationError") return ok(); // no such stack yet
        return out.error();
    }
    for (const auto& j : out->value("StackEvents", Json::array()))
        seen_.insert(j.value("EventId", ""));
    return ok();
}

Result<void> StackMonitor::poll() {
    std::vector<StackEvent> fresh;
    Json input{{"StackName", stack_}};
    for (int page = 0; page < 100; ++page) {
        auto out = cfn_.raw().call("DescribeStackEvents", input);
        if (!out) return out.error();
        bool reached_seen = false;
        for (const auto& j : out->value("StackEvents", Json::array())) {
            auto e = aws::cloudformation::stack_event_from_json(j);
            if (seen_.count(e.event_id) != 0) {
                reached_seen = true;
                break;
            }
            fresh.push_back(std::move(e));
        }
        const std::string next = out->value("NextToken", "");
        if (reached_seen || next.empty()) break;
        input["NextToken"] = next;
    }
    std::reverse(fresh.begin(), fresh.end());
    for (auto& e : fresh) {
        seen_.insert(e.event_id);
        if (on_event_) on_event_(e);
        new_events_.push_back(std::move(e));
    }
    return ok();
}

Result<aws::cloudformation::Stack> StackMonitor::wait_until_settled(std::chrono::milliseconds interval) {
    bool saw_progress = false;
    for (int round = 0;; ++round) {
        if (auto r = poll(); !r) return r.error();
        auto stack = cfn_.describe_stack(stack_);
        if (!stack) return stack.error();
        if (!*stack) return make_error("StackGone", "stack " + stack_ + " no longer exists");
        const std::string& status = (*stack)->status;
        if (is_in_progress(status)) {
            saw_progress = true;
        } else if (status != "REVIEW_IN_PROGRESS") {
            // Right after an operation starts the stack may still show its old status for a moment.
            const bool stack_event =
                std::any_of(new_events_.begin(), new_events_.end(), [&](const StackEvent& e) {
                    return e.resource_type == "AWS::CloudFormation::Stack" && e.status == status;
                });
            if (saw_progress || stack_event || round >= 5) {
                if (auto r = poll(); !r) return r.error();
                return **stack;
            }
        }
        std::this_thread::sleep_for(interval);
    }
}

std::vector<FailedResource> StackMonitor::failures() const {
    std::vector<FailedResource> resources;
    std::vector<FailedResource> stack;
    for (const auto& e : new_events_) {
        if (e.status.find("FAILED") == std::string::npos) continue;
        FailedResource f{e.logical_id, e.resource_type, e.status, e.status_reason};
        (e.resource_type == "AWS::CloudFormation::Stack" ? stack : resources).push_back(std::move(f));
    }
    return resources.empty() ? stack : resources;
}

} // namespace cdk::toolkit::deploy
