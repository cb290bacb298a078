#include "localcloud/cloudformation/parameters.hpp"

#include "core/strings.hpp"
#include "localcloud/cloudformation/intrinsics.hpp"
#include "localcloud/cloudformation/template.hpp"

#include <regex>

namespace cdk::localcloud::cloudformation {

namespace {

std::optional<double> number(const std::string& s) {
    const std::string t(strings::trim(s));
    if (t.empty()) return std::nullopt;
    try {
        std::size_t used = 0;
        const double d = std::stod(t, &used);
        if (used == t.size()) return d;
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

Json split_list(const std::string& value) {
    Json out = Json::array();
    if (value.empty()) return out;
    for (const auto& piece : strings::split(value, ","))
        out.push_back(std::string(strings::trim(piece)));
    return out;
}

Result<void> check_constraints(const std::string& key, const Json& decl, const std::string& value) {
    const std::string type = decl.value("Type", "String");
    if (decl.contains("AllowedValues") && decl["AllowedValues"].is_array()) {
        bool found = false;
        for (const auto& allowed : decl["AllowedValues"])
            found = found || scalar_string(allowed) == value;
        if (!found) return validation_error("Parameter '" + key + "' must be one of AllowedValues");
    }
    if (decl.contains("AllowedPattern")) {
        const std::string pattern = scalar_string(decl["AllowedPattern"]);
        try {
            if (!std::regex_match(value, std::regex(pattern, std::regex::ECMAScript))) {
                return validation_error("Parameter '" + key + "' must match pattern " + pattern);
            }
        } catch (const std::regex_error&) {
            return validation_error("Template format error: AllowedPattern of parameter " + key +
                                    " is not a valid regex");
        }
    }
    if (decl.contains("MinLength")) {
        const auto n = number(scalar_string(decl["MinLength"]));
        if (n && static_cast<double>(value.size()) < *n) {
            return validation_error("Parameter '" + key + "' must contain at least " +
                                    scalar_string(decl["MinLength"]) + " characters");
        }
    }
    if (decl.contains("MaxLength")) {
        const auto n = number(scalar_string(decl["MaxLength"]));
        if (n && static_cast<double>(value.size()) > *n) {
            return validation_error("Parameter '" + key + "' must contain at most " +
                                    scalar_string(decl["MaxLength"]) + " characters");
        }
    }
    const bool numeric = type == "Number" || type == "List<Number>";
    std::vector<std::string> items =
        type == "List<Number>" ? std::vector<std::string>{} : std::vector<std::string>{value};
    if (type == "List<Number>") {
        for (const auto& item : split_list(value))
            items.push_back(item.get<std::string>());
    }
    for (const auto& item : items) {
        if (!numeric) break;
        const auto n = number(item);
        if (!n) return validation_error("Parameter '" + key + "' must be a number");
        if (decl.contains("MinValue")) {
            const auto min = number(scalar_string(decl["MinValue"]));
            if (min && *n < *min) {
                return validation_error("Parameter '" + key + "' must be a number not less than " +
                                        scalar_string(decl["MinValue"]));
            }
        }
        if (decl.contains("MaxValue")) {
            const auto max = number(scalar_string(decl["MaxValue"]));
            if (max && *n > *max) {
                return validation_error("Parameter '" + key + "' must be a number not greater than " +
                                        scalar_string(decl["MaxValue"]));
            }
        }
    }
    return ok();
}

} // namespace

Result<ResolvedParameters> resolve_parameters(const Json& template_doc,
                                              const std::vector<ParameterInput>& given,
                                              const std::map<std::string, std::string>& previous,
                                              const SsmLookup& ssm) {
    const Json declared = template_doc.contains("Parameters") && template_doc["Parameters"].is_object()
                              ? template_doc["Parameters"]
                              : Json::object();
    std::vector<std::string> unknown;
    std::map<std::string, const ParameterInput*> by_key;
    for (const auto& p : given) {
        if (!declared.contains(p.key)) unknown.push_back(p.key);
        by_key[p.key] = &p;
    }
    if (!unknown.empty()) {
        return validation_error("Parameters: [" + strings::join(unknown, ", ") +
                                "] do not exist in the template");
    }
    ResolvedParameters out;
    std::vector<std::string> missing;
    for (const auto& [key, decl] : declared.items()) {
        std::optional<std::string> value;
        if (const auto it = by_key.find(key); it != by_key.end()) {
            if (it->second->use_previous) {
                const auto prev = previous.find(key);
                if (prev == previous.end()) {
                    return validation_error(
                        "Invalid input for parameter key " + key +
                        ". Cannot specify usePreviousValue as true for a parameter key not in "
                        "the previous template");
                }
                value = prev->second;
            } else {
                value = it->second->value;
            }
        }
        if (!value && decl.contains("Default")) value = scalar_string(decl["Default"]);
        if (!value) {
            missing.push_back(key);
            continue;
        }
        out.raw[key] = *value;
        const std::string type = decl.value("Type", "String");
        std::string resolved = *value;
        const bool ssm_type = strings::starts_with(type, "AWS::SSM::Parameter::Value<");
        if (ssm_type) {
            if (!ssm)
                return validation_error("Unable to fetch parameters [" + *value + "] from parameter store");
            auto v = ssm(*value);
            if (!v) {
                if (v.error().code == "ParameterNotFound") {
                    return validation_error("Unable to fetch parameters [" + *value +
                                            "] from parameter store for this account.");
                }
                return validation_error("Unable to fetch parameters [" + *value +
                                        "] from parameter store: " + v.error().message);
            }
            resolved = *v;
        } else if (type != "String" && type != "Number" && type != "CommaDelimitedList" &&
                   type != "List<Number>" && !strings::starts_with(type, "AWS::") &&
                   !strings::starts_with(type, "List<AWS::")) {
            return validation_error("Template format error: Unrecognized parameter type: " + type);
        }
        if (auto c = check_constraints(key, decl, resolved); !c) return c.error();
        const bool list = type == "CommaDelimitedList" || strings::starts_with(type, "List<") ||
                          (ssm_type && type.find("List<") != std::string::npos);
        out.values[key] = list ? split_list(resolved) : Json(resolved);
        const bool no_echo = decl.contains("NoEcho") && scalar_string(decl["NoEcho"]) == "true";
        Json d{{"ParameterKey", key}, {"ParameterValue", no_echo ? std::string("****") : *value}};
        if (ssm_type) d["ResolvedValue"] = resolved;
        out.described.push_back(std::move(d));
    }
    if (!missing.empty()) {
        return validation_error("Parameters: [" + strings::join(missing, ", ") + "] must have values");
    }
    return out;
}

} // namespace cdk::localcloud::cloudformation
