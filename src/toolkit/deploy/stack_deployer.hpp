#pragma once

#include "aws/cloudformation/cloudformation_client.hpp"
#include "core/json.hpp"
#include "core/result.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cdk::toolkit::deploy {

/// A resource that failed, from the stack's events.
struct FailedResource {
    std::string logical_id;
    std::string resource_type;
    std::string status;
    std::string reason;
};

/// One stack parameter as sent to CloudFormation: a value, or `UsePreviousValue`.
struct ParameterSetting {
    std::string key;
    std::optional<std::string> value; ///< nullopt: UsePreviousValue
    friend bool operator==(const ParameterSetting&, const ParameterSetting&) = default;
};

/// The parameters to send, as the CDK CLI computes them: a given value wins; otherwise, when the stack
/// exists and had the parameter, its previous value is kept (`UsePreviousValue`); otherwise the template's
/// default applies (nothing sent). A parameter with neither is an error (`MissingParameters`). An
/// SSM-typed parameter whose previous value is its default is left to the default (same meaning, and some
/// implementations reject UsePreviousValue for those). Given keys the template lacks are dropped when empty
/// and sent otherwise (as the CLI does).
[[nodiscard]] Result<std::vector<ParameterSetting>>
compute_parameters(const Json& template_parameters, const std::map<std::string, std::string>& given,
                   const std::optional<std::map<std::string, std::string>>& previous);

/// What to deploy and how.
struct StackDeployRequest {
    std::string stack_name;
    std::optional<std::string> template_body; ///< one of body or URL
    std::optional<std::string> template_url;
    Json template_parameters = Json::object(); ///< the template's `Parameters` section
    std::map<std::string, std::string> parameters;
    bool use_previous_parameters = true;
    std::string role_arn; ///< the cfn-exec role (RoleARN); empty: CloudFormation uses the caller
    std::map<std::string, std::string> tags;
    std::vector<std::string> notification_arns;
    std::optional<bool> termination_protection;
    bool execute = true;  ///< false: leave the change set for review (--no-execute)
    bool rollback = true; ///< false: DisableRollback (--no-rollback)
    bool import_existing_resources = false;
    bool force = false; ///< deploy even when nothing changed
    std::string change_set_name = "cdk-deploy-change-set";
    std::chrono::milliseconds poll_interval{1000};
    /// Called with each new stack event, oldest first.
    std::function<void(const aws::cloudformation::StackEvent&)> on_event;
    /// Called with progress messages (waiting for an in-progress stack, deleting a failed one, ...).
    std::function<void(const std::string&)> on_message;
};

/// How it went.
struct StackDeployResult {
    bool no_op = false; ///< nothing changed (change set deleted) or not executed
    bool executed = false;
    std::string stack_id;
    std::string status;        ///< final stack status
    std::string change_set_id; ///< when left unexecuted
    std::map<std::string, std::string> outputs;
    std::vector<FailedResource> failures;
};

/// Deploys a stack through a change set, as the CDK CLI does: waits for a stack that is still in progress
/// (a previous run interrupted), deletes a stack whose creation failed (ROLLBACK_COMPLETE) before creating it
/// again, continues an update rollback that failed, creates the change set (RoleARN, capabilities IAM,
/// NAMED_IAM and AUTO_EXPAND), deletes it when it holds no changes, executes it and follows the events
/// until the stack settles. A stack that ends failed is an error (`StackDeployFailed`) whose message lists
/// the failed resources and their reasons.
[[nodiscard]] Result<StackDeployResult> deploy_stack(const aws::cloudformation::CloudFormationClient& cfn,
                                                     const StackDeployRequest& request);

/// Deletes a stack and follows its events until it is gone; a stack that does not exist is a success.
[[nodiscard]] Result<void>
destroy_stack(const aws::cloudformation::CloudFormationClient& cfn, const std::string& stack_name,
              const std::string& role_arn, std::chrono::milliseconds poll_interval,
              const std::function<void(const aws::cloudformation::StackEvent&)>& on_event);

/// True for the statuses a stack rests in while CloudFormation works on it (`*_IN_PROGRESS`, except
/// REVIEW_IN_PROGRESS which is a stack created only for a change set).
[[nodiscard]] bool is_in_progress(const std::string& status);
/// True for a stack whose creation failed and that must be deleted before it can be created again.
[[nodiscard]] bool is_creation_failure(const std::string& status);
/// True for statuses that mean the last operation failed.
[[nodiscard]] bool is_failure(const std::string& status);

} // namespace cdk::toolkit::deploy
