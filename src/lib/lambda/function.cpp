#include "lib/lambda/function.hpp"

#include "constructs/stack.hpp"
#include "core/hash.hpp"
#include "lib/iam/feature_flags.hpp"
#include "lib/lambda/function_url.hpp"
#include "lib/s3_assets/asset.hpp"
#include "tokens/arn.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/lazy.hpp"
#include "tokens/token.hpp"

namespace cdk::lambda {
namespace {

std::string base64(std::string_view bytes) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                           static_cast<unsigned char>(bytes[i + 2]);
        out += {kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63],
                kAlphabet[v & 63]};
    }
    if (i + 1 == bytes.size()) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        out += {kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63], '=', '='};
    } else if (i + 2 == bytes.size()) {
        const unsigned v =
            (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
        out += {kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], '='};
    }
    return out;
}

/// CDK parsePermissionPrincipal: the principal string of an `AWS::Lambda::Permission`.
std::string permission_principal(const iam::IPrincipal& principal, const Construct& scope) {
    const iam::IPrincipal* p = &principal;
    if (const auto* wrapped = dynamic_cast<const iam::PrincipalWithConditions*>(p)) p = &wrapped->wrapped();
    if (const auto* account = dynamic_cast<const iam::AccountPrincipal*>(p)) return account->account_id();
    if (const auto* service = dynamic_cast<const iam::ServicePrincipal*>(p)) return service->service();
    if (const auto* arn = dynamic_cast<const iam::ArnPrincipal*>(p)) return arn->arn();
    const Json json = p->policy_fragment().principal_json;
    if (json.contains("AWS") && json["AWS"].size() == 1 && json["AWS"][0].is_string()) {
        return json["AWS"][0].get<std::string>();
    }
    throw ValidationError("invalid principal type for a Lambda permission: " + principal.to_string() +
                              "; use an AccountPrincipal, ArnPrincipal or ServicePrincipal",
                          scope.node().path());
}

/// The function's resource policy as the grant machinery sees it: a statement becomes a Permission.
class PermissionSink : public iam::IResourceWithPolicy {
public:
    PermissionSink(IFunction& function, std::string id, const iam::IPrincipal& principal)
        : function_(function), id_(std::move(id)), principal_(principal) {}
    iam::AddToResourcePolicyResult add_to_resource_policy(const iam::PolicyStatement& statement) override {
        function_.add_permission(
            id_, {.principal = iam::Principal(principal_), .action = statement.actions().front()});
        Construct* node = function_.function_construct().node().try_find_child(id_);
        if (node == nullptr) {
            throw ValidationError(
                "cannot add a permission to function " + function_.function_construct().node().path() +
                    ": it is imported from another (or an unknown) account; grant in that account",
                function_.function_construct().node().path());
        }
        return {.statement_added = true, .policy_dependable = node};
    }
    std::string resource_account() const override { return function_.function_account(); }

private:
    IFunction& function_;
    std::string id_;
    const iam::IPrincipal& principal_;
};

/// A function defined outside the app (CDK: Function.fromFunctionArn).
class ImportedFunction : public Construct, public IFunction {
public:
    ImportedFunction(Construct& scope, std::string_view id, std::string arn)
        : Construct(scope, id), arn_(std::move(arn)) {
        const ArnComponents parts = Arn::split(arn_, ArnFormat::ColonResourceName);
        if (!Token::is_unresolved(arn_) && (parts.service != "lambda" || !parts.resource_name)) {
            throw ValidationError("function ARN '" + arn_ +
                                      "' is not arn:<partition>:lambda:<region>:<account>:function:<name>",
                                  node().path());
        }
        account_ = parts.account;
        // A qualified ARN (function:name:alias) names the function before its qualifier.
        name_ = parts.resource_name->substr(0, parts.resource_name->find(':'));
    }
    std::string function_arn() const override { return arn_; }
    std::string function_name() const override { return name_; }
    iam::IRole* role() const override { return nullptr; }
    Construct& function_construct() override { return *this; }
    std::string function_account() const override { return account_; }
    bool can_create_permissions() const override {
        const std::string& stack_account = Stack::of(*this).account();
        return !Token::is_unresolved(stack_account) && !Token::is_unresolved(account_) &&
               stack_account == account_;
    }

private:
    std::string arn_;
    std::string name_;
    std::string account_;
};

} // namespace

std::string IFunction::function_account() const {
    return Stack::of(const_cast<IFunction*>(this)->function_construct()).account();
}

std::vector<std::string> IFunction::resource_arns_for_grant_invoke() const {
    return {function_arn(), function_arn() + ":*"};
}

const iam::IPrincipal& IFunction::grant_principal() const {
    if (role() == nullptr) {
        throw ValidationError("function " + const_cast<IFunction*>(this)->function_construct().node().path() +
                              " has no execution role to grant permissions to; import it with a role");
    }
    return *role();
}

