#pragma once

#include "constructs/construct.hpp"
#include "lib/iam/generated/cfn_iam.hpp"
#include "lib/iam/policy_document.hpp"
#include "lib/iam/principals.hpp"

#include <functional>
#include <string>
#include <vector>

namespace cdk::iam {

class Group;
class IRole;
class User;

/// Props of a Policy (CDK: PolicyProps).
struct PolicyProps {
    /// Defaults to the resource's logical id (last 128 characters), as the CDK generates it.
    std::string policy_name;
    std::vector<PolicyStatement> statements;
    std::vector<IRole*> roles;
    std::vector<User*> users;
    std::vector<Group*> groups;
    /// A document to start from (statements are added to it).
    PolicyDocument document;
};

namespace detail {
/// The grant principal of a policy (CDK: PolicyGrantPrincipal, ManagedPolicyGrantPrincipal): a grant adds
/// its statement to the policy; a grant that needs a resource policy (a principal) is an error.
class PolicyGrantPrincipal : public IPrincipal {
public:
    PolicyGrantPrincipal(const Construct& policy, std::function<void(const PolicyStatement&)> add,
                         Construct* dependable)
        : policy_(&policy), add_(std::move(add)), dependable_(dependable) {}
    [[nodiscard]] PrincipalPolicyFragment policy_fragment() const override;
    [[nodiscard]] std::string assume_role_action() const override;
    [[nodiscard]] std::optional<std::string> principal_account() const override;
    AddToPrincipalPolicyResult add_to_principal_policy(const PolicyStatement& statement) const override;
    [[nodiscard]] std::string to_string() const override { return "PolicyGrantPrincipal"; }
    [[nodiscard]] std::shared_ptr<const IPrincipal> clone() const override {
        return std::shared_ptr<const IPrincipal>(std::shared_ptr<const IPrincipal>(), this);
    }

private:
    const Construct* policy_;
    std::function<void(const PolicyStatement&)> add_;
    Construct* dependable_;
};
} // namespace detail

/// An inline IAM policy attached to roles (CDK: Policy), rendered as `AWS::IAM::Policy`. A policy is a
/// grantee: grants add their statements to it (`grant_principal()`).
class Policy : public Construct, public IGrantable {
public:
    Policy(Construct& scope, std::string_view id, const PolicyProps& props = {});
    [[nodiscard]] const IPrincipal& grant_principal() const override { return grant_principal_; }

    void add_statements(const std::vector<PolicyStatement>& statements);
    void attach_to_role(IRole& role);
    void attach_to_user(User& user);
    void attach_to_group(Group& group);
    [[nodiscard]] PolicyDocument& document() { return document_; }
    [[nodiscard]] const PolicyDocument& document() const { return document_; }
    /// The policy name (a token when generated).
    [[nodiscard]] std::string policy_name() const;
    /// The `AWS::IAM::Policy` resource.
    [[nodiscard]] CfnPolicy& resource() { return *resource_; }

private:
    PolicyDocument document_;
    std::vector<IRole*> roles_;
    std::vector<User*> users_;
    std::vector<Group*> groups_;
    CfnPolicy* resource_ = nullptr;
    detail::PolicyGrantPrincipal grant_principal_;
};

} // namespace cdk::iam
