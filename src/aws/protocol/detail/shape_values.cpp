#include "aws/protocol/detail/shape_values.hpp"

#include "aws/protocol/values.hpp"

#include <charconv>
#include <cmath>

namespace cdk::aws::protocol::detail {

namespace {
Error bad_value(const Json& shape, std::string_view text) {
    return make_error("SerializationException",
                      "value '" + std::string(text.substr(0, 64)) + "' is not a valid " + type_of(shape),
                      400);
}
} // namespace

std::string str(const Json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool flag(const Json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_boolean() && it->get<bool>();
}

std::string type_of(const Json& shape) {
    return str(shape, "type");
}

bool is_scalar(const Json& shape) {
    const std::string t = type_of(shape);
    return t != "structure" && t != "list" && t != "map";
}

std::string wire_name(const Json& ref, std::string_view fallback) {
    std::string name = str(ref, "locationName");
    return name.empty() ? std::string(fallback) : name;
}

TimeFormat time_format(const Json& ref, const Json& shape, TimeFormat fallback) {
    std::string f = str(ref, "timestampFormat");
    if (f.empty()) f = str(shape, "timestampFormat");
    if (f == "iso8601") return TimeFormat::Iso8601;
    if (f == "unixTimestamp") return TimeFormat::Epoch;
    if (f == "rfc822") return TimeFormat::HttpDate;
    return fallback;
}

std::optional<double> timestamp_seconds(const Json& value) {
    if (value.is_number()) return value.get<double>();
    if (value.is_string()) return parse_timestamp(value.get<std::string>());
    return std::nullopt;
}

std::string scalar_to_text(const Json& shape, const Json& value, TimeFormat format, bool raw_blob) {
    const std::string t = type_of(shape);
    if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
    if (t == "timestamp") {
        const auto seconds = timestamp_seconds(value);
        if (!seconds) return value.is_string() ? value.get<std::string>() : value.dump();
        switch (format) {
        case TimeFormat::Iso8601: return format_iso8601(*seconds);
        case TimeFormat::Iso8601Millis: {
            // format_iso8601 writes ".123" only for a fraction: S3 always writes the milliseconds.
            std::string text = format_iso8601(*seconds);
            if (text.find('.') == std::string::npos) text.insert(text.size() - 1, ".000");
            return text;
        }
        case TimeFormat::HttpDate: return format_http_date(*seconds);
        case TimeFormat::Epoch: {
            if (std::floor(*seconds) == *seconds) return std::to_string(static_cast<long long>(*seconds));
            Json n = *seconds;
            return n.dump();
        }
        }
    }
    if (value.is_string()) {
        if (t == "blob" && !raw_blob) return base64_encode(value.get<std::string>());
        return value.get<std::string>();
    }
    if (value.is_null()) return "";
    return value.dump();
}

Result<Json> scalar_from_text(const Json& shape, std::string_view text, bool raw_blob) {
    const std::string t = type_of(shape);
    if (t == "boolean") {
        if (text == "true") return Json(true);
        if (text == "false") return Json(false);
        return bad_value(shape, text);
    }
    if (t == "integer" || t == "long" || t == "short" || t == "byte") {
        long long v = 0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || ptr != text.data() + text.size()) return bad_value(shape, text);
        return Json(v);
    }
    if (t == "float" || t == "double") {
        try {
            size_t used = 0;
            const double v = std::stod(std::string(text), &used);
            if (used != text.size()) return bad_value(shape, text);
            return Json(v);
        } catch (const std::exception&) {
            return bad_value(shape, text);
        }
    }
    if (t == "timestamp") {
        const auto seconds = parse_timestamp(text);
        if (!seconds) return bad_value(shape, text);
        return Json(format_iso8601(*seconds));
    }
    if (t == "blob" && !raw_blob) {
        auto bytes = base64_decode(text);
        if (!bytes) return bad_value(shape, text);
        return Json(std::move(*bytes));
    }
    return Json(std::string(text));
}

} // namespace cdk::aws::protocol::detail
