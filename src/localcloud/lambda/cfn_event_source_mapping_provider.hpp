#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::lambda {

/// AWS::Lambda::EventSourceMapping: lambda:CreateEventSourceMapping (an SQS queue or DynamoDB stream feeding
/// a function; the function's role must read the source), UpdateEventSourceMapping in place (BatchSize,
/// Enabled, FunctionName, MaximumBatchingWindowInSeconds, FunctionResponseTypes, the stream retry settings),
/// DeleteEventSourceMapping. Ref = UUID; attributes Id, EventSourceMappingArn.
CDK_CFN_PROVIDER(CfnEventSourceMappingProvider);

} // namespace cdk::localcloud::lambda
