#include "localcloud/logs/cfn_log_group_provider.hpp"

#include "core/parse_int.hpp"
#include "localcloud/logs/logs_backend.hpp"
#include "localcloud/logs/logs_errors.hpp"
#include "localcloud/server/cfn_support.hpp"

namespace cdk::localcloud::logs {

namespace {

constexpr auto call_of = &cfn::service_call<LogsCall>;

/// RetentionInDays as a number (CloudFormation passes numbers or their text); 0 when absent.
Result<long long> retention(const ResourceRequest& request) {
    const std::string text = cfn::str(cfn::props(request), "RetentionInDays");
    if (text.empty()) return 0LL;
    const auto days = cdk::parse_int<long long>(text);
    if (!days || !LogsBackend::valid_retention(*days)) {
        return invalid_parameter("Model validation failed (#/RetentionInDays: " + text +
                                 " is not a valid enum value)");
    }
    return *days;
}

/// CloudFormation's [{Key, Value}] as CloudWatch Logs' tag map.
Json tag_map(const Json& properties) {
    Json out = Json::object();
    for (const auto& t : cfn::tags(properties))
        out[cfn::str(t, "Key")] = cfn::str(t, "Value");
    return out;
}

ResourceResponse response(const ResourceRequest& request, const std::string& name) {
    return ResourceResponse{
        name, Json{{"Arn", LogsBackend::group_arn(Scope{request.account, request.region}, name) + ":*"}}};
}

Result<void> apply_retention(Tx& tx, LogsBackend& backend, const LogsCall& call, const std::string& name,
                             long long days, bool had) {
    if (days != 0) {
        auto r =
            backend.put_retention_policy(tx, call, Json{{"logGroupName", name}, {"retentionInDays", days}});
        if (!r) return r.error();
    } else if (had) {
        auto r = backend.delete_retention_policy(tx, call, Json{{"logGroupName", name}});
        if (!r) return r.error();
    }
    return ok();
}

} // namespace

static Result<ResourceResponse> create_log_group(CloudContext& cloud_, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    std::string name = cfn::name_or_generated(request, "LogGroupName", 512);
    auto days = retention(request);
    if (!days) return days.error();
    LogsBackend backend(cloud_);
    const LogsCall call = call_of(request);
    auto done = cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        Json in{{"logGroupName", name}, {"tags", tag_map(p)}};
        if (p.contains("KmsKeyId")) in["kmsKeyId"] = cfn::str(p, "KmsKeyId");
        if (p.contains("LogGroupClass")) in["logGroupClass"] = cfn::str(p, "LogGroupClass");
        if (auto c = backend.create_log_group(tx, call, in); !c) return c.error();
        if (auto r = apply_retention(tx, backend, call, name, *days, false); !r) return r.error();
        return true;
    });
    if (!done) return done.error();
    return response(request, name);
}

static Result<ResourceResponse> update_log_group(CloudContext& cloud_, const ResourceRequest& request) {
    auto days = retention(request);
    if (!days) return days.error();
    const std::string& name = request.physical_id;
    const bool had = request.previous_properties.contains("RetentionInDays");
    const Json old_tags = tag_map(request.previous_properties);
    const Json new_tags = tag_map(cfn::props(request));
    LogsBackend backend(cloud_);
    const LogsCall call = call_of(request);
    auto done = cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        if (auto r = apply_retention(tx, backend, call, name, *days, had); !r) return r.error();
        Json removed = Json::array();
        for (const auto& [k, v] : old_tags.items()) {
            if (!new_tags.contains(k)) removed.push_back(k);
        }
        const Json arn = LogsBackend::group_arn(Scope{request.account, request.region}, name);
        if (!removed.empty()) {
            auto u =
                backend.tags(tx, call, "UntagResource", Json{{"resourceArn", arn}, {"tagKeys", removed}});
            if (!u) return u.error();
        }
        if (new_tags != old_tags && !new_tags.empty()) {
            auto t = backend.tags(tx, call, "TagResource", Json{{"resourceArn", arn}, {"tags", new_tags}});
            if (!t) return t.error();
        }
        return true;
    });
    if (!done) return done.error();
    return response(request, name);
}

static Result<void> remove_log_group(CloudContext& cloud_, const ResourceRequest& request) {
    LogsBackend backend(cloud_);
    const LogsCall call = call_of(request);
    auto done = cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto r = backend.delete_log_group(tx, call, Json{{"logGroupName", request.physical_id}});
        if (!r && !cfn::is_not_found(r.error())) return r.error();
        return true;
    });
    if (!done) return done.error();
    return ok();
}

CfnLogGroupProvider::CfnLogGroupProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::Logs::LogGroup", {create_log_group, update_log_group, remove_log_group}) {}

} // namespace cdk::localcloud::logs
