#include "localcloud/protocol/model_service.hpp"
#include "localcloud/secretsmanager/cfn_secret_provider.hpp"
#include "localcloud/secretsmanager/secrets_backend.hpp"
#include "localcloud/secretsmanager/secrets_routes.hpp"

namespace cdk::localcloud::secretsmanager {

namespace {

using Operations = ModelOperations<SecretsBackend, SecretsCall>;

const Operations& operations() {
    static const Operations kOperations = {
        {"CreateSecret", {&SecretsBackend::create_secret}},
        {"GetSecretValue", {&SecretsBackend::get_secret_value, true}},
        {"PutSecretValue", {&SecretsBackend::put_secret_value}},
        {"UpdateSecret", {&SecretsBackend::update_secret}},
        {"DescribeSecret", {&SecretsBackend::describe_secret, true}},
        {"ListSecrets", {&SecretsBackend::list_secrets, true}},
        {"ListSecretVersionIds", {&SecretsBackend::list_secret_version_ids, true}},
        {"UpdateSecretVersionStage", {&SecretsBackend::update_secret_version_stage}},
        {"DeleteSecret", {&SecretsBackend::delete_secret}},
        {"RestoreSecret", {&SecretsBackend::restore_secret}},
        {"GetRandomPassword", {&SecretsBackend::get_random_password, true}},
        {"PutResourcePolicy", {&SecretsBackend::put_resource_policy}},
        {"GetResourcePolicy", {&SecretsBackend::get_resource_policy, true}},
        {"DeleteResourcePolicy", {&SecretsBackend::delete_resource_policy}},
        {"TagResource", {&SecretsBackend::tag_resource}},
        {"UntagResource", {&SecretsBackend::untag_resource}},
    };
    return kOperations;
}

/// Secrets Manager over JSON 1.1 (`X-Amz-Target: secretsmanager.<Op>`), decoded and encoded by the
/// model-driven codec (src/aws/models/secretsmanager.json); one store transaction per request.
class SecretsService final : public Service {
public:
    explicit SecretsService(CloudContext& cloud) : cloud_(cloud), backend_(cloud) {}

    [[nodiscard]] std::string_view name() const override { return "secretsmanager"; }
    [[nodiscard]] Protocol protocol() const override { return Protocol::Json11; }

    Result<ServerResponse> handle(RequestContext& ctx) override {
        const SecretsCall call{ctx.caller, ctx.region, ctx.condition_context, ctx.now};
        return serve_model_request("secretsmanager", ctx, [&](const std::string& op, const Json& in) {
            return run_model_operation(cloud_.store, backend_, call, operations(), "Secrets Manager", op, in);
        });
    }

private:
    CloudContext& cloud_;
    SecretsBackend backend_;
};

} // namespace

void register_secretsmanager(CloudContext& cloud, ServiceRegistry& services,
                             cloudformation::ProviderRegistry& providers) {
    add_service<SecretsService, CfnSecretProvider, CfnResourcePolicyProvider>(cloud, services, providers);
}

} // namespace cdk::localcloud::secretsmanager
