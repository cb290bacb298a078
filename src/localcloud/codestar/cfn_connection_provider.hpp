#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"

namespace cdk::localcloud::codestar {

/// AWS::CodeStarConnections::Connection: codestar-connections:CreateConnection as the stack's role (ConnectionName,
/// ProviderType or HostArn, Tags; AVAILABLE at once, see connections_backend.hpp). Ref = the connection ARN;
/// attributes ConnectionArn, ConnectionStatus, OwnerAccountId. An update changes only the tags (the other
/// properties are create-only: a change replaces the connection).
class CfnConnectionProvider final : public cloudformation::ResourceProvider {
public:
    explicit CfnConnectionProvider(CloudContext& cloud) : cloud_(cloud) {}
    [[nodiscard]] std::string type_name() const override { return "AWS::CodeStarConnections::Connection"; }
    [[nodiscard]] Result<cloudformation::ResourceResponse> create(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<cloudformation::ResourceResponse> update(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<void> remove(const cloudformation::ResourceRequest& r) override;

private:
    CloudContext& cloud_;
};

} // namespace cdk::localcloud::codestar
