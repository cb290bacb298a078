#include "localcloud/protocol/query_input.hpp"
#include "localcloud/protocol/xml_writer.hpp"
#include "localcloud/sts/sts_backend.hpp"
#include "localcloud/sts/sts_routes.hpp"

namespace cdk::localcloud::sts {

namespace {

constexpr std::string_view kXmlns = "https://sts.amazonaws.com/doc/2011-06-15/";

/// STS over the Query protocol.
class StsService final : public Service {
public:
    explicit StsService(CloudContext& cloud) : cloud_(cloud), backend_(cloud.iam) {}

    [[nodiscard]] std::string_view name() const override { return "sts"; }
    [[nodiscard]] Protocol protocol() const override { return Protocol::Query; }
    [[nodiscard]] std::string_view xmlns() const override { return kXmlns; }

    Result<HttpResponse> handle(RequestContext& ctx) override {
        auto input = parse_query_input(ctx.http);
        if (!input) return input.error();
        ctx.params = std::move(*input);
        const std::string action = ctx.params["Action"];
        if (action == "GetCallerIdentity") return get_caller_identity(ctx);
        if (action == "AssumeRole") return assume_role(ctx);
        return make_error("InvalidAction", "STS action '" + action + "' is not implemented by localcloud", 400);
    }

private:
    Result<HttpResponse> get_caller_identity(RequestContext& ctx) {
        XmlWriter w(false);
        w.leaf("Arn", ctx.caller.arn());
        w.leaf("UserId", ctx.caller.type == "root" ? ctx.caller.account() : ctx.caller.user_id);
        w.leaf("Account", ctx.caller.account());
        return render_query_result("GetCallerIdentity", w.str(), kXmlns, ctx.request_id);
    }

    Result<HttpResponse> assume_role(RequestContext& ctx) {
        AssumeRoleRequest request;
        request.role_arn = ctx.params["RoleArn"];
        request.session_name = ctx.params["RoleSessionName"];
        request.external_id = ctx.params["ExternalId"];
        if (!ctx.params["DurationSeconds"].empty()) {
            try {
                request.duration_seconds = std::stoi(ctx.params["DurationSeconds"]);
            } catch (const std::exception&) {
                return make_error("ValidationError", "DurationSeconds must be a number", 400);
            }
        }
        auto assumed = cloud_.store.write<AssumedRole>(
            [&](Tx& tx) { return backend_.assume_role(tx, ctx.caller, request, ctx.condition_context, ctx.now); });
        if (!assumed) return assumed.error();
        XmlWriter w(false);
        w.open("Credentials")
            .leaf("AccessKeyId", assumed->access_key_id)
            .leaf("SecretAccessKey", assumed->secret_access_key)
            .leaf("SessionToken", assumed->session_token)
            .leaf("Expiration", assumed->expiration)
            .close();
        w.open("AssumedRoleUser").leaf("AssumedRoleId", assumed->assumed_role_id).leaf("Arn", assumed->arn).close();
        return render_query_result("AssumeRole", w.str(), kXmlns, ctx.request_id);
    }

    CloudContext& cloud_;
    StsBackend backend_;
};

} // namespace

void register_sts(CloudContext& cloud, ServiceRegistry& services, cloudformation::ProviderRegistry& /*providers*/) {
    services.add(std::make_unique<StsService>(cloud));
}

} // namespace cdk::localcloud::sts
