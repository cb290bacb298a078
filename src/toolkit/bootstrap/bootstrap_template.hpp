#pragma once

#include "core/json.hpp"

#include <string>

namespace cdk::toolkit::bootstrap {

/// The bootstrap template version we deploy (the stock CLI 2.1148's template is version 33).
inline constexpr int kBootstrapVersion = 33;
/// The variant written in `BootstrapVariant` (the stock CLI refuses to overwrite another variant).
inline constexpr const char* kBootstrapVariant = "AWS CDK: Default Resources";
/// The stock default qualifier and toolkit stack name.
inline constexpr const char* kDefaultQualifier = "hnb659fds";
inline constexpr const char* kDefaultToolkitStackName = "CDKToolkit";

/// The bootstrap template, built here and equivalent to the stock CLI's `bootstrap-template.yaml`
/// (version 33): the same parameters, conditions, resources (logical ids, names, role tags, trust and
/// permissions), outputs and the `/cdk-bootstrap/<qualifier>/version` parameter.
[[nodiscard]] Json bootstrap_template();

/// The template's `BootstrapVersion` output as a number (0 when absent); works for any template.
[[nodiscard]] int bootstrap_version_of(const Json& template_json);
/// The `BootstrapVariant` parameter's default (empty when absent).
[[nodiscard]] std::string bootstrap_variant_of(const Json& template_json);

} // namespace cdk::toolkit::bootstrap
