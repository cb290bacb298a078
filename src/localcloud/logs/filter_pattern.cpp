#include "localcloud/logs/filter_pattern.hpp"

#include "localcloud/logs/logs_errors.hpp"

#include <algorithm>
#include <cctype>

namespace cdk::localcloud::logs {

namespace {

bool contains(std::string_view message, const std::string& term) {
    return message.find(term) != std::string_view::npos;
}

} // namespace

Result<FilterPattern> FilterPattern::parse(std::string_view text) {
    FilterPattern pattern;
    std::size_t i = 0;
    while (i < text.size()) {
        if (std::isspace(static_cast<unsigned char>(text[i])) != 0) {
            ++i;
            continue;
        }
        char kind = ' ';
        if (text[i] == '?' || text[i] == '-') kind = text[i++];
        if (i < text.size() && (text[i] == '{' || text[i] == '[' || text[i] == '%')) {
            return invalid_parameter(
                "localcloud serves term and phrase filter patterns only; JSON, space-delimited "
                "and regular-expression patterns are not supported");
        }
        std::string term;
        if (i < text.size() && text[i] == '"') {
            const std::size_t close = text.find('"', i + 1);
            if (close == std::string_view::npos)
                return invalid_parameter("Invalid filter pattern: unterminated quote");
            term = std::string(text.substr(i + 1, close - i - 1));
            i = close + 1;
        } else {
            const std::size_t start = i;
            while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) == 0)
                ++i;
            term = std::string(text.substr(start, i - start));
        }
        if (term.empty()) {
            if (kind != ' ') return invalid_parameter("Invalid filter pattern: an operator without a term");
            continue; // `""`: matches everything
        }
        (kind == '?' ? pattern.any_of_ : kind == '-' ? pattern.excluded_ : pattern.required_).push_back(term);
    }
    return pattern;
}

bool FilterPattern::matches(std::string_view message) const {
    const auto in = [&](const std::string& t) { return contains(message, t); };
    if (!std::all_of(required_.begin(), required_.end(), in)) return false;
    if (std::any_of(excluded_.begin(), excluded_.end(), in)) return false;
    return any_of_.empty() || std::any_of(any_of_.begin(), any_of_.end(), in);
}

} // namespace cdk::localcloud::logs
