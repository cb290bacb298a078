#pragma once

#include "lib/iam/policy_statement.hpp"

#include <vector>

namespace cdk::iam::detail {

/// Options of merge_statements (CDK: MergeStatementOptions).
struct MergeStatementsOptions {
    /// Merge statements that differ in one of actions, resources and principals (the
    /// `@aws-cdk/aws-iam:minimizePolicies` rule); false merges only statements that are equal as sets.
    bool merge_if_combinable = true;
    /// Refuse a merge whose statement estimates above 2000 characters (a role's default policy before it is
    /// split into managed policies).
    bool limit_size = false;
    /// The size of an unresolved ARN (context `@aws-cdk/aws-iam.arnSizeEstimate`, default 150).
    size_t arn_estimate = 150;
};

/// One statement of the merge and the input statements (indices) it was made of.
struct MergedStatement {
    PolicyStatement statement;
    std::vector<size_t> originals;
};

/// aws-cdk-lib's mergeStatements: repeats passes over the statements, each merging every later statement
/// into an earlier one it combines with, until a pass merges nothing. Two statements combine when they have
/// the same effect, no Sid, the same conditions, NotActions, NotResources and NotPrincipals, and at least
/// two of actions, resources and principals equal as sets (principals compared by dedupe string, or by
/// identity when they have none), unless one has a literal principal (`"*"`) and the other not. The merged
/// statement has the union of the three, actions and resources sorted.
[[nodiscard]] std::vector<MergedStatement> merge_statements(const std::vector<PolicyStatement>& statements,
                                                            const MergeStatementsOptions& options);

/// The size estimate a merge may not exceed with `limit_size` (CDK: MAX_MERGE_SIZE).
inline constexpr size_t kMaxMergeSize = 2000;

} // namespace cdk::iam::detail
