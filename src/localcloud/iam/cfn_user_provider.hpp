#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::iam {

/// AWS::IAM::User: iam:CreateUser (+ iam:TagUser, iam:AddUserToGroup per group, iam:PutUserPolicy per inline
/// policy, iam:AttachUserPolicy per managed policy); updates in place (policy, group and tag diffs). Ref =
/// user name; attribute Arn. LoginProfile is refused (no console here).
CDK_CFN_PROVIDER(CfnUserProvider);

/// AWS::IAM::Group: iam:CreateGroup (+ iam:PutGroupPolicy, iam:AttachGroupPolicy); a member's requests are
/// authorized with the group's policies too. Ref = group name; attribute Arn.
CDK_CFN_PROVIDER(CfnGroupProvider);

/// AWS::IAM::UserToGroupAddition: iam:AddUserToGroup for each of Users (iam:RemoveUserFromGroup on removal).
/// Ref = a generated id.
CDK_CFN_PROVIDER(CfnUserToGroupAdditionProvider);

} // namespace cdk::localcloud::iam
