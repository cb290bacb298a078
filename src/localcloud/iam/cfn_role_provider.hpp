#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"

namespace cdk::localcloud::iam {

/// AWS::IAM::Role: iam:CreateRole (+ iam:TagRole, iam:PutRolePermissionsBoundary, iam:PutRolePolicy per inline
/// policy, iam:AttachRolePolicy per managed policy); updates in place (UpdateAssumeRolePolicy, UpdateRole,
/// policy diffs). Ref = role name; attributes Arn, RoleId.
class CfnRoleProvider final : public cloudformation::ResourceProvider {
public:
    explicit CfnRoleProvider(CloudContext& cloud) : cloud_(cloud) {}
    [[nodiscard]] std::string type_name() const override { return "AWS::IAM::Role"; }
    [[nodiscard]] Result<cloudformation::ResourceResponse> create(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<cloudformation::ResourceResponse> update(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<void> remove(const cloudformation::ResourceRequest& r) override;

private:
    CloudContext& cloud_;
};

/// AWS::IAM::Policy: an inline policy put on each of Roles and Users (iam:PutRolePolicy / iam:PutUserPolicy).
/// Ref = a generated id. Groups are not modelled by localcloud and are refused.
class CfnPolicyProvider final : public cloudformation::ResourceProvider {
public:
    explicit CfnPolicyProvider(CloudContext& cloud) : cloud_(cloud) {}
    [[nodiscard]] std::string type_name() const override { return "AWS::IAM::Policy"; }
    [[nodiscard]] Result<cloudformation::ResourceResponse> create(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<cloudformation::ResourceResponse> update(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<void> remove(const cloudformation::ResourceRequest& r) override;

private:
    CloudContext& cloud_;
};

/// AWS::IAM::ManagedPolicy: a customer managed policy (iam:CreatePolicy, iam:CreatePolicyVersion on update)
/// attached to Roles and Users. Ref = policy ARN; attributes PolicyArn, PolicyId, DefaultVersionId, …
class CfnManagedPolicyProvider final : public cloudformation::ResourceProvider {
public:
    explicit CfnManagedPolicyProvider(CloudContext& cloud) : cloud_(cloud) {}
    [[nodiscard]] std::string type_name() const override { return "AWS::IAM::ManagedPolicy"; }
    [[nodiscard]] Result<cloudformation::ResourceResponse> create(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<cloudformation::ResourceResponse> update(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<void> remove(const cloudformation::ResourceRequest& r) override;

private:
    CloudContext& cloud_;
};

} // namespace cdk::localcloud::iam
