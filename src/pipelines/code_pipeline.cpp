#include "pipelines/code_pipeline.hpp"

#include "constructs/aspects.hpp"
#include "constructs/stack.hpp"
#include "constructs/stage.hpp"
#include "core/assert.hpp"
#include "core/hash.hpp"
#include "core/strings.hpp"
#include "lib/codepipeline_actions/cloudformation_actions.hpp"
#include "lib/codepipeline_actions/codebuild_action.hpp"
#include "lib/codepipeline_actions/manual_approval_action.hpp"
#include "lib/iam/feature_flags.hpp"
#include "lib/sns/topic.hpp"
#include "pipelines/code_pipeline_source.hpp"
#include "pipelines/confirm_permissions_broadening.hpp"
#include "pipelines/detail/application_security_check.hpp"
#include "pipelines/detail/asset_publishing.hpp"
#include "pipelines/manual_approval_step.hpp"
#include "synth/stack_synthesizers/default_stack_synthesizer.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

namespace cdk::pipelines {

/// One action to place in a pipeline stage: its name, what it waits for, and how it is added.
struct CodePipeline::Node {
    /// Where the node is in aws-cdk-lib's graph below the pipeline stage's graph: `[<stage>,] <stack>,
    /// Prepare` or `[<stage>,] <step>` (sanitized components); the action name is the part below the nodes'
    /// common ancestor, joined with `.`.
    std::vector<std::string> path;
    std::vector<size_t> after;
    /// Adds the node's actions at the run order given; returns the run orders they take (CDK:
    /// runOrdersConsumed).
    std::function<int(codepipeline::Stage&, const std::string&, int)> produce;
};

namespace {

/// Builds the pipeline before synthesis when the app did not call build_pipeline() (CDK: buildJustInTime).
class BuildAspect : public IAspect {
public:
    explicit BuildAspect(CodePipeline& pipeline) : pipeline_(&pipeline) {}
    void visit(Construct& node) override {
        if (&node == pipeline_ && !pipeline_->built()) pipeline_->build_pipeline();
    }

private:
    CodePipeline* pipeline_;
};

Construct& obtain_scope(Construct& parent, const std::string& id) {
    if (Construct* existing = parent.node().try_find_child(id)) return *existing;
    return make<Construct>(parent, id);
}

/// The stacks of an app stage (not those of stages nested in it), dependencies first.
std::vector<Stack*> stage_stacks(Stage& stage) {
    std::vector<Stack*> stacks;
    std::function<void(Construct&)> walk = [&](Construct& c) {
        for (Construct* child : c.node().children()) {
            if (dynamic_cast<Stage*>(child) != nullptr) continue;
            if (auto* stack = dynamic_cast<Stack*>(child)) stacks.push_back(stack);
            walk(*child);
        }
    };
    walk(stage);
    std::vector<Stack*> ordered;
    std::set<Stack*> done;
    std::function<void(Stack*)> visit = [&](Stack* s) {
        if (done.count(s) != 0) return;
        done.insert(s);
        for (Stack* other : stacks) {
            if (other != s && s->depends_on(*other)) visit(other);
        }
        ordered.push_back(s);
    };
    for (Stack* s : stacks)
        visit(s);
    return ordered;
}

/// `assembly-A/assembly-A-B/...`: where the stage's templates are, relative to the app's assembly.
std::string assembly_path(const Stage& stage) {
    std::vector<std::string> parts;
    for (const Stage* s = &stage; s != nullptr && s->parent_stage() != nullptr; s = s->parent_stage()) {
        parts.insert(parts.begin(), s->artifact_id());
    }
    return strings::join(parts, "/");
}

/// The stage of the stack's nearest enclosing app stage.
Stage& stage_of(Stack& stack) {
    Stage* s = Stage::of(stack);
    CDK_ASSERT(s != nullptr && "every stack is in a stage");
    return *s;
}

/// CDK limitIdentifierLength: a name over `n` characters keeps its ends around 8 hex of its hash.
std::string limit_identifier_length(const std::string& s, std::size_t n) {
    if (s.size() <= n) return s;
    const std::string h = hash::sha256_hex(Json(s).dump()).substr(0, 8);
    const std::size_t mid = (n - h.size()) / 2;
    return s.substr(0, mid) + h + s.substr(s.size() - mid);
}

/// The asset manifest of `stack` relative to `root` (the directory of the pipeline stack's assembly), with
/// `/` separators.
std::string manifest_path_from(const std::string& root, Stack& stack) {
    const std::string dir = assembly_path(stage_of(stack));
    const std::filesystem::path file =
        std::filesystem::path(dir.empty() ? "." : dir) / (stack.artifact_id() + ".assets.json");
    return file.lexically_normal().lexically_relative(root.empty() ? "." : root).generic_string();
}

} // namespace

CodePipeline::CodePipeline(Construct& scope, std::string_view id, const CodePipelineProps& props)
    : Construct(scope, id), props_(props) {
    if (!props_.synth) throw ValidationError("CodePipeline needs a synth step", node().path());
    // CDK PipelineBase: a synth ShellStep without a primary output writes `cdk.out`.
    if (!props_.synth->has_primary_output()) props_.synth->set_primary_output_directory("cdk.out");
    const std::string placeholder = "{cli_version}";
    const bool used =
        std::any_of(props_.cli_install_commands.begin(), props_.cli_install_commands.end(),
                    [&](const std::string& c) { return c.find(placeholder) != std::string::npos; });
    if (!props_.cli_version.empty()) {
        const bool valid = std::all_of(props_.cli_version.begin(), props_.cli_version.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '+' || c == '-' ||
                   c == '_';
        });
        if (!valid) {
            throw ValidationError("cli_version may hold letters, digits and '.+-_' only", node().path(),
                                  props_.cli_version);
        }
        if (!used) {
            throw ValidationError("cli_version is set but no cli_install_commands install it: put '" +
                                      placeholder + "' where the version goes (e.g. a release URL)",
                                  node().path(), props_.cli_version);
        }
    } else if (used) {
        throw ValidationError("cli_install_commands use '" + placeholder + "' but cli_version is not set",
                              node().path());
    }
    Aspects::of(*this).add(std::make_shared<BuildAspect>(*this));
}

