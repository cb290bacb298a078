#pragma once

#include "toolkit/actions/deploy.hpp"

#include <ostream>
#include <vector>

namespace cdk::cli {

/// The end of a deploy: per stack ✅ (or no changes), its outputs (`Stack.Key = Value`), errors on `err`;
/// with `json` one JSON summary.
void render_deploy(std::ostream& out, std::ostream& err, const std::vector<toolkit::StackOutcome>& outcomes,
                   bool json);
/// The `--outputs-file` content: `{stackName: {key: value}}`.
[[nodiscard]] Json outputs_json(const std::vector<toolkit::StackOutcome>& outcomes);
/// The diffs, as people read them or as JSON; `security_only`: only the IAM and security group changes, and
/// (for people) only those of stacks whose permissions broaden, as the stock `cdk diff --security-only`.
void render_diff(std::ostream& out, std::ostream& err, const std::vector<toolkit::StackDiff>& diffs,
                 bool json, bool security_only = false);
/// The end of a destroy.
void render_destroy(std::ostream& out, std::ostream& err, const std::vector<toolkit::StackOutcome>& outcomes,
                    bool json);

} // namespace cdk::cli
