#include "lib/lambda/alias.hpp"

#include "lib/lambda/function_url.hpp"
#include "tokens/arn.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/token.hpp"

#include <cstdio>

namespace cdk::lambda {
namespace {

std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

} // namespace

AliasProps AliasProps::of(std::string alias_name, IVersion& version, const AliasOptions& options) {
    return {.alias_name = std::move(alias_name),
            .version = &version,
            .description = options.description,
            .additional_versions = options.additional_versions,
            .provisioned_concurrent_executions = options.provisioned_concurrent_executions,
            .event_invoke_config = options.event_invoke_config};
}

Alias::Alias(Construct& scope, std::string_view id, const AliasProps& props)
    : Construct(scope, id), alias_name_(props.alias_name), version_(props.version) {
    if (version_ == nullptr) throw ValidationError("an Alias needs a version", node().path());
    if (alias_name_.empty()) throw ValidationError("an Alias needs an alias_name", node().path());
    CfnAliasProps cfn{.function_name = version_->lambda().function_name(),
                      .function_version = version_->version(),
                      .name = alias_name_};
    if (!props.description.empty()) cfn.description = props.description;
    if (!props.additional_versions.empty()) {
        double total = 0;
        std::vector<CfnAliasVersionWeightProperty> weights;
        for (const auto& w : props.additional_versions) {
            if (w.version == nullptr) throw ValidationError("a VersionWeight needs a version", node().path());
            if (w.weight < 0 || w.weight > 1) {
                throw ValidationError("Additional version weight must be between 0 and 1, got: " +
                                          number_text(w.weight),
                                      node().path());
            }
            total += w.weight;
            weights.push_back({.function_version = w.version->version(), .function_weight = w.weight});
        }
        if (total > 1) {
            throw ValidationError("Sum of additional version weights must not exceed 1, got: " +
                                      number_text(total),
                                  node().path());
        }
        cfn.routing_config = CfnAliasAliasRoutingConfigurationProperty{.additional_version_weights = weights};
    }
    if (props.provisioned_concurrent_executions) {
        const double n = *props.provisioned_concurrent_executions;
        if (!Token::is_unresolved(n) && n <= 0) {
            throw ValidationError(
                "provisionedConcurrentExecutions must have value greater than or equal to 1", node().path());
        }
        cfn.provisioned_concurrency_config =
            CfnAliasProvisionedConcurrencyConfigurationProperty{.provisioned_concurrent_executions = n};
    }
    resource_ = &make<CfnAlias>(*this, "Resource", cfn);
    const EventInvokeConfigOptions& async = props.event_invoke_config;
    if (async.max_event_age || async.retry_attempts) configure_async_invoke(async);
}

std::string Alias::function_name() const {
    return *Arn::split(function_arn(), ArnFormat::ColonResourceName).resource_name + ":" + alias_name_;
}

std::string Alias::qualifier() const {
    return Fn::select(7, Fn::split(":", function_arn()));
}

std::string Alias::add_function_url(const FunctionUrlOptions& options) {
    return detail::add_function_url(*this, *this, options);
}

Alias& Function::add_alias(const std::string& alias_name, const AliasOptions& options) {
    return make<Alias>(*this, "Alias" + alias_name, AliasProps::of(alias_name, current_version(), options));
}

Alias& Function::add_alias(const std::string& alias_name) {
    return add_alias(alias_name, AliasOptions{});
}

} // namespace cdk::lambda
