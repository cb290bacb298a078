#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::dynamodb {

/// AWS::DynamoDB::Table: dynamodb:CreateTable / UpdateTable / DeleteTable through the DynamoDB backend, as
/// the stack's role. Ref = table name (generated as CloudFormation does when TableName is absent); attributes
/// Arn, StreamArn.
CDK_CFN_PROVIDER(CfnTableProvider);

namespace detail {
/// The CreateTable input of AWS::DynamoDB::Table's (resolved) properties; also AWS::DynamoDB::GlobalTable's
/// replica, mapped to a Table's properties.
[[nodiscard]] Json table_create_input(const Json& table_properties, const std::string& name);
/// TimeToLiveSpecification of the properties (Enabled may be a resolved string), null when absent.
[[nodiscard]] Json ttl_spec(const Json& properties);
/// Deletes the table named by the request's physical id (already gone is success): the remove of both types.
[[nodiscard]] Result<void> remove_table(CloudContext& cloud, const cloudformation::ResourceRequest& request);
} // namespace detail

} // namespace cdk::localcloud::dynamodb
