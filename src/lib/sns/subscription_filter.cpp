#include "lib/sns/subscription_filter.hpp"

#include "tokens/errors.hpp"

namespace cdk::sns {

SubscriptionFilter SubscriptionFilter::string_filter(const StringConditions& c) {
    Json conditions = Json::array();
    for (const auto& v : c.allowlist)
        conditions.push_back(v);
    if (!c.denylist.empty()) conditions.push_back({{"anything-but", c.denylist}});
    for (const auto& p : c.match_prefixes)
        conditions.push_back({{"prefix", p}});
    for (const auto& s : c.match_suffixes)
        conditions.push_back({{"suffix", s}});
    return SubscriptionFilter(std::move(conditions));
}

SubscriptionFilter SubscriptionFilter::numeric_filter(const NumericConditions& c) {
    Json conditions = Json::array();
    for (double v : c.allowlist)
        conditions.push_back({{"numeric", Json::array({"=", v})}});
    if (c.greater_than) conditions.push_back({{"numeric", Json::array({">", *c.greater_than})}});
    if (c.greater_than_or_equal_to)
        conditions.push_back({{"numeric", Json::array({">=", *c.greater_than_or_equal_to})}});
    if (c.less_than) conditions.push_back({{"numeric", Json::array({"<", *c.less_than})}});
    if (c.less_than_or_equal_to)
        conditions.push_back({{"numeric", Json::array({"<=", *c.less_than_or_equal_to})}});
    if (c.between)
        conditions.push_back({{"numeric", Json::array({">=", c.between->start, "<=", c.between->stop})}});
    if (c.between_strict)
        conditions.push_back(
            {{"numeric", Json::array({">", c.between_strict->start, "<", c.between_strict->stop})}});
    return SubscriptionFilter(std::move(conditions));
}

SubscriptionFilter SubscriptionFilter::exists_filter() {
    return SubscriptionFilter(Json::array({{{"exists", true}}}));
}

SubscriptionFilter SubscriptionFilter::not_exists_filter() {
    return SubscriptionFilter(Json::array({{{"exists", false}}}));
}

FilterOrPolicy FilterOrPolicy::filter(const SubscriptionFilter& filter) {
    FilterOrPolicy f;
    f.filter_ = filter;
    return f;
}

FilterOrPolicy FilterOrPolicy::policy(std::map<std::string, FilterOrPolicy> policy) {
    FilterOrPolicy f;
    f.is_policy_ = true;
    f.policy_ = std::move(policy);
    return f;
}

namespace detail {
namespace {

void check_combinations(double total, const std::string& where) {
    if (total > 150) {
        throw ValidationError("the total combination of values (" +
                                  std::to_string(static_cast<long long>(total)) +
                                  ") of the filter policy of " + where + " must not exceed 150",
                              where);
    }
}

/// aws-cdk-lib's buildFilterPolicyWithMessageBody: each filter multiplies the total by its size times depth.
Json render_body(const FilterPolicyWithMessageBody& policy, const std::string& where, int depth,
                 double& total) {
    Json result = Json::object();
    for (const auto& [key, entry] : policy) {
        if (entry.is_policy()) {
            result[key] = render_body(entry.policy_doc(), where, depth + 1, total);
        } else {
            const Json& conditions = entry.filter_doc().conditions();
            result[key] = conditions;
            total *= static_cast<double>(conditions.size()) * depth;
        }
    }
    check_combinations(total, where);
    return result;
}

} // namespace

Json render_filter_policy(const FilterPolicy& policy, const std::string& where) {
    if (policy.size() > 5) {
        throw ValidationError("a filter policy can have a maximum of 5 attribute names, got " +
                                  std::to_string(policy.size()),
                              where);
    }
    Json result = Json::object();
    double total = 1;
    for (const auto& [key, filter] : policy) {
        result[key] = filter.conditions();
        total *= static_cast<double>(filter.conditions().size());
    }
    check_combinations(total, where);
    return result;
}

Json render_filter_policy(const FilterPolicyWithMessageBody& policy, const std::string& where) {
    if (policy.size() > 5) {
        throw ValidationError("a filter policy can have a maximum of 5 attribute names, got " +
                                  std::to_string(policy.size()),
                              where);
    }
    double total = 1;
    return render_body(policy, where, 1, total);
}

} // namespace detail
} // namespace cdk::sns
