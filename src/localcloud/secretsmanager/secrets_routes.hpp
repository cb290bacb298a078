#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

namespace cdk::localcloud::secretsmanager {

/// Registers Secrets Manager (signing name `secretsmanager`) and its CloudFormation providers
/// (AWS::SecretsManager::Secret, AWS::SecretsManager::ResourcePolicy).
void register_secretsmanager(CloudContext& cloud, ServiceRegistry& services,
                             cloudformation::ProviderRegistry& providers);

} // namespace cdk::localcloud::secretsmanager
