#pragma once

#include "core/json.hpp"

#include <string>
#include <vector>

namespace cdk::events {

/// What events a rule matches (CDK: EventPattern). Each field lists the values that match (empty: any);
/// `detail` is a JSON object whose leaves are arrays of values or of content filters.
struct EventPattern {
    std::vector<std::string> version;
    std::vector<std::string> id;
    /// `detail-type` in the rendered pattern.
    std::vector<std::string> detail_type;
    std::vector<std::string> source;
    std::vector<std::string> account;
    std::vector<std::string> time;
    std::vector<std::string> region;
    std::vector<std::string> resources;
    Json detail = Json::object();

    /// The pattern as aws-cdk-lib keeps it (camelCase keys, `detailType`), fields left empty omitted.
    [[nodiscard]] Json to_json() const;
};

/// Merges `src` into `dest` as aws-cdk-lib does (mergeEventPattern): arrays are concatenated without
/// duplicates, objects merged field by field. Throws ValidationError when a field is not an array or an
/// object, or when an array meets an object.
void merge_event_pattern(Json& dest, const Json& src);

/// The pattern as EventBridge takes it (`detailType` renamed `detail-type`); Token::undefined() when empty.
[[nodiscard]] Json render_event_pattern(const Json& pattern);

} // namespace cdk::events
