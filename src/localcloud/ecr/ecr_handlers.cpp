#include "core/strings.hpp"
#include "localcloud/ecr/cfn_repository_provider.hpp"
#include "localcloud/ecr/ecr_backend.hpp"
#include "localcloud/ecr/ecr_errors.hpp"
#include "localcloud/ecr/ecr_routes.hpp"
#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/protocol/model_service.hpp"

namespace cdk::localcloud::ecr {

namespace {

/// ECR over JSON 1.1, decoded, validated and encoded by the ECR model. Every operation is authorized as
/// `ecr:<Operation>` on the repository's ARN, with the repository policy as a resource policy.
class EcrService final : public ModelService {
public:
    explicit EcrService(CloudContext& cloud) : ModelService("ecr"), cloud_(cloud), backend_(cloud) {}

protected:
    Result<Json> call(RequestContext& ctx, const std::string& op, const Json& in) override {
        const bool reads = strings::starts_with(op, "Describe") || strings::starts_with(op, "Get") ||
                           strings::starts_with(op, "List");
        auto run = [&](Tx& tx) { return dispatch(tx, ctx, op, in); };
        return reads ? cloud_.store.read<Json>(run) : cloud_.store.write<Json>(run);
    }

private:
    Result<Json> repository(Tx& tx, RequestContext& ctx, const std::string& name, const std::string& action) {
        auto repo = backend_.get(tx, ctx.caller.account(), ctx.region, name);
        if (!repo) return repo.error();
        if (auto a = backend_.authorize(tx, ctx.caller, ctx.condition_context, action,
                                        (*repo)["repositoryArn"].get<std::string>(), &*repo);
            !a) {
            return a.error();
        }
        return repo;
    }

    Result<Json> dispatch(Tx& tx, RequestContext& ctx, const std::string& op, const Json& in) {
        const std::string account = ctx.caller.account();
        const std::string name = in.value("repositoryName", "");
        if (op == "CreateRepository") {
            if (auto a = backend_.authorize(tx, ctx.caller, ctx.condition_context, "ecr:CreateRepository",
                                            EcrBackend::arn(ctx.region, account, name), nullptr);
                !a) {
                return a.error();
            }
            Json settings = Json::object();
            for (const char* k :
                 {"imageTagMutability", "imageScanningConfiguration", "encryptionConfiguration", "tags"}) {
                if (in.contains(k)) settings[k] = in[k];
            }
            auto repo = backend_.create(tx, account, ctx.region, name, settings);
            if (!repo) return repo.error();
            return Json{{"repository", repository_view(*repo)}};
        }
        if (op == "DescribeRepositories") {
            Json list = Json::array();
            if (in.contains("repositoryNames")) {
                for (const auto& n : in["repositoryNames"]) {
                    auto repo = repository(tx, ctx, n.get<std::string>(), "ecr:DescribeRepositories");
                    if (!repo) return repo.error();
                    list.push_back(repository_view(*repo));
                }
            } else {
                auto all = backend_.list(tx, account, ctx.region);
                if (!all) return all.error();
                for (const auto& r : *all) {
                    if (backend_.authorize(tx, ctx.caller, ctx.condition_context, "ecr:DescribeRepositories",
                                           r["repositoryArn"].get<std::string>(), &r)) {
                        list.push_back(repository_view(r));
                    }
                }
            }
            return Json{{"repositories", list}};
        }
        if (op == "DeleteRepository") {
            auto repo = repository(tx, ctx, name, "ecr:DeleteRepository");
            if (!repo) return repo.error();
            if (auto r = backend_.remove(tx, account, ctx.region, name); !r) return r.error();
            return Json{{"repository", repository_view(*repo)}};
        }
        if (op == "SetRepositoryPolicy" || op == "DeleteRepositoryPolicy" || op == "GetRepositoryPolicy") {
            auto repo = repository(tx, ctx, name, "ecr:" + op);
            if (!repo) return repo.error();
            Json out{{"registryId", account}, {"repositoryName", name}};
            if (op == "SetRepositoryPolicy") {
                auto policy = iam::parse_policy_json(in.value("policyText", ""));
                if (!policy)
                    return invalid_parameter("Invalid repository policy provided: " + policy.error().message);
                (*repo)["policy"] = std::move(*policy);
            } else if (!repo->contains("policy")) {
                return policy_not_found(name, account);
            }
            out["policyText"] = (*repo)["policy"].dump();
            if (op == "DeleteRepositoryPolicy") repo->erase("policy");
            if (op != "GetRepositoryPolicy") {
                if (auto s = backend_.save(tx, *repo); !s) return s.error();
            }
            return out;
        }
        if (op == "PutLifecyclePolicy" || op == "GetLifecyclePolicy" || op == "DeleteLifecyclePolicy") {
            auto repo = repository(tx, ctx, name, "ecr:" + op);
            if (!repo) return repo.error();
            if (op == "PutLifecyclePolicy")
                (*repo)["lifecyclePolicy"] = in.value("lifecyclePolicyText", "");
            else if (!repo->contains("lifecyclePolicy"))
                return lifecycle_not_found(name, account);
            Json out{{"registryId", account},
                     {"repositoryName", name},
                     {"lifecyclePolicyText", (*repo)["lifecyclePolicy"]}};
            if (op == "DeleteLifecyclePolicy") repo->erase("lifecyclePolicy");
            if (op != "GetLifecyclePolicy") {
                if (auto s = backend_.save(tx, *repo); !s) return s.error();
            }
            return out;
        }
        if (op == "ListTagsForResource") {
            const std::string arn = in.value("resourceArn", "");
            auto repo =
                repository(tx, ctx, arn.substr(arn.find("repository/") + 11), "ecr:ListTagsForResource");
            if (!repo) return repo.error();
            return Json{{"tags", (*repo).value("tags", Json::array())}};
        }
        return not_implemented(op);
    }

    CloudContext& cloud_;
    EcrBackend backend_;
};

} // namespace

void register_ecr(CloudContext& cloud, ServiceRegistry& services,
                  cloudformation::ProviderRegistry& providers) {
    add_service<EcrService, CfnRepositoryProvider>(cloud, services, providers);
}

} // namespace cdk::localcloud::ecr
