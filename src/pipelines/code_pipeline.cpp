#include "pipelines/code_pipeline.hpp"

#include "constructs/aspects.hpp"
#include "constructs/stack.hpp"
#include "constructs/stage.hpp"
#include "core/assert.hpp"
#include "core/strings.hpp"
#include "lib/codepipeline_actions/cloudformation_actions.hpp"
#include "lib/codepipeline_actions/manual_approval_action.hpp"
#include "pipelines/code_pipeline_source.hpp"
#include "pipelines/manual_approval_step.hpp"
#include "synth/stack_synthesizers/default_stack_synthesizer.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"

#include <algorithm>
#include <functional>
#include <set>

namespace cdk::pipelines {

/// One action to place in a pipeline stage: its name, what it waits for, and how it is added.
struct CodePipeline::Node {
    std::string name;
    std::vector<size_t> after;
    std::function<void(codepipeline::Stage&, const std::string&, int)> produce;
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

} // namespace

CodePipeline::CodePipeline(Construct& scope, std::string_view id, const CodePipelineProps& props)
    : Construct(scope, id), props_(props) {
    if (!props_.synth) throw ValidationError("CodePipeline needs a synth step", node().path());
    // CDK PipelineBase: a synth ShellStep without a primary output writes `cdk.out`.
    if (!props_.synth->has_primary_output()) props_.synth->set_primary_output_directory("cdk.out");
    Aspects::of(*this).add(std::make_shared<BuildAspect>(*this));
}

StageDeployment& CodePipeline::add_stage(Stage& stage, const AddStageOpts& options) {
    if (built_) {
        throw ValidationError("addStage: can't add Stages anymore after buildPipeline() has been called",
                              node().path());
    }
    return add_wave(stage.stage_name()).add_stage(stage, options);
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
    pipeline_ = &make<codepipeline::Pipeline>(
        *this, "Pipeline",
        codepipeline::PipelineProps{.pipeline_name = props_.pipeline_name,
                                    .cross_account_keys = props_.cross_account_keys,
                                    .enable_key_rotation = props_.enable_key_rotation,
                                    .restart_execution_on_update = true,
                                    .pipeline_type =
                                        props_.pipeline_type.value_or(codepipeline::PipelineType::V1)});
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
        }
    }
    add_source_stage();
    add_build_stage();
    if (props_.self_mutation) add_self_mutation_stage();
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
         .install_commands = props_.cli_install_commands,
         .commands = {"cdkpp -a " + (assembly.empty() ? std::string(".") : assembly) + " deploy " +
                      stack.node().path() + " --require-approval never"},
         .input = artifact_of(*props_.synth),
         .options = options,
         .before_self_mutation = before_self_mutation_,
         .action_name = "SelfMutate"});
    before_self_mutation_ = false;
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

void CodePipeline::add_step_action(codepipeline::Stage& stage, const Step& step, const std::string& name,
                                   int run_order) {
    if (const auto* approval = dynamic_cast<const ManualApprovalStep*>(&step)) {
        stage.add_action(std::make_shared<codepipeline_actions::ManualApprovalAction>(
            codepipeline_actions::ManualApprovalActionProps{
                .action_name = name,
                .additional_information = approval->props().comment,
                .external_entity_link = approval->props().review_url,
                .run_order = run_order}));
        return;
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
        return;
    }
    throw ValidationError("Deployment step '" + step.id() +
                              "' is not supported for CodePipeline-backed pipelines",
                          node().path());
}

