#pragma once

#include "core/json.hpp"
#include "tokens/resolvable.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cdk {

/// Encoding of tokens into ordinary values, exactly as aws-cdk-lib does it:
/// strings carry `${Token[HINT.N]}` markers (several may sit inside one string), lists are one
/// element `#{Token[HINT.N]}`, numbers are doubles with the marker bits 0xFBFF in the top 16.
class Token {
public:
    /// A string standing for the token; embed it anywhere in a larger string.
    [[nodiscard]] static std::string as_string(const ResolvablePtr& token);
    /// A one-element list standing for a list-valued token.
    [[nodiscard]] static std::vector<std::string> as_list(const ResolvablePtr& token);
    /// A number standing for a number-valued token.
    [[nodiscard]] static double as_number(const ResolvablePtr& token);
    /// A Json value standing for any token (a string marker resolving to whatever the token yields).
    [[nodiscard]] static Json as_any(const ResolvablePtr& token) { return Json(as_string(token)); }

    /// True if the value contains (or is) an unresolved token.
    [[nodiscard]] static bool is_unresolved(const Json& value);
    [[nodiscard]] static bool is_unresolved(std::string_view value);
    [[nodiscard]] static bool is_unresolved(const std::string& value) {
        return is_unresolved(std::string_view(value));
    }
    [[nodiscard]] static bool is_unresolved(const char* value) {
        return is_unresolved(std::string_view(value));
    }
    [[nodiscard]] static bool is_unresolved(double value);
    /// True for the sentinel "undefined" value (a Json `discarded`), dropped by resolution.
    [[nodiscard]] static bool is_undefined(const Json& value) { return value.is_discarded(); }
    /// The Json "undefined" sentinel: object keys holding it disappear when resolved.
    [[nodiscard]] static Json undefined() { return Json(Json::value_t::discarded); }

    /// The token a string is made of, if it is exactly one token marker (CDK: Tokenization.reverseString).
    [[nodiscard]] static ResolvablePtr reverse(const Json& value);
};

/// One piece of a string split at its token markers.
struct StringFragment {
    std::string literal;
    ResolvablePtr token; ///< set for a token fragment, null for a literal
};

namespace detail {

/// Splits a string into literal and token fragments (CDK: TokenString.split).
[[nodiscard]] std::vector<StringFragment> split_string(std::string_view text);
/// The token registered under a list marker string, or null.
[[nodiscard]] ResolvablePtr lookup_list_token(std::string_view text);
/// The token a marker double stands for, or null.
[[nodiscard]] ResolvablePtr lookup_number_token(double value);
/// True if the string holds a list token marker.
[[nodiscard]] bool contains_list_marker(std::string_view text);

} // namespace detail
} // namespace cdk
