#include "localcloud/ecr/cfn_repository_provider.hpp"

#include "localcloud/ecr/ecr_backend.hpp"
#include "localcloud/ecr/ecr_errors.hpp"
#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/server/cfn_support.hpp"

namespace cdk::localcloud::ecr {

namespace {

ResourceResponse repository_response(const Json& repo) {
    return ResourceResponse{repo["repositoryName"].get<std::string>(),
                            Json{{"Arn", repo["repositoryArn"]}, {"RepositoryUri", repo["repositoryUri"]}}};
}

/// Applies policy, lifecycle, tags and settings that differ from the stored repository, authorizing each.
Result<void> reconcile(EcrBackend& backend, Tx& tx, const ResourceRequest& request, Json& repo,
                       const Json& p) {
    const iam::Context context = cfn::call_context(request);
    const std::string arn = repo["repositoryArn"].get<std::string>();
    auto allow = [&](const std::string& action) {
        return backend.authorize(tx, request.caller, context, action, arn, &repo);
    };
    const std::string policy_text = cfn::document_text(p.value("RepositoryPolicyText", Json()));
    Json policy;
    if (!policy_text.empty()) {
        auto parsed = iam::parse_policy_json(policy_text);
        if (!parsed) {
            return invalid_parameter("Invalid parameter at 'PolicyText' failed to satisfy constraint: "
                                     "'Invalid repository policy provided': " +
                                     parsed.error().message);
        }
        policy = std::move(*parsed);
    }
    if (policy != repo.value("policy", Json())) {
        if (policy.is_null()) {
            if (auto a = allow("ecr:DeleteRepositoryPolicy"); !a) return a;
            repo.erase("policy");
        } else {
            if (auto a = allow("ecr:SetRepositoryPolicy"); !a) return a;
            repo["policy"] = policy;
        }
    }
    const std::string lifecycle = p.value("LifecyclePolicy", Json::object()).value("LifecyclePolicyText", "");
    if (lifecycle != repo.value("lifecyclePolicy", "")) {
        if (auto a = allow(lifecycle.empty() ? "ecr:DeleteLifecyclePolicy" : "ecr:PutLifecyclePolicy"); !a)
            return a;
        if (lifecycle.empty())
            repo.erase("lifecyclePolicy");
        else
            repo["lifecyclePolicy"] = lifecycle;
    }
    const Json tags = cfn::tags(p);
    if (tags != repo.value("tags", Json::array())) {
        if (auto a = allow(tags.empty() ? "ecr:UntagResource" : "ecr:TagResource"); !a) return a;
        repo["tags"] = tags;
    }
    const std::string mutability =
        p.contains("ImageTagMutability") ? cfn::str(p, "ImageTagMutability") : "MUTABLE";
    if (mutability != repo.value("imageTagMutability", "MUTABLE")) {
        if (auto a = allow("ecr:PutImageTagMutability"); !a) return a;
        repo["imageTagMutability"] = mutability;
    }
    const bool scan = p.value("ImageScanningConfiguration", Json::object()).value("ScanOnPush", false);
    if (scan != repo["imageScanningConfiguration"].value("scanOnPush", false)) {
        if (auto a = allow("ecr:PutImageScanningConfiguration"); !a) return a;
        repo["imageScanningConfiguration"] = Json{{"scanOnPush", scan}};
    }
    return backend.save(tx, repo);
}

Result<ResourceResponse> create_repository(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    std::string name = cfn::name_or_generated(request, "RepositoryName", 256, true);
    const std::string account = request.caller.account();
    EcrBackend backend(cloud);
    auto repo = cloud.store.write<Json>([&](Tx& tx) -> Result<Json> {
        if (auto a = backend.authorize(tx, request.caller, cfn::call_context(request), "ecr:CreateRepository",
                                       EcrBackend::arn(request.region, account, name), nullptr);
            !a) {
            return a.error();
        }
        Json settings = Json::object();
        if (p.contains("EncryptionConfiguration")) {
            const Json& e = p["EncryptionConfiguration"];
            settings["encryptionConfiguration"] =
                Json{{"encryptionType", e.value("EncryptionType", "AES256")}};
            if (e.contains("KmsKey")) settings["encryptionConfiguration"]["kmsKey"] = e["KmsKey"];
        }
        auto created = backend.create(tx, account, request.region, name, settings);
        if (!created) return created.error();
        if (auto r = reconcile(backend, tx, request, *created, p); !r) return r.error();
        return created;
    });
    if (!repo) return repo.error();
    return repository_response(*repo);
}

Result<ResourceResponse> update_repository(CloudContext& cloud, const ResourceRequest& request) {
    EcrBackend backend(cloud);
    auto repo = cloud.store.write<Json>([&](Tx& tx) -> Result<Json> {
        auto found = backend.get(tx, request.caller.account(), request.region, request.physical_id);
        if (!found) return found.error();
        if (auto r = reconcile(backend, tx, request, *found, cfn::props(request)); !r) return r.error();
        return found;
    });
    if (!repo) return repo.error();
    return repository_response(*repo);
}

Result<void> remove_repository(CloudContext& cloud, const ResourceRequest& request) {
    EcrBackend backend(cloud);
    auto done = cloud.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto found = backend.get(tx, request.caller.account(), request.region, request.physical_id);
        if (!found) return cfn::gone_or_error(found.error());
        if (auto a = backend.authorize(tx, request.caller, cfn::call_context(request), "ecr:DeleteRepository",
                                       (*found)["repositoryArn"].get<std::string>(), &*found);
            !a) {
            return a.error();
        }
        if (auto r = backend.remove(tx, request.caller.account(), request.region, request.physical_id); !r) {
            return r.error();
        }
        return true;
    });
    if (!done) return done.error();
    return ok();
}

} // namespace

CfnRepositoryProvider::CfnRepositoryProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::ECR::Repository", {create_repository, update_repository, remove_repository}) {}

} // namespace cdk::localcloud::ecr
