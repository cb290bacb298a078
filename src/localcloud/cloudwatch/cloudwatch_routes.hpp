#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

namespace cdk::localcloud::cloudwatch {

/// Registers CloudWatch (signing name `monitoring`, JSON 1.0 as botocore speaks it) and the
/// AWS::CloudWatch::Alarm provider.
void register_cloudwatch(CloudContext& cloud, ServiceRegistry& services,
                         cloudformation::ProviderRegistry& providers);

} // namespace cdk::localcloud::cloudwatch
