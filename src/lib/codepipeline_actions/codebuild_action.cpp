#include "lib/codepipeline_actions/codebuild_action.hpp"

#include "constructs/stack.hpp"
#include "lib/codepipeline_actions/codecommit_source_action.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"

namespace cdk::codepipeline_actions {
namespace {

std::vector<codepipeline::Artifact> all_inputs(const CodeBuildActionProps& props) {
    std::vector<codepipeline::Artifact> inputs{props.input};
    inputs.insert(inputs.end(), props.extra_inputs.begin(), props.extra_inputs.end());
    return inputs;
}

} // namespace

CodeBuildAction::CodeBuildAction(const CodeBuildActionProps& props)
    : codepipeline::Action({.action_name = props.action_name,
                            .category = props.type == CodeBuildActionType::Test
                                            ? codepipeline::ActionCategory::Test
                                            : codepipeline::ActionCategory::Build,
                            .provider = "CodeBuild",
                            .run_order = props.run_order,
                            .inputs = all_inputs(props),
                            .outputs = props.outputs,
                            .role = props.role,
                            .variables_namespace = props.variables_namespace}),
      props_(props) {
    if (props.project == nullptr) {
        throw ValidationError("CodeBuildAction '" + props.action_name + "' needs a project");
    }
}

codepipeline::ActionConfig CodeBuildAction::bind(Construct& scope, codepipeline::Stage& /*stage*/,
                                                 const codepipeline::ActionBindOptions& options) {
    codebuild::Project& project = *props_.project;
    if (!props_.outputs.empty() &&
        !iam::detail::same_account(Stack::of(scope).account(), Stack::of(project).account())) {
        throw ValidationError(
            "A cross-account CodeBuild action cannot have outputs. This is a known CodeBuild "
            "limitation. See https://github.com/aws/aws-cdk/issues/4169 for details",
            scope.node().path());
    }
    options.role.add_to_policy(iam::PolicyStatement(
        {.actions = {"codebuild:BatchGetBuilds", "codebuild:StartBuild", "codebuild:StopBuild"},
         .resources = {project.project_arn()}}));
    if (props_.outputs.empty()) {
        options.bucket.grant_read(project);
    } else {
        options.bucket.grant_read_write(project);
    }
    project.bind_to_code_pipeline(options.bucket);
    for (const codepipeline::Artifact& input : properties_.inputs) {
        const std::string repository_arn = input.metadata(CodeCommitSourceAction::kFullCloneArnProperty);
        if (!repository_arn.empty()) {
            project.add_to_role_policy(
                iam::PolicyStatement({.actions = {"codecommit:GitPull"}, .resources = {repository_arn}}));
        }
    }
    codepipeline::ActionConfig config;
    config.configuration["ProjectName"] = project.project_name();
    if (!props_.environment_variables.empty()) {
        // CDK: Stack.toJsonString, the JSON text with the tokens of the values inline (rendered as an
        // Fn::Join), not Fn::ToJsonString.
        config.configuration["EnvironmentVariables"] =
            codebuild::Project::serialize_env_variables(props_.environment_variables, &project).dump();
    }
    if (properties_.inputs.size() > 1) config.configuration["PrimarySource"] = props_.input.artifact_name();
    return config;
}

} // namespace cdk::codepipeline_actions
