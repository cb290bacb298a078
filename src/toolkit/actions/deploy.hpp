#pragma once

#include "assembly/cloud_assembly.hpp"
#include "core/result.hpp"
#include "toolkit/actions/bootstrap.hpp"
#include "toolkit/deploy/approval.hpp"
#include "toolkit/diff/template_diff.hpp"
#include "toolkit/environments.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cdk::toolkit {

/// `deploy`: which stacks and how.
struct DeployOptions {
    std::vector<std::string> patterns;
    bool all = false;
    bool exclusively = false; ///< do not add the stacks the selection depends on
    int concurrency = 1;
    deploy::RequireApproval require_approval = deploy::RequireApproval::Broadening;
    /// Asked when a stack needs approval; nullptr (no terminal) refuses (`ApprovalRequired`).
    std::function<bool(const std::string& stack, const diff::TemplateDiff& diff)> approve;
    /// --parameters: by stack name ("*" for every stack), then parameter name.
    std::map<std::string, std::map<std::string, std::string>> parameters;
    std::map<std::string, std::string> tags;
    bool rollback = true;
    bool force = false;
    bool execute = true;
    std::chrono::milliseconds poll_interval{1000};
};

/// What happened to one stack.
struct StackOutcome {
    std::string id;         ///< hierarchical id (Dev/LambdaStack)
    std::string stack_name; ///< CloudFormation name
    std::string environment;
    bool no_op = false;
    bool skipped = false; ///< not deployed (a dependency failed, or approval refused)
    std::string status;
    std::map<std::string, std::string> outputs;
    std::optional<Error> error;
};

/// Stacks the verbs act on: patterns and --all as `cdk deploy` selects them (one stack without patterns).
[[nodiscard]] Result<std::vector<const assembly::StackArtifact*>>
select_for_deploy(const assembly::CloudAssembly& assembly, const std::vector<std::string>& patterns, bool all,
                  bool exclusively);

/// Deploys the selected stacks in dependency order, up to `concurrency` at once (a stack starts when
/// what it depends on is deployed; after a failure no new stack starts). Per stack: resolve the
/// environment, assume the deploy role, check the bootstrap version, publish assets, diff against the
/// deployed template and ask for approval when the level requires it, deploy through a change set with
/// the cfn-exec role, collect outputs. One outcome per selected stack, in the order given.
[[nodiscard]] std::vector<StackOutcome>
deploy_stacks(const std::vector<const assembly::StackArtifact*>& stacks, const DeployOptions& options,
              SessionPool& sessions, const ProgressSink& progress);

/// The deployed template of a stack (`{}` when it does not exist), read with the deploy role.
[[nodiscard]] Result<Json> deployed_template(SessionPool& sessions, const assembly::StackArtifact& stack);

/// `diff`: one stack's differences against what is deployed.
struct StackDiff {
    std::string id;
    std::string stack_name;
    diff::TemplateDiff diff;
    std::optional<Error> error;
};
[[nodiscard]] std::vector<StackDiff> diff_stacks(const std::vector<const assembly::StackArtifact*>& stacks,
                                                 SessionPool& sessions);

/// `destroy`: deletes the stacks, dependents first, each with its deploy role and cfn-exec role.
[[nodiscard]] std::vector<StackOutcome>
destroy_stacks(const std::vector<const assembly::StackArtifact*>& stacks, SessionPool& sessions,
               const ProgressSink& progress, std::chrono::milliseconds poll_interval);

} // namespace cdk::toolkit
