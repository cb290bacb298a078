#pragma once

#include "constructs/construct.hpp"
#include "lib/lambda/function.hpp"
#include "lib/lambda/generated/cfn_lambda.hpp"
#include "lib/lambda/version.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cdk::lambda {

/// A version that gets part of an alias's traffic (CDK: VersionWeight).
struct VersionWeight {
    IVersion* version = nullptr;
    /// Between 0 and 1; the weights together at most 1.
    double weight = 0;
};

/// Options of an alias made from a version or function (CDK: AliasOptions).
struct AliasOptions {
    std::string description;
    /// Versions that take part of the traffic (`RoutingConfig.AdditionalVersionWeights`).
    std::vector<VersionWeight> additional_versions;
    /// Provisioned concurrency of the alias (at least 1).
    std::optional<double> provisioned_concurrent_executions;
    /// Asynchronous invocation of the alias (an `EventInvokeConfig` child).
    EventInvokeConfigOptions event_invoke_config;
};

/// Props of an Alias (CDK: AliasProps).
struct AliasProps {
    std::string alias_name;
    IVersion* version = nullptr;
    std::string description;
    std::vector<VersionWeight> additional_versions;
    std::optional<double> provisioned_concurrent_executions;
    EventInvokeConfigOptions event_invoke_config;

    [[nodiscard]] static AliasProps of(std::string alias_name, IVersion& version,
                                       const AliasOptions& options);
};

/// A named pointer to a version (CDK: Alias), rendered as `AWS::Lambda::Alias`. It is a function of its own:
/// permissions, grants (`grant_invoke`), event sources and a function URL name the alias's ARN.
class Alias : public Construct, public IFunction {
public:
    Alias(Construct& scope, std::string_view id, const AliasProps& props);

    [[nodiscard]] const std::string& alias_name() const { return alias_name_; }
    [[nodiscard]] IVersion& version() const { return *version_; }
    /// The function the alias's version belongs to.
    [[nodiscard]] IFunction& lambda() const { return version_->lambda(); }
    /// The alias's ARN (`Ref`).
    [[nodiscard]] std::string function_arn() const override { return resource_->ref(); }
    /// `<function name>:<alias name>`, the name read from the alias's ARN.
    [[nodiscard]] std::string function_name() const override;
    [[nodiscard]] iam::IRole* role() const override { return version_->role(); }
    [[nodiscard]] Construct& function_construct() override { return *this; }
    [[nodiscard]] bool can_create_permissions() const override { return true; }
    [[nodiscard]] const iam::IPrincipal& grant_principal() const override {
        return version_->grant_principal();
    }
    [[nodiscard]] std::vector<std::string> resource_arns_for_grant_invoke() const override {
        return {function_arn()};
    }
    /// The alias name as read from its ARN (`Fn::Select(7, Fn::Split(":", Ref))`), as aws-cdk-lib.
    [[nodiscard]] std::string qualifier() const override;
    /// An `AWS::Lambda::Url` child `FunctionUrl` for the alias (CDK: addFunctionUrl); returns the URL.
    std::string add_function_url(const FunctionUrlOptions& options = {});
    [[nodiscard]] CfnAlias& resource() { return *resource_; }

private:
    std::string alias_name_;
    IVersion* version_;
    CfnAlias* resource_ = nullptr;
};

} // namespace cdk::lambda
