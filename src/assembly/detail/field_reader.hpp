#pragma once

#include "core/error.hpp"
#include "core/json.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cdk::assembly::detail {

/// Reads typed fields out of one JSON object of an external file, remembering the first error
/// (with the file and the field's path) instead of throwing. Missing optional fields read as empty.
class FieldReader {
public:
    using OJson = nlohmann::ordered_json;

    FieldReader(const OJson& object, std::string where, std::optional<Error>& error);

    [[nodiscard]] bool is_object() const { return object_.is_object(); }
    [[nodiscard]] bool has(const char* key) const;
    [[nodiscard]] const OJson* get(const char* key) const;

    std::string required_string(const char* key);
    std::optional<std::string> optional_string(const char* key);
    std::optional<bool> optional_bool(const char* key);
    std::optional<int> optional_int(const char* key);
    std::vector<std::string> string_list(const char* key);
    std::map<std::string, std::string> string_map(const char* key);
    /// The object at `key`, or nullptr (an error when present but not an object).
    const OJson* optional_object(const char* key);
    /// A reader for the object at `key` (must be present), nested location in messages.
    [[nodiscard]] std::string where(const char* key) const;

    void fail(const std::string& message);
    [[nodiscard]] bool failed() const { return error_.has_value(); }

private:
    const OJson& object_;
    std::string where_;
    std::optional<Error>& error_;
};

} // namespace cdk::assembly::detail
