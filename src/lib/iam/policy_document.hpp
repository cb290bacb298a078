#pragma once

#include "core/json.hpp"
#include "lib/iam/policy_statement.hpp"

#include <optional>
#include <vector>

namespace cdk {
class Construct;
}

namespace cdk::iam {

/// Props of a PolicyDocument (CDK: PolicyDocumentProps).
struct PolicyDocumentProps {
    std::vector<PolicyStatement> statements;
    /// Give statements without a Sid the index as Sid.
    bool assign_sids = false;
    /// Merge and sort the statements at synthesis (CDK: `minimize`); unset follows the feature flag
    /// `@aws-cdk/aws-iam:minimizePolicies` in the context of the resource the document is rendered in.
    std::optional<bool> minimize;
};

/// An IAM policy document (CDK: PolicyDocument). `to_json()` is a token rendering the statements as they
/// are at synthesis; identical statements are rendered once. With `minimize` (or, unset, the feature flag
/// `@aws-cdk/aws-iam:minimizePolicies`) the statements are merged (detail::merge_statements) and each one's
/// actions, resources and principals sorted, as aws-cdk-lib does.
class PolicyDocument {
public:
    PolicyDocument(const PolicyDocumentProps& props = {});

    void add_statements(const std::vector<PolicyStatement>& statements);
    [[nodiscard]] bool is_empty() const { return statements_.empty(); }
    [[nodiscard]] size_t statement_count() const { return statements_.size(); }
    [[nodiscard]] const std::vector<PolicyStatement>& statements() const { return statements_; }

    /// `{"Statement": [...], "Version": "2012-10-17"}`, or null when empty (tokens unresolved, no dedup).
    [[nodiscard]] Json render() const;
    /// A Json token that renders this document at synthesis (it must outlive synthesis) with duplicates
    /// removed after resolution, as the CDK's PostProcessPolicyDocument.
    [[nodiscard]] Json to_json() const;
    [[nodiscard]] std::vector<std::string> validate_for_any_policy() const;
    [[nodiscard]] std::vector<std::string> validate_for_identity_policy() const;
    [[nodiscard]] std::vector<std::string> validate_for_resource_policy() const;

    /// Whether the document is minimized when rendered in `scope` (CDK: shouldMerge).
    [[nodiscard]] bool should_merge(const Construct* scope) const;
    /// The CDK's `_splitDocument`: merges the statements (only equal ones unless should_merge), keeps in this
    /// document those that fit in `self_maximum_size` and moves the others into new documents of at most
    /// `split_maximum_size` each (estimated sizes). Returns the new documents, in order.
    [[nodiscard]] std::vector<PolicyDocument> split_document(const Construct& scope, size_t self_maximum_size,
                                                             size_t split_maximum_size);
    [[nodiscard]] bool assign_sids() const { return assign_sids_; }
    [[nodiscard]] std::optional<bool> minimize() const { return minimize_; }

private:
    std::vector<PolicyStatement> statements_;
    bool assign_sids_ = false;
    std::optional<bool> minimize_;
};

} // namespace cdk::iam
