#pragma once

#include <map>
#include <string>
#include <vector>

namespace cdk::logs {

/// A filter pattern of a metric or subscription filter (CDK: IFilterPattern): its text.
class IFilterPattern {
public:
    virtual ~IFilterPattern() = default;
    [[nodiscard]] virtual std::string log_pattern_string() const = 0;
};

/// A pattern given as its text, or built from terms.
class TextPattern : public IFilterPattern {
public:
    explicit TextPattern(std::string text) : text_(std::move(text)) {}
    [[nodiscard]] std::string log_pattern_string() const override { return text_; }

private:
    std::string text_;
};

/// A pattern over JSON log events (CDK: JsonPattern), combinable with FilterPattern::all / any.
class JsonPattern : public IFilterPattern {
public:
    explicit JsonPattern(std::string json_pattern_string) : json_(std::move(json_pattern_string)) {}
    /// The expression without the braces.
    [[nodiscard]] const std::string& json_pattern_string() const { return json_; }
    /// `{ <expression> }`.
    [[nodiscard]] std::string log_pattern_string() const override { return "{ " + json_ + " }"; }

private:
    std::string json_;
};

/// A pattern over space-delimited log events (CDK: SpaceDelimitedTextPattern), immutable.
class SpaceDelimitedTextPattern : public IFilterPattern {
public:
    /// Columns named `[a-zA-Z0-9_-]+`, or `...` once.
    [[nodiscard]] static SpaceDelimitedTextPattern construct(const std::vector<std::string>& columns);
    /// A copy with `column <comparison> "value"` (`=` or `!=`).
    [[nodiscard]] SpaceDelimitedTextPattern where_string(const std::string& column, std::string comparison,
                                                         const std::string& value) const;
    /// A copy with `column <comparison> value` (`=`, `!=`, `<`, `<=`, `>`, `>=`).
    [[nodiscard]] SpaceDelimitedTextPattern where_number(const std::string& column, std::string comparison,
                                                         double value) const;
    /// `[col1, col2 = "x" && col2 != "y", ...]`.
    [[nodiscard]] std::string log_pattern_string() const override;

private:
    struct Restriction {
        std::string comparison;
        std::string rendered_value;
    };
    SpaceDelimitedTextPattern(std::vector<std::string> columns,
                              std::map<std::string, std::vector<Restriction>> restrictions)
        : columns_(std::move(columns)), restrictions_(std::move(restrictions)) {}
    void check_column(const std::string& column) const;

    std::vector<std::string> columns_;
    std::map<std::string, std::vector<Restriction>> restrictions_;
};

/// Builders of filter patterns (CDK: FilterPattern), rendering exactly as aws-cdk-lib does.
struct FilterPattern {
    /// The pattern text as given.
    [[nodiscard]] static TextPattern literal(const std::string& text) { return TextPattern(text); }
    /// Every event (the empty pattern).
    [[nodiscard]] static TextPattern all_events() { return TextPattern(""); }
    /// Events containing all the terms: `"a" "b"`.
    [[nodiscard]] static TextPattern all_terms(const std::vector<std::string>& terms);
    /// Events containing any term: `?"a" ?"b"`.
    [[nodiscard]] static TextPattern any_term(const std::vector<std::string>& terms);
    /// Events containing all the terms of any group: `?"a" "b" ?"c"`.
    [[nodiscard]] static TextPattern any_term_group(const std::vector<std::vector<std::string>>& groups);
    /// `$.field = "value"` (`=` or `!=`; `==` is read as `=`).
    [[nodiscard]] static JsonPattern string_value(const std::string& json_field,
                                                  const std::string& comparison, const std::string& value);
    /// `$.field = %regex%`.
    [[nodiscard]] static JsonPattern regex_value(const std::string& json_field, const std::string& comparison,
                                                 const std::string& value);
    /// `$.field >= 3` (`=`, `!=`, `<`, `<=`, `>`, `>=`).
    [[nodiscard]] static JsonPattern number_value(const std::string& json_field,
                                                  const std::string& comparison, double value);
    /// `$.field IS NULL`.
    [[nodiscard]] static JsonPattern is_null(const std::string& json_field);
    /// `$.field NOT EXISTS`.
    [[nodiscard]] static JsonPattern not_exists(const std::string& json_field);
    /// `$.field = "*"`.
    [[nodiscard]] static JsonPattern exists(const std::string& json_field);
    /// `$.field IS TRUE` / `IS FALSE`.
    [[nodiscard]] static JsonPattern boolean_value(const std::string& json_field, bool value);
    /// `(a) && (b)`; one pattern is returned as it is.
    [[nodiscard]] static JsonPattern all(const std::vector<JsonPattern>& patterns);
    /// `(a) || (b)`.
    [[nodiscard]] static JsonPattern any(const std::vector<JsonPattern>& patterns);
    [[nodiscard]] static SpaceDelimitedTextPattern space_delimited(const std::vector<std::string>& columns) {
        return SpaceDelimitedTextPattern::construct(columns);
    }
};

namespace detail {
/// A number as JavaScript's String(number) writes it (integers without a fraction).
[[nodiscard]] std::string js_number(double value);
} // namespace detail

} // namespace cdk::logs
