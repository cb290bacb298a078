#pragma once

#include "lib/iam/role.hpp"

#include <string>
#include <vector>

namespace cdk {
class Construct;
}

namespace cdk::pipelines::detail {

/// The role of every asset publishing project of one asset type (CDK: AssetSingletonRole, `Assets/FileRole`):
/// created with the logging, report-group and build statements on wildcard resources, it drops the
/// per-project versions of those (and the artifact key statement CodeBuild projects add when bound to the
/// pipeline), and collects the publishing roles it may assume in `sts:AssumeRole` statements of at most ten
/// ARNs each.
class AssetSingletonRole : public iam::Role {
public:
    AssetSingletonRole(Construct& scope, std::string_view id, const iam::RoleProps& props);

    iam::AddToPrincipalPolicyResult add_to_policy(const iam::PolicyStatement& statement) override;
    /// Adds one publishing role ARN (placeholders are substituted with Fn::Sub). The ARNs are rendered in
    /// the order first added; call this before the projects using the role are created, as the CDK does.
    void add_assume_role(const std::string& role_arn_with_placeholders);
    /// Adds the collected `sts:AssumeRole` statements to the policy (once, after the last add_assume_role).
    void flush_assume_roles();

private:
    bool reject_duplicates_ = false;
    /// Each statement's ARNs, as added (a statement takes ten additions before the next one starts).
    std::vector<std::vector<std::string>> assume_batches_;
    std::vector<std::string> seen_;
};

/// The construct address of `scope` (constructs 10: `c8` + SHA-1 of the ids from the root, each followed by
/// a newline, ids `Default` left out).
[[nodiscard]] std::string construct_address(const Construct& scope);

/// The hex SHA-1 of `data`.
[[nodiscard]] std::string sha1_hex(const std::string& data);

} // namespace cdk::pipelines::detail
