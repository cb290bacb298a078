#include "toolkit/deploy/approval.hpp"

namespace cdk::toolkit::deploy {

const char* to_string(RequireApproval level) {
    switch (level) {
    case RequireApproval::Never: return "never";
    case RequireApproval::AnyChange: return "any-change";
    case RequireApproval::Broadening: return "broadening";
    }
    return "broadening";
}

Result<RequireApproval> parse_require_approval(const std::string& text) {
    if (text == "never") return RequireApproval::Never;
    if (text == "any-change") return RequireApproval::AnyChange;
    if (text == "broadening") return RequireApproval::Broadening;
    return make_error("RequireApprovalInvalid",
                      "--require-approval must be never, any-change or broadening, got '" + text + "'");
}

bool needs_approval(RequireApproval level, const diff::TemplateDiff& diff) {
    switch (level) {
    case RequireApproval::Never: return false;
    case RequireApproval::AnyChange: return !diff.empty();
    case RequireApproval::Broadening: return diff.permissions_broadened();
    }
    return true;
}

} // namespace cdk::toolkit::deploy
