#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

namespace cdk::localcloud::cloudformation {

/// Registers CloudFormation (Query protocol, the stack engine) and the providers that belong to
/// CloudFormation itself (AWS::CDK::Metadata, AWS::CloudFormation::WaitConditionHandle). Call it after the
/// other services: it recovers stacks a crash left in progress when it starts.
void register_cloudformation(CloudContext& cloud, ServiceRegistry& services, ProviderRegistry& providers);

/// The providers CloudFormation owns (also used by tests that build their own registry).
void add_builtin_providers(ProviderRegistry& providers);

} // namespace cdk::localcloud::cloudformation
