#pragma once

#include "constructs/construct.hpp"
#include "lib/iam/generated/cfn_iam.hpp"
#include "lib/iam/policy.hpp"
#include "lib/iam/policy_document.hpp"

#include <string>
#include <vector>

namespace cdk::iam {

class Group;
class IRole;
class User;

/// A managed policy named by its ARN (CDK: IManagedPolicy). Returned by the `from_*` functions and
/// converted from a ManagedPolicy construct.
struct ManagedPolicyReference {
    std::string managed_policy_arn;
};

/// Props of a ManagedPolicy (CDK: ManagedPolicyProps).
struct ManagedPolicyProps {
    std::string managed_policy_name;
    /// Rendered as `""` when empty, as aws-cdk-lib does.
    std::string description;
    /// Defaults to `/` (always rendered).
    std::string path;
    std::vector<PolicyStatement> statements;
    std::vector<IRole*> roles;
    std::vector<User*> users;
    std::vector<Group*> groups;
    PolicyDocument document;
};

/// A customer managed policy (CDK: ManagedPolicy), rendered as `AWS::IAM::ManagedPolicy`; a grantee like
/// Policy.
class ManagedPolicy : public Construct, public IGrantable {
public:
    ManagedPolicy(Construct& scope, std::string_view id, const ManagedPolicyProps& props = {});
    [[nodiscard]] const IPrincipal& grant_principal() const override { return grant_principal_; }

    /// `arn:<partition>:iam::aws:policy/<name>`, e.g. `from_aws_managed_policy_name("ReadOnlyAccess")`
    /// or `"service-role/AWSLambdaBasicExecutionRole"`.
    [[nodiscard]] static ManagedPolicyReference from_aws_managed_policy_name(const std::string& name);
    /// An existing policy by ARN (adds nothing to the template).
    [[nodiscard]] static ManagedPolicyReference from_managed_policy_arn(Construct& scope, std::string_view id,
                                                                        const std::string& arn);
    /// A customer managed policy in the stack's account by name.
    [[nodiscard]] static ManagedPolicyReference
    from_managed_policy_name(Construct& scope, std::string_view id, const std::string& name);

    void add_statements(const std::vector<PolicyStatement>& statements);
    void attach_to_role(IRole& role);
    void attach_to_user(User& user);
    void attach_to_group(Group& group);
    [[nodiscard]] std::string managed_policy_arn() const;
    [[nodiscard]] PolicyDocument& document() { return document_; }
    operator ManagedPolicyReference() const { return {managed_policy_arn()}; }

private:
    PolicyDocument document_;
    std::vector<IRole*> roles_;
    std::vector<User*> users_;
    std::vector<Group*> groups_;
    CfnManagedPolicy* resource_ = nullptr;
    detail::PolicyGrantPrincipal grant_principal_;
};

} // namespace cdk::iam
