#include "localcloud/cloudformation/parameters.hpp"

#include "core/strings.hpp"
#include "localcloud/cloudformation/intrinsics.hpp"
#include "localcloud/cloudformation/template.hpp"

#include <algorithm>
#include <regex>
#include <set>

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

std::optional<std::string> scalar_member(const Json& decl, const char* key) {
    if (!decl.contains(key)) return std::nullopt;
    return scalar_string(decl.at(key));
}

Result<void> check_length(const ParameterDeclaration& decl, const std::string& value) {
    if (decl.min_length) {
        const auto n = number(*decl.min_length);
        if (n && static_cast<double>(value.size()) < *n) {
            return validation_error("Parameter '" + decl.key + "' must contain at least " + *decl.min_length +
                                    " characters");
        }
    }
    if (decl.max_length) {
        const auto n = number(*decl.max_length);
        if (n && static_cast<double>(value.size()) > *n) {
            return validation_error("Parameter '" + decl.key + "' must contain at most " + *decl.max_length +
                                    " characters");
        }
    }
    return ok();
}

/// Number and List<Number>: every item a number within MinValue and MaxValue.
Result<void> check_numbers(const ParameterDeclaration& decl, const std::string& value) {
    if (decl.type != "Number" && decl.type != "List<Number>") return ok();
    std::vector<std::string> items;
    if (decl.type == "List<Number>") {
        for (const auto& item : split_list(value))
            items.push_back(item.get<std::string>());
    } else {
        items.push_back(value);
    }
    for (const auto& item : items) {
        const auto n = number(item);
        if (!n) return validation_error("Parameter '" + decl.key + "' must be a number");
        if (decl.min_value) {
            const auto min = number(*decl.min_value);
            if (min && *n < *min) {
                return validation_error("Parameter '" + decl.key + "' must be a number not less than " +
                                        *decl.min_value);
            }
        }
        if (decl.max_value) {
            const auto max = number(*decl.max_value);
            if (max && *n > *max) {
                return validation_error("Parameter '" + decl.key + "' must be a number not greater than " +
                                        *decl.max_value);
            }
        }
    }
    return ok();
}

Result<void> check_constraints(const ParameterDeclaration& decl, const std::string& value) {
    if (decl.allowed_values) {
        const auto& allowed = *decl.allowed_values;
        if (std::find(allowed.begin(), allowed.end(), value) == allowed.end())
            return validation_error("Parameter '" + decl.key + "' must be one of AllowedValues");
    }
    if (decl.allowed_pattern) {
        const std::string& pattern = *decl.allowed_pattern;
        try {
            if (!std::regex_match(value, std::regex(pattern, std::regex::ECMAScript))) {
                return validation_error("Parameter '" + decl.key + "' must match pattern " + pattern);
            }
        } catch (const std::regex_error&) {
            return validation_error("Template format error: AllowedPattern of parameter " + decl.key +
                                    " is not a valid regex");
        }
    }
    if (auto length = check_length(decl, value); !length) return length;
    return check_numbers(decl, value);
}

/// The given parameters by key; a key the template does not declare is an error.
Result<std::map<std::string, const ParameterInput*>>
given_by_key(const std::vector<ParameterDeclaration>& declared, const std::vector<ParameterInput>& given) {
    std::set<std::string> keys;
    for (const auto& d : declared)
        keys.insert(d.key);
    std::vector<std::string> unknown;
    std::map<std::string, const ParameterInput*> by_key;
    for (const auto& p : given) {
        if (keys.count(p.key) == 0) unknown.push_back(p.key);
        by_key[p.key] = &p;
    }
    if (!unknown.empty()) {
        return validation_error("Parameters: [" + strings::join(unknown, ", ") +
                                "] do not exist in the template");
    }
    return by_key;
}

/// The value given, the previous one (UsePreviousValue), else the default; nullopt: none.
Result<std::optional<std::string>> chosen_value(const ParameterDeclaration& decl, const ParameterInput* given,
                                                const std::map<std::string, std::string>& previous) {
    if (given != nullptr && given->use_previous) {
        const auto prev = previous.find(decl.key);
        if (prev == previous.end()) {
            return validation_error("Invalid input for parameter key " + decl.key +
                                    ". Cannot specify usePreviousValue as true for a parameter key not in "
                                    "the previous template");
        }
        return std::optional<std::string>{prev->second};
    }
    if (given != nullptr && given->value) return given->value;
    return decl.default_value;
}

bool is_ssm_type(const std::string& type) {
    return strings::starts_with(type, "AWS::SSM::Parameter::Value<");
}

