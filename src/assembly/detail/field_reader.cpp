#include "assembly/detail/field_reader.hpp"

namespace cdk::assembly::detail {

FieldReader::FieldReader(const OJson& object, std::string where, std::optional<Error>& error)
    : object_(object), where_(std::move(where)), error_(error) {
    if (!object_.is_object())
        fail(where_ + " must be a JSON object, got " + std::string(object_.type_name()));
}

bool FieldReader::has(const char* key) const {
    return object_.is_object() && object_.contains(key);
}

const FieldReader::OJson* FieldReader::get(const char* key) const {
    if (!object_.is_object()) return nullptr;
    const auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
}

std::string FieldReader::where(const char* key) const {
    return where_ + "." + key;
}

void FieldReader::fail(const std::string& message) {
    if (!error_) error_ = make_error("ManifestMalformed", message);
}

std::string FieldReader::required_string(const char* key) {
    const OJson* v = get(key);
    if (v == nullptr) {
        fail(where(key) + " is required but missing");
        return {};
    }
    if (!v->is_string()) {
        fail(where(key) + " must be a string, got " + v->dump());
        return {};
    }
    return v->get<std::string>();
}

std::optional<std::string> FieldReader::optional_string(const char* key) {
    const OJson* v = get(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_string()) {
        fail(where(key) + " must be a string, got " + v->dump());
        return std::nullopt;
    }
    return v->get<std::string>();
}

std::optional<bool> FieldReader::optional_bool(const char* key) {
    const OJson* v = get(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_boolean()) {
        fail(where(key) + " must be true or false, got " + v->dump());
        return std::nullopt;
    }
    return v->get<bool>();
}

std::optional<int> FieldReader::optional_int(const char* key) {
    const OJson* v = get(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_number_integer()) {
        fail(where(key) + " must be an integer, got " + v->dump());
        return std::nullopt;
    }
    return v->get<int>();
}

std::vector<std::string> FieldReader::string_list(const char* key) {
    std::vector<std::string> out;
    const OJson* v = get(key);
    if (v == nullptr || v->is_null()) return out;
    if (!v->is_array()) {
        fail(where(key) + " must be a list of strings, got " + v->dump());
        return out;
    }
    for (const auto& item : *v) {
        if (!item.is_string()) {
            fail(where(key) + " must be a list of strings, got element " + item.dump());
            return out;
        }
        out.push_back(item.get<std::string>());
    }
    return out;
}

std::map<std::string, std::string> FieldReader::string_map(const char* key) {
    std::map<std::string, std::string> out;
    const OJson* v = get(key);
    if (v == nullptr || v->is_null()) return out;
    if (!v->is_object()) {
        fail(where(key) + " must be an object of strings, got " + v->dump());
        return out;
    }
    for (const auto& [k, item] : v->items()) {
        if (!item.is_string()) {
            fail(where(key) + "." + k + " must be a string, got " + item.dump());
            return out;
        }
        out.emplace(k, item.get<std::string>());
    }
    return out;
}

const FieldReader::OJson* FieldReader::optional_object(const char* key) {
    const OJson* v = get(key);
    if (v == nullptr || v->is_null()) return nullptr;
    if (!v->is_object()) {
        fail(where(key) + " must be an object, got " + v->dump());
        return nullptr;
    }
    return v;
}

} // namespace cdk::assembly::detail
