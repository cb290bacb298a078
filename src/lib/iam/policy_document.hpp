#pragma once

#include "core/json.hpp"
#include "lib/iam/policy_statement.hpp"

#include <vector>

namespace cdk::iam {

/// Props of a PolicyDocument (CDK: PolicyDocumentProps).
struct PolicyDocumentProps {
    std::vector<PolicyStatement> statements;
    /// Give statements without a Sid the index as Sid.
    bool assign_sids = false;
};

/// An IAM policy document (CDK: PolicyDocument). `to_json()` is a token rendering the statements as they
/// are at synthesis; identical statements are rendered once. Statement minimization
/// (`@aws-cdk/aws-iam:minimizePolicies`) is off, the default of aws-cdk-lib without feature flags.
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

private:
    std::vector<PolicyStatement> statements_;
    bool assign_sids_ = false;
};

} // namespace cdk::iam
