#pragma once

#include "core/json.hpp"
#include "lib/iam/principals.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cdk::iam {

/// Allow or deny (CDK: Effect).
enum class Effect { Allow, Deny };

/// Props of a PolicyStatement (CDK: PolicyStatementProps). Conditions are `{operator: {key: value}}`.
struct PolicyStatementProps {
    std::string sid;
    Effect effect = Effect::Allow;
    std::vector<std::string> actions;
    std::vector<std::string> not_actions;
    std::vector<Principal> principals;
    std::vector<Principal> not_principals;
    std::vector<std::string> resources;
    std::vector<std::string> not_resources;
    Json conditions = Json::object();
};

/// One statement of an IAM policy (CDK: PolicyStatement). Renders as the CDK does: single values are not
/// wrapped in arrays, duplicates are dropped, empty parts are left out.
class PolicyStatement {
public:
    PolicyStatement(const PolicyStatementProps& props = {});

    void add_actions(const std::vector<std::string>& actions);
    void add_not_actions(const std::vector<std::string>& actions);
    void add_resources(const std::vector<std::string>& arns);
    void add_not_resources(const std::vector<std::string>& arns);
    /// `Resource: "*"`.
    void add_all_resources() { add_resources({"*"}); }
    void add_principals(const std::vector<Principal>& principals);
    void add_not_principals(const std::vector<Principal>& principals);
    /// `Principal: {"AWS": "*"}`.
    void add_any_principal();
    /// Merges `value` (`{key: value}`) into the condition operator `op`.
    void add_condition(const std::string& op, const Json& value);
    void add_conditions(const Json& conditions);
    /// `StringEquals: {"sts:ExternalId": account}`.
    void add_account_condition(const std::string& account_id);

    [[nodiscard]] const std::string& sid() const { return sid_; }
    void set_sid(std::string sid) { sid_ = std::move(sid); }
    [[nodiscard]] Effect effect() const { return effect_; }
    void set_effect(Effect effect) { effect_ = effect; }
    [[nodiscard]] const std::vector<std::string>& actions() const { return actions_; }
    [[nodiscard]] const std::vector<std::string>& not_actions() const { return not_actions_; }
    [[nodiscard]] const std::vector<std::string>& resources() const { return resources_; }
    [[nodiscard]] const std::vector<std::string>& not_resources() const { return not_resources_; }
    [[nodiscard]] const Json& principal_json() const { return principal_; }
    [[nodiscard]] const Json& conditions() const { return condition_; }
    [[nodiscard]] bool has_principal() const { return !principal_.empty() || !not_principal_.empty(); }
    /// The principals as they were added (the merge of `@aws-cdk/aws-iam:minimizePolicies` compares them).
    [[nodiscard]] const std::vector<Principal>& principals() const { return principals_; }
    [[nodiscard]] const std::vector<Principal>& not_principals() const { return not_principals_; }
    /// The props that make this statement again (CDK: `copy()`): what the merge rebuilds statements from.
    [[nodiscard]] PolicyStatementProps to_props() const;
    /// The CDK's `_estimateSize`: the statement's size in a policy, a token counted as `arn_estimate` (an
    /// ARN) or 20 (an action).
    [[nodiscard]] size_t estimate_size(size_t arn_estimate) const;
    [[nodiscard]] bool has_resource() const { return !resources_.empty() || !not_resources_.empty(); }

    /// The statement as IAM JSON (may hold tokens).
    [[nodiscard]] Json to_statement_json() const;
    /// Problems that make the statement invalid in any policy (no action).
    [[nodiscard]] std::vector<std::string> validate_for_any_policy() const;
    /// ... in an identity policy (no principal allowed, a resource required).
    [[nodiscard]] std::vector<std::string> validate_for_identity_policy() const;
    /// ... in a resource policy (a principal required).
    [[nodiscard]] std::vector<std::string> validate_for_resource_policy() const;

private:
    void add_principal_conditions(const Json& conditions);

    std::string sid_;
    Effect effect_ = Effect::Allow;
    std::vector<std::string> actions_;
    std::vector<std::string> not_actions_;
    std::vector<std::string> resources_;
    std::vector<std::string> not_resources_;
    Json principal_ = Json::object();
    Json not_principal_ = Json::object();
    Json condition_ = Json::object();
    std::vector<Principal> principals_;
    std::vector<Principal> not_principals_;
    std::optional<std::string> principal_conditions_json_;
};

namespace detail {
/// The CDK's normalizeStatement: drops empty parts, unwraps single values.
[[nodiscard]] Json normalize_statement(const Json& statement);
} // namespace detail

} // namespace cdk::iam
