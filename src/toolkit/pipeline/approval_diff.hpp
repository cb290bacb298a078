#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "toolkit/diff/template_diff.hpp"
#include "toolkit/environments.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cdk::toolkit::pipeline {

/// A CloudFormation action of a stage that creates or updates a stack from a template in an artifact
/// (CHANGE_SET_REPLACE, CREATE_UPDATE, REPLACE_ON_FAILURE), as CDK Pipelines' `<Stack>.Prepare` is.
struct StackDeployment {
    std::string action;
    std::string stack_name;
    std::string artifact;      ///< TemplatePath before `::`
    std::string template_path; ///< TemplatePath after `::`
    std::string role_arn;      ///< the action's role (the target's deploy role); empty: the pipeline's
    std::string region;        ///< the action's region; empty: the pipeline's
};

/// The stack deployments of a stage declaration, in run order.
[[nodiscard]] std::vector<StackDeployment> stack_deployments(const Json& stage_declaration);

/// A bootstrap role ARN taken apart: `arn:P:iam::A:role/cdk-Q-<kind>-role-A-R`.
struct BootstrapRole {
    std::string partition;
    std::string account;
    std::string qualifier;
    std::string kind; ///< deploy, lookup, file-publishing, cfn-exec, image-publishing
    std::string region;
};
[[nodiscard]] std::optional<BootstrapRole> parse_bootstrap_role(const std::string& arn);
/// `arn:P:iam::A:role/cdk-Q-lookup-role-A-R`.
[[nodiscard]] std::string lookup_role_arn(const BootstrapRole& role);

/// One stack's change, as the approver sees it before approving.
struct StackChange {
    StackDeployment deployment;
    std::string account; ///< target account (empty when unknown)
    std::string region;
    diff::TemplateDiff diff;
    std::optional<Error> error; ///< the diff could not be computed (why, and the fix)
};

/// Reads the template each deployment of the stage would use from the artifact store (the revision of
/// `execution_id`: the artifact as the producing action of that execution wrote it, read as the caller)
/// and what is deployed in the target account (through the target's bootstrap lookup role, read-only),
/// and diffs them. Per stack; a stack whose diff cannot be computed carries the error.
[[nodiscard]] std::vector<StackChange> stage_changes(SessionPool& sessions, const std::string& pipeline,
                                                     const std::string& execution_id,
                                                     const std::vector<StackDeployment>& deployments);

/// What the approver asked for.
struct ApprovalPolicy {
    bool yes = false;               ///< approve without asking
    bool if_no_changes = false;     ///< approve only when no stack changes
    bool unless_broadening = false; ///< refuse when IAM or security groups broaden
};

/// Whether to approve, refuse, or ask; `reason` says why for refusals.
struct ApprovalDecision {
    enum class Kind { Approve, Ask, Refuse } kind = Kind::Ask;
    std::string reason;
};
[[nodiscard]] ApprovalDecision decide_approval(const std::vector<StackChange>& changes,
                                               const ApprovalPolicy& policy);

} // namespace cdk::toolkit::pipeline