void IFunction::add_permission(std::string_view id, const Permission& permission) {
    Construct& self = function_construct();
    if (!can_create_permissions()) return;
    if (!permission.principal) {
        throw ValidationError("permission '" + std::string(id) + "' needs a principal", self.node().path());
    }
    CfnPermissionProps props{.action = permission.action.empty() ? std::string("lambda:InvokeFunction")
                                                                 : permission.action,
                             .function_name = function_arn(),
                             .principal = permission_principal(permission.principal.get(), self)};
    if (!permission.event_source_token.empty()) props.event_source_token = permission.event_source_token;
    if (!permission.function_url_auth_type.empty())
        props.function_url_auth_type = permission.function_url_auth_type;
    if (!permission.source_account.empty()) props.source_account = permission.source_account;
    if (!permission.source_arn.empty()) props.source_arn = permission.source_arn;
    if (permission.invoked_via_function_url) props.invoked_via_function_url = true;
    // CDK: conditions of a PrincipalWithConditions become SourceArn / SourceAccount.
    const Json conditions = permission.principal->policy_fragment().conditions;
    if (conditions.contains("ArnLike") && conditions["ArnLike"].contains("aws:SourceArn") &&
        permission.source_arn.empty()) {
        props.source_arn = conditions["ArnLike"]["aws:SourceArn"].get<std::string>();
    }
    if (conditions.contains("StringEquals") && conditions["StringEquals"].contains("aws:SourceAccount") &&
        permission.source_account.empty()) {
        props.source_account = conditions["StringEquals"]["aws:SourceAccount"].get<std::string>();
    }
    if (conditions.contains("StringEquals") && conditions["StringEquals"].contains("aws:PrincipalOrgID")) {
        props.principal_org_id = conditions["StringEquals"]["aws:PrincipalOrgID"].get<std::string>();
    }
    make<CfnPermission>(permission.scope != nullptr ? *permission.scope : self, id, props);
}

void IFunction::add_to_role_policy(const iam::PolicyStatement& statement) {
    if (role() != nullptr) role()->add_to_policy(statement);
}

cloudwatch::Metric IFunction::metric(const std::string& metric_name,
                                     const cloudwatch::MetricOptions& options) {
    // aws-cdk-lib's FunctionBase.metric: the options (statistic, dimensions, ...) override the defaults.
    cloudwatch::Metric base({.namespace_ = "AWS/Lambda",
                             .metric_name = metric_name,
                             .dimensions_map = {{"FunctionName", function_name()}}});
    return base.with(options).attach_to(function_construct());
}

namespace {
cloudwatch::MetricOptions with_statistic(cloudwatch::MetricOptions options, const char* statistic) {
    if (options.statistic.empty()) options.statistic = statistic;
    return options;
}
} // namespace

cloudwatch::Metric IFunction::metric_errors(const cloudwatch::MetricOptions& options) {
    return metric("Errors", with_statistic(options, "Sum"));
}

cloudwatch::Metric IFunction::metric_invocations(const cloudwatch::MetricOptions& options) {
    return metric("Invocations", with_statistic(options, "Sum"));
}

cloudwatch::Metric IFunction::metric_duration(const cloudwatch::MetricOptions& options) {
    return metric("Duration", with_statistic(options, "Average"));
}

cloudwatch::Metric IFunction::metric_throttles(const cloudwatch::MetricOptions& options) {
    return metric("Throttles", with_statistic(options, "Sum"));
}

iam::Grant IFunction::grant_invoke(const iam::IGrantable& grantee) {
    const iam::IPrincipal& principal = grantee.grant_principal();
    // CDK: `Invoke` + base64(sha256(JSON.stringify({principal: toString, conditions}))).
    const Json key = {{"principal", principal.to_string()},
                      {"conditions", principal.policy_fragment().conditions}};
    const std::string identity =
        "{\"principal\":" + key["principal"].dump() + ",\"conditions\":" + key["conditions"].dump() + "}";
    const std::string identifier = "Invoke" + base64(hash::sha256(identity));
    if (auto it = invocation_grants_.find(identifier); it != invocation_grants_.end()) return it->second;
    PermissionSink sink(*this, identifier, principal);
    iam::Grant grant =
        iam::Grant::add_to_principal_or_resource({.grantee = grantee,
                                                  .actions = {"lambda:InvokeFunction"},
                                                  .resource_arns = resource_arns_for_grant_invoke(),
                                                  .resource = sink});
    invocation_grants_.emplace(identifier, grant);
    return grant;
}

