#include "lib/codepipeline_actions/codecommit_source_action.hpp"

#include "constructs/stack.hpp"
#include "lib/codepipeline/pipeline.hpp"
#include "lib/codepipeline_actions/detail/action_util.hpp"
#include "lib/events_targets/codepipeline_target.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

namespace cdk::codepipeline_actions {
namespace {

constexpr const char* kNewDefaultBranchFlag =
    "@aws-cdk/aws-codepipeline-actions:useNewDefaultBranchForCodeCommitSource";

} // namespace

CodeCommitSourceAction::CodeCommitSourceAction(const CodeCommitSourceActionProps& props)
    : codepipeline::Action({.action_name = props.action_name,
                            .category = codepipeline::ActionCategory::Source,
                            .provider = "CodeCommit",
                            .run_order = props.run_order,
                            .outputs = {props.output},
                            .role = props.role,
                            .variables_namespace = props.variables_namespace}),
      props_(props) {
    if (props.repository == nullptr) {
        throw ValidationError("CodeCommitSourceAction '" + props.action_name + "' needs a repository");
    }
    if (props.branch && props.branch->empty())
        throw ValidationError("'branch' parameter cannot be an empty string");
    if (props.code_build_clone_output)
        props.output.set_metadata(kFullCloneArnProperty, props.repository->repository_arn());
}

CodeCommitSourceVariables CodeCommitSourceAction::variables() const {
    return {.repository_name = detail::variable_expression(properties_, "RepositoryName"),
            .branch_name = detail::variable_expression(properties_, "BranchName"),
            .author_date = detail::variable_expression(properties_, "AuthorDate"),
            .committer_date = detail::variable_expression(properties_, "CommitterDate"),
            .commit_id = detail::variable_expression(properties_, "CommitId"),
            .commit_message = detail::variable_expression(properties_, "CommitMessage")};
}

codepipeline::ActionConfig CodeCommitSourceAction::bind(Construct& scope, codepipeline::Stage& stage,
                                                        const codepipeline::ActionBindOptions& options) {
    const std::string branch =
        props_.branch.value_or(detail::flag_enabled(scope, kNewDefaultBranchFlag) ? "main" : "master");
    codepipeline::Pipeline& pipeline = stage.pipeline();
    codecommit::IRepository& repo = *props_.repository;
    if (props_.trigger == CodeCommitTrigger::Events) {
        // CDK generateEventId: the pipeline's unique id, with `-<branch>-` for a branch other than the old
        // default.
        std::string id = detail::node_unique_id(pipeline);
        if (Token::is_unresolved(branch)) {
            std::string candidate;
            int counter = 0;
            do {
                candidate = id + std::to_string(counter++) + "EventRule";
            } while (repo.repository_construct().node().try_find_child(candidate) != nullptr);
            id = candidate;
        } else {
            if (props_.branch && *props_.branch != "master") id += "-" + branch + "-";
            id += "EventRule";
        }
        repo.on_commit(
            id, {.base = {.target = std::make_shared<events_targets::CodePipeline>(
                              pipeline,
                              events_targets::CodePipelineTargetOptions{.event_role = props_.event_role}),
                          .cross_stack_scope = &pipeline},
                 .branches = {branch}});
    }
    options.bucket.grant_read_write(options.role);
    const std::string& pipeline_account = Stack::of(pipeline).account();
    if (!Token::is_unresolved(repo.account()) && !Token::is_unresolved(pipeline_account) &&
        repo.account() != pipeline_account) {
        options.bucket.grant_put_acl(options.role);
    }
    std::vector<std::string> actions = {"codecommit:GetBranch", "codecommit:GetCommit",
                                        "codecommit:UploadArchive", "codecommit:GetUploadArchiveStatus",
                                        "codecommit:CancelUploadArchive"};
    if (props_.code_build_clone_output) actions.emplace_back("codecommit:GetRepository");
    options.role.add_to_principal_policy(
        iam::PolicyStatement({.actions = actions, .resources = {repo.repository_arn()}}));
    codepipeline::ActionConfig config{
        .configuration = {{"RepositoryName", repo.repository_name()},
                          {"BranchName", branch},
                          {"PollForSourceChanges", props_.trigger == CodeCommitTrigger::Poll}}};
    if (props_.code_build_clone_output) config.configuration["OutputArtifactFormat"] = "CODEBUILD_CLONE_REF";
    return config;
}

} // namespace cdk::codepipeline_actions
