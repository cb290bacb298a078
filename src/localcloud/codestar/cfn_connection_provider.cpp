#include "localcloud/codestar/cfn_connection_provider.hpp"

#include "localcloud/codestar/connections_backend.hpp"
#include "localcloud/server/cfn_support.hpp"

namespace cdk::localcloud::codestar {

namespace {

constexpr auto call_of = &cfn::service_call<ConnectionsCall>;

ResourceResponse connection_response(const Json& c) {
    return ResourceResponse{c["ConnectionArn"].get<std::string>(),
                            Json{{"ConnectionArn", c["ConnectionArn"]},
                                 {"ConnectionStatus", c["ConnectionStatus"]},
                                 {"OwnerAccountId", c["OwnerAccountId"]}}};
}

} // namespace

static Result<ResourceResponse> create_connection(CloudContext& cloud_, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    std::string name = cfn::str(p, "ConnectionName");
    if (name.empty()) name = cfn::generated_name(request, 32);
    auto c = ConnectionsBackend(cloud_).create(call_of(request), name, cfn::str(p, "ProviderType"),
                                               cfn::str(p, "HostArn"), cfn::tags(p));
    if (!c) return c.error();
    return connection_response(*c);
}

static Result<ResourceResponse> update_connection(CloudContext& cloud_, const ResourceRequest& request) {
    ConnectionsBackend backend(cloud_);
    const ConnectionsCall call = call_of(request);
    const Json now = cfn::tags(cfn::props(request));
    Json removed = Json::array();
    for (const auto& old : cfn::tags(request.previous_properties)) {
        const std::string key = old.value("Key", "");
        const bool kept =
            std::any_of(now.begin(), now.end(), [&](const Json& t) { return t.value("Key", "") == key; });
        if (!kept) removed.push_back(key);
    }
    if (!removed.empty()) {
        if (auto u = backend.untag(call, request.physical_id, removed); !u) return u.error();
    }
    if (!now.empty()) {
        if (auto t = backend.tag(call, request.physical_id, now); !t) return t.error();
    }
    auto c = backend.get(call, request.physical_id);
    if (!c) return c.error();
    return connection_response(*c);
}

static Result<void> remove_connection(CloudContext& cloud_, const ResourceRequest& request) {
    auto d = ConnectionsBackend(cloud_).remove(call_of(request), request.physical_id);
    if (!d && cfn::is_not_found(d.error())) return ok();
    return d;
}

CfnConnectionProvider::CfnConnectionProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::CodeStarConnections::Connection",
               {create_connection, update_connection, remove_connection}) {}

} // namespace cdk::localcloud::codestar
