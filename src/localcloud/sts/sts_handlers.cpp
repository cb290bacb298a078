#include "localcloud/protocol/model_service.hpp"
#include "localcloud/server/cfn_provider.hpp"
#include "localcloud/sts/sts_backend.hpp"
#include "localcloud/sts/sts_routes.hpp"

namespace cdk::localcloud::sts {

namespace {

/// STS over the Query protocol, decoded, validated and encoded by the STS model.
class StsService final : public ModelService {
public:
    explicit StsService(CloudContext& cloud) : ModelService("sts"), cloud_(cloud), backend_(cloud.iam) {}

protected:
    Result<Json> call(RequestContext& ctx, const std::string& op, const Json& in) override {
        if (op == "GetCallerIdentity") {
            return Json{{"Arn", ctx.caller.arn()},
                        {"UserId", ctx.caller.type == "root" ? ctx.caller.account() : ctx.caller.user_id},
                        {"Account", ctx.caller.account()}};
        }
        if (op == "AssumeRole") return assume_role(ctx, in);
        return not_implemented(op);
    }

private:
    Result<Json> assume_role(RequestContext& ctx, const Json& in) {
        AssumeRoleRequest request;
        request.role_arn = in.value("RoleArn", "");
        request.session_name = in.value("RoleSessionName", "");
        request.external_id = in.value("ExternalId", "");
        // 900..43200 by the model; the role's MaxSessionDuration is the backend's to check.
        if (in.contains("DurationSeconds")) request.duration_seconds = in["DurationSeconds"].get<int>();
        auto assumed = cloud_.store.write<AssumedRole>([&](Tx& tx) {
            return backend_.assume_role(tx, ctx.caller, request, ctx.condition_context, ctx.now);
        });
        if (!assumed) return assumed.error();
        return Json{
            {"Credentials",
             {{"AccessKeyId", assumed->access_key_id},
              {"SecretAccessKey", assumed->secret_access_key},
              {"SessionToken", assumed->session_token},
              {"Expiration", assumed->expiration}}},
            {"AssumedRoleUser", {{"AssumedRoleId", assumed->assumed_role_id}, {"Arn", assumed->arn}}}};
    }

    CloudContext& cloud_;
    StsBackend backend_;
};

} // namespace

void register_sts(CloudContext& cloud, ServiceRegistry& services,
                  cloudformation::ProviderRegistry& providers) {
    add_service<StsService>(cloud, services, providers);
}

} // namespace cdk::localcloud::sts
