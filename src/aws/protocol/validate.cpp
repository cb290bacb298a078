#include "aws/protocol/validate.hpp"

#include "aws/protocol/detail/shape_values.hpp"
#include "core/strings.hpp"

#include <algorithm>

namespace cdk::aws::protocol {

namespace {

using detail::str;
using detail::type_of;

/// Unicode code points in UTF-8 text (AWS counts characters, not bytes).
std::size_t char_length(const std::string& s) {
    std::size_t n = 0;
    for (const char c : s) {
        if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++n;
    }
    return n;
}

/// A number from a shape field ("min", "max"), or nullopt.
std::optional<double> bound(const Json& shape, const char* key) {
    const auto it = shape.find(key);
    if (it == shape.end() || !it->is_number()) return std::nullopt;
    return it->get<double>();
}

std::string number_text(double v) {
    const Json n =
        v == static_cast<double>(static_cast<long long>(v)) ? Json(static_cast<long long>(v)) : Json(v);
    return n.dump();
}

/// The value as AWS quotes it in a message.
std::string quoted(const Json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_array()) {
        std::string out = "[";
        for (const auto& item : value)
            out += (out.size() > 1 ? ", " : "") + quoted(item);
        return out + "]";
    }
    return value.dump();
}

std::string lower_first(std::string name) {
    if (!name.empty() && name[0] >= 'A' && name[0] <= 'Z') name[0] = static_cast<char>(name[0] - 'A' + 'a');
    return name;
}

class Validator {
public:
    explicit Validator(const ServiceModel& model) : model_(model) {}

    void check(const Json& shape, const Json& value, const std::string& path, const std::string& member,
               int depth) {
        // parse_request bounds the depth already; this guards a caller that hands in its own Json.
        if (depth > 64 || value.is_null()) return;
        const std::string t = type_of(shape);
        if (t == "structure" && value.is_object()) {
            structure(shape, value, path, depth);
        } else if (t == "list" && value.is_array()) {
            size_check(shape, value, value.size(), path, member);
            const Json& item = model_.resolve(shape.at("member"));
            std::size_t i = 1;
            for (const auto& v : value)
                check(item, v, path + "." + std::to_string(i++) + ".member", member, depth + 1);
        } else if (t == "map" && value.is_object()) {
            size_check(shape, value, value.size(), path, member);
            const Json& item = model_.resolve(shape.at("value"));
            for (const auto& [k, v] : value.items()) {
                if (!strings::valid_utf8(k)) {
                    add(Violation::Kind::Encoding, path, member, Json(strings::to_valid_utf8(k)),
                        "Member must be UTF-8");
                    return;
                }
                check(item, v, path + "." + k, member, depth + 1);
            }
        } else if (t == "string" && value.is_string()) {
            const std::string& s = value.get_ref<const std::string&>();
            if (!strings::valid_utf8(s)) {
                add(Violation::Kind::Encoding, path, member, Json(strings::to_valid_utf8(s)),
                    "Member must be UTF-8");
                return;
            }
            if (const auto it = shape.find("enum"); it != shape.end() && it->is_array()) {
                if (std::find(it->begin(), it->end(), value) == it->end()) {
                    std::string set;
                    for (const auto& e : *it)
                        set += (set.empty() ? "" : ", ") + e.get<std::string>();
                    add(Violation::Kind::Enum, path, member, value,
                        "Member must satisfy enum value set: [" + set + "]");
                    return;
                }
            }
            size_check(shape, value, char_length(s), path, member);
        } else if (t == "blob" && value.is_string()) {
            size_check(shape, value, value.get_ref<const std::string&>().size(), path, member);
        } else if ((t == "integer" || t == "long" || t == "float" || t == "double") && value.is_number()) {
            bounds_check(shape, value, value.get<double>(), Violation::Kind::Range, "value", path, member);
        }
    }

