#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::codestar {

/// AWS::CodeStarConnections::Connection: codestar-connections:CreateConnection as the stack's role
/// (ConnectionName, ProviderType or HostArn, Tags; AVAILABLE at once, see connections_backend.hpp). Ref = the
/// connection ARN; attributes ConnectionArn, ConnectionStatus, OwnerAccountId. An update changes only the
/// tags (the other properties are create-only: a change replaces the connection).
CDK_CFN_PROVIDER(CfnConnectionProvider);

} // namespace cdk::localcloud::codestar
