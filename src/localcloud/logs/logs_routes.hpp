#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

namespace cdk::localcloud::logs {

/// Registers CloudWatch Logs (signing name `logs`) and the AWS::Logs::LogGroup provider.
void register_logs(CloudContext& cloud, ServiceRegistry& services,
                   cloudformation::ProviderRegistry& providers);

} // namespace cdk::localcloud::logs