    void structure(const Json& shape, const Json& value, const std::string& path, int depth) {
        if (!shape.contains("members")) return;
        const Json required = shape.value("required", Json::array());
        for (const auto& [name, ref] : shape.at("members").items()) {
            const std::string child = path.empty() ? lower_first(name) : path + "." + lower_first(name);
            const std::string wire = detail::wire_name(ref, name);
            const auto it = value.find(name);
            if (it == value.end() || it->is_null()) {
                if (std::find(required.begin(), required.end(), name) != required.end()) {
                    add(Violation::Kind::Missing, child, wire, nullptr, "Member must not be null");
                }
                continue;
            }
            check(model_.resolve(ref), *it, child, wire, depth + 1);
        }
    }

    std::vector<Violation> take() { return std::move(out_); }

private:
    void size_check(const Json& shape, const Json& value, std::size_t size, const std::string& path,
                    const std::string& member) {
        bounds_check(shape, value, static_cast<double>(size), Violation::Kind::Length, "length", path,
                     member);
    }

    /// `n` (a length or the value) against the shape's min and max.
    void bounds_check(const Json& shape, const Json& value, double n, Violation::Kind kind, const char* what,
                      const std::string& path, const std::string& member) {
        const std::string prefix = std::string("Member must have ") + what;
        if (const auto lo = bound(shape, "min"); lo && n < *lo) {
            add(kind, path, member, value, prefix + " greater than or equal to " + number_text(*lo));
        } else if (const auto hi = bound(shape, "max"); hi && n > *hi) {
            add(kind, path, member, value, prefix + " less than or equal to " + number_text(*hi));
        }
    }

    void add(Violation::Kind kind, const std::string& path, const std::string& member, const Json& value,
             std::string constraint) {
        out_.push_back({kind, path, member, value.is_null() ? "null" : quoted(value), std::move(constraint)});
    }

    const ServiceModel& model_;
    std::vector<Violation> out_;
};

/// "Value null at 'name' failed to satisfy constraint: Member must not be null"
std::string coral_clause(const Violation& v) {
    const std::string value = v.kind == Violation::Kind::Missing ? "null" : "'" + v.value + "'";
    return "Value " + value + " at '" + v.path + "' failed to satisfy constraint: " + v.constraint;
}

} // namespace

std::vector<Violation> validate_input(const ServiceModel& model, std::string_view operation,
                                      const Json& input) {
    const Json* op = model.find_operation(operation);
    if (op == nullptr || !op->contains("input")) return {};
    Validator v(model);
    v.check(model.resolve(op->at("input")), input.is_object() ? input : Json::object(), "", "", 0);
    return v.take();
}

std::vector<Violation> validate_shape(const ServiceModel& model, std::string_view shape, const Json& value) {
    Validator v(model);
    v.check(model.shape(shape), value, "", "", 0);
    return v.take();
}

Error validation_error(const ServiceModel& model, const std::vector<Violation>& violations) {
    const Violation& first = violations.front();
    if (first.kind == Violation::Kind::Encoding) {
        const std::string message = "the value of " + first.member + " does not decode to UTF-8";
        switch (model.protocol()) {
        case Protocol::Query: return make_error("MalformedQueryString", message, 400);
        case Protocol::RestXml: return make_error("InvalidArgument", message, 400);
        case Protocol::Json:
        case Protocol::RestJson: return make_error("SerializationException", message, 400);
        }
    }
    const bool query_compatible = model.metadata().contains("awsQueryCompatible");
    if (query_compatible || model.protocol() == Protocol::RestXml) {
        if (first.kind == Violation::Kind::Missing) {
            return make_error("MissingParameter",
                              "The request must contain the parameter " + first.member + ".", 400);
        }
        const std::string code = query_compatible ? "InvalidParameterValue" : "InvalidArgument";
        return make_error(code,
                          "Value " + first.value + " for parameter " + first.member +
                              " is invalid. Reason: " + first.constraint + ".",
                          400);
    }
    std::string message =
        std::to_string(violations.size()) +
        (violations.size() == 1 ? " validation error detected: " : " validation errors detected: ");
    for (std::size_t i = 0; i < violations.size(); ++i)
        message += (i == 0 ? "" : "; ") + coral_clause(violations[i]);
    const bool json = model.protocol() == Protocol::Json || model.protocol() == Protocol::RestJson;
    return make_error(json ? "ValidationException" : "ValidationError", std::move(message), 400);
}

} // namespace cdk::aws::protocol
