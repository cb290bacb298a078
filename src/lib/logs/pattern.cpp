#include "lib/logs/pattern.hpp"

#include "tokens/errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <regex>

namespace cdk::logs {

namespace detail {

std::string js_number(double v) {
    if (std::trunc(v) == v && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
    char buf[32];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    return buf;
}

} // namespace detail

namespace {

const std::string kEllipsis = "...";

std::string quote_term(const std::string& term) {
    std::string out = "\"";
    for (char c : term) {
        if (c == '\\' || c == '"') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string string_operator(std::string op) {
    if (op == "==") op = "=";
    if (op != "=" && op != "!=")
        throw ValidationError("Invalid comparison operator ('" + op + "'), must be either '=' or '!='");
    return op;
}

std::string numeric_operator(std::string op) {
    if (op == "==") op = "=";
    static const std::vector<std::string> valid = {"=", "!=", "<", "<=", ">", ">="};
    if (std::find(valid.begin(), valid.end(), op) == valid.end())
        throw ValidationError("Invalid comparison operator ('" + op +
                              "'), must be one of =, !=, <, <=, >, >=");
    return op;
}

TextPattern text_pattern(const std::vector<std::vector<std::string>>& clauses) {
    std::vector<std::string> quoted;
    for (const auto& terms : clauses) {
        std::string clause;
        for (const auto& t : terms)
            clause += (clause.empty() ? "" : " ") + quote_term(t);
        quoted.push_back(clause);
    }
    if (quoted.size() == 1) return TextPattern(quoted[0]);
    std::string out;
    for (const auto& alt : quoted)
        out += (out.empty() ? "?" : " ?") + alt;
    return TextPattern(out);
}

JsonPattern aggregate(const std::string& op, const std::vector<JsonPattern>& patterns) {
    std::string out;
    for (const auto& p : patterns)
        out += (out.empty() ? "" : " " + op + " ") + "(" + p.json_pattern_string() + ")";
    return JsonPattern(out);
}

} // namespace

TextPattern FilterPattern::all_terms(const std::vector<std::string>& terms) {
    return text_pattern({terms});
}

TextPattern FilterPattern::any_term(const std::vector<std::string>& terms) {
    std::vector<std::vector<std::string>> groups;
    for (const auto& t : terms)
        groups.push_back({t});
    return text_pattern(groups);
}

TextPattern FilterPattern::any_term_group(const std::vector<std::vector<std::string>>& groups) {
    return text_pattern(groups);
}

JsonPattern FilterPattern::string_value(const std::string& json_field, const std::string& comparison,
                                        const std::string& value) {
    return JsonPattern(json_field + " " + string_operator(comparison) + " " + quote_term(value));
}

JsonPattern FilterPattern::regex_value(const std::string& json_field, const std::string& comparison,
                                       const std::string& value) {
    // aws-cdk-lib does not validate the operator of a regex comparison.
    return JsonPattern(json_field + " " + comparison + " %" + value + "%");
}

JsonPattern FilterPattern::number_value(const std::string& json_field, const std::string& comparison,
                                        double value) {
    return JsonPattern(json_field + " " + numeric_operator(comparison) + " " + detail::js_number(value));
}

JsonPattern FilterPattern::is_null(const std::string& json_field) {
    return JsonPattern(json_field + " IS NULL");
}

JsonPattern FilterPattern::not_exists(const std::string& json_field) {
    return JsonPattern(json_field + " NOT EXISTS");
}

JsonPattern FilterPattern::exists(const std::string& json_field) {
    return string_value(json_field, "=", "*");
}

JsonPattern FilterPattern::boolean_value(const std::string& json_field, bool value) {
    return JsonPattern(json_field + (value ? " IS TRUE" : " IS FALSE"));
}

JsonPattern FilterPattern::all(const std::vector<JsonPattern>& patterns) {
    if (patterns.empty())
        throw ValidationError("Must supply at least one pattern, or use allEvents() to match all events.");
    return patterns.size() == 1 ? patterns[0] : aggregate("&&", patterns);
}

JsonPattern FilterPattern::any(const std::vector<JsonPattern>& patterns) {
    if (patterns.empty()) throw ValidationError("Must supply at least one pattern");
    return patterns.size() == 1 ? patterns[0] : aggregate("||", patterns);
}

SpaceDelimitedTextPattern SpaceDelimitedTextPattern::construct(const std::vector<std::string>& columns) {
    static const std::regex valid("^[a-zA-Z0-9_-]+$");
    int ellipses = 0;
    for (const auto& c : columns) {
        if (c == kEllipsis) {
            ++ellipses;
            continue;
        }
        if (!std::regex_match(c, valid)) throw ValidationError("Invalid column name: " + c);
    }
    if (ellipses > 1) throw ValidationError("Can use at most one '...' column");
    return SpaceDelimitedTextPattern(columns, {});
}

void SpaceDelimitedTextPattern::check_column(const std::string& column) const {
    if (column == kEllipsis) throw ValidationError("Can't use '...' in a restriction");
    if (std::find(columns_.begin(), columns_.end(), column) == columns_.end())
        throw ValidationError("Column in restrictions that is not in columns: " + column);
}

SpaceDelimitedTextPattern SpaceDelimitedTextPattern::where_string(const std::string& column,
                                                                  std::string comparison,
                                                                  const std::string& value) const {
    check_column(column);
    comparison = string_operator(comparison);
    // aws-cdk-lib's renderRestriction renders an empty string value as an invalid restriction.
    if (value.empty()) throw ValidationError("Invalid restriction");
    auto restrictions = restrictions_;
    restrictions[column].push_back({comparison, quote_term(value)});
    return SpaceDelimitedTextPattern(columns_, restrictions);
}

SpaceDelimitedTextPattern SpaceDelimitedTextPattern::where_number(const std::string& column,
                                                                  std::string comparison,
                                                                  double value) const {
    check_column(column);
    comparison = numeric_operator(comparison);
    auto restrictions = restrictions_;
    restrictions[column].push_back({comparison, detail::js_number(value)});
    return SpaceDelimitedTextPattern(columns_, restrictions);
}

std::string SpaceDelimitedTextPattern::log_pattern_string() const {
    std::string out = "[";
    bool first = true;
    for (const auto& column : columns_) {
        out += first ? "" : ", ";
        first = false;
        auto it = restrictions_.find(column);
        if (it == restrictions_.end()) {
            out += column;
            continue;
        }
        bool first_restriction = true;
        for (const auto& r : it->second) {
            out += (first_restriction ? "" : " && ") + column + " " + r.comparison + " " + r.rendered_value;
            first_restriction = false;
        }
    }
    return out + "]";
}

} // namespace cdk::logs
