#pragma once

#include "core/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace cdk::localcloud::logs {

/// A CloudWatch Logs filter pattern for unstructured events: terms and "quoted phrases" that must all
/// appear, `?term` of which at least one must appear, `-term` that must not appear. Matching is
/// case-sensitive and by substring, as CloudWatch Logs matches terms. JSON (`{ $.x = 1 }`), space-delimited
/// (`[a, b]`) and regular-expression (`%re%`) patterns are refused (InvalidParameterException).
class FilterPattern {
public:
    /// Parses `text`; an empty pattern (or `""`) matches every event.
    [[nodiscard]] static Result<FilterPattern> parse(std::string_view text);
    [[nodiscard]] bool matches(std::string_view message) const;

private:
    std::vector<std::string> required_;
    std::vector<std::string> any_of_;
    std::vector<std::string> excluded_;
};

} // namespace cdk::localcloud::logs