void CodePipeline::add_wave_stage(const Wave& wave) {
    // The action names are relative to the closest common parent: the app stage when the wave holds one stage
    // and no steps of its own, otherwise the wave (names then start with the stage's name).
    const bool prefix = wave.stages().size() != 1 || !wave.pre().empty() || !wave.post().empty();
    std::vector<Node> nodes;
    std::vector<size_t> wave_pre;
    for (const StepPtr& step : wave.pre()) {
        wave_pre.push_back(nodes.size());
        const Step* s = step.get();
        nodes.push_back({sanitize_action_name(s->id()),
                         {},
                         [this, s](codepipeline::Stage& st, const std::string& n, int r) {
                             add_step_action(st, *s, n, r);
                         }});
    }
    std::vector<size_t> all_stage_leaves;
    const codepipeline::Artifact synth_output = artifact_of(*props_.synth);
    for (const StageDeployment& deployment : wave.stages()) {
        const std::string stage_prefix =
            prefix ? sanitize_action_name(deployment.stage->stage_name()) + "." : "";
        std::vector<size_t> pre;
        for (const StepPtr& step : deployment.pre) {
            pre.push_back(nodes.size());
            const Step* s = step.get();
            nodes.push_back({stage_prefix + sanitize_action_name(s->id()), wave_pre,
                             [this, s](codepipeline::Stage& st, const std::string& n, int r) {
                                 add_step_action(st, *s, n, r);
                             }});
        }
        std::vector<size_t> first = pre.empty() ? wave_pre : pre;
        std::vector<Stack*> stacks = stage_stacks(*deployment.stage);
        if (stacks.empty()) {
            throw ValidationError("The given Stage construct ('" + deployment.stage->node().path() +
                                      "') should contain at least one Stack",
                                  node().path());
        }
        std::vector<std::pair<Stack*, size_t>> deploy_of;
        std::vector<size_t> deploys;
        const std::string base = assembly_path(*deployment.stage);
        for (Stack* stack : stacks) {
            std::vector<size_t> after = first;
            for (const auto& [other, idx] : deploy_of) {
                if (stack->depends_on(*other)) after.push_back(idx);
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
            // aws-cdk-lib publishes a stage's assets in an `Assets` stage first; cdkpp's pipelines do not
            // yet, and a pipeline that deployed the templates without their assets would fail at deploy time.
            if (!synthesizer->assets().files.empty() || !synthesizer->assets().docker_images.empty()) {
                throw ValidationError("stack " + stack->node().path() +
                                          " has file or image assets: publishing assets from a pipeline (the "
                                          "Assets stage) is not written yet",
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
            if (props_.use_change_sets) {
                const size_t prepare = nodes.size();
                nodes.push_back(
                    {stage_prefix + stack_id + ".Prepare", after,
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
                     }});
                deploys.push_back(nodes.size());
                nodes.push_back(
                    {stage_prefix + stack_id + ".Deploy",
                     {prepare},
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
                     }});
            } else {
                deploys.push_back(nodes.size());
                nodes.push_back(
                    {stage_prefix + stack_id + ".Deploy", after,
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
                     }});
            }
            deploy_of.emplace_back(stack, deploys.back());
        }
        std::vector<size_t> post;
        for (const StepPtr& step : deployment.post) {
            post.push_back(nodes.size());
            const Step* s = step.get();
            nodes.push_back({stage_prefix + sanitize_action_name(s->id()), deploys,
                             [this, s](codepipeline::Stage& st, const std::string& n, int r) {
                                 add_step_action(st, *s, n, r);
                             }});
        }
        const std::vector<size_t>& leaves = post.empty() ? deploys : post;
        all_stage_leaves.insert(all_stage_leaves.end(), leaves.begin(), leaves.end());
    }
    for (const StepPtr& step : wave.post()) {
        const Step* s = step.get();
        nodes.push_back({sanitize_action_name(s->id()), all_stage_leaves,
                         [this, s](codepipeline::Stage& st, const std::string& n, int r) {
                             add_step_action(st, *s, n, r);
                         }});
    }
    // Tranches (CDK sortedLeaves): each round takes every node whose predecessors are placed; a tranche
    // shares one run order.
    codepipeline::Stage& stage = pipeline_->add_stage(wave.id());
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
        for (size_t i : tranche) {
            std::string name = nodes[i].name;
            for (int ctr = 2; names_used.count(name) != 0; ++ctr)
                name = nodes[i].name + std::to_string(ctr);
            names_used.insert(name);
            nodes[i].produce(stage, name, run_order);
        }
        for (size_t i : tranche)
            placed[i] = true;
        remaining -= tranche.size();
        ++run_order;
    }
}

} // namespace cdk::pipelines
