#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

namespace cdk::localcloud::codestar {

/// Registers CodeStar Connections (JSON 1.0, signing name `codestar-connections`, X-Amz-Target
/// `com.amazonaws.codestar.connections.CodeStar_connections_20191201.<Operation>`) and the
/// `AWS::CodeStarConnections::Connection` provider.
void register_codestar_connections(CloudContext& cloud, ServiceRegistry& services,
                                   cloudformation::ProviderRegistry& providers);

} // namespace cdk::localcloud::codestar
