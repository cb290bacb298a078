#pragma once

#include "core/json.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cdk::sns {

/// Conditions on a string attribute (CDK: StringConditions).
struct StringConditions {
    std::vector<std::string> allowlist;
    std::vector<std::string> denylist;
    std::vector<std::string> match_prefixes;
    std::vector<std::string> match_suffixes;
};

/// An inclusive or exclusive numeric range (CDK: BetweenCondition).
struct BetweenCondition {
    double start = 0;
    double stop = 0;
};

/// Conditions on a numeric attribute (CDK: NumericConditions).
struct NumericConditions {
    std::vector<double> allowlist;
    std::optional<double> greater_than;
    std::optional<double> greater_than_or_equal_to;
    std::optional<double> less_than;
    std::optional<double> less_than_or_equal_to;
    std::optional<BetweenCondition> between;
    std::optional<BetweenCondition> between_strict;
};

/// The conditions of one attribute in a subscription filter policy (CDK: SubscriptionFilter).
class SubscriptionFilter {
public:
    explicit SubscriptionFilter(Json conditions = Json::array()) : conditions_(std::move(conditions)) {}

    [[nodiscard]] static SubscriptionFilter string_filter(const StringConditions& conditions);
    [[nodiscard]] static SubscriptionFilter numeric_filter(const NumericConditions& conditions);
    /// `{"exists": true}`.
    [[nodiscard]] static SubscriptionFilter exists_filter();
    /// `{"exists": false}`.
    [[nodiscard]] static SubscriptionFilter not_exists_filter();

    [[nodiscard]] const Json& conditions() const { return conditions_; }

private:
    Json conditions_;
};

/// A filter on a message-body key, or a nested policy (CDK: FilterOrPolicy).
class FilterOrPolicy {
public:
    [[nodiscard]] static FilterOrPolicy filter(const SubscriptionFilter& filter);
    [[nodiscard]] static FilterOrPolicy policy(std::map<std::string, FilterOrPolicy> policy);

    [[nodiscard]] bool is_policy() const { return is_policy_; }
    [[nodiscard]] const SubscriptionFilter& filter_doc() const { return filter_; }
    [[nodiscard]] const std::map<std::string, FilterOrPolicy>& policy_doc() const { return policy_; }

private:
    bool is_policy_ = false;
    SubscriptionFilter filter_;
    std::map<std::string, FilterOrPolicy> policy_;
};

/// A filter policy on message attributes: attribute name to filter.
using FilterPolicy = std::map<std::string, SubscriptionFilter>;
/// A filter policy on the message body (rendered with `FilterPolicyScope: MessageBody`).
using FilterPolicyWithMessageBody = std::map<std::string, FilterOrPolicy>;

namespace detail {
/// The CloudFormation `FilterPolicy`, checked as aws-cdk-lib does (at most 5 attributes, at most 150 value
/// combinations); `where` names the subscription in errors.
[[nodiscard]] Json render_filter_policy(const FilterPolicy& policy, const std::string& where);
[[nodiscard]] Json render_filter_policy(const FilterPolicyWithMessageBody& policy, const std::string& where);
} // namespace detail

} // namespace cdk::sns
