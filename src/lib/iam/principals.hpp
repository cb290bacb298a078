#pragma once

#include "core/json.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cdk {
class Construct;
}

namespace cdk::iam {

class PolicyDocument;
class PolicyStatement;

/// The principal part of a policy statement (CDK: PrincipalPolicyFragment): `{"AWS": [...], "Service":
/// [...]}` and the conditions that come with the principal.
struct PrincipalPolicyFragment {
    Json principal_json = Json::object();
    Json conditions = Json::object();
};

/// What adding a statement to a principal's policy did (CDK: AddToPrincipalPolicyResult).
struct AddToPrincipalPolicyResult {
    bool statement_added = false;
    /// The construct (policy) that holds the statement; depend on it to have the permission in place.
    Construct* policy_dependable = nullptr;
};

/// Something that can be named in a policy (CDK: IPrincipal).
class IPrincipal {
public:
    virtual ~IPrincipal() = default;
    [[nodiscard]] virtual PrincipalPolicyFragment policy_fragment() const = 0;
    /// The action to allow in a trust policy (`sts:AssumeRole`).
    [[nodiscard]] virtual std::string assume_role_action() const { return "sts:AssumeRole"; }
    /// The account the principal belongs to, when known.
    [[nodiscard]] virtual std::optional<std::string> principal_account() const { return std::nullopt; }
    /// Adds a statement to the principal's own policy, if it has one (roles do; services do not).
    virtual AddToPrincipalPolicyResult add_to_principal_policy(const PolicyStatement& statement) const;
    /// Adds this principal's trust statement(s) to a role's assume-role policy.
    virtual void add_to_assume_role_policy(PolicyDocument& document) const;
    /// A description as the CDK prints it, e.g. `ServicePrincipal(events.amazonaws.com)`.
    [[nodiscard]] virtual std::string to_string() const = 0;
    /// A copy of this principal owned by the caller.
    [[nodiscard]] virtual std::shared_ptr<const IPrincipal> clone() const = 0;
    /// A string equal for principals that are the same (CDK: ComparablePrincipal.dedupeStringFor), or none:
    /// such principals (roles, users, groups) are compared by identity when statements are merged
    /// (`@aws-cdk/aws-iam:minimizePolicies`).
    [[nodiscard]] virtual std::optional<std::string> dedupe_string() const { return std::nullopt; }
};

/// Something that can be granted permissions (CDK: IGrantable): principals, roles, functions.
class IGrantable {
public:
    virtual ~IGrantable() = default;
    [[nodiscard]] virtual const IPrincipal& grant_principal() const = 0;
};

/// A principal held by value in props: `.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")`.
class Principal {
public:
    Principal() = default;
    Principal(const IPrincipal& principal) : ptr_(principal.clone()) {}
    Principal(std::shared_ptr<const IPrincipal> principal) : ptr_(std::move(principal)) {}
    [[nodiscard]] bool has_value() const { return ptr_ != nullptr; }
    explicit operator bool() const { return has_value(); }
    [[nodiscard]] const IPrincipal& get() const { return *ptr_; }
    [[nodiscard]] const IPrincipal* operator->() const { return ptr_.get(); }

private:
    std::shared_ptr<const IPrincipal> ptr_;
};

/// Base of the value principals: a principal is grantable to itself (CDK: PrincipalBase).
class PrincipalBase : public IPrincipal, public IGrantable {
public:
    [[nodiscard]] const IPrincipal& grant_principal() const override { return *this; }
};

/// An AWS service, e.g. `lambda.amazonaws.com` (CDK: ServicePrincipal).
class ServicePrincipal : public PrincipalBase {
public:
    explicit ServicePrincipal(std::string service, Json conditions = Json::object());
    [[nodiscard]] const std::string& service() const { return service_; }
    [[nodiscard]] PrincipalPolicyFragment policy_fragment() const override;
    [[nodiscard]] std::string to_string() const override { return "ServicePrincipal(" + service_ + ")"; }
    [[nodiscard]] std::shared_ptr<const IPrincipal> clone() const override;
    [[nodiscard]] std::optional<std::string> dedupe_string() const override;

private:
    std::string service_;
    Json conditions_;
};

/// Any identity given by ARN (CDK: ArnPrincipal).
class ArnPrincipal : public PrincipalBase {
public:
    explicit ArnPrincipal(std::string arn);
    [[nodiscard]] const std::string& arn() const { return arn_; }
    [[nodiscard]] PrincipalPolicyFragment policy_fragment() const override;
    [[nodiscard]] std::optional<std::string> principal_account() const override;
    [[nodiscard]] std::string to_string() const override { return "ArnPrincipal(" + arn_ + ")"; }
    [[nodiscard]] std::shared_ptr<const IPrincipal> clone() const override;
    [[nodiscard]] std::optional<std::string> dedupe_string() const override;
    /// This principal limited to an AWS Organization (`StringEquals aws:PrincipalOrgID`).
    [[nodiscard]] class PrincipalWithConditions in_organization(const std::string& organization_id) const;

protected:
    std::string arn_;
};

/// The root of an account: `arn:<partition>:iam::<account>:root` (CDK: AccountPrincipal).
class AccountPrincipal : public ArnPrincipal {
public:
    explicit AccountPrincipal(std::string account_id);
    [[nodiscard]] const std::string& account_id() const { return account_id_; }
    [[nodiscard]] std::optional<std::string> principal_account() const override { return account_id_; }
    [[nodiscard]] std::string to_string() const override { return "AccountPrincipal(" + account_id_ + ")"; }
    [[nodiscard]] std::shared_ptr<const IPrincipal> clone() const override;
    /// Unique per instance (and its copies): aws-cdk-lib's ARN is a fresh stack-dependent token each time.
    [[nodiscard]] std::optional<std::string> dedupe_string() const override;

private:
    std::string account_id_;
    std::uint64_t instance_ = 0;
};

/// The root of the account of the stack the policy is in (CDK: AccountRootPrincipal).
class AccountRootPrincipal : public AccountPrincipal {
public:
    AccountRootPrincipal();
    [[nodiscard]] std::string to_string() const override { return "AccountRootPrincipal()"; }
    [[nodiscard]] std::shared_ptr<const IPrincipal> clone() const override;
};

/// Every identity (`{"AWS": "*"}`) (CDK: AnyPrincipal).
class AnyPrincipal : public ArnPrincipal {
public:
    AnyPrincipal() : ArnPrincipal("*") {}
    [[nodiscard]] std::string to_string() const override { return "AnyPrincipal()"; }
    [[nodiscard]] std::shared_ptr<const IPrincipal> clone() const override;
};

/// The literal `"Principal": "*"` (CDK: StarPrincipal), as aws-cdk-lib writes it in its TLS-only statements.
class StarPrincipal : public PrincipalBase {
public:
    [[nodiscard]] PrincipalPolicyFragment policy_fragment() const override;
    [[nodiscard]] std::string to_string() const override { return "StarPrincipal()"; }
    [[nodiscard]] std::shared_ptr<const IPrincipal> clone() const override;
    [[nodiscard]] std::optional<std::string> dedupe_string() const override { return "StarPrincipal"; }
};

/// Every identity of an AWS Organization (CDK: OrganizationPrincipal): `{"AWS": "*"}` with
/// `StringEquals aws:PrincipalOrgID`.
class OrganizationPrincipal : public PrincipalBase {
public:
    explicit OrganizationPrincipal(std::string organization_id);
    [[nodiscard]] const std::string& organization_id() const { return organization_id_; }
    [[nodiscard]] PrincipalPolicyFragment policy_fragment() const override;
    [[nodiscard]] std::string to_string() const override {
        return "OrganizationPrincipal(" + organization_id_ + ")";
    }
    [[nodiscard]] std::shared_ptr<const IPrincipal> clone() const override;
    [[nodiscard]] std::optional<std::string> dedupe_string() const override;

private:
    std::string organization_id_;
};

/// A principal with extra conditions (CDK: PrincipalWithConditions, `principal.withConditions(...)`).
class PrincipalWithConditions : public PrincipalBase {
public:
    PrincipalWithConditions(const IPrincipal& principal, Json conditions);
    [[nodiscard]] PrincipalPolicyFragment policy_fragment() const override;
    [[nodiscard]] std::string assume_role_action() const override { return wrapped_->assume_role_action(); }
    [[nodiscard]] std::optional<std::string> principal_account() const override {
        return wrapped_->principal_account();
    }
    [[nodiscard]] std::string to_string() const override { return wrapped_->to_string(); }
    [[nodiscard]] std::shared_ptr<const IPrincipal> clone() const override;
    [[nodiscard]] std::optional<std::string> dedupe_string() const override;
    [[nodiscard]] const IPrincipal& wrapped() const { return *wrapped_; }
    [[nodiscard]] const Json& added_conditions() const { return conditions_; }
    /// Adds `{key: value}` pairs under the operator `op`, merged with what is there (CDK: addCondition).
    PrincipalWithConditions& add_condition(const std::string& op, const Json& value);
    /// Adds several operators at once (CDK: addConditions).
    PrincipalWithConditions& add_conditions(const Json& conditions);

private:
    std::shared_ptr<const IPrincipal> wrapped_;
    Json conditions_;
};

/// `principal` with `conditions` added, e.g. `with_conditions(AccountPrincipal("1111"), {{"StringEquals",
/// ...}})`.
[[nodiscard]] PrincipalWithConditions with_conditions(const IPrincipal& principal, Json conditions);

/// Several principals in one (CDK: CompositePrincipal). In a trust policy each gets its own statement.
class CompositePrincipal : public PrincipalBase {
public:
    explicit CompositePrincipal(std::vector<Principal> principals);
    CompositePrincipal& add_principals(std::vector<Principal> principals);
    [[nodiscard]] PrincipalPolicyFragment policy_fragment() const override;
    [[nodiscard]] std::string assume_role_action() const override { return assume_role_action_; }
    void add_to_assume_role_policy(PolicyDocument& document) const override;
    [[nodiscard]] std::string to_string() const override;
    [[nodiscard]] std::shared_ptr<const IPrincipal> clone() const override;
    [[nodiscard]] std::optional<std::string> dedupe_string() const override;
    [[nodiscard]] const std::vector<Principal>& principals() const { return principals_; }

private:
    std::vector<Principal> principals_;
    std::string assume_role_action_;
};

namespace detail {
/// Merges principal JSON maps key by key, keeping first-seen order and dropping duplicates (CDK:
/// mergePrincipal).
void merge_principal(Json& target, const Json& source);
/// A string token resolving to `arn:<partition>:iam::<account of the consuming stack>:root`.
[[nodiscard]] std::string stack_account_root_arn();
/// The account of the stack a construct is in.
[[nodiscard]] std::string stack_account(const Construct& scope);
} // namespace detail

} // namespace cdk::iam
