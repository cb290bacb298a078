#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/iam/policy_evaluator.hpp"
#include "localcloud/repos/repos.hpp"
#include "localcloud/server/cloud_context.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cdk::localcloud::codestar {

/// Who asks, where, with which condition keys.
struct ConnectionsCall {
    Caller caller;
    std::string region;
    iam::Context context;
};

/// What a pipeline's source action does with a connection: read `full_repository_id` (OWNER/REPO) at
/// `branch`.
struct ConnectionUse {
    std::string connection_arn;
    std::string full_repository_id;
    std::string branch;                      ///< "" when not one branch (condition key left out)
    std::string provider_action = "GitPull"; ///< codestar-connections:ProviderAction
};

/// CodeStar Connections (`codestar-connections`): connections to GitHub (and the other provider types) that a
/// CodePipeline source action reads repositories through. Locally a repository is a linked git repository
/// (`cdkpp local link-repo`), so a new connection is AVAILABLE at once: linking is the handshake that the AWS
/// console's "Update pending connection" is on AWS. Connections are stored per account and region (kind
/// `codestar-connection`, name = the connection's id); every operation is authorized as
/// `codestar-connections:<Action>` on the connection ARN (`*` for ListConnections).
class ConnectionsBackend {
public:
    explicit ConnectionsBackend(CloudContext& cloud) : cloud_(cloud) {}

    /// {ConnectionArn, ConnectionName, ConnectionStatus, OwnerAccountId, ProviderType, HostArn?, Tags}.
    [[nodiscard]] Result<Json> create(const ConnectionsCall& call, const std::string& name,
                                      const std::string& provider_type, const std::string& host_arn,
                                      const Json& tags);
    [[nodiscard]] Result<Json> get(const ConnectionsCall& call, const std::string& arn);
    /// One page: {Connections, NextToken?}.
    [[nodiscard]] Result<Json> list(const ConnectionsCall& call, const std::string& provider_type_filter,
                                    const std::string& host_arn_filter, std::optional<long long> max_results,
                                    const std::string& next_token);
    [[nodiscard]] Result<void> remove(const ConnectionsCall& call, const std::string& arn);
    [[nodiscard]] Result<void> tag(const ConnectionsCall& call, const std::string& arn, const Json& tags);
    [[nodiscard]] Result<void> untag(const ConnectionsCall& call, const std::string& arn, const Json& keys);
    [[nodiscard]] Result<Json> list_tags(const ConnectionsCall& call, const std::string& arn);

    /// `codestar-connections:UseConnection`, what a pipeline's role needs to read a repository through the
    /// connection: the connection must exist in the caller's account and be AVAILABLE, the caller must be
    /// allowed UseConnection on its ARN with the condition keys `codestar-connections:FullRepositoryId`,
    /// `OwnerId`, `RepositoryName`, `ProviderType`, `ProviderAction` and (with a branch) `BranchName`.
    /// Returns the stored connection. Runs in the caller's transaction.
    [[nodiscard]] Result<Json> authorize_use(Tx& tx, const ConnectionsCall& call, const ConnectionUse& use);
    /// `authorize_use` in its own transaction, then the linked repository the connection reads
    /// (RepositoryNotFound naming `cdkpp local link-repo` when it is not linked). Not inside a transaction.
    [[nodiscard]] Result<repos::LinkedRepo> use_connection(const ConnectionsCall& call,
                                                           const ConnectionUse& use);

    /// arn:aws:codestar-connections:REGION:ACCOUNT:connection/ID
    [[nodiscard]] static std::string arn(const std::string& region, const std::string& account,
                                         const std::string& id);

private:
    /// Loads the connection `arn` names and authorizes `action` on it.
    [[nodiscard]] Result<Json> load(Tx& tx, const ConnectionsCall& call, const std::string& arn,
                                    const std::string& action, const iam::Context& extra = {});
    [[nodiscard]] Result<void> authorize(Tx& tx, const ConnectionsCall& call, const std::string& action,
                                         const std::string& resource, const std::string& account,
                                         const iam::Context& extra = {});

    CloudContext& cloud_;
};

} // namespace cdk::localcloud::codestar
