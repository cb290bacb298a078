#include "localcloud/lambda/cfn_function_provider.hpp"

#include "core/parse_int.hpp"
#include "core/strings.hpp"
#include "localcloud/lambda/lambda_backend.hpp"
#include "localcloud/lambda/lambda_errors.hpp"
#include "localcloud/server/cfn_support.hpp"

namespace cdk::localcloud::lambda {

namespace {

constexpr auto call_of = &cfn::service_call<LambdaCall>;

/// CloudFormation's Code property as the backend takes it (inline ZipFile text → InlineCode).
Json code_of(const Json& p) {
    const Json code = p.value("Code", Json::object());
    Json out = Json::object();
    if (code.contains("ZipFile")) out["InlineCode"] = cfn::str(code, "ZipFile");
    for (const char* k : {"S3Bucket", "S3Key", "S3ObjectVersion", "ImageUri"}) {
        if (code.contains(k)) out[k] = cfn::str(code, k);
    }
    return out;
}

/// The configuration members of CreateFunction / UpdateFunctionConfiguration from the properties.
Result<Json> settings_of(const Json& p) {
    Json in = Json::object();
    for (const char* k : {"Role", "Runtime", "Handler", "Description"}) {
        if (p.contains(k)) in[k] = cfn::str(p, k);
    }
    for (const char* k : {"Timeout", "MemorySize"}) {
        if (!p.contains(k)) continue;
        const auto n = p[k].is_number_integer() ? std::optional<long long>(p[k].get<long long>())
                                                : parse_int<long long>(cfn::str(p, k));
        if (!n || *n < 0 || *n > 1'000'000) {
            return invalid_parameter(std::string("1 validation error detected: Value '") + cfn::str(p, k) +
                                     "' at '" + k +
                                     "' failed to satisfy constraint: Member must be an integer");
        }
        in[k] = static_cast<int>(*n);
    }
    if (p.contains("Environment")) {
        Json vars = Json::object();
        const Json variables = p["Environment"].value("Variables", Json::object());
        for (const auto& [k, v] : variables.items()) {
            vars[k] = v.is_string() ? v.get<std::string>() : v.dump();
        }
        in["Environment"] = Json{{"Variables", vars}};
    }
    if (p.contains("Architectures")) in["Architectures"] = p["Architectures"];
    if (p.contains("DeadLetterConfig")) {
        in["DeadLetterConfig"] = Json{{"TargetArn", cfn::str(p["DeadLetterConfig"], "TargetArn")}};
    }
    return in;
}

/// An integer property (a number or its text), or `fallback` when absent.
Result<long long> int_prop(const Json& p, const char* k, long long fallback, long long min, long long max) {
    if (!p.contains(k)) return fallback;
    const auto n = p[k].is_number_integer() ? std::optional<long long>(p[k].get<long long>())
                                            : parse_int<long long>(cfn::str(p, k));
    if (!n || *n < min || *n > max) {
        return invalid_parameter(std::string("1 validation error detected: Value '") + cfn::str(p, k) +
                                 "' at '" + k +
                                 "' failed to satisfy constraint: Member must be an integer from " +
                                 std::to_string(min) + " to " + std::to_string(max));
    }
    return *n;
}

/// ReservedConcurrentExecutions: PutFunctionConcurrency, or DeleteFunctionConcurrency when it was removed.
Result<void> apply_concurrency(LambdaBackend& backend, const LambdaCall& call, const std::string& name,
                               const Json& p, bool had_before) {
    auto n = int_prop(p, "ReservedConcurrentExecutions", -1, 0, 1000);
    if (!n) return n.error();
    if (*n >= 0) {
        auto r = backend.put_concurrency(call, name, *n);
        if (!r) return r.error();
        return ok();
    }
    if (had_before) return backend.delete_concurrency(call, name);
    return ok();
}

ResourceResponse function_response(const Json& config) {
    return ResourceResponse{config["FunctionName"].get<std::string>(), Json{{"Arn", config["FunctionArn"]}}};
}

Result<void> ignore_missing(Result<void> r) {
    if (!r && !cfn::is_not_found(r.error())) return r;
    return ok();
}

Result<ResourceResponse> create_function(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    auto settings = settings_of(p);
    if (!settings) return settings.error();
    Json in = std::move(*settings);
    in["FunctionName"] =
        p.contains("FunctionName") ? cfn::str(p, "FunctionName") : cfn::generated_name(request, 64);
    in["Code"] = code_of(p);
    Json tags = Json::object();
    for (const auto& t : cfn::tags(p))
        tags[t.value("Key", "")] = t.value("Value", "");
    in["Tags"] = tags;
    LambdaBackend backend(cloud);
    auto config = backend.create_function(call_of(request), in);
    if (!config) return config.error();
    if (auto c = apply_concurrency(backend, call_of(request), (*config)["FunctionName"].get<std::string>(), p,
                                   false);
        !c) {
        return c.error();
    }
    return function_response(*config);
}

Result<ResourceResponse> update_function(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    LambdaBackend backend(cloud);
    const LambdaCall call = call_of(request);
    const Json before =
        request.previous_properties.is_object() ? request.previous_properties : Json::object();
    if (code_of(p) != code_of(before)) {
        if (auto c = backend.update_code(call, request.physical_id, code_of(p)); !c) return c.error();
    }
    auto settings = settings_of(p);
    if (!settings) return settings.error();
    if (before.contains("DeadLetterConfig") && !p.contains("DeadLetterConfig")) {
        (*settings)["DeadLetterConfig"] = Json{{"TargetArn", ""}};
    }
    auto config = backend.update_configuration(call, request.physical_id, *settings);
    if (!config) return config.error();
    if (auto c = apply_concurrency(backend, call, request.physical_id, p,
                                   before.contains("ReservedConcurrentExecutions"));
        !c) {
        return c.error();
    }
    return function_response(*config);
}

Result<void> remove_function(CloudContext& cloud, const ResourceRequest& request) {
    LambdaBackend backend(cloud);
    return ignore_missing(backend.delete_function(call_of(request), request.physical_id));
}

Result<ResourceResponse> create_permission(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    Json in = Json::object();
    for (const char* k : {"Action", "Principal", "SourceArn", "SourceAccount", "PrincipalOrgID",
                          "FunctionUrlAuthType", "EventSourceToken"}) {
        if (p.contains(k)) in[k] = cfn::str(p, k);
    }
    const std::string sid = cfn::generated_name(request, 100);
    in["StatementId"] = sid;
    LambdaBackend backend(cloud);
    auto statement = backend.add_permission(call_of(request), cfn::str(p, "FunctionName"), in);
    if (!statement) return statement.error();
    return cfn::self_response(sid, "Id");
}

Result<ResourceResponse> update_permission(CloudContext& /*cloud*/, const ResourceRequest& request) {
    // Every property is create-only: the engine replaces a changed permission.
    return cfn::self_response(request.physical_id, "Id");
}

Result<void> remove_permission(CloudContext& cloud, const ResourceRequest& request) {
    LambdaBackend backend(cloud);
    return ignore_missing(backend.remove_permission(
        call_of(request), cfn::str(cfn::props(request), "FunctionName"), request.physical_id));
}

Result<ResourceResponse> create_version(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    LambdaBackend backend(cloud);
    auto config =
        backend.publish_version(call_of(request), cfn::str(p, "FunctionName"), cfn::str(p, "Description"));
    if (!config) return config.error();
    return ResourceResponse{
        (*config)["FunctionArn"].get<std::string>(),
        Json{{"Version", (*config)["Version"]}, {"FunctionArn", (*config)["FunctionArn"]}}};
}

Result<ResourceResponse> update_version(CloudContext& /*cloud*/, const ResourceRequest& request) {
    const std::string arn = request.physical_id;
    return ResourceResponse{arn, Json{{"Version", arn.substr(arn.rfind(':') + 1)}, {"FunctionArn", arn}}};
}

Result<void> remove_version(CloudContext& cloud, const ResourceRequest& request) {
    const auto ref = LambdaBackend::parse_ref(request.physical_id, request.caller.account());
    LambdaBackend backend(cloud);
    return ignore_missing(backend.delete_version(call_of(request), ref.name, ref.qualifier));
}

Result<ResourceResponse> put_url(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    Json in = Json::object();
    in["AuthType"] = p.contains("AuthType") ? cfn::str(p, "AuthType") : "AWS_IAM";
    if (p.contains("Cors")) in["Cors"] = p["Cors"];
    if (p.contains("InvokeMode")) in["InvokeMode"] = cfn::str(p, "InvokeMode");
    std::string target = cfn::str(p, "TargetFunctionArn");
    if (p.contains("Qualifier")) target += ":" + cfn::str(p, "Qualifier");
    LambdaBackend backend(cloud);
    auto url = backend.put_url_config(call_of(request), target, in);
    if (!url) return url.error();
    return ResourceResponse{
        (*url)["FunctionArn"].get<std::string>(),
        Json{{"FunctionUrl", (*url)["FunctionUrl"]}, {"FunctionArn", (*url)["FunctionArn"]}}};
}

Result<void> remove_url(CloudContext& cloud, const ResourceRequest& request) {
    LambdaBackend backend(cloud);
    return ignore_missing(backend.delete_url_config(call_of(request), request.physical_id));
}

Result<ResourceResponse> put_event_invoke_config(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    Json in = Json::object();
    auto retries = int_prop(p, "MaximumRetryAttempts", -1, 0, 2);
    if (!retries) return retries.error();
    if (*retries >= 0) in["MaximumRetryAttempts"] = *retries;
    auto age = int_prop(p, "MaximumEventAgeInSeconds", -1, 60, 21600);
    if (!age) return age.error();
    if (*age >= 0) in["MaximumEventAgeInSeconds"] = *age;
    Json destinations = Json::object();
    const Json d = p.value("DestinationConfig", Json::object());
    for (const char* k : {"OnSuccess", "OnFailure"}) {
        if (d.contains(k)) destinations[k] = Json{{"Destination", cfn::str(d[k], "Destination")}};
    }
    in["DestinationConfig"] = destinations;
    const std::string ref = cfn::str(p, "FunctionName") + ":" + cfn::str(p, "Qualifier");
    LambdaBackend backend(cloud);
    auto config = backend.put_event_invoke_config(call_of(request), ref, in);
    if (!config) return config.error();
    return ResourceResponse{ref};
}

Result<void> remove_event_invoke_config(CloudContext& cloud, const ResourceRequest& request) {
    LambdaBackend backend(cloud);
    return ignore_missing(backend.delete_event_invoke_config(call_of(request), request.physical_id));
}

Json alias_input(const Json& p) {
    Json in{{"FunctionVersion", cfn::str(p, "FunctionVersion")}, {"Name", cfn::str(p, "Name")}};
    if (p.contains("Description")) in["Description"] = cfn::str(p, "Description");
    Json weights = Json::object();
    for (const auto& w :
         p.value("RoutingConfig", Json::object()).value("AdditionalVersionWeights", Json::array())) {
        const Json& weight = w.contains("FunctionWeight") ? w["FunctionWeight"] : Json(0);
        weights[cfn::str(w, "FunctionVersion")] =
            weight.is_string() ? std::stod(weight.get<std::string>()) : weight.get<double>();
    }
    in["RoutingConfig"] = Json{{"AdditionalVersionWeights", weights}};
    return in;
}

Result<ResourceResponse> alias_response(const Json& alias) {
    return ResourceResponse{alias["AliasArn"].get<std::string>(), Json{{"AliasArn", alias["AliasArn"]}}};
}

Result<ResourceResponse> create_alias(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    LambdaBackend backend(cloud);
    auto alias = backend.create_alias(call_of(request), cfn::str(p, "FunctionName"), alias_input(p));
    if (!alias) return alias.error();
    return alias_response(*alias);
}

Result<ResourceResponse> update_alias(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    LambdaBackend backend(cloud);
    auto alias = backend.update_alias(call_of(request), cfn::str(p, "FunctionName"), alias_input(p));
    if (!alias) return alias.error();
    return alias_response(*alias);
}

Result<void> remove_alias(CloudContext& cloud, const ResourceRequest& request) {
    const auto ref = LambdaBackend::parse_ref(request.physical_id, request.caller.account());
    LambdaBackend backend(cloud);
    return ignore_missing(backend.delete_alias(call_of(request), ref.name, ref.qualifier));
}

} // namespace

CfnAliasProvider::CfnAliasProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::Lambda::Alias", {create_alias, update_alias, remove_alias}) {}

CfnEventInvokeConfigProvider::CfnEventInvokeConfigProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::Lambda::EventInvokeConfig",
               {put_event_invoke_config, put_event_invoke_config, remove_event_invoke_config}) {}

CfnFunctionProvider::CfnFunctionProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::Lambda::Function", {create_function, update_function, remove_function}) {}

CfnPermissionProvider::CfnPermissionProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::Lambda::Permission", {create_permission, update_permission, remove_permission}) {}

CfnVersionProvider::CfnVersionProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::Lambda::Version", {create_version, update_version, remove_version}) {}

CfnUrlProvider::CfnUrlProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::Lambda::Url", {put_url, put_url, remove_url}) {}

} // namespace cdk::localcloud::lambda
