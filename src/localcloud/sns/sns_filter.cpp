#include "localcloud/sns/sns_filter.hpp"

#include "core/json_reader.hpp"
#include "core/strings.hpp"

#include <cmath>
#include <string_view>

namespace cdk::localcloud::sns {

namespace {

Error invalid_policy(const std::string& why) {
    return make_error("InvalidParameter", "Invalid parameter: FilterPolicy: " + why, 400);
}

Result<void> check_condition(const Json& c) {
    if (c.is_string() || c.is_number() || c.is_null() || c.is_boolean()) return ok();
    if (!c.is_object() || c.size() != 1)
        return invalid_policy("Match value must be String, number, true, false, or null");
    const std::string op = c.begin().key();
    const Json& arg = c.begin().value();
    if (op == "prefix" || op == "suffix" || op == "equals-ignore-case") {
        if (!arg.is_string()) return invalid_policy(op + " match pattern must be a string");
        return ok();
    }
    if (op == "exists") {
        if (!arg.is_boolean()) return invalid_policy("exists match pattern must be either true or false.");
        return ok();
    }
    if (op == "anything-but") {
        if (arg.is_string() || arg.is_number()) return ok();
        if (arg.is_array()) return ok();
        if (arg.is_object() && arg.size() == 1 && (arg.contains("prefix") || arg.contains("suffix")))
            return ok();
        return invalid_policy("Value of anything-but must be an array or single string/number value.");
    }
    if (op == "numeric") {
        if (!arg.is_array() || arg.empty() || arg.size() % 2 != 0)
            return invalid_policy("Value of numeric must be an array.");
        for (std::size_t i = 0; i < arg.size(); i += 2) {
            const std::string o = arg[i].is_string() ? arg[i].get<std::string>() : "";
            if (o != "=" && o != "<" && o != "<=" && o != ">" && o != ">=") {
                return invalid_policy("Unrecognized numeric range operator: " + arg[i].dump());
            }
            if (!arg[i + 1].is_number()) return invalid_policy("Value of " + o + " must be numeric");
        }
        return ok();
    }
    return invalid_policy("Unrecognized match type " + op);
}

Result<void> check_object(const Json& policy, int depth) {
    if (!policy.is_object() || policy.empty())
        return invalid_policy("Filter policy must be a non-empty JSON object");
    if (depth > 5) return invalid_policy("Filter policy can not have more than 5 levels of nesting");
    for (const auto& [key, value] : policy.items()) {
        if (key == "$or") {
            if (!value.is_array() || value.size() < 2)
                return invalid_policy("$or must be an array of two or more objects");
            for (const auto& alt : value) {
                if (auto c = check_object(alt, depth + 1); !c) return c;
            }
        } else if (value.is_object()) {
            if (auto c = check_object(value, depth + 1); !c) return c;
        } else if (value.is_array()) {
            if (value.empty()) return invalid_policy("Empty arrays are not allowed");
            if (value.size() > 150) return invalid_policy("Filter policy is too complex");
            for (const auto& c : value) {
                if (auto r = check_condition(c); !r) return r;
            }
        } else {
            return invalid_policy("\"" + key + "\" must be an object or an array");
        }
    }
    return ok();
}

bool equal_value(const Json& condition, const Json& value) {
    if (condition.is_number() && value.is_number()) {
        return std::fabs(condition.get<double>() - value.get<double>()) < 1e-9;
    }
    if (condition.is_string() && value.is_string()) return condition == value;
    if (condition.is_null()) return value.is_null();
    if (condition.is_boolean()) return value.is_boolean() && condition == value;
    return false;
}

bool numeric_matches(const Json& ranges, const Json& value) {
    if (!value.is_number()) return false;
    const double v = value.get<double>();
    for (std::size_t i = 0; i + 1 < ranges.size(); i += 2) {
        const std::string op = ranges[i].get<std::string>();
        const double bound = ranges[i + 1].get<double>();
        const bool pass = op == "="    ? std::fabs(v - bound) < 1e-9
                          : op == "<"  ? v < bound
                          : op == "<=" ? v <= bound
                          : op == ">"  ? v > bound
                                       : v >= bound;
        if (!pass) return false;
    }
    return true;
}

bool one_matches(const Json& condition, const Json& value) {
    if (!condition.is_object()) return equal_value(condition, value);
    const std::string op = condition.begin().key();
    const Json& arg = condition.begin().value();
    if (op == "prefix")
        return value.is_string() && strings::starts_with(value.get<std::string>(), arg.get<std::string>());
    if (op == "suffix")
        return value.is_string() && strings::ends_with(value.get<std::string>(), arg.get<std::string>());
    if (op == "equals-ignore-case") {
        return value.is_string() &&
               strings::to_lower(value.get<std::string>()) == strings::to_lower(arg.get<std::string>());
    }
    if (op == "numeric") return numeric_matches(arg, value);
    if (op == "anything-but") {
        if (arg.is_object()) {
            if (!value.is_string()) return false;
            const std::string s = value.get<std::string>();
            if (arg.contains("prefix")) return !strings::starts_with(s, arg["prefix"].get<std::string>());
            return !strings::ends_with(s, arg["suffix"].get<std::string>());
        }
        if (arg.is_array()) {
            for (const auto& a : arg) {
                if (equal_value(a, value)) return false;
            }
            return true;
        }
        return !equal_value(arg, value);
    }
    return false;
}

/// The conditions of one key against the document's value there (absent: `present` false).
bool key_matches(const Json& conditions, bool present, const Json& value) {
    for (const auto& c : conditions) {
        if (c.is_object() && c.contains("exists")) {
            if (c["exists"].get<bool>() == present) return true;
            continue;
        }
        if (!present) continue;
        if (value.is_array()) {
            for (const auto& v : value) {
                if (one_matches(c, v)) return true;
            }
        } else if (one_matches(c, value)) {
            return true;
        }
    }
    return false;
}

} // namespace

Result<Json> parse_filter_policy(const std::string& text) {
    auto parsed = json::parse(text);
    if (!parsed) return invalid_policy("failed to parse JSON. " + parsed.error().message);
    if (auto c = check_object(*parsed, 1); !c) return c.error();
    return std::move(*parsed);
}

bool filter_matches(const Json& policy, const Json& document) {
    static const Json kEmpty = Json::object();
    const Json& doc = document.is_object() ? document : kEmpty;
    for (const auto& [key, condition] : policy.items()) {
        if (key == "$or") {
            bool any = false;
            for (const auto& alt : condition) {
                if (filter_matches(alt, doc)) {
                    any = true;
                    break;
                }
            }
            if (!any) return false;
        } else if (condition.is_object()) {
            const auto it = doc.find(key);
            if (!filter_matches(condition, it != doc.end() && it->is_object() ? *it : kEmpty)) return false;
        } else {
            const auto it = doc.find(key);
            if (!key_matches(condition, it != doc.end(), it != doc.end() ? *it : Json())) return false;
        }
    }
    return true;
}

Json attributes_document(const Json& attributes) {
    Json doc = Json::object();
    for (const auto& [name, a] : attributes.items()) {
        const std::string type = a.value("DataType", "");
        const std::string text = a.value("StringValue", "");
        if (type == "Number") {
            try {
                doc[name] = std::stod(text);
            } catch (const std::exception&) {
            }
        } else if (type == "String.Array") {
            auto parsed = json::parse(text);
            if (parsed && parsed->is_array()) doc[name] = std::move(*parsed);
        } else if (strings::starts_with(type, "String")) {
            doc[name] = text;
        }
    }
    return doc;
}

} // namespace cdk::localcloud::sns