std::vector<std::string> CodePipeline::cli_install_commands() const {
    std::vector<std::string> commands;
    for (const std::string& c : props_.cli_install_commands)
        commands.push_back(strings::replace_all(c, "{cli_version}", props_.cli_version));
    return commands;
}

StageDeployment& CodePipeline::add_stage(Stage& stage, const AddStageOpts& options) {
    if (built_) {
        throw ValidationError("addStage: can't add Stages anymore after buildPipeline() has been called",
                              node().path());
    }
    Wave& wave = add_wave(stage.stage_name());
    try {
        return wave.add_stage(stage, options);
    } catch (...) {
        waves_.pop_back(); // a refused stage leaves no empty wave behind
        throw;
    }
}

Wave& CodePipeline::add_wave(const std::string& id, const WaveOptions& options) {
    if (built_) {
        throw ValidationError("addWave: can't add Waves anymore after buildPipeline() has been called",
                              node().path());
    }
    waves_.emplace_back(id, options, &built_);
    return waves_.back();
}

codepipeline::Pipeline& CodePipeline::pipeline() const {
    if (pipeline_ == nullptr) throw ValidationError("Pipeline not created yet", node().path());
    return *pipeline_;
}

codebuild::PipelineProject& CodePipeline::synth_project() const {
    if (synth_project_ == nullptr) {
        throw ValidationError("Call pipeline.buildPipeline() before reading this property", node().path());
    }
    return *synth_project_;
}

codebuild::PipelineProject& CodePipeline::self_mutation_project() const {
    if (pipeline_ == nullptr) {
        throw ValidationError("Call pipeline.buildPipeline() before reading this property", node().path());
    }
    if (self_mutation_project_ == nullptr) {
        throw ValidationError("No selfMutationProject since the selfMutation property was set to false",
                              node().path());
    }
    return *self_mutation_project_;
}

void CodePipeline::build_pipeline() {
    if (built_)
        throw ValidationError("build() has already been called: can only call it once", node().path());
    built_ = true;
    // @aws-cdk/aws-codepipeline:defaultPipelineTypeToV2: an unset type is V2 with the flag, V1 (rendered)
    // without, as aws-cdk-lib's pipelines.CodePipeline.
    const codepipeline::PipelineType default_type =
        iam::detail::flag_enabled(*this, "@aws-cdk/aws-codepipeline:defaultPipelineTypeToV2")
            ? codepipeline::PipelineType::V2
            : codepipeline::PipelineType::V1;
    pipeline_ = &make<codepipeline::Pipeline>(
        *this, "Pipeline",
        codepipeline::PipelineProps{.pipeline_name = props_.pipeline_name,
                                    .cross_account_keys = props_.cross_account_keys,
                                    .enable_key_rotation = props_.enable_key_rotation,
                                    .restart_execution_on_update = true,
                                    .pipeline_type = props_.pipeline_type.value_or(default_type)});
    before_self_mutation_ = props_.self_mutation;
    auto note_outputs = [this](const std::vector<StepPtr>& steps) {
        for (const StepPtr& step : steps) {
            if (const auto* shell = dynamic_cast<const ShellStep*>(step.get())) {
                for (const auto& [name, ref] : shell->props().env_from_cfn_outputs) {
                    stacks_with_read_outputs_.insert(ref.stack_artifact_id);
                }
            }
        }
    };
    for (const Wave& wave : waves_) {
        note_outputs(wave.pre());
        note_outputs(wave.post());
        for (const StageDeployment& d : wave.stages()) {
            note_outputs(d.pre);
            note_outputs(d.post);
            for (const StackSteps& steps : d.stack_steps) {
                note_outputs(steps.pre);
                note_outputs(steps.change_set);
                note_outputs(steps.post);
            }
        }
    }
    add_source_stage();
    add_build_stage();
    if (props_.self_mutation) add_self_mutation_stage();
    add_assets_stage();
    for (const Wave& wave : waves_)
        add_wave_stage(wave);
}

