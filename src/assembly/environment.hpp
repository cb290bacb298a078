#pragma once

#include "core/result.hpp"

#include <string>
#include <string_view>

namespace cdk::assembly {

/// The placeholders the CDK writes for an environment-agnostic stack.
inline constexpr std::string_view kUnknownAccount = "unknown-account";
inline constexpr std::string_view kUnknownRegion = "unknown-region";

/// The target of a stack artifact: `aws://account/region` in the manifest.
struct Environment {
    std::string account{kUnknownAccount};
    std::string region{kUnknownRegion};

    /// `aws://account/region`.
    [[nodiscard]] std::string to_string() const;
    [[nodiscard]] bool has_account() const { return account != kUnknownAccount; }
    [[nodiscard]] bool has_region() const { return region != kUnknownRegion; }
    /// Neither account nor region is known.
    [[nodiscard]] bool is_agnostic() const { return !has_account() && !has_region(); }

    friend bool operator==(const Environment&, const Environment&) = default;
};

/// Parses `aws://account/region`; an error names the value and the expected form.
[[nodiscard]] Result<Environment> parse_environment(std::string_view text);

} // namespace cdk::assembly
