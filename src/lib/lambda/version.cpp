#include "lib/lambda/version.hpp"

#include "constructs/aspects.hpp"
#include "constructs/stack.hpp"
#include "core/md5.hpp"
#include "lib/iam/feature_flags.hpp"
#include "lib/lambda/alias.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <set>

namespace cdk::lambda {
namespace {

const char* const kRecognizeVersionProps = "@aws-cdk/aws-lambda:recognizeVersionProps";
const char* const kRecognizeLayerVersion = "@aws-cdk/aws-lambda:recognizeLayerVersion";

/// aws-cdk-lib's VERSION_LOCKED: true = a change publishes a new version, false = it does not.
const std::map<std::string, bool>& version_locked() {
    static const std::map<std::string, bool> locked = {
        {"Architectures", true},
        {"Code", true},
        {"DeadLetterConfig", true},
        {"Description", true},
        {"Environment", true},
        {"EphemeralStorage", true},
        {"FileSystemConfigs", true},
        {"FunctionName", true},
        {"Handler", true},
        {"ImageConfig", true},
        {"KmsKeyArn", true},
        {"Layers", true},
        {"MemorySize", true},
        {"PackageType", true},
        {"RecursiveLoop", true},
        {"Role", true},
        {"Runtime", true},
        {"RuntimeManagementConfig", true},
        {"SnapStart", true},
        {"Timeout", true},
        {"TracingConfig", true},
        {"VpcConfig", true},
        {"LoggingConfig", true},
        {"CapacityProviderConfig", true},
        {"FunctionScalingConfig", true},
        {"PublishToLatestPublished", true},
        {"DurableConfig", true},
        {"CodeSigningConfigArn", false},
        {"ReservedConcurrentExecutions", false},
        {"Tags", false},
        {"TenancyConfig", false},
    };
    return locked;
}

/// aws-cdk-lib's sortFunctionProperties: these first, in this order, then the others sorted.
constexpr std::array<const char*, 24> kFunctionKeyOrder = {"Code",
                                                           "Handler",
                                                           "Role",
                                                           "Runtime",
                                                           "Architectures",
                                                           "CodeSigningConfigArn",
                                                           "DeadLetterConfig",
                                                           "Description",
                                                           "Environment",
                                                           "EphemeralStorage",
                                                           "FileSystemConfigs",
                                                           "FunctionName",
                                                           "ImageConfig",
                                                           "KmsKeyArn",
                                                           "Layers",
                                                           "MemorySize",
                                                           "PackageType",
                                                           "ReservedConcurrentExecutions",
                                                           "RuntimeManagementConfig",
                                                           "SnapStart",
                                                           "Tags",
                                                           "Timeout",
                                                           "TracingConfig",
                                                           "VpcConfig"};

std::string hex(const std::string& bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const unsigned char c : bytes) {
        out += kDigits[c >> 4];
        out += kDigits[c & 15];
    }
    return out;
}

std::string md5_hex(std::string_view text) {
    return hex(hash::md5(text));
}

/// Renames the current version's logical id to `<original id><hash>` at synthesis, once the function's
/// configuration is final (aws-cdk-lib does it with a lazy logical id).
class CurrentVersionHash : public IAspect {
public:
    CurrentVersionHash(Function& function, Version& version) : function_(function), version_(version) {}
    void visit(Construct& node) override {
        if (&node != &version_) return;
        const std::string original = version_.resource().logical_id();
        const std::string kept = original.size() > 223 ? original.substr(original.size() - 223) : original;
        version_.resource().override_logical_id(kept + detail::calculate_function_hash(function_));
    }

private:
    Function& function_;
    Version& version_;
};

} // namespace

namespace detail {

std::string js_stringify(const Json& value) {
    switch (value.type()) {
    case Json::value_t::object: {
        std::string out = "{";
        bool first = true;
        for (const auto& [key, item] : value.items()) {
            if (item.is_discarded()) continue;
            if (!first) out += ',';
            first = false;
            out += Json(key).dump() + ':' + js_stringify(item);
        }
        return out + '}';
    }
    case Json::value_t::array: {
        std::string out = "[";
        for (size_t i = 0; i < value.size(); ++i) {
            if (i > 0) out += ',';
            out += js_stringify(value[i]);
        }
        return out + ']';
    }
    case Json::value_t::number_float: {
        // JavaScript prints integral numbers without a fraction (128, not 128.0).
        const double d = value.get<double>();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) {
            return std::to_string(static_cast<long long>(d));
        }
        return value.dump();
    }
    default: return value.dump();
    }
}