codepipeline::Artifact CodePipeline::artifact_of(const Step& step) {
    for (const auto& [s, artifact] : artifacts_) {
        if (s == &step) return artifact;
    }
    codepipeline::Artifact artifact(sanitize_artifact_name(step.id() + "_" + step.primary_output_id()));
    artifacts_.emplace_back(&step, artifact);
    return artifact;
}

CodeBuildOptions CodePipeline::options_for(const CodeBuildOptions& type_defaults, bool privileged) const {
    // CDK codeBuildDefaultsFor: the default image and compute type, the pipeline's defaults, the type's.
    CodeBuildOptions base{.build_environment = codebuild::BuildEnvironment{
                              .build_image = codebuild::LinuxBuildImage::STANDARD_7_0,
                              .compute_type = codebuild::ComputeType::SMALL}};
    CodeBuildOptions docker;
    if (privileged) docker.build_environment = codebuild::BuildEnvironment{.privileged = true};
    return detail::merge_code_build_options({&base, &props_.code_build_defaults, &type_defaults, &docker});
}

void CodePipeline::add_source_stage() {
    std::vector<const CodePipelineSource*> sources;
    if (props_.synth->props().input) {
        const auto* source = dynamic_cast<const CodePipelineSource*>(props_.synth->props().input.get());
        if (source == nullptr) {
            throw ValidationError("the synth step's input must be a CodePipelineSource, got '" +
                                      props_.synth->props().input->id() + "'",
                                  node().path());
        }
        sources.push_back(source);
    }
    if (sources.empty())
        throw ValidationError("the synth step needs an input (a CodePipelineSource)", node().path());
    codepipeline::Stage& stage = pipeline_->add_stage("Source");
    for (const CodePipelineSource* source : sources) {
        source->produce_action(stage, sanitize_action_name(source->id()), artifact_of(*source), 1);
    }
}

void CodePipeline::add_build_stage() {
    codepipeline::Stage& stage = pipeline_->add_stage("Build");
    const ShellStep& synth = *props_.synth;
    const std::string action_name = sanitize_action_name(synth.id());
    const CodeBuildOptions* step_options = nullptr;
    CodeBuildOptions from_step;
    if (const CodeBuildStepOptions* o = synth.code_build_options()) {
        from_step = {.build_environment = o->build_environment,
                     .role_policy = o->role_policy_statements,
                     .timeout = o->timeout};
        step_options = &from_step;
    }
    CodeBuildOptions options = options_for(props_.synth_code_build_defaults, props_.docker_enabled_for_synth);
    options = detail::merge_code_build_options({&options, step_options});
    synth_project_ = &detail::produce_code_build_action(
        stage, *this,
        {.project_scope = &obtain_scope(obtain_scope(*pipeline_, stage.stage_name()), action_name),
         .project_id = "CdkBuildProject",
         .project_name = synth.code_build_options() ? synth.code_build_options()->project_name : "",
         .description = "Pipeline step " + Stack::of(*this).stack_name() + "/" + pipeline_->node().id() +
                        "/" + stage.stage_name() + "/" + action_name,
         .install_commands = synth.props().install_commands,
         .commands = synth.props().commands,
         .env = synth.props().env,
         .output_directory = synth.primary_output_directory(),
         .output = artifact_of(synth),
         .input = artifact_of(*synth.props().input),
         .options = options,
         .before_self_mutation = before_self_mutation_,
         .action_name = action_name});
}

void CodePipeline::add_self_mutation_stage() {
    codepipeline::Stage& stage = pipeline_->add_stage("UpdatePipeline");
    const Stack& stack = Stack::of(*this);
    // The toolkit is cdkpp: the self-mutation deploys the pipeline stack from the synth output with it.
    std::string assembly = assembly_path(stage_of(const_cast<Stack&>(stack)));
    CodeBuildOptions statements{
        .role_policy = {
            iam::PolicyStatement({.actions = {"sts:AssumeRole"},
                                  .resources = {"arn:*:iam::" + stack.account() + ":role/*"},
                                  .conditions = {{"ForAnyValue:StringEquals",
                                                  {{"iam:ResourceTag/aws-cdk:bootstrap-role",
                                                    {"image-publishing", "file-publishing", "deploy"}}}}}}),
            iam::PolicyStatement({.actions = {"cloudformation:DescribeStacks"}, .resources = {"*"}}),
            iam::PolicyStatement({.actions = {"s3:ListBucket"}, .resources = {"*"}})}};
    CodeBuildOptions options = options_for(props_.self_mutation_code_build_defaults, false);
    options = detail::merge_code_build_options({&options, &statements});
    self_mutation_project_ = &detail::produce_code_build_action(
        stage, *this,
        {.project_scope = &obtain_scope(*this, "UpdatePipeline"),
         .project_id = "SelfMutation",
         .project_name = props_.pipeline_name.empty() ? "" : props_.pipeline_name + "-selfupdate",
         .description = "Pipeline step " + stack.stack_name() + "/" + pipeline_->node().id() + "/" +
                        stage.stage_name() + "/SelfMutate",
         .install_commands = cli_install_commands(),
         .commands = {"cdkpp -a " + (assembly.empty() ? std::string(".") : assembly) + " deploy " +
                      stack.node().path() + " --require-approval never"},
         .input = artifact_of(*props_.synth),
         .options = options,
         .before_self_mutation = before_self_mutation_,
         .action_name = "SelfMutate"});
    before_self_mutation_ = false;
}

