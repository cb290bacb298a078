#include "aws/protocol/codec.hpp"
#include "localcloud/auth/authenticator.hpp"
#include "localcloud/codestar/cfn_connection_provider.hpp"
#include "localcloud/codestar/connections_backend.hpp"
#include "localcloud/codestar/connections_routes.hpp"

namespace cdk::localcloud::codestar {

namespace {

/// CodeStar Connections over JSON 1.0, decoded and encoded by the model-driven codec from the
/// codestar-connections model.
class ConnectionsService final : public Service {
public:
    explicit ConnectionsService(CloudContext& cloud) : backend_(cloud) {}

    [[nodiscard]] std::string_view name() const override { return "codestar-connections"; }
    [[nodiscard]] Protocol protocol() const override { return Protocol::Json10; }

    Result<ServerResponse> handle(RequestContext& ctx) override {
        auto model = aws::protocol::ServiceModel::get("codestar-connections");
        if (!model) return model.error();
        aws::ClientRequest wire = to_sigv4_request(ctx.http);
        if (!ctx.http.body_file.empty()) wire.body = ctx.http.body_text();
        auto parsed = aws::protocol::parse_request(**model, wire);
        if (!parsed) return parsed.error();
        const ConnectionsCall call{ctx.caller, ctx.region, ctx.condition_context};
        auto output = dispatch(call, parsed->operation, parsed->input);
        if (!output) return output.error();
        const aws::HttpResponse r =
            aws::protocol::serialize_response(**model, parsed->operation, *output, ctx.request_id);
        ServerResponse out;
        out.status = r.status;
        for (const auto& [k, v] : r.headers)
            out.set_header(k, v);
        out.body = r.body;
        return out;
    }

private:
    static Result<std::string> required(const Json& in, const char* member, const char* wire_name) {
        if (!in.contains(member) || !in[member].is_string()) {
            return make_error("ValidationException",
                              std::string("1 validation error detected: Value null at '") + wire_name +
                                  "' failed to satisfy constraint: Member must not be null",
                              400);
        }
        return in[member].get<std::string>();
    }

    Result<Json> dispatch(const ConnectionsCall& call, const std::string& op, const Json& in) {
        if (op == "CreateConnection") {
            auto name = required(in, "ConnectionName", "connectionName");
            if (!name) return name.error();
            const Json tags = in.value("Tags", Json::array());
            auto c =
                backend_.create(call, *name, in.value("ProviderType", ""), in.value("HostArn", ""), tags);
            if (!c) return c.error();
            Json out{{"ConnectionArn", (*c)["ConnectionArn"]}};
            if (!(*c)["Tags"].empty()) out["Tags"] = (*c)["Tags"];
            return out;
        }
        if (op == "ListConnections") {
            std::optional<long long> max;
            if (in.contains("MaxResults") && in["MaxResults"].is_number_integer())
                max = in["MaxResults"].get<long long>();
            return backend_.list(call, in.value("ProviderTypeFilter", ""), in.value("HostArnFilter", ""), max,
                                 in.value("NextToken", ""));
        }
        const bool by_connection = op == "GetConnection" || op == "DeleteConnection";
        auto arn = by_connection ? required(in, "ConnectionArn", "connectionArn")
                                 : required(in, "ResourceArn", "resourceArn");
        if (!arn) return arn.error();
        if (op == "GetConnection") {
            auto c = backend_.get(call, *arn);
            if (!c) return c.error();
            return Json{{"Connection", *c}};
        }
        if (op == "DeleteConnection") {
            if (auto d = backend_.remove(call, *arn); !d) return d.error();
            return Json::object();
        }
        if (op == "TagResource") {
            if (!in.contains("Tags")) return required(in, "Tags", "tags").error();
            if (auto t = backend_.tag(call, *arn, in["Tags"]); !t) return t.error();
            return Json::object();
        }
        if (op == "UntagResource") {
            if (!in.contains("TagKeys")) return required(in, "TagKeys", "tagKeys").error();
            if (auto t = backend_.untag(call, *arn, in["TagKeys"]); !t) return t.error();
            return Json::object();
        }
        if (op == "ListTagsForResource") {
            auto tags = backend_.list_tags(call, *arn);
            if (!tags) return tags.error();
            return Json{{"Tags", *tags}};
        }
        return make_error("UnknownOperationException",
                          "CodeStar Connections operation '" + op + "' is not implemented by localcloud",
                          400);
    }

    ConnectionsBackend backend_;
};

} // namespace

void register_codestar_connections(CloudContext& cloud, ServiceRegistry& services,
                                   cloudformation::ProviderRegistry& providers) {
    add_service<ConnectionsService, CfnConnectionProvider>(cloud, services, providers);
}

} // namespace cdk::localcloud::codestar
