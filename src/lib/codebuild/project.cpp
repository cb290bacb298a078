#include "lib/codebuild/project.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/feature_flags.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/lazy.hpp"
#include "tokens/token.hpp"

namespace cdk::codebuild {
namespace {

const char* type_name(BuildEnvironmentVariableType type) {
    switch (type) {
    case BuildEnvironmentVariableType::Plaintext: return "PLAINTEXT";
    case BuildEnvironmentVariableType::ParameterStore: return "PARAMETER_STORE";
    case BuildEnvironmentVariableType::SecretsManager: return "SECRETS_MANAGER";
    }
    return "PLAINTEXT";
}

/// `arn:<partition>:<service>:<region>:<account>:<resource>` in the project's stack.
std::string stack_arn(const Construct& scope, const std::string& service, const std::string& resource) {
    const Stack& stack = Stack::of(scope);
    return "arn:" + iam::detail::stack_partition(stack) + ":" + service + ":" + stack.region() + ":" +
           stack.account() + ":" + resource;
}

} // namespace

Cache Cache::local(const std::vector<LocalCacheMode>& modes) {
    Json names = Json::array();
    for (LocalCacheMode m : modes) {
        names.push_back(m == LocalCacheMode::Custom   ? "LOCAL_CUSTOM_CACHE"
                        : m == LocalCacheMode::Source ? "LOCAL_SOURCE_CACHE"
                                                      : "LOCAL_DOCKER_LAYER_CACHE");
    }
    return Cache(Json{{"Type", "LOCAL"}, {"Modes", names}});
}

Project::Project(Construct& scope, std::string_view id, const ProjectProps& props)
    : Project(scope, id, props, false) {}

Project::Project(Construct& scope, std::string_view id, const ProjectProps& props, bool codepipeline)
    : Construct(scope, id) {
    if (!codepipeline && !props.build_spec) {
        throw ValidationError("a project without a source needs a build_spec", node().path());
    }
    if (props.build_spec && !props.build_spec->is_immediate() && !codepipeline) {
        throw ValidationError(
            "a project without a source needs an inline build_spec (BuildSpec::from_object)", node().path());
    }
    role_ = props.role;
    if (role_ == nullptr) {
        role_ = &make<iam::Role>(
            *this, "Role", iam::RoleProps{.assumed_by = iam::ServicePrincipal("codebuild.amazonaws.com")});
    }
    const BuildImage image = props.environment.build_image.value_or(LinuxBuildImage::STANDARD_7_0);
    EnvironmentVariables variables = props.environment.environment_variables;
    for (const auto& entry : props.environment_variables)
        variables.push_back(entry);

    Json source = {{"Type", codepipeline ? "CODEPIPELINE" : "NO_SOURCE"}};
    if (props.build_spec) source["BuildSpec"] = props.build_spec->to_build_spec();
    Json environment = {{"Type", image.type},
                        {"Image", image.image_id},
                        {"ImagePullCredentialsType", image.image_pull_principal_type},
                        {"PrivilegedMode", props.environment.privileged.value_or(false)},
                        {"ComputeType", props.environment.compute_type.empty()
                                            ? image.default_compute_type
                                            : props.environment.compute_type}};
    CfnProjectProps cfn{
        .artifacts = Prop<CfnProjectArtifactsProperty>::raw(
            {{"Type", codepipeline ? "CODEPIPELINE" : "NO_ARTIFACTS"}}),
        .cache = Prop<CfnProjectProjectCacheProperty>::raw(props.cache.value_or(Cache::none()).to_json()),
        .encryption_key = Lazy::string([this] {
            return encryption_key_ != nullptr ? encryption_key_->key_arn() : std::string("alias/aws/s3");
        }),
        .environment = Prop<CfnProjectEnvironmentProperty>::raw(environment),
        .service_role = role_->role_arn(),
        .source = Prop<CfnProjectSourceProperty>::raw(source),
    };
    if (!props.description.empty()) cfn.description = props.description;
    if (!props.project_name.empty()) cfn.name = props.project_name;
    if (props.timeout) cfn.timeout_in_minutes = l1::Integer(props.timeout->to_minutes());
    resource_ = &make<CfnProject>(*this, "Resource", cfn);
    if (!variables.empty()) {
        Json rendered = Json::array();
        for (const Json& v : serialize_env_variables(variables, this)) {
            rendered.push_back({{"Name", v["name"]}, {"Type", v["type"]}, {"Value", v["value"]}});
        }
        environment["EnvironmentVariables"] = std::move(rendered);
        resource_->props().environment = Prop<CfnProjectEnvironmentProperty>::raw(environment);
    }
    // CDK: the logging permission, then the report groups `<project>-*`.
    const std::string log_group = stack_arn(*this, "logs", "log-group:/aws/codebuild/" + project_name());
    add_to_role_policy(
        iam::PolicyStatement({.actions = {"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"},
                              .resources = {log_group, log_group + ":*"}}));
    if (props.grant_report_group_permissions) {
        add_to_role_policy(iam::PolicyStatement(
            {.actions = {"codebuild:CreateReportGroup", "codebuild:CreateReport", "codebuild:UpdateReport",
                         "codebuild:BatchPutTestCases", "codebuild:BatchPutCodeCoverages"},
             .resources = {stack_arn(*this, "codebuild", "report-group/" + project_name() + "-*")}}));
    }
    if (props.encryption_key != nullptr) set_encryption_key(*props.encryption_key);
}

const iam::IPrincipal& Project::grant_principal() const {
    return *role_;
}

void Project::add_to_role_policy(const iam::PolicyStatement& statement) {
    role_->add_to_policy(statement);
}

void Project::set_encryption_key(kms::IKey& key) {
    encryption_key_ = &key;
    key.grant_encrypt_decrypt(*this);
}

void Project::bind_to_code_pipeline(s3::IBucket& artifact_bucket) {
    kms::IKey* key = artifact_bucket.encryption_key();
    if (key != nullptr && encryption_key_ == nullptr) set_encryption_key(*key);
}

Json Project::serialize_env_variables(const EnvironmentVariables& variables, Project* principal) {
    Json out = Json::array();
    for (const auto& [name, variable] : variables) {
        out.push_back({{"name", name}, {"type", type_name(variable.type)}, {"value", variable.value}});
        if (principal == nullptr || Token::is_unresolved(variable.value)) continue;
        if (variable.type == BuildEnvironmentVariableType::ParameterStore) {
            const std::string parameter =
                variable.value.rfind('/', 0) == 0 ? variable.value.substr(1) : variable.value;
            principal->add_to_role_policy(iam::PolicyStatement(
                {.actions = {"ssm:GetParameters"},
                 .resources = {stack_arn(*principal, "ssm", "parameter/" + parameter)}}));
        } else if (variable.type == BuildEnvironmentVariableType::SecretsManager) {
            // CDK: a secret name (not an ARN) matches its six-character suffix; `name:json-key:...` keeps the
            // name.
            std::string secret = variable.value.substr(0, variable.value.find(':'));
            const std::string resource =
                variable.value.rfind("arn:", 0) == 0
                    ? variable.value
                    : stack_arn(*principal, "secretsmanager", "secret:" + secret + "-??????");
            principal->add_to_role_policy(iam::PolicyStatement(
                {.actions = {"secretsmanager:GetSecretValue"}, .resources = {resource}}));
        }
    }
    return out;
}

PipelineProject::PipelineProject(Construct& scope, std::string_view id, const ProjectProps& props)
    : Project(scope, id, props, true) {}

} // namespace cdk::codebuild