void CodePipeline::add_assets_stage() {
    // CDK PipelineGraph.publishAsset: one node per asset id in the order the stages' stacks list them (one
    // node for all with publish_assets_in_parallel off), each publishing the asset to every destination it
    // has in the stacks that use it.
    struct Publisher {
        std::string id;
        std::string display_name;
        /// (asset manifest path, `<asset id>:<destination id>`), each once.
        std::vector<std::pair<std::string, std::string>> selections;
        std::vector<std::string> role_arns;
    };
    std::vector<Publisher> publishers;
    std::map<std::string, size_t> publisher_of_asset;
    const std::string root = assembly_path(stage_of(Stack::of(*this)));
    for (const Wave& wave : waves_) {
        for (const StageDeployment& deployment : wave.stages()) {
            for (Stack* stack : stage_stacks(*deployment.stage)) {
                auto* synthesizer = dynamic_cast<DefaultStackSynthesizer*>(&synthesizer_of(*stack));
                if (synthesizer == nullptr) continue; // refused with its message when the wave is added
                if (!synthesizer->assets().docker_images.empty()) {
                    throw ValidationError("stack " + stack->node().path() +
                                              " has container image assets: cdkpp's pipelines publish file "
                                              "assets only (image assets are not written yet); build the "
                                              "image outside the pipeline and refer to it by its URI",
                                          node().path());
                }
                const std::string manifest = manifest_path_from(root, *stack);
                for (const std::string& id : synthesizer->file_asset_ids()) {
                    const auto& asset = synthesizer->assets().files.at(id);
                    size_t index = 0;
                    if (auto it = publisher_of_asset.find(id); it != publisher_of_asset.end()) {
                        index = it->second;
                    } else if (!props_.publish_assets_in_parallel && !publishers.empty()) {
                        index = 0;
                        publisher_of_asset[id] = 0;
                    } else {
                        index = publishers.size();
                        const std::string number =
                            props_.publish_assets_in_parallel ? std::to_string(publishers.size() + 1) : "";
                        publishers.push_back({"FileAsset" + number,
                                              props_.publish_assets_in_parallel
                                                  ? asset.display_name.value_or("FileAsset" + number)
                                                  : "FileAssets",
                                              {},
                                              {}});
                        publisher_of_asset[id] = index;
                    }
                    Publisher& p = publishers[index];
                    for (const auto& [dest_id, dest] : asset.destinations) {
                        const std::pair<std::string, std::string> selection{manifest, id + ":" + dest_id};
                        if (std::find(p.selections.begin(), p.selections.end(), selection) !=
                            p.selections.end()) {
                            continue;
                        }
                        p.selections.push_back(selection);
                        if (dest.assume_role_arn) p.role_arns.push_back(*dest.assume_role_arn);
                    }
                }
            }
        }
    }
    if (publishers.empty()) return;

    Construct& assets_scope = obtain_scope(*this, "Assets");
    auto& role = make<detail::AssetSingletonRole>(
        assets_scope, "FileRole",
        iam::RoleProps{.assumed_by = iam::ServicePrincipal("codebuild.amazonaws.com")});
    // The role may assume every target's publishing role (the CDK adds them before the projects exist).
    for (const Publisher& p : publishers) {
        for (const std::string& arn : p.role_arns)
            role.add_assume_role(arn);
    }
    role.flush_assume_roles();

    const CodeBuildOptions options = options_for(props_.asset_publishing_code_build_defaults, false);
    const codepipeline::Artifact input = artifact_of(*props_.synth);
    std::string build_spec_directory;
    if (!props_.publish_assets_in_parallel) {
        // The buildspec of the single publisher can grow large: it travels in the cloud assembly (the app's
        // directory, as the CDK's cloudAssemblyBuildSpecDir).
        build_spec_directory = stage_of(Stack::of(*this)).asset_outdir();
        if (build_spec_directory.empty()) build_spec_directory = ".";
    }
    // CDK chunkTranches: at most 50 actions per pipeline stage (`Assets.1`, `Assets.2`, ... beyond).
    constexpr size_t kMaxActionsPerStage = 50;
    const size_t chunks = (publishers.size() + kMaxActionsPerStage - 1) / kMaxActionsPerStage;
    for (size_t chunk = 0; chunk < chunks; ++chunk) {
        const std::string stage_name = chunks > 1 ? "Assets." + std::to_string(chunk + 1) : "Assets";
        codepipeline::Stage& stage = pipeline_->add_stage(stage_name);
        std::set<std::string> names_used;
        for (size_t i = chunk * kMaxActionsPerStage;
             i < std::min(publishers.size(), (chunk + 1) * kMaxActionsPerStage); ++i) {
            const Publisher& p = publishers[i];
            const std::string base = limit_identifier_length(sanitize_action_name(p.display_name), 100);
            std::string name = base;
            for (int ctr = 2; names_used.count(name) != 0; ++ctr)
                name = base + std::to_string(ctr);
            names_used.insert(name);
            std::vector<std::string> commands;
            for (const auto& [manifest, selector] : p.selections) {
                // The toolkit is cdkpp: `cdkpp publish-assets` publishes one asset of a manifest to one
                // destination, where the stock pipeline runs `cdk-assets --path ... publish ...`.
                commands.push_back("cdkpp publish-assets --path \"" + manifest + "\" \"" + selector + "\"");
            }
            detail::produce_code_build_action(
                stage, *this,
                {.project_scope = &assets_scope,
                 .project_id = p.id,
                 .description = "Pipeline step " + Stack::of(*this).stack_name() + "/" +
                                pipeline_->node().id() + "/" + stage_name + "/" + name,
                 .install_commands = cli_install_commands(),
                 .commands = commands,
                 .input = input,
                 .options = options,
                 .before_self_mutation = before_self_mutation_,
                 .action_name = name,
                 .run_order = 1,
                 .role = &role,
                 .build_spec_directory = build_spec_directory});
        }
    }
}

