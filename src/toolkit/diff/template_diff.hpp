#pragma once

#include "core/json.hpp"

#include <string>
#include <vector>

namespace cdk::toolkit::diff {

enum class ChangeKind { Added, Removed, Modified };
[[nodiscard]] const char* to_string(ChangeKind kind);

/// One property that differs (`path` is dotted, e.g. `Code.ZipFile`; top-level names for most).
struct PropertyChange {
    std::string path;
    Json old_value; ///< null when added
    Json new_value; ///< null when removed
};

/// A resource (or parameter, output, condition) that was added, removed or modified.
struct ElementChange {
    std::string section; ///< Resources, Parameters, Outputs, Conditions, Mappings, Rules
    std::string logical_id;
    ChangeKind kind = ChangeKind::Modified;
    std::string old_type; ///< resources only
    std::string new_type;
    bool replaces_type = false; ///< the type itself changed
    std::vector<PropertyChange> properties;
};

/// One IAM statement (or managed policy attachment) added or removed.
struct IamChange {
    bool added = true;
    std::string resource; ///< logical id of the policy/role/bucket policy that holds it
    std::string effect;   ///< Allow / Deny; `Attach` for a managed policy
    Json actions;         ///< Action (or NotAction)
    Json principals;      ///< Principal (null for identity policies)
    Json resources;       ///< Resource, or the managed policy ARN
    Json condition;       ///< null when absent
};

/// One security group rule added or removed.
struct SecurityGroupChange {
    bool added = true;
    std::string group;     ///< logical id of the group (or the rule resource)
    std::string direction; ///< ingress / egress
    Json rule;             ///< the rule's properties
};

/// The difference between a deployed template and a new one.
struct TemplateDiff {
    std::vector<ElementChange> changes;
    std::vector<IamChange> iam;
    std::vector<SecurityGroupChange> security_groups;

    [[nodiscard]] bool empty() const { return changes.empty(); }
    /// IAM statements or managed policies granting more (added Allow statements, attachments), or added
    /// security group rules: what `--require-approval broadening` asks about.
    [[nodiscard]] bool permissions_broadened() const;
};

/// Compares two templates (either may be empty: `{}`). Resource properties are compared one by one;
/// IAM statements from roles (trust and inline policies), policies, managed policies, bucket/queue/topic
/// policies and Lambda permissions are compared as sets, as are security group rules.
[[nodiscard]] TemplateDiff diff_templates(const Json& old_template, const Json& new_template);

/// Renders a diff for people: per element `[+] AWS::S3::Bucket Bucket`, `[~]` with `└─ [~] Prop` lines
/// showing old and new values, then the IAM and security group tables.
[[nodiscard]] std::string format_diff(const std::string& stack, const TemplateDiff& diff);
/// Only the IAM statement and security group tables (what `diff --security-only` prints; aws-cdk's
/// formatSecurityChanges).
[[nodiscard]] std::string format_security_diff(const std::string& stack, const TemplateDiff& diff);
/// The same diff as JSON (what `--json` prints); `security_only` leaves out the element changes.
[[nodiscard]] Json diff_to_json(const TemplateDiff& diff, bool security_only = false);

} // namespace cdk::toolkit::diff
