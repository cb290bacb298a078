#include "lib/iam/merge_statements.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace cdk::iam::detail {
namespace {

struct Comparable {
    PolicyStatement statement;
    std::vector<size_t> originals;
    /// JSON.stringify(conditions).
    std::string condition_string;
};

/// CDK setEqual: the same length and every element of `a` in `b`.
template <typename T> bool set_equal(const std::vector<T>& a, const std::vector<T>& b) {
    if (a.size() != b.size()) return false;
    const std::set<T> in_b(b.begin(), b.end());
    return std::all_of(a.begin(), a.end(), [&](const T& x) { return in_b.count(x) > 0; });
}

/// CDK setMerge: the union, unique and sorted.
std::vector<std::string> set_merge(const std::vector<std::string>& x, const std::vector<std::string>& y) {
    std::set<std::string> all(x.begin(), x.end());
    all.insert(y.begin(), y.end());
    return {all.begin(), all.end()};
}

/// CDK partitionPrincipals: comparable principals by dedupe string (the last one given wins, in the
/// order the keys were first seen), the others as they are.
struct Partition {
    std::vector<std::string> keys;
    std::map<std::string, Principal> comparable;
    std::vector<Principal> non_comparable;
};

Partition partition_principals(const std::vector<Principal>& principals) {
    Partition out;
    for (const auto& p : principals) {
        if (const auto dedupe = p->dedupe_string()) {
            if (out.comparable.count(*dedupe) == 0) out.keys.push_back(*dedupe);
            out.comparable[*dedupe] = p;
        } else {
            out.non_comparable.push_back(p);
        }
    }
    return out;
}

std::vector<const IPrincipal*> identities(const std::vector<Principal>& principals) {
    std::vector<const IPrincipal*> out;
    out.reserve(principals.size());
    for (const auto& p : principals)
        out.push_back(&p.get());
    return out;
}

bool set_equal_principals(const std::vector<Principal>& xs, const std::vector<Principal>& ys) {
    const Partition x = partition_principals(xs);
    const Partition y = partition_principals(ys);
    return set_equal(identities(x.non_comparable), identities(y.non_comparable)) && set_equal(x.keys, y.keys);
}

std::vector<Principal> set_merge_principals(const std::vector<Principal>& xs,
                                            const std::vector<Principal>& ys) {
    const Partition x = partition_principals(xs);
    const Partition y = partition_principals(ys);
    // `{...x.comparable, ...y.comparable}`: keys in first-seen order, values from y where both have them.
    std::vector<std::string> keys = x.keys;
    for (const auto& k : y.keys) {
        if (x.comparable.count(k) == 0) keys.push_back(k);
    }
    std::vector<Principal> out;
    for (const auto& k : keys) {
        const auto in_y = y.comparable.find(k);
        out.push_back(in_y != y.comparable.end() ? in_y->second : x.comparable.at(k));
    }
    out.insert(out.end(), x.non_comparable.begin(), x.non_comparable.end());
    out.insert(out.end(), y.non_comparable.begin(), y.non_comparable.end());
    return out;
}

bool has_literal_principal(const PolicyStatement& s) {
    return std::any_of(s.principals().begin(), s.principals().end(), [](const Principal& p) {
        return p->policy_fragment().principal_json.contains("LiteralString");
    });
}

bool same_frame(const Comparable& a, const Comparable& b) {
    return a.statement.effect() == b.statement.effect() && a.condition_string == b.condition_string &&
           set_equal(a.statement.not_actions(), b.statement.not_actions()) &&
           set_equal(a.statement.not_resources(), b.statement.not_resources()) &&
           set_equal_principals(a.statement.not_principals(), b.statement.not_principals());
}

std::vector<size_t> joined(const std::vector<size_t>& a, const std::vector<size_t>& b) {
    std::vector<size_t> out = a;
    out.insert(out.end(), b.begin(), b.end());
    return out;
}

/// CDK mergeIfCombinable.
std::optional<Comparable> merge_if_combinable(const Comparable& a, const Comparable& b,
                                              const MergeStatementsOptions& options) {
    if (!a.statement.sid().empty() || !b.statement.sid().empty() || !same_frame(a, b)) return std::nullopt;
    const int equal = (set_equal(a.statement.actions(), b.statement.actions()) ? 1 : 0) +
                      (set_equal(a.statement.resources(), b.statement.resources()) ? 1 : 0) +
                      (set_equal_principals(a.statement.principals(), b.statement.principals()) ? 1 : 0);
    if (equal < 2) return std::nullopt;
    if (has_literal_principal(a.statement) != has_literal_principal(b.statement)) return std::nullopt;
    PolicyStatementProps props = a.statement.to_props();
    props.actions = set_merge(a.statement.actions(), b.statement.actions());
    props.resources = set_merge(a.statement.resources(), b.statement.resources());
    props.principals = set_merge_principals(a.statement.principals(), b.statement.principals());
    PolicyStatement combined(props);
    if (options.limit_size && combined.estimate_size(options.arn_estimate) > kMaxMergeSize)
        return std::nullopt;
    return Comparable{std::move(combined), joined(a.originals, b.originals), a.condition_string};
}

/// CDK mergeIfEqual.
std::optional<Comparable> merge_if_equal(const Comparable& a, const Comparable& b) {
    if (a.statement.sid() != b.statement.sid() || !same_frame(a, b) ||
        !set_equal(a.statement.actions(), b.statement.actions()) ||
        !set_equal(a.statement.resources(), b.statement.resources()) ||
        !set_equal_principals(a.statement.principals(), b.statement.principals())) {
        return std::nullopt;
    }
    return Comparable{a.statement, joined(a.originals, b.originals), a.condition_string};
}

} // namespace

std::vector<MergedStatement> merge_statements(const std::vector<PolicyStatement>& statements,
                                              const MergeStatementsOptions& options) {
    std::vector<Comparable> comps;
    comps.reserve(statements.size());
    for (size_t i = 0; i < statements.size(); ++i)
        comps.push_back({statements[i], {i}, statements[i].conditions().dump()});

    const auto one_pass = [&] {
        bool merged_any = false;
        for (size_t i = 0; i < comps.size(); ++i) {
            size_t j = i + 1;
            while (j < comps.size()) {
                std::optional<Comparable> merged = options.merge_if_combinable
                                                       ? merge_if_combinable(comps[i], comps[j], options)
                                                       : merge_if_equal(comps[i], comps[j]);
                if (merged) {
                    comps[i] = std::move(*merged);
                    comps.erase(comps.begin() + static_cast<std::ptrdiff_t>(j));
                    merged_any = true;
                } else {
                    ++j;
                }
            }
        }
        return merged_any;
    };
    while (one_pass()) {
    }

    std::vector<MergedStatement> out;
    out.reserve(comps.size());
    for (auto& c : comps)
        out.push_back({std::move(c.statement), std::move(c.originals)});
    return out;
}

} // namespace cdk::iam::detail
