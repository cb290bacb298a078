#pragma once

#include "cfn/duration.hpp"
#include "constructs/construct.hpp"
#include "lib/cloudwatch/metric.hpp"
#include "lib/iam/grant.hpp"
#include "lib/iam/role.hpp"
#include "lib/lambda/code.hpp"
#include "lib/lambda/generated/cfn_lambda.hpp"
#include "lib/lambda/runtime.hpp"
#include "lib/lambda/version_options.hpp"
#include "lib/logs/log_group.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cdk::lambda {

class Alias;
class EventSourceMapping;
class IEventSource;
class Version;
struct AliasOptions;
struct EventSourceMappingOptions;

/// A resource-policy entry of a function (CDK: Permission).
struct Permission {
    /// ServicePrincipal, AccountPrincipal or ArnPrincipal (or one of those with conditions on the source).
    iam::Principal principal;
    /// Defaults to `lambda:InvokeFunction`.
    std::string action;
    std::string source_arn;
    std::string source_account;
    std::string event_source_token;
    std::string function_url_auth_type;
    /// Where the `AWS::Lambda::Permission` goes; the function when null (CDK: Permission.scope).
    Construct* scope = nullptr;
    /// `InvokedViaFunctionUrl` (the second permission of a function URL without auth).
    bool invoked_via_function_url = false;
};

/// Auth type of a function URL (CDK: FunctionUrlAuthType).
enum class FunctionUrlAuthType { AwsIam, None };

/// Options of add_function_url (CDK: FunctionUrlOptions).
struct FunctionUrlOptions {
    FunctionUrlAuthType auth_type = FunctionUrlAuthType::AwsIam;
};

/// A function, created here or imported (CDK: IFunction). Grants go to the grantee's policy when it is in
/// the function's account, else into the function's resource policy (a Permission).
class IFunction : public iam::IGrantable {
public:
    [[nodiscard]] virtual std::string function_arn() const = 0;
    [[nodiscard]] virtual std::string function_name() const = 0;
    /// The execution role, null for imports without one.
    [[nodiscard]] virtual iam::IRole* role() const = 0;
    [[nodiscard]] virtual Construct& function_construct() = 0;
    /// Whether add_permission creates a resource (false for imports from another account).
    [[nodiscard]] virtual bool can_create_permissions() const = 0;

    /// An `AWS::Lambda::Permission` child `id` (CDK: addPermission).
    void add_permission(std::string_view id, const Permission& permission);
    void add_to_role_policy(const iam::PolicyStatement& statement);
    /// `lambda:InvokeFunction` (CDK: grantInvoke).
    iam::Grant grant_invoke(const iam::IGrantable& grantee);
    /// The account of the function (a token in environment-agnostic stacks).
    [[nodiscard]] virtual std::string function_account() const;
    /// What grant_invoke allows: the function and its versions (`<arn>`, `<arn>:*`); a version or alias only
    /// itself (CDK: resourceArnsForGrantInvoke).
    [[nodiscard]] virtual std::vector<std::string> resource_arns_for_grant_invoke() const;
    /// The version or alias name of a qualified function (a token), empty for the function itself.
    [[nodiscard]] virtual std::string qualifier() const { return {}; }
    /// Binds an event source (SQS queue, SNS topic, DynamoDB stream; lib/lambda_event_sources) to this
    /// function (CDK: addEventSource).
    void add_event_source(IEventSource& source);
    /// An `EventSourceMapping` child `id` that invokes this function (CDK: addEventSourceMapping).
    EventSourceMapping& add_event_source_mapping(std::string_view id,
                                                 const EventSourceMappingOptions& options);
    /// Asynchronous invocation settings: an `EventInvokeConfig` child (CDK: configureAsyncInvoke); once.
    void configure_async_invoke(const EventInvokeConfigOptions& options);

