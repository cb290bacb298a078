#include "lib/codepipeline_actions/codestar_connections_source_action.hpp"

#include "tokens/errors.hpp"

namespace cdk::codepipeline_actions {

CodeStarConnectionsSourceAction::CodeStarConnectionsSourceAction(
    const CodeStarConnectionsSourceActionProps& props)
    : codepipeline::Action({.action_name = props.action_name,
                            .category = codepipeline::ActionCategory::Source,
                            .provider = "CodeStarSourceConnection",
                            .run_order = props.run_order,
                            .outputs = {props.output},
                            .variables_namespace = props.variables_namespace}),
      props_(props) {
    if (props.connection_arn.empty()) {
        throw ValidationError("CodeStarConnectionsSourceAction '" + props.action_name +
                              "' needs a connection_arn");
    }
}

codepipeline::ActionConfig
CodeStarConnectionsSourceAction::bind(Construct& /*scope*/, codepipeline::Stage& /*stage*/,
                                      const codepipeline::ActionBindOptions& options) {
    options.role.add_to_policy(iam::PolicyStatement(
        {.actions = {"codestar-connections:UseConnection"}, .resources = {props_.connection_arn}}));
    options.bucket.grant_read_write(options.role);
    options.bucket.grant_put_acl(options.role);
    codepipeline::ActionConfig config{
        .configuration = {{"ConnectionArn", props_.connection_arn},
                          {"FullRepositoryId", props_.owner + "/" + props_.repo},
                          {"BranchName", props_.branch}}};
    if (props_.code_build_clone_output) config.configuration["OutputArtifactFormat"] = "CODEBUILD_CLONE_REF";
    if (props_.trigger_on_push) config.configuration["DetectChanges"] = *props_.trigger_on_push;
    return config;
}

} // namespace cdk::codepipeline_actions
