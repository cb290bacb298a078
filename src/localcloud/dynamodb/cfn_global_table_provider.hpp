#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::dynamodb {

/// AWS::DynamoDB::GlobalTable: its replica in the stack's region is a table of the DynamoDB backend
/// (dynamodb:CreateTable / UpdateTable / DeleteTable as the stack's role); replicas in other regions are
/// refused (localcloud does not replicate between regions). Ref = table name (generated as CloudFormation
/// does when TableName is absent); attributes Arn, StreamArn (with a stream), TableId.
CDK_CFN_PROVIDER(CfnGlobalTableProvider);

} // namespace cdk::localcloud::dynamodb
