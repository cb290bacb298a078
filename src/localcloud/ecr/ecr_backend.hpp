#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/iam/policy_evaluator.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/state/store.hpp"

#include <string>
#include <vector>

namespace cdk::localcloud::ecr {

/// ECR repositories (no images): name, ARN, URI, tag mutability, scanning and encryption settings, repository
/// policy (a resource policy, evaluated like a bucket policy), lifecycle policy text and tags. Per account
/// and region. Stored in the API's shape (repositoryName, repositoryArn, …) plus `policy`, `lifecyclePolicy`,
/// `tags`.
class EcrBackend {
public:
    explicit EcrBackend(CloudContext& cloud) : cloud_(cloud) {}

    [[nodiscard]] Result<Json> create(Tx& tx, const std::string& account, const std::string& region,
                                      const std::string& name, const Json& settings);
    [[nodiscard]] Result<Json> get(Tx& tx, const std::string& account, const std::string& region,
                                   const std::string& name);
    [[nodiscard]] Result<void> save(Tx& tx, const Json& repository);
    [[nodiscard]] Result<void> remove(Tx& tx, const std::string& account, const std::string& region,
                                      const std::string& name);
    [[nodiscard]] Result<std::vector<Json>> list(Tx& tx, const std::string& account,
                                                 const std::string& region);

    /// Authorizes `action` on a repository (`repository` null for CreateRepository: identity policies only).
    [[nodiscard]] Result<void> authorize(Tx& tx, const Caller& caller, const iam::Context& context,
                                         const std::string& action, const std::string& arn,
                                         const Json* repository);

    [[nodiscard]] static std::string arn(const std::string& region, const std::string& account,
                                         const std::string& name);
    [[nodiscard]] static std::string uri(const std::string& region, const std::string& account,
                                         const std::string& name);

private:
    CloudContext& cloud_;
};

/// The DescribeRepositories shape of a stored repository.
[[nodiscard]] Json repository_view(const Json& repository);

/// Whether `name` is a valid repository name.
[[nodiscard]] bool valid_repository_name(const std::string& name);

} // namespace cdk::localcloud::ecr