iam::IRole& CodePipeline::role_from_placeholder_arn(const std::string& arn, const Stack& target) {
    const Stack& pipeline_stack = Stack::of(*this);
    if (target.region() != pipeline_stack.region()) {
        throw ValidationError("stack " + target.node().path() + " is in region " + target.region() +
                                  ", the pipeline in " + pipeline_stack.region() +
                                  ": cross-region deployments are not written yet",
                              node().path());
    }
    const std::string id = arn;
    if (Construct* existing = pipeline_->node().try_find_child(id)) {
        if (auto* role = dynamic_cast<iam::IRole*>(existing)) return *role;
    }
    return iam::Role::from_role_arn(
        *pipeline_, id, strings::replace_all(arn, "${AWS::Partition}", Aws::PARTITION), {.mutable_ = false});
}

int CodePipeline::add_step_action(codepipeline::Stage& stage, const Step& step, const std::string& name,
                                  int run_order) {
    if (const auto* approval = dynamic_cast<const ManualApprovalStep*>(&step)) {
        stage.add_action(std::make_shared<codepipeline_actions::ManualApprovalAction>(
            codepipeline_actions::ManualApprovalActionProps{
                .action_name = name,
                .additional_information = approval->props().comment,
                .external_entity_link = approval->props().review_url,
                .run_order = run_order}));
        return 1;
    }
    if (const auto* check = dynamic_cast<const ConfirmPermissionsBroadening*>(&step)) {
        return add_permissions_check(stage, *check, name, run_order);
    }
    if (const auto* shell = dynamic_cast<const ShellStep*>(&step)) {
        const CodeBuildStepOptions* cb = shell->code_build_options();
        CodeBuildOptions from_step;
        if (cb != nullptr) {
            from_step = {.build_environment = cb->build_environment,
                         .role_policy = cb->role_policy_statements,
                         .timeout = cb->timeout};
        }
        CodeBuildOptions options = options_for({}, false);
        options = detail::merge_code_build_options({&options, cb ? &from_step : nullptr});
        const Step* input = shell->props().input.get();
        std::vector<std::pair<std::string, std::string>> action_env;
        for (const auto& [var, ref] : shell->props().env_from_cfn_outputs) {
            // CDK StackOutputsMap.toCodePipeline: `#{<stackVariableNamespace>.<output>}`.
            action_env.emplace_back(var, "#{" + ref.stack_artifact_id.substr(0, 100) + "." + ref.output_name +
                                             "}");
        }
        detail::produce_code_build_action(
            stage, *this,
            {.project_scope = &obtain_scope(obtain_scope(*pipeline_, stage.stage_name()), name),
             .project_id = step.id(),
             .project_name = cb ? cb->project_name : "",
             .description = "Pipeline step " + Stack::of(*this).stack_name() + "/" + pipeline_->node().id() +
                            "/" + stage.stage_name() + "/" + name,
             .install_commands = shell->props().install_commands,
             .commands = shell->props().commands,
             .env = shell->props().env,
             .output_directory = shell->primary_output_directory(),
             .output = shell->has_primary_output() ? std::optional(artifact_of(*shell)) : std::nullopt,
             // CDK: a step without input works on the fallback artifact, the first primary output the
             // pipeline produced (the first source's).
             .input = input ? artifact_of(*input) : artifact_of(*props_.synth->props().input),
             .options = options,
             .action_env = action_env,
             .before_self_mutation = before_self_mutation_,
             .action_name = name,
             .run_order = run_order});
        return 1;
    }
    throw ValidationError("Deployment step '" + step.id() +
                              "' is not supported for CodePipeline-backed pipelines",
                          node().path());
}

