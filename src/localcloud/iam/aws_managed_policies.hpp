#pragma once

#include "core/json.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace cdk::localcloud::iam {

/// The AWS managed policies localcloud knows, as one JSON object: name → {Path, DefaultVersionId,
/// CreateDate, Document}. Generated (tools/gen_aws_managed_policies.py) from AWS's published documents.
[[nodiscard]] const std::string& aws_managed_policies_json();

/// The same, parsed once.
[[nodiscard]] const Json& aws_managed_policies();

/// The AWS managed policy named by `arn` (`arn:aws:iam::aws:policy[/path]/Name`), if known.
[[nodiscard]] std::optional<Json> find_aws_managed_policy(std::string_view arn);

/// Its policy document alone (what `find_aws_managed_policy(arn)->at("Document")` is), without building the
/// policy around it: the authorization of every request reads it. Null when unknown.
[[nodiscard]] const Json* find_aws_managed_policy_document(std::string_view arn);

} // namespace cdk::localcloud::iam
