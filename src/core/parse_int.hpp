#pragma once

#include <charconv>
#include <concepts>
#include <optional>
#include <string_view>
#include <system_error>

namespace cdk {

/// Parses all of `text` as an integer in `base`: digits only (a leading '-' for signed types), no spaces, no
/// '+', no "0x". Empty input, trailing characters and values out of `T`'s range give nullopt. Replaces the
/// `std::stoi`/`std::stoull`-in-`try` pattern, which throws on exactly the input an attacker chooses and
/// silently accepts "12abc" and " 12".
template <std::integral T> [[nodiscard]] std::optional<T> parse_int(std::string_view text, int base = 10) {
    if (text.empty()) return std::nullopt;
    T value{};
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value, base);
    if (ec != std::errc{} || ptr != end) return std::nullopt;
    return value;
}

} // namespace cdk
