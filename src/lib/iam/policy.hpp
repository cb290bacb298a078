#pragma once

#include "constructs/construct.hpp"
#include "lib/iam/generated/cfn_iam.hpp"
#include "lib/iam/policy_document.hpp"

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

/// An inline IAM policy attached to roles (CDK: Policy), rendered as `AWS::IAM::Policy`.
class Policy : public Construct {
public:
    Policy(Construct& scope, std::string_view id, const PolicyProps& props = {});

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
};

} // namespace cdk::iam
