#pragma once

#include "constructs/construct.hpp"
#include "lib/codebuild/project.hpp"
#include "lib/codepipeline/pipeline.hpp"
#include "pipelines/detail/codebuild_factory.hpp"
#include "pipelines/shell_step.hpp"
#include "pipelines/step.hpp"
#include "pipelines/wave.hpp"

#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cdk {
class Stack;
}

namespace cdk::pipelines {

class ConfirmPermissionsBroadening;

/// Props of a CodePipeline (CDK: CodePipelineProps).
struct CodePipelineProps {
    /// The step that builds the app and writes the cloud assembly (required); a ShellStep without a primary
    /// output directory gets `cdk.out`.
    std::shared_ptr<ShellStep> synth;
    std::string pipeline_name;
    /// A KMS key for the artifact bucket so that other accounts can deploy (default false, as aws-cdk-lib).
    bool cross_account_keys = false;
    std::optional<bool> enable_key_rotation;
    /// The pipeline updates itself (`UpdatePipeline`/`SelfMutate`) before deploying (default true).
    bool self_mutation = true;
    /// Deploy through a change set (Prepare + Deploy) or straight (one Deploy); default true.
    bool use_change_sets = true;
    /// V1 when unset, as aws-cdk-lib's pipelines.
    std::optional<codepipeline::PipelineType> pipeline_type;
    /// Commands that put `cdkpp` on the PATH of the self-mutation project (its install phase). Default
    /// none: the build image must have cdkpp (see docs/construct-library.md for what real AWS needs).
    std::vector<std::string> cli_install_commands;
    /// The cdkpp version the install commands install (CDK: cliVersion, the aws-cdk version of
    /// `npm install -g aws-cdk@<version>`): every `{cli_version}` in cli_install_commands becomes it. Set, it
    /// must be used by an install command; unset, no install command may use it. Letters, digits and
    /// `.+-_` only (it goes into shell commands).
    std::string cli_version;
    /// Privileged synth project (Docker inside the synth).
    bool docker_enabled_for_synth = false;
    /// One publishing action per asset (true, the default), or one action publishing every file asset whose
    /// buildspec goes into the cloud assembly (CDK: publishAssetsInParallel).
    bool publish_assets_in_parallel = true;
    CodeBuildOptions code_build_defaults;
    CodeBuildOptions synth_code_build_defaults;
    CodeBuildOptions self_mutation_code_build_defaults;
    /// CodeBuild options of the asset publishing projects (the `Assets` stage); their install phase is
    /// cli_install_commands, their build phase one `cdkpp publish-assets` per asset destination.
    CodeBuildOptions asset_publishing_code_build_defaults;
};

/// A CDK Pipelines pipeline on CodePipeline (CDK: pipelines.CodePipeline): Source, Build (the synth),
/// UpdatePipeline (self-mutation), then one pipeline stage per wave deploying its app stages with the
/// targets' bootstrap roles. The pipeline is built by build_pipeline() or, at the latest, before synthesis.
class CodePipeline : public Construct {
public:
    CodePipeline(Construct& scope, std::string_view id, const CodePipelineProps& props);

    /// Deploys `stage` in a wave of its own named after it.
    StageDeployment& add_stage(Stage& stage, const AddStageOpts& options = {});
    /// A wave: its stages deploy in parallel.
    Wave& add_wave(const std::string& id, const WaveOptions& options = {});
    /// Renders the pipeline; stages and waves can no longer be added.
    void build_pipeline();
    [[nodiscard]] bool built() const { return built_; }

    /// The CodePipeline pipeline (after build_pipeline()).
    [[nodiscard]] codepipeline::Pipeline& pipeline() const;
    [[nodiscard]] codebuild::PipelineProject& synth_project() const;
    [[nodiscard]] codebuild::PipelineProject& self_mutation_project() const;

private:
    struct Node;
    void add_source_stage();
    void add_build_stage();
    void add_self_mutation_stage();
    void add_assets_stage();
    void add_wave_stage(const Wave& wave);
    [[nodiscard]] codepipeline::Artifact artifact_of(const Step& step);
    [[nodiscard]] CodeBuildOptions options_for(const CodeBuildOptions& type_defaults, bool privileged) const;
    /// Adds the step's actions; returns the run orders they take.
    int add_step_action(codepipeline::Stage& stage, const Step& step, const std::string& name, int run_order);
    int add_permissions_check(codepipeline::Stage& stage, const ConfirmPermissionsBroadening& step,
                              const std::string& name, int run_order);
    /// cli_install_commands with cli_version put in.
    [[nodiscard]] std::vector<std::string> cli_install_commands() const;
    [[nodiscard]] iam::IRole& role_from_placeholder_arn(const std::string& arn, const Stack& target);

    CodePipelineProps props_;
    std::deque<Wave> waves_;
    bool built_ = false;
    bool before_self_mutation_ = false;
    codepipeline::Pipeline* pipeline_ = nullptr;
    codebuild::PipelineProject* synth_project_ = nullptr;
    codebuild::PipelineProject* self_mutation_project_ = nullptr;
    std::vector<std::pair<const Step*, codepipeline::Artifact>> artifacts_;
    /// Artifact ids of the stacks whose outputs steps read (their deploy actions get a namespace).
    std::set<std::string> stacks_with_read_outputs_;
};

} // namespace cdk::pipelines