Function::Function(Construct& scope, std::string_view id, const FunctionProps& props)
    : Construct(scope, id), environment_(props.environment),
      current_version_options_(props.current_version_options) {
    if (props.runtime.name.empty())
        throw ValidationError("function '" + node().id() + "' needs a runtime", node().path());
    if (props.handler.empty())
        throw ValidationError("function '" + node().id() + "' needs a handler", node().path());
    role_ = props.role;
    if (role_ == nullptr) {
        role_ = &make<iam::Role>(
            *this, "ServiceRole",
            iam::RoleProps{.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com"),
                           .managed_policies = {iam::ManagedPolicy::from_aws_managed_policy_name(
                               "service-role/AWSLambdaBasicExecutionRole")}});
    }
    iam::detail::warn_if_flag_enabled(*this, "@aws-cdk/aws-lambda:createNewPoliciesWithAddToRolePolicy");
    for (const auto& statement : props.initial_policy)
        role_->add_to_policy(statement);

    CfnFunctionCodeProperty code;
    switch (props.code.kind()) {
    case Code::Kind::Inline:
        if (!props.runtime.supports_inline_code()) {
            throw ValidationError("inline code is not supported for runtime " + props.runtime.name +
                                      "; use Code::from_asset",
                                  node().path());
        }
        code.zip_file = props.code.text();
        break;
    case Code::Kind::Asset: {
        auto& asset = make<s3_assets::Asset>(
            *this, "Code", s3_assets::AssetProps{.path = props.code.path(), .exclude = props.code.exclude()});
        if (asset.is_file() && !asset.is_zip_archive()) {
            throw ValidationError("asset '" + props.code.path() + "' of function '" + node().id() +
                                      "' must be a directory or a .zip/.jar file",
                                  node().path());
        }
        code.s3_bucket = asset.s3_bucket_name();
        code.s3_key = asset.s3_object_key();
        break;
    }
    case Code::Kind::S3:
        code.s3_bucket = props.code.bucket_name();
        code.s3_key = props.code.key();
        break;
    }

    CfnFunctionProps cfn{
        .code = code, .handler = props.handler, .role = role_->role_arn(), .runtime = props.runtime.name};
    if (!props.description.empty()) cfn.description = props.description;
    if (!props.function_name.empty()) cfn.function_name = props.function_name;
    if (props.memory_size) cfn.memory_size = *props.memory_size;
    if (props.timeout) cfn.timeout = props.timeout->to_seconds();
    if (props.reserved_concurrent_executions)
        cfn.reserved_concurrent_executions = *props.reserved_concurrent_executions;
    cfn.environment = Prop<CfnFunctionEnvironmentProperty>::raw(Lazy::uncached_any([this](ResolveContext&) {
        if (environment_.empty()) return Token::undefined();
        return Json({{"Variables", environment_}});
    }));
    configure_logging(props, cfn);
    resource_ = &make<CfnFunction>(*this, "Resource", cfn);
    resource_->node().add_dependency(role_->role_construct());
    // aws-cdk-lib: with @aws-cdk/aws-lambda:useCdkManagedLogGroup and no log group given, a LogGroup child
    // `/aws/lambda/<function name>` (731 days, RETAIN: the LogGroup defaults).
    if (log_group_ == nullptr &&
        iam::detail::flag_enabled(*this, "@aws-cdk/aws-lambda:useCdkManagedLogGroup")) {
        log_group_ = &make<logs::LogGroup>(
            *this, "LogGroup", logs::LogGroupProps{.log_group_name = "/aws/lambda/" + function_name()});
    }
}

void Function::configure_logging(const FunctionProps& props, CfnFunctionProps& cfn) {
    // aws-cdk-lib's getLoggingConfig.
    log_group_ = props.log_group;
    if (props.application_log_level || props.system_log_level) {
        if (props.logging_format != LoggingFormat::Json) {
            throw ValidationError(std::string("To use ApplicationLogLevel and/or SystemLogLevel you must set "
                                              "LoggingFormat to 'JSON', got '") +
                                      (props.logging_format ? "Text" : "undefined") + "'.",
                                  node().path());
        }
    }
    if (!props.logging_format && props.log_group == nullptr) return;
    CfnFunctionLoggingConfigProperty config;
    if (props.logging_format)
        config.log_format = *props.logging_format == LoggingFormat::Json ? "JSON" : "Text";
    if (props.application_log_level) {
        static const char* const kLevels[] = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};
        config.application_log_level = std::string(kLevels[static_cast<int>(*props.application_log_level)]);
    }
    if (props.system_log_level) {
        static const char* const kLevels[] = {"DEBUG", "INFO", "WARN"};
        config.system_log_level = std::string(kLevels[static_cast<int>(*props.system_log_level)]);
    }
    if (props.log_group != nullptr) config.log_group = props.log_group->log_group_name();
    cfn.logging_config = config;
}

IFunction& Function::from_function_arn(Construct& scope, std::string_view id,
                                       const std::string& function_arn) {
    return make<ImportedFunction>(scope, id, function_arn);
}

std::string Function::add_function_url(const FunctionUrlOptions& options) {
    return detail::add_function_url(*this, *this, options);
}

} // namespace cdk::lambda
