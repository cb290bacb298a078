#include "localcloud/codepipeline/cfn_webhook_provider.hpp"

#include "localcloud/codepipeline/codepipeline_errors.hpp"
#include "localcloud/codepipeline/pipeline_webhooks.hpp"

namespace cdk::localcloud::codepipeline {

namespace {

constexpr auto call_of = &cfn::service_call<PipelineCall>;

/// The template's properties as the API's WebhookDefinition.
Result<Json> definition(const ResourceRequest& request, const std::string& name) {
    const Json& p = cfn::props(request);
    for (const char* k : {"TargetPipeline", "TargetAction", "Authentication", "AuthenticationConfiguration",
                          "Filters", "TargetPipelineVersion"}) {
        if (!p.contains(k))
            return validation(std::string("Model validation failed (#: required key [") + k + "] not found)");
    }
    Json filters = Json::array();
    if (!p["Filters"].is_array())
        return validation("Model validation failed (#/Filters: expected type: JSONArray)");
    for (const auto& f : p["Filters"]) {
        Json filter{{"jsonPath", cfn::str(f, "JsonPath")}};
        if (f.contains("MatchEquals")) filter["matchEquals"] = cfn::str(f, "MatchEquals");
        filters.push_back(std::move(filter));
    }
    Json auth = Json::object();
    const Json& config = p["AuthenticationConfiguration"];
    for (const char* k : {"SecretToken", "AllowedIPRange"}) {
        if (config.is_object() && config.contains(k)) auth[k] = cfn::str(config, k);
    }
    return Json{{"name", name},
                {"targetPipeline", cfn::str(p, "TargetPipeline")},
                {"targetAction", cfn::str(p, "TargetAction")},
                {"filters", filters},
                {"authentication", cfn::str(p, "Authentication")},
                {"authenticationConfiguration", auth}};
}

/// RegisterWithThirdParty: the caller needs codepipeline:RegisterWebhookWithThirdParty. There is no GitHub to
/// register with; the linked repository's watcher delivers the pushes (pipeline_webhooks.hpp).
Result<void> check_register(CloudContext& cloud, const ResourceRequest& request, const std::string& name,
                            const char* action) {
    if (cfn::str(cfn::props(request), "RegisterWithThirdParty") != "true") return ok();
    auto allowed = cloud.store.read<bool>([&](Tx& tx) -> Result<bool> {
        auto a = cfn::Authorizer{cloud, tx, request, "AccessDeniedException"}(
            action, webhooks::webhook_arn(request.region, request.account, name));
        if (!a) return a.error();
        return true;
    });
    if (!allowed) return allowed.error();
    return ok();
}

Result<ResourceResponse> put(CloudContext& cloud, const ResourceRequest& request, const std::string& name) {
    auto d = definition(request, name);
    if (!d) return d.error();
    if (auto r = check_register(cloud, request, name, "codepipeline:RegisterWebhookWithThirdParty"); !r)
        return r.error();
    auto item = webhooks::put_webhook(cloud, call_of(request), *d);
    if (!item) return item.error();
    return ResourceResponse{name, Json{{"Id", name}, {"Url", (*item)["url"]}}};
}

Result<ResourceResponse> create_webhook(CloudContext& cloud, const ResourceRequest& request) {
    std::string name = cfn::str(cfn::props(request), "Name");
    if (name.empty()) name = cfn::generated_name(request, 100);
    return put(cloud, request, name);
}

Result<ResourceResponse> update_webhook(CloudContext& cloud, const ResourceRequest& request) {
    return put(cloud, request, request.physical_id);
}

Result<void> remove_webhook(CloudContext& cloud, const ResourceRequest& request) {
    auto removed = webhooks::delete_webhook(cloud, call_of(request), request.physical_id);
    if (!removed && cfn::is_not_found(removed.error())) return ok();
    return removed;
}

} // namespace

CfnWebhookProvider::CfnWebhookProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::CodePipeline::Webhook", {create_webhook, update_webhook, remove_webhook}) {}

} // namespace cdk::localcloud::codepipeline