    /// `AWS/Lambda` `<name>` with dimension FunctionName, attached to the function (CDK: metric).
    [[nodiscard]] cloudwatch::Metric metric(const std::string& metric_name,
                                            const cloudwatch::MetricOptions& options = {});
    /// `Errors` (Sum).
    [[nodiscard]] cloudwatch::Metric metric_errors(const cloudwatch::MetricOptions& options = {});
    /// `Invocations` (Sum).
    [[nodiscard]] cloudwatch::Metric metric_invocations(const cloudwatch::MetricOptions& options = {});
    /// `Duration` (Average).
    [[nodiscard]] cloudwatch::Metric metric_duration(const cloudwatch::MetricOptions& options = {});
    /// `Throttles` (Sum).
    [[nodiscard]] cloudwatch::Metric metric_throttles(const cloudwatch::MetricOptions& options = {});
    [[nodiscard]] const iam::IPrincipal& grant_principal() const override;

private:
    std::map<std::string, iam::Grant> invocation_grants_;
};

/// The format of the function's logs (CDK: LoggingFormat).
enum class LoggingFormat { Text, Json };
/// The level of application logs (CDK: ApplicationLogLevel); needs LoggingFormat::Json.
enum class ApplicationLogLevel { Trace, Debug, Info, Warn, Error, Fatal };
/// The level of system logs (CDK: SystemLogLevel); needs LoggingFormat::Json.
enum class SystemLogLevel { Debug, Info, Warn };

/// Props of a Function (CDK: FunctionProps).
struct FunctionProps {
    Runtime runtime;
    /// `file.export`, e.g. `index.handler`.
    std::string handler;
    Code code;
    std::map<std::string, std::string> environment;
    std::optional<double> memory_size;
    std::optional<Duration> timeout;
    /// The execution role; by default a `ServiceRole` with AWSLambdaBasicExecutionRole is created.
    iam::IRole* role = nullptr;
    std::vector<iam::PolicyStatement> initial_policy;
    std::string description;
    std::string function_name;
    std::optional<double> reserved_concurrent_executions;
    /// Options of `current_version()` (CDK: currentVersionOptions).
    VersionOptions current_version_options;
    /// Where the function logs (`LoggingConfig.LogGroup`); by default `/aws/lambda/<name>`, which Lambda
    /// creates, or, with `@aws-cdk/aws-lambda:useCdkManagedLogGroup`, a LogGroup child `LogGroup`.
    logs::ILogGroup* log_group = nullptr;
    std::optional<LoggingFormat> logging_format;
    std::optional<ApplicationLogLevel> application_log_level;
    std::optional<SystemLogLevel> system_log_level;
};

/// A Lambda function (CDK: Function), rendered as `AWS::Lambda::Function` with its role.
class Function : public Construct, public IFunction {
public:
    Function(Construct& scope, std::string_view id, const FunctionProps& props);

    /// An existing function by ARN.
    [[nodiscard]] static IFunction& from_function_arn(Construct& scope, std::string_view id,
                                                      const std::string& function_arn);

    [[nodiscard]] std::string function_arn() const override { return resource_->attr_arn(); }
    [[nodiscard]] std::string function_name() const override { return resource_->ref(); }
    [[nodiscard]] iam::IRole* role() const override { return role_; }
    [[nodiscard]] Construct& function_construct() override { return *this; }
    [[nodiscard]] bool can_create_permissions() const override { return true; }
    /// An `AWS::Lambda::Url` child `FunctionUrl`; returns the URL (a token).
    std::string add_function_url(const FunctionUrlOptions& options = {});
    /// Adds an environment variable.
    void add_environment(const std::string& key, const std::string& value) { environment_[key] = value; }
    [[nodiscard]] CfnFunction& resource() { return *resource_; }
    /// A `Version` child `CurrentVersion` whose logical id carries a hash of the function's configuration, so
    /// a new version is published whenever the code or configuration changes (CDK: currentVersion).
    Version& current_version();
    /// An `Alias` child `Alias<name>` of current_version() (CDK: addAlias).
    Alias& add_alias(const std::string& alias_name, const AliasOptions& options);
    Alias& add_alias(const std::string& alias_name);
    /// The log group given, or the one created with `@aws-cdk/aws-lambda:useCdkManagedLogGroup` (else null).
    [[nodiscard]] logs::ILogGroup* log_group() const { return log_group_; }

private:
    void configure_logging(const FunctionProps& props, CfnFunctionProps& cfn);

    logs::ILogGroup* log_group_ = nullptr;
    iam::IRole* role_ = nullptr;
    std::map<std::string, std::string> environment_;
    CfnFunction* resource_ = nullptr;
    VersionOptions current_version_options_;
    Version* current_version_ = nullptr;
};

} // namespace cdk::lambda
