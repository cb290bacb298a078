#pragma once

#include "constructs/construct.hpp"
#include "lib/lambda/function.hpp"
#include "lib/lambda/generated/cfn_lambda.hpp"
#include "lib/lambda/version_options.hpp"

#include <string>

namespace cdk::lambda {

/// A published version of a function (CDK: IVersion).
class IVersion : public IFunction {
public:
    /// The version number (a token: `Fn::GetAtt Version`).
    [[nodiscard]] virtual std::string version() const = 0;
    /// The function this is a version of.
    [[nodiscard]] virtual IFunction& lambda() const = 0;
    /// `add_alias` of a version (CDK: Version.addAlias, deprecated there: the alias is replaced whenever the
    /// version is); prefer `Function::add_alias` or `Alias`.
    Alias& add_alias(const std::string& alias_name, const AliasOptions& options);
};

/// Props of a Version (CDK: VersionProps): the function and the VersionOptions.
struct VersionProps {
    IFunction* lambda = nullptr;
    std::string code_sha256;
    std::string description;
    std::optional<double> provisioned_concurrent_executions;
    std::optional<RemovalPolicy> removal_policy;
    EventInvokeConfigOptions event_invoke_config;

    [[nodiscard]] static VersionProps of(IFunction& lambda, const VersionOptions& options);
};

/// A published version (CDK: Version), rendered as `AWS::Lambda::Version`. Permissions and grants name the
/// version's ARN (`Ref`); the execution role is the function's.
class Version : public Construct, public IVersion {
public:
    Version(Construct& scope, std::string_view id, const VersionProps& props);

    [[nodiscard]] std::string version() const override { return resource_->attr_version(); }
    [[nodiscard]] IFunction& lambda() const override { return *lambda_; }
    /// The version's ARN (`Ref`).
    [[nodiscard]] std::string function_arn() const override { return resource_->ref(); }
    /// `<function name>:<version>`.
    [[nodiscard]] std::string function_name() const override;
    [[nodiscard]] iam::IRole* role() const override { return lambda_->role(); }
    [[nodiscard]] Construct& function_construct() override { return *this; }
    [[nodiscard]] bool can_create_permissions() const override { return true; }
    [[nodiscard]] const iam::IPrincipal& grant_principal() const override {
        return lambda_->grant_principal();
    }
    [[nodiscard]] std::vector<std::string> resource_arns_for_grant_invoke() const override {
        return {function_arn()};
    }
    [[nodiscard]] std::string qualifier() const override { return version(); }
    [[nodiscard]] CfnVersion& resource() { return *resource_; }

private:
    IFunction* lambda_;
    CfnVersion* resource_ = nullptr;
};

/// Asynchronous invocation settings of a function, version or alias (CDK: EventInvokeConfig).
struct EventInvokeConfigProps {
    IFunction* function = nullptr;
    /// The version or alias; `$LATEST` when empty.
    std::string qualifier;
    EventInvokeConfigOptions options;
};

/// `AWS::Lambda::EventInvokeConfig` (CDK: EventInvokeConfig).
class EventInvokeConfig : public Construct {
public:
    EventInvokeConfig(Construct& scope, std::string_view id, const EventInvokeConfigProps& props);
};

namespace detail {
/// The hash aws-cdk-lib's calculateFunctionHash computes for `function` (md5, 32 hex digits) from its
/// resolved properties; exposed for tests.
[[nodiscard]] std::string calculate_function_hash(Function& function);
/// The JSON text `JSON.stringify` writes for `value` (keys in the given order for the top level, sorted
/// below).
[[nodiscard]] std::string js_stringify(const Json& value);
} // namespace detail

} // namespace cdk::lambda
