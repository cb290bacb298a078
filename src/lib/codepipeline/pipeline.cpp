#include "lib/codepipeline/pipeline.hpp"

#include "constructs/stack.hpp"
#include "constructs/tags.hpp"
#include "constructs/unique_id.hpp"
#include "core/strings.hpp"
#include "lib/iam/feature_flags.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/lazy.hpp"
#include "tokens/token.hpp"

#include <algorithm>
#include <cctype>

namespace cdk::codepipeline {

const char* to_string(ActionCategory category) {
    switch (category) {
    case ActionCategory::Source: return "Source";
    case ActionCategory::Build: return "Build";
    case ActionCategory::Test: return "Test";
    case ActionCategory::Approval: return "Approval";
    case ActionCategory::Deploy: return "Deploy";
    case ActionCategory::Invoke: return "Invoke";
    }
    return "Build";
}

namespace {

/// The part after `alias/codepipeline-` of the artifact key's alias (CDK
/// generateNameForDefaultBucketKeyAlias), before lower-casing: `Names.uniqueId(pipeline)` cut to its last 237
/// characters, or with
/// @aws-cdk/aws-codepipeline:crossAccountKeyAliasStackSafeResourceName `Names.uniqueResourceName(pipeline,
/// {separator: "-", maxLength: 237, allowedSpecialCharacters: "/_-"})` (from the stack's name down).
std::string default_key_alias_unique_id(const Construct& pipeline) {
    constexpr std::size_t kMaxLength = 256 - std::string_view("alias/codepipeline-").size();
    const std::vector<Construct*> scopes = pipeline.node().scopes();
    if (!iam::detail::flag_enabled(pipeline,
                                   "@aws-cdk/aws-codepipeline:crossAccountKeyAliasStackSafeResourceName")) {
        std::vector<std::string> components;
        for (const Construct* s : scopes) {
            if (s->node().scope() != nullptr) components.push_back(s->node().id());
        }
        const std::string id = make_unique_id(components);
        return id.size() > kMaxLength ? id.substr(id.size() - kMaxLength) : id;
    }
    // makeUniqueResourceName of the components from the last top-level stack (its stack name) down.
    std::size_t first = 0;
    for (std::size_t i = 0; i < scopes.size(); ++i) {
        if (dynamic_cast<const Stack*>(scopes[i]) != nullptr) first = i;
    }
    std::vector<std::string> components;
    for (std::size_t i = first; i < scopes.size(); ++i) {
        const auto* stack = dynamic_cast<const Stack*>(scopes[i]);
        const std::string id = stack != nullptr ? stack->stack_name() : scopes[i]->node().id();
        if (id != "Default") components.push_back(id);
    }
    std::string joined;
    for (const auto& c : components)
        joined += (joined.empty() ? "" : "/") + c;
    const std::string hash = strings::to_upper(md5_hex(joined).substr(0, 8));
    std::string human;
    std::string previous;
    for (const auto& c : components) {
        const bool dupe = !previous.empty() && previous.ends_with(c);
        if (!dupe) previous = c;
        if (dupe || c == "Resource") continue;
        std::string kept;
        for (const char ch : c) {
            if (std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '/' || ch == '_' || ch == '-')
                kept += ch;
        }
        if (!kept.empty()) human += kept + "-";
    }
    const std::size_t max_human = kMaxLength - hash.size();
    if (human.size() > max_human) {
        const std::size_t half = max_human / 2;
        human = human.substr(0, half) + human.substr(human.size() - half);
    }
    return human + hash;
}

/// The pipeline's L1, taggable (CDK: CfnPipeline with its TagManager): `Tags::of(...)` reaches it (the
/// security check of CDK Pipelines tags the pipeline it may approve).
class PipelineResource : public CfnPipeline, public ITaggable {
public:
    PipelineResource(Construct& scope, std::string_view id, CfnPipelineProps props)
        : CfnPipeline(scope, id, std::move(props)), tags_(TagType::Standard) {
        this->props().tags = Prop<std::vector<CfnPipelineTagProperty>>::raw(
            Lazy::uncached_any([this](ResolveContext&) { return tags_.render_tags(); }));
    }
    [[nodiscard]] TagManager& tag_manager() override { return tags_; }
    [[nodiscard]] std::string tagged_resource_type() const override { return kCfnResourceTypeName; }

private:
    TagManager tags_;
};

/// CDK renderEnvDimension.
std::string render_env_dimension(const std::string& s) {
    return Token::is_unresolved(s) ? "(Unresolved)" : s;
}

Json render_artifacts(const std::vector<Artifact>& artifacts) {
    Json out = Json::array();
    for (const auto& a : artifacts)
        out.push_back({{"Name", a.artifact_name()}});
    return out;
}

} // namespace

Stage::Stage(Pipeline& pipeline, std::string name)
    : pipeline_(&pipeline), name_(std::move(name)), scope_(&make<Construct>(pipeline, name_)) {}

void Stage::add_action(std::shared_ptr<IAction> action) {
    const std::string& name = action->action_properties().action_name;
    for (const auto& existing : actions_) {
        if (existing.action->action_properties().action_name == name) {
            throw ValidationError("stage '" + name_ + "' already has an action named '" + name + "'",
                                  pipeline_->node().path());
        }
    }
    actions_.push_back(pipeline_->attach_action(*this, std::move(action)));
}

Json Stage::render() const {
    Json actions = Json::array();
    for (const auto& d : actions_) {
        const ActionProperties& p = d.action->action_properties();
        Json a = {{"ActionTypeId",
                   {{"Category", to_string(p.category)},
                    {"Owner", p.owner},
                    {"Provider", p.provider},
                    {"Version", p.version}}},
                  {"Name", p.action_name},
                  {"RunOrder", p.run_order}};
        if (!d.config.configuration.empty()) a["Configuration"] = d.config.configuration;
        if (!p.inputs.empty()) a["InputArtifacts"] = render_artifacts(p.inputs);
        if (!p.outputs.empty()) a["OutputArtifacts"] = render_artifacts(p.outputs);
        if (d.role != nullptr) a["RoleArn"] = d.role->role_arn();
        if (!p.variables_namespace.empty()) a["Namespace"] = p.variables_namespace;
        actions.push_back(std::move(a));
    }
    return {{"Actions", std::move(actions)}, {"Name", name_}};
}

Pipeline::Pipeline(Construct& scope, std::string_view id, const PipelineProps& props) : Construct(scope, id) {
    cross_account_keys_ = props.cross_account_keys.value_or(
        !iam::detail::flag_enabled(*this, "@aws-cdk/aws-codepipeline:crossAccountKeysDefaultValueToFalse"));
    if (props.enable_key_rotation.value_or(false) && !cross_account_keys_) {
        throw ValidationError(
            "Setting 'enableKeyRotation' to true also requires 'crossAccountKeys' to be enabled",
            node().path());
    }
    artifact_bucket_ = props.artifact_bucket;
    if (artifact_bucket_ == nullptr) {
        kms::Key* key = nullptr;
        if (cross_account_keys_) {
            key = &make<kms::Key>(*this, "ArtifactsBucketEncryptionKey",
                                  kms::KeyProps{.enable_key_rotation = props.enable_key_rotation,
                                                .removal_policy = RemovalPolicy::Destroy});
            const std::string unique = strings::to_lower(default_key_alias_unique_id(*this));
            make<kms::Alias>(*this, "ArtifactsBucketEncryptionKeyAlias",
                             kms::AliasProps{.alias_name = "alias/codepipeline-" + unique,
                                             .target_key = key,
                                             .removal_policy = RemovalPolicy::Destroy});
        }
        artifact_bucket_ = &make<s3::Bucket>(
            *this, "ArtifactsBucket",
            s3::BucketProps{.encryption = key ? s3::BucketEncryption::Kms : s3::BucketEncryption::KmsManaged,
                            .encryption_key = key,
                            .block_public_access = s3::BlockPublicAccess::BLOCK_ALL,
                            .enforce_ssl = true,
                            .removal_policy = RemovalPolicy::Retain});
    }
    role_ = props.role;
    if (role_ == nullptr) {
        role_ = &make<iam::Role>(
            *this, "Role", iam::RoleProps{.assumed_by = iam::ServicePrincipal("codepipeline.amazonaws.com")});
    }
    CfnPipelineProps cfn{
        .artifact_store = Prop<CfnPipelineArtifactStoreProperty>::raw(Lazy::any([this](ResolveContext&) {
            Json store = {{"Type", "S3"}, {"Location", artifact_bucket_->bucket_name()}};
            if (kms::IKey* key = artifact_bucket_->encryption_key()) {
                store["EncryptionKey"] = {{"Type", "KMS"}, {"Id", key->key_arn()}};
            }
            return store;
        })),
        .role_arn = role_->role_arn(),
        .stages =
            Prop<std::vector<CfnPipelineStageDeclarationProperty>>::raw(Lazy::any([this](ResolveContext&) {
                Json out = Json::array();
                for (const auto& stage : stages_)
                    out.push_back(stage->render());
                return out;
            })),
    };
    if (!props.pipeline_name.empty()) cfn.name = props.pipeline_name;
    if (props.restart_execution_on_update)
        cfn.restart_execution_on_update = *props.restart_execution_on_update;
    // @aws-cdk/aws-codepipeline:defaultPipelineTypeToV2: an unset type is V2 (rendered); unset otherwise.
    std::optional<PipelineType> type = props.pipeline_type;
    if (!type && iam::detail::flag_enabled(*this, "@aws-cdk/aws-codepipeline:defaultPipelineTypeToV2"))
        type = PipelineType::V2;
    if (type) cfn.pipeline_type = *type == PipelineType::V2 ? "V2" : "V1";
    resource_ = &make<PipelineResource>(*this, "Resource", cfn);
    resource_->node().add_dependency(role_->role_construct());
    artifact_bucket_->grant_read_write(*role_);
    node().add_validation([this] {
        std::vector<std::string> errors;
        if (stages_.size() < 2) errors.push_back("Pipeline must have at least two stages");
        for (size_t i = 0; i < stages_.size(); ++i) {
            for (const auto& d : stages_[i]->actions()) {
                const bool source = d.action->action_properties().category == ActionCategory::Source;
                if (i == 0 && !source) {
                    errors.push_back("First stage must contain only source actions, got '" +
                                     d.action->action_properties().action_name + "'");
                } else if (i > 0 && source) {
                    errors.push_back("Source action '" + d.action->action_properties().action_name +
                                     "' must be in the first stage");
                }
            }
            if (stages_[i]->actions().empty()) {
                errors.push_back("Stage '" + stages_[i]->stage_name() + "' must have at least one action");
            }
        }
        return errors;
    });
}

std::string Pipeline::pipeline_arn() const {
    const Stack& stack = Stack::of(*this);
    return "arn:" + iam::detail::stack_partition(stack) + ":codepipeline:" + stack.region() + ":" +
           stack.account() + ":" + pipeline_name();
}

Stage& Pipeline::add_stage(const std::string& stage_name) {
    if (stage(stage_name) != nullptr) {
        throw ValidationError("Stage with duplicate name '" + stage_name + "' added to the Pipeline",
                              node().path());
    }
    stages_.push_back(std::make_unique<Stage>(*this, stage_name));
    return *stages_.back();
}

Stage* Pipeline::stage(const std::string& name) const {
    for (const auto& s : stages_) {
        if (s->stage_name() == name) return s.get();
    }
    return nullptr;
}

iam::IRole* Pipeline::role_for_action(Stage& stage, const IAction& action, Construct& scope) {
    const ActionProperties& p = action.action_properties();
    const std::string& pipeline_account = Stack::of(*this).account();
    std::string action_account = p.account;
    if (p.role != nullptr) action_account = p.role->principal_account().value_or(pipeline_account);
    const bool cross_account =
        !action_account.empty() && !iam::detail::same_account(action_account, pipeline_account);
    if (cross_account && artifact_bucket_->encryption_key() == nullptr) {
        throw ValidationError(
            "Artifact Bucket must have a KMS Key to add cross-account action '" + p.action_name +
                "' (pipeline account: '" + render_env_dimension(pipeline_account) + "', action account: '" +
                render_env_dimension(action_account) +
                "'). Create Pipeline with 'crossAccountKeys: true' (or pass an existing Bucket "
                "with a key)",
            node().path());
    }
    if (p.role != nullptr) {
        if (p.owner != "AWS") {
            throw ValidationError(
                "Specifying a Role is not supported for actions with an owner different than "
                "'AWS' - got '" +
                    p.owner + "' (Action: '" + p.action_name + "' in Stage: '" + stage.stage_name() + "')",
                node().path());
        }
        return p.role;
    }
    if (cross_account) {
        throw ValidationError("action '" + p.action_name + "' runs in account " + action_account +
                                  ": give it a role of that account (cross-account support stacks are not "
                                  "written yet)",
                              node().path());
    }
    if (p.owner != "AWS") return nullptr;
    // CDK with @aws-cdk/pipelines:reduceStageRoleTrustScope (on in v2 unless configured off): the pipeline
    // role, not the account, may assume the action role.
    return &make<iam::Role>(scope, "CodePipelineActionRole",
                            iam::RoleProps{.assumed_by = iam::ArnPrincipal(role_->role_arn())});
}

ActionDescriptor Pipeline::attach_action(Stage& stage, std::shared_ptr<IAction> action) {
    const std::string& name = action->action_properties().action_name;
    Construct* scope = stage.scope().node().try_find_child(name);
    if (scope == nullptr) scope = &make<Construct>(stage.scope(), name);
    iam::IRole* role = role_for_action(stage, *action, *scope);
    if (role != nullptr) role->grant_assume_role(*role_).apply_before({resource_});
    for (const Artifact& out : action->action_properties().outputs) {
        if (!out.named()) out.set_name("Artifact_" + stage.stage_name() + "_" + name);
    }
    ActionDescriptor d{.action = action, .role = role};
    d.config =
        action->bind(*scope, stage, {.role = role != nullptr ? *role : *role_, .bucket = *artifact_bucket_});
    return d;
}

} // namespace cdk::codepipeline