/// The value the stack uses: an SSM parameter type's value read from SSM, any other type's as given.
Result<std::string> type_value(const ParameterDeclaration& decl, const std::string& value,
                               const SsmLookup& ssm) {
    const std::string& type = decl.type;
    if (is_ssm_type(type)) {
        if (!ssm) return validation_error("Unable to fetch parameters [" + value + "] from parameter store");
        auto v = ssm(value);
        if (v) return v;
        if (v.error().code == "ParameterNotFound") {
            return validation_error("Unable to fetch parameters [" + value +
                                    "] from parameter store for this account.");
        }
        return validation_error("Unable to fetch parameters [" + value +
                                "] from parameter store: " + v.error().message);
    }
    if (type != "String" && type != "Number" && type != "CommaDelimitedList" && type != "List<Number>" &&
        !strings::starts_with(type, "AWS::") && !strings::starts_with(type, "List<AWS::")) {
        return validation_error("Template format error: Unrecognized parameter type: " + type);
    }
    return value;
}

} // namespace

std::vector<ParameterDeclaration> declared_parameters(const Json& template_doc) {
    std::vector<ParameterDeclaration> out;
    const auto section = template_doc.find("Parameters");
    if (section == template_doc.end() || !section->is_object()) return out;
    for (const auto& [key, decl] : section->items()) {
        ParameterDeclaration d;
        d.key = key;
        d.type = decl.value("Type", "String");
        d.default_value = scalar_member(decl, "Default");
        d.description = scalar_member(decl, "Description");
        d.no_echo = scalar_member(decl, "NoEcho") == std::optional<std::string>("true");
        if (const auto allowed = decl.find("AllowedValues"); allowed != decl.end() && allowed->is_array()) {
            d.allowed_values.emplace();
            for (const auto& v : *allowed)
                d.allowed_values->push_back(scalar_string(v));
        }
        d.allowed_pattern = scalar_member(decl, "AllowedPattern");
        d.min_length = scalar_member(decl, "MinLength");
        d.max_length = scalar_member(decl, "MaxLength");
        d.min_value = scalar_member(decl, "MinValue");
        d.max_value = scalar_member(decl, "MaxValue");
        out.push_back(std::move(d));
    }
    return out;
}

Json ParameterDeclaration::summary_json() const {
    Json p{{"ParameterKey", key}, {"ParameterType", type}, {"NoEcho", no_echo}};
    if (default_value) p.emplace("DefaultValue", *default_value);
    if (description) p.emplace("Description", *description);
    if (allowed_values) p.emplace("ParameterConstraints", Json{{"AllowedValues", *allowed_values}});
    return p;
}

Json ParameterDeclaration::template_parameter_json() const {
    Json p{{"ParameterKey", key}, {"NoEcho", no_echo}};
    if (default_value) p.emplace("DefaultValue", *default_value);
    if (description) p.emplace("Description", *description);
    return p;
}

Json StackParameter::to_json() const {
    Json d{{"ParameterKey", key}, {"ParameterValue", value}};
    if (resolved_value) d.emplace("ResolvedValue", *resolved_value);
    return d;
}

StackParameter StackParameter::from_json(const Json& doc) {
    StackParameter p;
    p.key = doc.value("ParameterKey", "");
    p.value = doc.value("ParameterValue", "");
    if (const auto r = doc.find("ResolvedValue"); r != doc.end() && r->is_string())
        p.resolved_value = r->get<std::string>();
    return p;
}

Result<ResolvedParameters> resolve_parameters(const Json& template_doc,
                                              const std::vector<ParameterInput>& given,
                                              const std::map<std::string, std::string>& previous,
                                              const SsmLookup& ssm) {
    const std::vector<ParameterDeclaration> declared = declared_parameters(template_doc);
    auto by_key = given_by_key(declared, given);
    if (!by_key) return by_key.error();
    ResolvedParameters out;
    std::vector<std::string> missing;
    for (const auto& decl : declared) {
        const auto it = by_key->find(decl.key);
        auto value = chosen_value(decl, it == by_key->end() ? nullptr : it->second, previous);
        if (!value) return value.error();
        if (!*value) {
            missing.push_back(decl.key);
            continue;
        }
        out.raw[decl.key] = **value;
        auto resolved = type_value(decl, **value, ssm);
        if (!resolved) return resolved.error();
        if (auto c = check_constraints(decl, *resolved); !c) return c.error();
        const bool ssm_type = is_ssm_type(decl.type);
        const bool list = decl.type == "CommaDelimitedList" || strings::starts_with(decl.type, "List<") ||
                          (ssm_type && decl.type.find("List<") != std::string::npos);
        out.values[decl.key] = list ? split_list(*resolved) : Json(*resolved);
        StackParameter shown{decl.key, decl.no_echo ? std::string("****") : **value, std::nullopt};
        if (ssm_type) shown.resolved_value = *resolved;
        out.described.push_back(std::move(shown));
    }
    if (!missing.empty()) {
        return validation_error("Parameters: [" + strings::join(missing, ", ") + "] must have values");
    }
    return out;
}

} // namespace cdk::localcloud::cloudformation
