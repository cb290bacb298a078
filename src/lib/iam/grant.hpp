#pragma once

#include "core/json.hpp"
#include "lib/iam/policy_statement.hpp"
#include "lib/iam/principals.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cdk {
class Construct;
}

namespace cdk::iam {

/// What adding a statement to a resource policy did (CDK: AddToResourcePolicyResult).
struct AddToResourcePolicyResult {
    bool statement_added = false;
    Construct* policy_dependable = nullptr;
};

/// A resource with a resource policy (CDK: IResourceWithPolicy): buckets, keys, queues, topics, functions.
class IResourceWithPolicy {
public:
    virtual ~IResourceWithPolicy() = default;
    virtual AddToResourcePolicyResult add_to_resource_policy(const PolicyStatement& statement) = 0;
    /// The account the resource lives in (a token for environment-agnostic stacks).
    [[nodiscard]] virtual std::string resource_account() const = 0;
};

/// Options of Grant::add_to_principal (CDK: GrantOnPrincipalOptions).
struct GrantOnPrincipalOptions {
    const IGrantable& grantee;
    std::vector<std::string> actions;
    std::vector<std::string> resource_arns;
    Json conditions = Json::object();
};

/// Options of Grant::add_to_principal_or_resource (CDK: GrantWithResourceOptions).
struct GrantWithResourceOptions {
    const IGrantable& grantee;
    std::vector<std::string> actions;
    std::vector<std::string> resource_arns;
    IResourceWithPolicy& resource;
    /// ARNs for the resource policy statement when they differ (e.g. `*`); defaults to resource_arns.
    std::vector<std::string> resource_self_arns = {};
    Json conditions = Json::object();
};

/// The result of granting permissions (CDK: Grant). A grant goes to the principal's policy when it has one
/// (roles), else (or across accounts) to the resource's policy.
class Grant {
public:
    /// Adds a statement to the grantee's policy only; `success()` is false if the grantee has none.
    static Grant add_to_principal(const GrantOnPrincipalOptions& options);
    /// The principal's policy when the principal is in the resource's account, else the resource policy.
    static Grant add_to_principal_or_resource(const GrantWithResourceOptions& options);
    /// Both the principal's policy and the resource policy.
    static Grant add_to_principal_and_resource(const GrantWithResourceOptions& options);

    [[nodiscard]] bool success() const { return principal_statement_ || resource_statement_; }
    [[nodiscard]] const std::optional<PolicyStatement>& principal_statement() const {
        return principal_statement_;
    }
    [[nodiscard]] const std::optional<PolicyStatement>& resource_statement() const {
        return resource_statement_;
    }
    /// The policies holding the statements; make a construct depend on them with `apply_before`.
    [[nodiscard]] const std::vector<Construct*>& dependables() const { return dependables_; }
    /// Makes every construct in `constructs` depend on the policies of this grant.
    void apply_before(const std::vector<Construct*>& constructs) const;
    /// Throws when the grant reached no policy.
    void assert_success() const;

private:
    std::optional<PolicyStatement> principal_statement_;
    std::optional<PolicyStatement> resource_statement_;
    std::vector<Construct*> dependables_;
    std::string grantee_;
};

namespace detail {
/// CDK Token.compareStrings reduced to "the same account": equal literals, or both unresolved.
[[nodiscard]] bool same_account(const std::string& a, const std::string& b);
} // namespace detail

} // namespace cdk::iam