int CodePipeline::add_permissions_check(codepipeline::Stage& stage, const ConfirmPermissionsBroadening& step,
                                        const std::string& name, int run_order) {
    // CDK getOrCreateSecCheck: one check per pipeline, `PipelinesSecurityCheck`.
    const std::string id = "PipelinesSecurityCheck";
    detail::ApplicationSecurityCheck* check = nullptr;
    if (Construct* existing = node().try_find_child(id)) {
        check = dynamic_cast<detail::ApplicationSecurityCheck*>(existing);
        if (check == nullptr) {
            throw ValidationError("Expected '" + existing->node().path() +
                                      "' to be 'ApplicationSecurityCheck' but was '" +
                                      existing->node().path() + "'",
                                  node().path());
        }
    } else {
        check = &make<detail::ApplicationSecurityCheck>(*this, id, *pipeline_, cli_install_commands());
    }
    Stage& target = *step.props().stage;
    if (step.props().notification_topic != nullptr) {
        step.props().notification_topic->grant_publish(check->cdk_diff_project());
    }
    const std::string variables_namespace = detail::construct_address(target);
    const std::string approve_action_name = name + ".Confirm";
    codebuild::EnvironmentVariables env = {
        {"STAGE_PATH", {.value = target.node().path()}},
        {"STAGE_NAME", {.value = stage.stage_name()}},
        {"ACTION_NAME", {.value = approve_action_name}},
    };
    if (step.props().notification_topic != nullptr) {
        env.emplace_back("NOTIFICATION_ARN", codebuild::BuildEnvironmentVariable{
                                                 .value = step.props().notification_topic->topic_arn()});
        env.emplace_back("NOTIFICATION_SUBJECT",
                         codebuild::BuildEnvironmentVariable{.value = "Confirm permission broadening in " +
                                                                      target.stage_name()});
    }
    stage.add_action(std::make_shared<codepipeline_actions::CodeBuildAction>(
        codepipeline_actions::CodeBuildActionProps{.action_name = name + ".Check",
                                                   .input = artifact_of(*props_.synth),
                                                   .project = &check->cdk_diff_project(),
                                                   .environment_variables = env,
                                                   .run_order = run_order,
                                                   .variables_namespace = variables_namespace}));
    stage.add_action(std::make_shared<codepipeline_actions::ManualApprovalAction>(
        codepipeline_actions::ManualApprovalActionProps{
            .action_name = approve_action_name,
            .additional_information = "#{" + variables_namespace + ".MESSAGE}",
            .external_entity_link = "#{" + variables_namespace + ".LINK}",
            .run_order = run_order + 1}));
    return 2;
}

