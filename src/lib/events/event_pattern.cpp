#include "lib/events/event_pattern.hpp"

#include "tokens/errors.hpp"
#include "tokens/token.hpp"

namespace cdk::events {
namespace {

void put(Json& out, const char* key, const std::vector<std::string>& values) {
    if (!values.empty()) out[key] = values;
}

void merge_object(Json& dest, const Json& src) {
    if (!src.is_object()) {
        throw ValidationError("Invalid event pattern '" + src.dump() + "', expecting an object or an array");
    }
    for (const auto& [field, value] : src.items()) {
        if (value.is_null()) continue;
        if (!value.is_object() && !value.is_array()) {
            throw ValidationError("Invalid event pattern field { " + field + ": " + value.dump() +
                                  " }. All fields must be arrays");
        }
        if (!dest.contains(field)) {
            dest[field] = value;
            continue;
        }
        Json& existing = dest[field];
        if (value.is_array() != existing.is_array()) {
            throw ValidationError("Invalid event pattern field " + field +
                                  ". Type mismatch between existing pattern " + existing.dump() +
                                  " and added pattern " + value.dump());
        }
        if (value.is_array()) {
            for (const auto& v : value) {
                bool seen = false;
                for (const auto& e : existing)
                    seen = seen || e == v;
                if (!seen) existing.push_back(v);
            }
            continue;
        }
        merge_object(existing, value);
    }
}

} // namespace

Json EventPattern::to_json() const {
    Json out = Json::object();
    put(out, "version", version);
    put(out, "id", id);
    put(out, "detailType", detail_type);
    put(out, "source", source);
    put(out, "account", account);
    put(out, "time", time);
    put(out, "region", region);
    put(out, "resources", resources);
    if (!detail.is_object()) {
        throw ValidationError("Invalid event pattern field { detail: " + detail.dump() +
                              " }: expecting an object");
    }
    if (!detail.empty()) out["detail"] = detail;
    return out;
}

void merge_event_pattern(Json& dest, const Json& src) {
    if (dest.is_null()) dest = Json::object();
    merge_object(dest, src);
}

Json render_event_pattern(const Json& pattern) {
    if (pattern.empty()) return Token::undefined();
    Json out = Json::object();
    for (const auto& [key, value] : pattern.items())
        out[key == "detailType" ? "detail-type" : key] = value;
    return out;
}

} // namespace cdk::events
