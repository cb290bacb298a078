#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::logs {

/// AWS::Logs::MetricFilter: logs:PutMetricFilter on the log group (FilterName generated
/// `<stack>-<LogicalId>-<RANDOM>` when absent; MetricTransformations as CloudFormation spells them,
/// Dimensions
/// `[{Key, Value}]`); update puts it again (FilterName and LogGroupName are create-only: the engine
/// replaces); remove is logs:DeleteMetricFilter. Ref = filter name.
CDK_CFN_PROVIDER(CfnMetricFilterProvider);

/// AWS::Logs::SubscriptionFilter: logs:PutSubscriptionFilter (at most two per log group, as AWS); update puts
/// it again; remove is logs:DeleteSubscriptionFilter. Ref = filter name. The destination is stored, not
/// invoked (localcloud delivers no subscription events yet).
CDK_CFN_PROVIDER(CfnSubscriptionFilterProvider);

/// AWS::Logs::LogStream: logs:CreateLogStream (LogStreamName generated when absent); both properties are
/// create-only, so there is no update; remove is logs:DeleteLogStream. Ref = stream name.
CDK_CFN_PROVIDER(CfnLogStreamProvider);

} // namespace cdk::localcloud::logs
