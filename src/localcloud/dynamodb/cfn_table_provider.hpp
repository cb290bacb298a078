#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::dynamodb {

/// AWS::DynamoDB::Table: dynamodb:CreateTable / UpdateTable / DeleteTable through the DynamoDB backend, as
/// the stack's role. Ref = table name (generated as CloudFormation does when TableName is absent); attributes
/// Arn, StreamArn.
struct CfnTableProvider final : cfn::Provider {
    explicit CfnTableProvider(CloudContext& cloud);
};

} // namespace cdk::localcloud::dynamodb
