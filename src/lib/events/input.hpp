#pragma once

#include "core/json.hpp"

#include <map>
#include <optional>
#include <string>

namespace cdk {
class Construct;
}

namespace cdk::events {

/// What a rule passes to a target, once bound (CDK: RuleTargetInputProperties): at most one of a fixed
/// `input`, an `input_path`, or an input transformer (`input_template` with `input_paths_map`).
struct RuleTargetInputProperties {
    std::optional<std::string> input;
    std::optional<std::string> input_path;
    std::optional<std::string> input_template;
    /// Key -> JSON path of the event (`InputPathsMap`); set with `input_template`.
    Json input_paths_map = Json::object();
};

/// The input a target gets instead of the event (CDK: RuleTargetInput). Text and objects may hold
/// `EventField` paths: they become an input transformer whose template names each path `<key>`.
class RuleTargetInput {
public:
    /// A string, sent as the JSON string it is (`"text"`, quotes included).
    [[nodiscard]] static RuleTargetInput from_text(std::string text);
    /// Text whose lines are each sent as a JSON string, one per line.
    [[nodiscard]] static RuleTargetInput from_multiline_text(std::string text);
    /// A JSON value, sent as its JSON text (`EventField` placeholders unquoted).
    [[nodiscard]] static RuleTargetInput from_object(Json object);
    /// The part of the event at a JSON path (`InputPath`), e.g. `$.detail`.
    [[nodiscard]] static RuleTargetInput from_event_path(std::string path);

    /// The properties the rule renders (CDK: RuleTargetInput.bind). Throws ValidationError when one key
    /// stands for two paths.
    [[nodiscard]] RuleTargetInputProperties bind(const Construct& rule) const;

private:
    enum class Kind { Text, Multiline, Object, Path };
    RuleTargetInput(Kind kind, Json value) : kind_(kind), value_(std::move(value)) {}

    Kind kind_;
    Json value_;
};

/// A field of the matched event, usable inside RuleTargetInput text and objects (CDK: EventField).
class EventField {
public:
    /// A string token standing for the event's value at `path` (e.g. `$.detail.state`); its key in the
    /// template is the path without leading symbols, other symbols replaced by `-` (`detail-state`).
    [[nodiscard]] static std::string from_path(const std::string& path);
    [[nodiscard]] static std::string event_id() { return from_path("$.id"); }
    [[nodiscard]] static std::string detail_type() { return from_path("$.detail-type"); }
    [[nodiscard]] static std::string source() { return from_path("$.source"); }
    [[nodiscard]] static std::string account() { return from_path("$.account"); }
    [[nodiscard]] static std::string time() { return from_path("$.time"); }
    [[nodiscard]] static std::string region() { return from_path("$.region"); }
};

namespace detail {
/// JSON.stringify of `value` (JavaScript's number rendering, object keys in their order).
[[nodiscard]] std::string js_stringify(const Json& value);
} // namespace detail

} // namespace cdk::events
