#pragma once

#include "lib/codebuild/project.hpp"
#include "lib/codepipeline/pipeline.hpp"
#include "lib/iam/policy_statement.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cdk::pipelines {

/// CodeBuild settings merged from the pipeline's defaults (CDK: CodeBuildOptions).
struct CodeBuildOptions {
    std::optional<codebuild::BuildEnvironment> build_environment;
    std::vector<iam::PolicyStatement> role_policy;
    std::optional<Duration> timeout;
    /// The project's cache (CDK: cache); NO_CACHE when unset.
    std::optional<codebuild::Cache> cache;
    /// Merged into the step's buildspec (CDK: partialBuildSpec): objects member by member, lists appended,
    /// other values replaced, e.g. `{"cache": {"paths": [".ccache/**/*"]}}`.
    codebuild::BuildSpecObject partial_build_spec = codebuild::BuildSpecObject::object();
};

namespace detail {

/// `extra` merged into `base` as partial_build_spec is (objects deep, lists appended, the rest replaced).
void merge_build_spec(codebuild::BuildSpecObject& base, const codebuild::BuildSpecObject& extra);

/// aws-cdk-lib's mergeCodeBuildOptions: later options win field by field, policies and variables add up.
[[nodiscard]] CodeBuildOptions merge_code_build_options(const std::vector<const CodeBuildOptions*>& options);

/// One CodeBuild project and its action (CDK: CodeBuildFactory.produceAction).
struct CodeBuildActionSpec {
    /// Where the project goes and its construct id.
    Construct* project_scope = nullptr;
    std::string project_id;
    std::string project_name;
    /// `Pipeline step <pipeline>/<stage>/<action>`.
    std::string description;
    std::vector<std::string> install_commands;
    std::vector<std::string> commands;
    std::vector<std::pair<std::string, std::string>> env;
    /// The primary output's directory (`artifacts` of the buildspec) and artifact.
    std::string output_directory;
    std::optional<codepipeline::Artifact> output;
    codepipeline::Artifact input;
    CodeBuildOptions options;
    /// Variables of the action rather than the project (pipeline variables such as stack outputs).
    std::vector<std::pair<std::string, std::string>> action_env;
    /// Adds `_PROJECT_CONFIG_HASH` so a changed project restarts the pipeline after self-mutation.
    bool before_self_mutation = false;
    std::string action_name;
    int run_order = 1;
    /// The project's service role; a new one when null.
    iam::IRole* role = nullptr;
    /// When set, the buildspec goes into this directory (the cloud assembly) as
    /// `buildspec-<address of project_scope>-<project_id>.yaml` and the project reads it from its input
    /// (CDK: passBuildSpecViaCloudAssembly).
    std::string build_spec_directory;
};

/// Creates the PipelineProject and adds its CodeBuildAction to `stage`; the action role is the pipeline's
/// shared `CodeBuildActionRole` (`action_role_scope`/CodeBuildActionRole, trusting the pipeline role).
codebuild::PipelineProject& produce_code_build_action(codepipeline::Stage& stage,
                                                      Construct& action_role_scope,
                                                      const CodeBuildActionSpec& spec);

/// aws-cdk-lib's project configuration hash: SHA-256 of the JSON of the environment and buildspec.
[[nodiscard]] std::string project_config_hash(const codebuild::BuildEnvironment& environment,
                                              const std::string& build_spec);

} // namespace detail
} // namespace cdk::pipelines
