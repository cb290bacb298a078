#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::iam {

/// AWS::IAM::Role: iam:CreateRole (+ iam:TagRole, iam:PutRolePermissionsBoundary, iam:PutRolePolicy per
/// inline policy, iam:AttachRolePolicy per managed policy); updates in place (UpdateAssumeRolePolicy,
/// UpdateRole, policy diffs). Ref = role name; attributes Arn, RoleId.
CDK_CFN_PROVIDER(CfnRoleProvider);

/// AWS::IAM::Policy: an inline policy put on each of Roles, Users and Groups (iam:PutRolePolicy /
/// iam:PutUserPolicy / iam:PutGroupPolicy). Ref = a generated id.
CDK_CFN_PROVIDER(CfnPolicyProvider);

/// AWS::IAM::ManagedPolicy: a customer managed policy (iam:CreatePolicy, iam:CreatePolicyVersion on update)
/// attached to Roles, Users and Groups. Ref = policy ARN; attributes PolicyArn, PolicyId, DefaultVersionId, …
CDK_CFN_PROVIDER(CfnManagedPolicyProvider);

} // namespace cdk::localcloud::iam
