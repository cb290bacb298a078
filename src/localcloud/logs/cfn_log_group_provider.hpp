#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::logs {

/// AWS::Logs::LogGroup: logs:CreateLogGroup (and logs:TagResource with Tags, logs:PutRetentionPolicy with
/// RetentionInDays), in one transaction. LogGroupName optional (generated `<stack>-<LogicalId>-<RANDOM>`);
/// update applies RetentionInDays (logs:PutRetentionPolicy / logs:DeleteRetentionPolicy) and tag changes;
/// remove is logs:DeleteLogGroup (DeletionPolicy Retain is the engine's). Ref = name; attribute Arn
/// (`arn:aws:logs:<region>:<account>:log-group:<name>:*`, as CloudFormation gives it).
CDK_CFN_PROVIDER(CfnLogGroupProvider);

} // namespace cdk::localcloud::logs