void CodePipeline::add_wave_stage(const Wave& wave) {
    // aws-cdk-lib's graph: a wave of one stage is that stage's graph (named after the stage, holding the
    // wave's steps too); a wave of several is a graph named after the wave holding one graph per stage.
    const bool prefix = wave.stages().size() != 1;
    std::vector<Node> nodes;
    std::vector<size_t> wave_pre;
    for (const StepPtr& step : wave.pre()) {
        wave_pre.push_back(nodes.size());
        const Step* s = step.get();
        nodes.push_back({{sanitize_action_name(s->id())},
                         {},
                         [this, s](codepipeline::Stage& st, const std::string& n, int r) {
                             return add_step_action(st, *s, n, r);
                         }});
    }
    std::vector<size_t> all_stage_leaves;
    const codepipeline::Artifact synth_output = artifact_of(*props_.synth);
    for (const StageDeployment& deployment : wave.stages()) {
        const std::vector<std::string> stage_path =
            prefix ? std::vector<std::string>{sanitize_action_name(deployment.stage->stage_name())}
                   : std::vector<std::string>{};
        auto under_stage = [&stage_path](std::vector<std::string> rest) {
            std::vector<std::string> path = stage_path;
            path.insert(path.end(), rest.begin(), rest.end());
            return path;
        };
        std::vector<size_t> pre;
        for (const StepPtr& step : deployment.pre) {
            pre.push_back(nodes.size());
            const Step* s = step.get();
            nodes.push_back({under_stage({sanitize_action_name(s->id())}), wave_pre,
                             [this, s](codepipeline::Stage& st, const std::string& n, int r) {
                                 return add_step_action(st, *s, n, r);
                             }});
        }
        std::vector<size_t> first = pre.empty() ? wave_pre : pre;
        std::vector<Stack*> stacks = stage_stacks(*deployment.stage);
        if (stacks.empty()) {
            throw ValidationError("The given Stage construct ('" + deployment.stage->node().path() +
                                      "') should contain at least one Stack",
                                  node().path());
        }
        // Per stack its leaves (its post steps, else its deploy action): what dependent stacks and the
        // stage's post steps wait for (CDK: a stack graph depends on the whole graph of the stack it depends
        // on).
        std::vector<std::pair<Stack*, std::vector<size_t>>> leaves_of;
        std::vector<size_t> deploys;
        auto add_steps = [&](const std::vector<StepPtr>& steps, const std::vector<std::string>& scope,
                             const std::vector<size_t>& after) {
            std::vector<size_t> added;
            for (const StepPtr& step : steps) {
                added.push_back(nodes.size());
                const Step* s = step.get();
                std::vector<std::string> path = scope;
                path.push_back(sanitize_action_name(s->id()));
                nodes.push_back({under_stage(path), after,
                                 [this, s](codepipeline::Stage& st, const std::string& n, int r) {
                                     return add_step_action(st, *s, n, r);
                                 }});
            }
            return added;
        };
        const std::string base = assembly_path(*deployment.stage);
        for (Stack* stack : stacks) {
            std::vector<size_t> after = first;
            for (const auto& [other, leaves] : leaves_of) {
                if (stack->depends_on(*other)) after.insert(after.end(), leaves.begin(), leaves.end());
            }
            // The stack's synthesizer (the default one attached and bound now if it has none, as synthesis
            // would): its role names, specialized for the stack's qualifier, account and region.
            auto* synthesizer = dynamic_cast<DefaultStackSynthesizer*>(&synthesizer_of(*stack));
            if (synthesizer == nullptr) {
                throw ValidationError(
                    "stack " + stack->node().path() +
                        " does not use the DefaultStackSynthesizer: a pipeline deploys a stack "
                        "through the bootstrap roles that synthesizer names",
                    node().path());
            }
            const std::string deploy_arn = synthesizer->specialize(synthesizer->props().deploy_role_arn);
            const std::string exec_arn =
                synthesizer->specialize(synthesizer->props().cloudformation_execution_role);
            const std::string template_path = (base.empty() ? "" : base + "/") + stack->template_file();
            const std::string stack_id =
                sanitize_action_name(stack->node().path().substr(deployment.stage->node().path().size() + 1));
            const std::string stack_name = stack->stack_name();
            const std::string variables_namespace = stacks_with_read_outputs_.count(stack->artifact_id()) != 0
                                                        ? stack->artifact_id().substr(0, 100)
                                                        : "";
            std::vector<std::string> capabilities = {"CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"};
            std::vector<StepPtr> stack_pre;
            std::vector<StepPtr> change_set;
            std::vector<StepPtr> stack_post;
            for (const StackSteps& steps : deployment.stack_steps) {
                if (steps.stack != stack) continue;
                stack_pre.insert(stack_pre.end(), steps.pre.begin(), steps.pre.end());
                change_set.insert(change_set.end(), steps.change_set.begin(), steps.change_set.end());
                stack_post.insert(stack_post.end(), steps.post.begin(), steps.post.end());
            }
            if (!change_set.empty() && !props_.use_change_sets) {
                throw ValidationError("Cannot use 'changeSet' steps for stack '" + stack_name +
                                          "': the pipeline does not support them or they have been disabled",
                                      node().path());
            }
            // Stack `pre` steps come after what the stack waits for, and its first action after them.
            const std::vector<size_t> pre_of_stack = add_steps(stack_pre, {stack_id}, after);
            after.insert(after.end(), pre_of_stack.begin(), pre_of_stack.end());
            if (props_.use_change_sets) {
                const size_t prepare = nodes.size();
                nodes.push_back(
                    {under_stage({stack_id, "Prepare"}), after,
                     [=, this](codepipeline::Stage& st, const std::string& n, int r) {
                         codepipeline_actions::CloudFormationDeployActionProps deploy{
                             .base = {.action_name = n,
                                      .stack_name = stack_name,
                                      .role = &role_from_placeholder_arn(deploy_arn, *stack),
                                      .run_order = r},
                             .template_path = synth_output.at_path(template_path),
                             .inputs = {synth_output},
                             .deployment_role = &role_from_placeholder_arn(exec_arn, *stack),
                             .admin_permissions = true,
                             .capabilities = capabilities};
                         st.add_action(std::make_shared<
                                       codepipeline_actions::CloudFormationCreateReplaceChangeSetAction>(
                             codepipeline_actions::CloudFormationCreateReplaceChangeSetActionProps{
                                 .deploy = deploy, .change_set_name = "PipelineChange"}));
                         return 1;
                     }});
                std::vector<size_t> before_execute = add_steps(change_set, {stack_id}, {prepare});
                if (before_execute.empty()) before_execute.push_back(prepare);
                deploys.push_back(nodes.size());
                nodes.push_back(
                    {under_stage({stack_id, "Deploy"}), before_execute,
                     [=, this](codepipeline::Stage& st, const std::string& n, int r) {
                         st.add_action(
                             std::make_shared<codepipeline_actions::CloudFormationExecuteChangeSetAction>(
                                 codepipeline_actions::CloudFormationExecuteChangeSetActionProps{
                                     .base = {.action_name = n,
                                              .stack_name = stack_name,
                                              .role = &role_from_placeholder_arn(deploy_arn, *stack),
                                              .run_order = r,
                                              .variables_namespace = variables_namespace},
                                     .change_set_name = "PipelineChange"}));
                         return 1;
                     }});
            } else {
                deploys.push_back(nodes.size());
                nodes.push_back(
                    {under_stage({stack_id, "Deploy"}), after,
                     [=, this](codepipeline::Stage& st, const std::string& n, int r) {
                         st.add_action(
                             std::make_shared<codepipeline_actions::CloudFormationCreateUpdateStackAction>(
                                 codepipeline_actions::CloudFormationCreateUpdateStackActionProps{
                                     .deploy = {
                                         .base = {.action_name = n,
                                                  .stack_name = stack_name,
                                                  .role = &role_from_placeholder_arn(deploy_arn, *stack),
                                                  .run_order = r,
                                                  .variables_namespace = variables_namespace},
                                         .template_path = synth_output.at_path(template_path),
                                         .inputs = {synth_output},
                                         .deployment_role = &role_from_placeholder_arn(exec_arn, *stack),
                                         .admin_permissions = true,
                                         .capabilities = capabilities}}));
                         return 1;
                     }});
            }
            const size_t deploy = deploys.back();
            std::vector<size_t> post_of_stack = add_steps(stack_post, {stack_id}, {deploy});
            if (!post_of_stack.empty()) {
                deploys.pop_back();
                deploys.insert(deploys.end(), post_of_stack.begin(), post_of_stack.end());
            } else {
                post_of_stack.push_back(deploy);
            }
            leaves_of.emplace_back(stack, post_of_stack);
        }
        std::vector<size_t> post;
        for (const StepPtr& step : deployment.post) {
            post.push_back(nodes.size());
            const Step* s = step.get();
            nodes.push_back({under_stage({sanitize_action_name(s->id())}), deploys,
                             [this, s](codepipeline::Stage& st, const std::string& n, int r) {
                                 return add_step_action(st, *s, n, r);
                             }});
        }
        const std::vector<size_t>& leaves = post.empty() ? deploys : post;
        all_stage_leaves.insert(all_stage_leaves.end(), leaves.begin(), leaves.end());
    }
    for (const StepPtr& step : wave.post()) {
        const Step* s = step.get();
        nodes.push_back({{sanitize_action_name(s->id())},
                         all_stage_leaves,
                         [this, s](codepipeline::Stage& st, const std::string& n, int r) {
                             return add_step_action(st, *s, n, r);
                         }});
    }
    // Tranches (CDK sortedLeaves): each round takes every node whose predecessors are placed; a tranche
    // shares one run order.
    if (nodes.empty()) return; // a wave with neither stages nor steps deploys nothing
    codepipeline::Stage& stage =
        pipeline_->add_stage(prefix ? wave.id() : wave.stages().front().stage->stage_name());
    // CDK GraphNodeCollection.commonAncestor: one node's parent, else the deepest graph holding them all; the
    // names are the paths below it (CDK identifiers.actionName, at most 100 characters).
    size_t common = 0;
    if (nodes.size() == 1) {
        common = nodes.front().path.size() - 1;
    } else {
        auto shared_at = [&](size_t depth) {
            for (const Node& n : nodes) {
                if (n.path.size() < depth + 2 || n.path[depth] != nodes.front().path[depth]) return false;
            }
            return true;
        };
        while (shared_at(common))
            ++common;
    }
    auto name_of = [&](const Node& n) {
        std::vector<std::string> names(n.path.begin() + static_cast<std::ptrdiff_t>(common), n.path.end());
        const std::string joined = strings::join(names, ".");
        if (joined.size() <= 100) return joined;
        const size_t dots = names.size() - 1;
        const size_t max_length = std::max<size_t>(15, (100 - dots) / names.size());
        for (std::string& part : names)
            part = limit_identifier_length(part, max_length);
        return limit_identifier_length(strings::join(names, "."), 98);
    };
    std::vector<bool> placed(nodes.size(), false);
    std::set<std::string> names_used;
    int run_order = 1;
    for (size_t remaining = nodes.size(); remaining > 0;) {
        std::vector<size_t> tranche;
        for (size_t i = 0; i < nodes.size(); ++i) {
            if (placed[i]) continue;
            if (std::all_of(nodes[i].after.begin(), nodes[i].after.end(),
                            [&](size_t d) { return placed[d]; })) {
                tranche.push_back(i);
            }
        }
        CDK_ASSERT(!tranche.empty() && "the step graph has no cycle");
        // CDK: the next tranche starts after the run orders the widest node of this one took.
        int consumed = 1;
        for (size_t i : tranche) {
            const std::string base = name_of(nodes[i]);
            std::string name = base;
            for (int ctr = 2; names_used.count(name) != 0; ++ctr)
                name = base + std::to_string(ctr);
            names_used.insert(name);
            consumed = std::max(consumed, nodes[i].produce(stage, name, run_order));
        }
        for (size_t i : tranche)
            placed[i] = true;
        remaining -= tranche.size();
        run_order += consumed;
    }
}

} // namespace cdk::pipelines