std::string calculate_function_hash(Function& function) {
    const Json fragment = function.resource().resolved_fragment();
    const Json& resources = fragment.at("Resources");
    if (resources.size() != 1) {
        throw ValidationError("Expected one rendered CloudFormation resource but found " +
                                  std::to_string(resources.size()),
                              function.node().path());
    }
    const Json& resource = resources.begin().value();
    Json properties = resource.contains("Properties") ? resource["Properties"] : Json::object();
    const Json flag = function.node().try_get_context(kRecognizeVersionProps);
    if ((flag.is_boolean() && !flag.get<bool>()) ||
        (flag.is_string() && flag.get<std::string>() == "false")) {
        throw ValidationError(std::string("feature flag ") + kRecognizeVersionProps +
                                  " is off: cdkpp computes the current version's hash only as aws-cdk-lib v2 "
                                  "does by default (the flag on); remove it from cdk.json",
                              function.node().path());
    }
    // filterUsefulKeys: every property must be classified; only the locked ones count.
    std::vector<std::string> unclassified;
    for (const auto& [key, item] : properties.items()) {
        if (!item.is_null() && !version_locked().contains(key)) unclassified.push_back(key);
    }
    if (!unclassified.empty()) {
        std::string list;
        for (const auto& k : unclassified)
            list += (list.empty() ? "" : ",") + k;
        throw ValidationError(
            "The following properties are not recognized as version properties: [" + list +
                "]. See the README of the aws-lambda module to learn more about this and to "
                "fix it.",
            function.node().path());
    }
    Json kept = Json::object();
    for (const auto& [key, item] : properties.items()) {
        if (version_locked().at(key)) kept[key] = item;
    }
    // sortFunctionProperties, then JSON.stringify (undefined members vanish).
    std::string text = "{";
    std::set<std::string> written;
    auto emit = [&](const std::string& key) {
        if (!kept.contains(key) || written.contains(key)) return;
        written.insert(key);
        if (text.size() > 1) text += ',';
        text += Json(key).dump() + ':' + js_stringify(kept[key]);
    };
    for (const char* key : kFunctionKeyOrder)
        emit(key);
    for (const auto& [key, item] : kept.items())
        emit(key);
    text += '}';
    // recognizeLayerVersion adds the hash of the layers' configuration: cdkpp functions have no layers.
    if (iam::detail::flag_enabled(function, kRecognizeLayerVersion)) text += md5_hex("{}");
    return md5_hex(text);
}

} // namespace detail

VersionProps VersionProps::of(IFunction& lambda, const VersionOptions& options) {
    return {.lambda = &lambda,
            .code_sha256 = options.code_sha256,
            .description = options.description,
            .provisioned_concurrent_executions = options.provisioned_concurrent_executions,
            .removal_policy = options.removal_policy,
            .event_invoke_config = options.event_invoke_config};
}

Version::Version(Construct& scope, std::string_view id, const VersionProps& props)
    : Construct(scope, id), lambda_(props.lambda) {
    if (lambda_ == nullptr) throw ValidationError("a Version needs the function (lambda)", node().path());
    CfnVersionProps cfn{.function_name = lambda_->function_name()};
    if (!props.code_sha256.empty()) cfn.code_sha256 = props.code_sha256;
    if (!props.description.empty()) cfn.description = props.description;
    if (props.provisioned_concurrent_executions) {
        const double n = *props.provisioned_concurrent_executions;
        if (!Token::is_unresolved(n) && n <= 0) {
            throw ValidationError(
                "provisionedConcurrentExecutions must have value greater than or equal to 1", node().path());
        }
        cfn.provisioned_concurrency_config =
            CfnVersionProvisionedConcurrencyConfigurationProperty{.provisioned_concurrent_executions = n};
    }
    resource_ = &make<CfnVersion>(*this, "Resource", cfn);
    if (props.removal_policy) resource_->apply_removal_policy(*props.removal_policy);
    const EventInvokeConfigOptions& async = props.event_invoke_config;
    if (async.max_event_age || async.retry_attempts) configure_async_invoke(async);
}

std::string Version::function_name() const {
    return lambda_->function_name() + ":" + version();
}

Alias& IVersion::add_alias(const std::string& alias_name, const AliasOptions& options) {
    return make<Alias>(function_construct(), "Alias" + alias_name,
                       AliasProps::of(alias_name, *this, options));
}

EventInvokeConfig::EventInvokeConfig(Construct& scope, std::string_view id,
                                     const EventInvokeConfigProps& props)
    : Construct(scope, id) {
    if (props.function == nullptr)
        throw ValidationError("an EventInvokeConfig needs the function", node().path());
    const EventInvokeConfigOptions& o = props.options;
    CfnEventInvokeConfigProps cfn{.function_name = props.function->function_name(),
                                  .qualifier =
                                      props.qualifier.empty() ? std::string("$LATEST") : props.qualifier};
    if (o.max_event_age) {
        const double seconds = o.max_event_age->to_seconds();
        if (seconds < 60 || seconds > 21600) {
            throw ValidationError(
                "`maximumEventAge` must represent a `Duration` that is between 60 and 21600 "
                "seconds.",
                node().path());
        }
        cfn.maximum_event_age_in_seconds = seconds;
    }
    if (o.retry_attempts) {
        if (!Token::is_unresolved(*o.retry_attempts) && (*o.retry_attempts < 0 || *o.retry_attempts > 2)) {
            throw ValidationError("`retryAttempts` must be between 0 and 2.", node().path());
        }
        cfn.maximum_retry_attempts = *o.retry_attempts;
    }
    make<CfnEventInvokeConfig>(*this, "Resource", cfn);
}

void IFunction::configure_async_invoke(const EventInvokeConfigOptions& options) {
    Construct& self = function_construct();
    if (self.node().try_find_child("EventInvokeConfig") != nullptr) {
        throw ValidationError("An EventInvokeConfig has already been configured for the " +
                                  std::string(qualifier().empty() ? "" : "qualified ") + "function at " +
                                  self.node().path(),
                              self.node().path());
    }
    IFunction* function = this;
    if (auto* version = dynamic_cast<IVersion*>(this)) function = &version->lambda();
    if (auto* alias = dynamic_cast<Alias*>(this)) function = &alias->lambda();
    make<EventInvokeConfig>(
        self, "EventInvokeConfig",
        EventInvokeConfigProps{.function = function, .qualifier = qualifier(), .options = options});
}

Version& Function::current_version() {
    if (current_version_ != nullptr) return *current_version_;
    current_version_ =
        &make<Version>(*this, "CurrentVersion", VersionProps::of(*this, current_version_options_));
    Aspects::of(*current_version_).add(std::make_shared<CurrentVersionHash>(*this, *current_version_));
    return *current_version_;
}

} // namespace cdk::lambda
