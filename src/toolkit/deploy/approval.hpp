#pragma once

#include "core/result.hpp"
#include "toolkit/diff/template_diff.hpp"

#include <string>

namespace cdk::toolkit::deploy {

/// `--require-approval`: when deploy asks before changing a stack.
enum class RequireApproval {
    Never,      ///< never ask
    AnyChange,  ///< ask before any change
    Broadening, ///< ask when IAM permissions or security group rules grow (the default)
};
[[nodiscard]] const char* to_string(RequireApproval level);
/// `never`, `any-change`, `broadening`; anything else is `RequireApprovalInvalid`.
[[nodiscard]] Result<RequireApproval> parse_require_approval(const std::string& text);

/// Whether this diff needs the user's approval at this level.
[[nodiscard]] bool needs_approval(RequireApproval level, const diff::TemplateDiff& diff);

} // namespace cdk::toolkit::deploy
