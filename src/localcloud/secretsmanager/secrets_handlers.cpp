#include "localcloud/protocol/model_service.hpp"
#include "localcloud/secretsmanager/cfn_secret_provider.hpp"
#include "localcloud/secretsmanager/secrets_backend.hpp"
#include "localcloud/secretsmanager/secrets_routes.hpp"

#include <map>
#include <set>

namespace cdk::localcloud::secretsmanager {

namespace {

/// Secrets Manager over JSON 1.1 (`X-Amz-Target: secretsmanager.<Op>`), decoded and encoded by the
/// model-driven codec (src/aws/models/secretsmanager.json); one store transaction per request.
class SecretsService final : public Service {
public:
    explicit SecretsService(CloudContext& cloud) : cloud_(cloud), backend_(cloud) {}

    [[nodiscard]] std::string_view name() const override { return "secretsmanager"; }
    [[nodiscard]] Protocol protocol() const override { return Protocol::Json11; }

    Result<HttpResponse> handle(RequestContext& ctx) override {
        const SecretsCall call{ctx.caller, ctx.region, ctx.condition_context, ctx.now};
        return serve_model_request(
            "secretsmanager", ctx, [&](const std::string& op, const Json& in) -> Result<Json> {
                using Method = Result<Json> (SecretsBackend::*)(Tx&, const SecretsCall&, const Json&);
                static const std::map<std::string, Method> kMethods = {
                    {"CreateSecret", &SecretsBackend::create_secret},
                    {"GetSecretValue", &SecretsBackend::get_secret_value},
                    {"PutSecretValue", &SecretsBackend::put_secret_value},
                    {"UpdateSecret", &SecretsBackend::update_secret},
                    {"DescribeSecret", &SecretsBackend::describe_secret},
                    {"ListSecrets", &SecretsBackend::list_secrets},
                    {"ListSecretVersionIds", &SecretsBackend::list_secret_version_ids},
                    {"UpdateSecretVersionStage", &SecretsBackend::update_secret_version_stage},
                    {"DeleteSecret", &SecretsBackend::delete_secret},
                    {"RestoreSecret", &SecretsBackend::restore_secret},
                    {"GetRandomPassword", &SecretsBackend::get_random_password},
                    {"PutResourcePolicy", &SecretsBackend::put_resource_policy},
                    {"GetResourcePolicy", &SecretsBackend::get_resource_policy},
                    {"DeleteResourcePolicy", &SecretsBackend::delete_resource_policy},
                    {"TagResource", &SecretsBackend::tag_resource},
                    {"UntagResource", &SecretsBackend::untag_resource},
                };
                static const std::set<std::string> kReads = {"GetSecretValue",       "DescribeSecret",
                                                             "ListSecrets",          "GetRandomPassword",
                                                             "ListSecretVersionIds", "GetResourcePolicy"};
                const auto it = kMethods.find(op);
                if (it == kMethods.end()) {
                    return make_error("UnknownOperationException",
                                      "Secrets Manager operation " + op + " is not implemented by localcloud",
                                      400);
                }
                auto run = [&](Tx& tx) { return (backend_.*(it->second))(tx, call, in); };
                return kReads.count(op) != 0 ? cloud_.store.read<Json>(run) : cloud_.store.write<Json>(run);
            });
    }

private:
    CloudContext& cloud_;
    SecretsBackend backend_;
};

} // namespace

void register_secretsmanager(CloudContext& cloud, ServiceRegistry& services,
                             cloudformation::ProviderRegistry& providers) {
    services.add(std::make_unique<SecretsService>(cloud));
    providers.add(std::make_unique<CfnSecretProvider>(cloud));
    providers.add(std::make_unique<CfnResourcePolicyProvider>(cloud));
}

} // namespace cdk::localcloud::secretsmanager
