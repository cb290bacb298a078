#include "localcloud/cloudformation/intrinsics.hpp"

#include "core/parse_int.hpp"
#include "core/strings.hpp"
#include "localcloud/cloudformation/template.hpp"
#include "localcloud/protocol/base64.hpp"

#include <arpa/inet.h>
#include <cmath>
#include <optional>
#include <stdexcept>

namespace cdk::localcloud::cloudformation {

namespace {

/// Thrown inside the evaluator, turned into a ValidationError at its public boundary.
struct EvalError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

const char* const kNoValue = "AWS::NoValue";

[[noreturn]] void fail(const std::string& message) {
    throw EvalError(message);
}

std::string as_string(const Json& v, const std::string& fn) {
    if (v.is_string() || v.is_number() || v.is_boolean()) return scalar_string(v);
    fail("Template error: every " + fn + " object requires string parameters, got " + v.dump());
}

Json as_list(const Json& v, const std::string& fn) {
    if (!v.is_array()) fail("Template error: " + fn + " requires a list, got " + v.dump());
    return v;
}

std::vector<std::string> cidr_subnets(const std::string& block, long long count, long long bits) {
    const auto slash = block.find('/');
    if (slash == std::string::npos) fail("Template error: Fn::Cidr ip block " + block + " is not a CIDR");
    const std::string ip = block.substr(0, slash);
    const auto parsed_prefix = parse_int<long long>(block.substr(slash + 1));
    if (!parsed_prefix || *parsed_prefix < 0 || *parsed_prefix > 32) {
        fail("Template error: Fn::Cidr ip block " + block + " has no prefix length 0-32");
    }
    const int prefix = static_cast<int>(*parsed_prefix);
    in_addr addr{};
    if (inet_pton(AF_INET, ip.c_str(), &addr) != 1)
        fail("Template error: Fn::Cidr supports IPv4 blocks, got " + block);
    const std::uint32_t base = ntohl(addr.s_addr) & (prefix == 0 ? 0U : ~((1U << (32 - prefix)) - 1U));
    const int new_prefix = 32 - static_cast<int>(bits);
    if (new_prefix < prefix || bits < 0 || bits > 32) fail("Template error: Fn::Cidr cidrBits out of range");
    const long long available = 1LL << (new_prefix - prefix);
    if (count < 1 || count > 256 || count > available) fail("Template error: Fn::Cidr count out of range");
    std::vector<std::string> out;
    for (long long i = 0; i < count; ++i) {
        in_addr a{};
        a.s_addr = htonl(base + static_cast<std::uint32_t>(i << bits));
        char text[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &a, text, sizeof text);
        out.push_back(std::string(text) + "/" + std::to_string(new_prefix));
    }
    return out;
}

long long as_int(const Json& v, const std::string& fn) {
    if (v.is_number_integer()) return v.get<long long>();
    if (v.is_string()) {
        if (const auto n = cdk::parse_int<long long>(v.get<std::string>())) return *n;
    }
    fail("Template error: " + fn + " requires an integer, got " + v.dump());
}

bool json_equal(const Json& a, const Json& b) {
    const bool as = a.is_string() || a.is_number() || a.is_boolean();
    const bool bs = b.is_string() || b.is_number() || b.is_boolean();
    if (as && bs) return scalar_string(a) == scalar_string(b);
    return a == b;
}

} // namespace

std::string PseudoParameters::partition() const {
    if (strings::starts_with(region, "cn-")) return "aws-cn";
    if (strings::starts_with(region, "us-gov-")) return "aws-us-gov";
    return "aws";
}

std::string PseudoParameters::url_suffix() const {
    return strings::starts_with(region, "cn-") ? "amazonaws.com.cn" : "amazonaws.com";
}

bool is_no_value(const Json& value) {
    return value.is_object() && value.size() == 1 && value.contains("Ref") && value["Ref"] == kNoValue;
}

std::string scalar_string(const Json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
    if (value.is_number_integer()) return std::to_string(value.get<long long>());
    if (value.is_number_float()) {
        const double d = value.get<double>();
        if (std::floor(d) == d && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
        std::string s = value.dump();
        return s;
    }
    if (value.is_null()) return "";
    return value.dump();
}

Evaluator::Evaluator(const Json& template_doc, std::map<std::string, Json> parameters,
                     PseudoParameters pseudo, ResourceLookup lookup)
    : template_(template_doc), parameters_(std::move(parameters)), pseudo_(std::move(pseudo)),
      lookup_(std::move(lookup)) {}

Result<void> Evaluator::evaluate_conditions() {
    try {
        if (template_.contains("Conditions") && template_["Conditions"].is_object()) {
            for (const auto& [name, value] : template_["Conditions"].items())
                (void)condition_named(name);
        }
    } catch (const EvalError& e) {
        return validation_error(e.what());
    }
    return ok();
}

bool Evaluator::condition(const std::string& name) const {
    const auto it = conditions_.find(name);
    return it != conditions_.end() && it->second;
}

bool Evaluator::included(const Json& entity) const {
    if (!entity.is_object() || !entity.contains("Condition")) return true;
    const Json& c = entity["Condition"];
    if (!c.is_string()) return true;
    return condition(c.get<std::string>());
}

bool Evaluator::condition_named(const std::string& name) const {
    if (const auto it = conditions_.find(name); it != conditions_.end()) return it->second;
    if (!template_.contains("Conditions") || !template_["Conditions"].contains(name)) {
        fail("Template format error: Unresolved condition dependency " + name + " in Fn::If");
    }
    if (!evaluating_.insert(name).second) fail("Template error: circular condition dependency on " + name);
    const bool value = eval_condition_value(template_["Conditions"][name]);
    evaluating_.erase(name);
    conditions_[name] = value;
    return value;
}

bool Evaluator::eval_condition_value(const Json& value) const {
    const Json v = eval(value);
    if (v.is_boolean()) return v.get<bool>();
    if (v.is_string() && (v == "true" || v == "false")) return v == "true";
    fail("Template error: a condition must evaluate to a boolean, got " + v.dump());
}

Result<Json> Evaluator::resolve(const Json& value) const {
    try {
        return eval(value);
    } catch (const EvalError& e) {
        return validation_error(e.what());
    }
}

Json Evaluator::eval(const Json& value) const {
    if (value.is_array()) {
        Json out = Json::array();
        for (const auto& item : value) {
            Json r = eval(item);
            if (!is_no_value(r)) out.push_back(std::move(r));
        }
        return out;
    }
    if (!value.is_object()) return value;
    if (value.size() == 1) {
        const auto first = value.begin();
        const std::string& key = first.key();
        if (key == "Ref" || key == "Condition" || strings::starts_with(key, "Fn::"))
            return eval_function(key, first.value());
    }
    Json out = Json::object();
    for (const auto& [key, item] : value.items()) {
        Json r = eval(item);
        if (!is_no_value(r)) out[key] = std::move(r);
    }
    return out;
}

Json Evaluator::ref(const std::string& name) const {
    if (name == kNoValue) return Json{{"Ref", kNoValue}};
    if (name == "AWS::AccountId") return pseudo_.account;
    if (name == "AWS::Region") return pseudo_.region;
    if (name == "AWS::Partition") return pseudo_.partition();
    if (name == "AWS::URLSuffix") return pseudo_.url_suffix();
    if (name == "AWS::StackName") return pseudo_.stack_name;
    if (name == "AWS::StackId") return pseudo_.stack_id;
    if (name == "AWS::NotificationARNs") return pseudo_.notification_arns;
    if (const auto it = parameters_.find(name); it != parameters_.end()) return it->second;
    if (template_.contains("Resources") && template_["Resources"].contains(name)) {
        if (lookup_.ref) {
            if (auto v = lookup_.ref(name)) return *v;
        }
        fail("Template error: resource " + name + " is not provisioned yet (Ref)");
    }
    fail("Template format error: Unresolved resource dependencies [" + name +
         "] in the Resources block of the template");
}

Json Evaluator::get_att(const Json& arg) const {
    std::string logical;
    std::string attribute;
    if (arg.is_string()) {
        const std::string s = arg.get<std::string>();
        const auto dot = s.find('.');
        if (dot == std::string::npos) fail("Template error: Fn::GetAtt " + s + " needs Resource.Attribute");
        logical = s.substr(0, dot);
        attribute = s.substr(dot + 1);
    } else if (arg.is_array() && arg.size() == 2 && arg[0].is_string()) {
        logical = arg[0].get<std::string>();
        attribute = as_string(eval(arg[1]), "Fn::GetAtt");
    } else {
        fail("Template error: every Fn::GetAtt object requires two non-empty parameters");
    }
    if (!template_.contains("Resources") || !template_["Resources"].contains(logical)) {
        fail("Template error: instance of Fn::GetAtt references undefined resource " + logical);
    }
    if (!lookup_.get_att)
        fail("Template error: resource " + logical + " is not provisioned yet (Fn::GetAtt)");
    auto v = lookup_.get_att(logical, attribute);
    if (!v) fail(v.error().message);
    return *v;
}

Json Evaluator::sub(const Json& arg) const {
    std::string text;
    std::map<std::string, Json> vars;
    if (arg.is_string()) {
        text = arg.get<std::string>();
    } else if (arg.is_array() && arg.size() == 2 && arg[0].is_string() && arg[1].is_object()) {
        text = arg[0].get<std::string>();
        for (const auto& [k, v] : arg[1].items())
            vars[k] = eval(v);
    } else {
        fail("Template error: Fn::Sub requires a string or a [string, {variables}] list");
    }
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto start = text.find("${", i);
        if (start == std::string::npos) {
            out += text.substr(i);
            break;
        }
        out += text.substr(i, start - i);
        const auto end = text.find('}', start);
        if (end == std::string::npos) {
            out += text.substr(start);
            break;
        }
        const std::string name = text.substr(start + 2, end - start - 2);
        if (!name.empty() && name[0] == '!') {
            out += "${" + name.substr(1) + "}";
        } else if (const auto it = vars.find(name); it != vars.end()) {
            out += as_string(it->second, "Fn::Sub");
        } else if (name.find('.') != std::string::npos && !strings::starts_with(name, "AWS::")) {
            out += as_string(get_att(Json(name)), "Fn::Sub");
        } else {
            const Json r = ref(name);
            if (r.is_array()) {
                fail("Template error: variable " + name +
                     " in Fn::Sub expression does not resolve to a string");
            }
            out += as_string(r, "Fn::Sub");
        }
        i = end + 1;
    }
    return out;
}

namespace {

/// Fn::Join, Select, Split, Base64, GetAZs (of `stack_region` by default), Cidr, Length, ToJsonString on
/// their evaluated argument; nullopt for any other function.
std::optional<Json> list_function(const std::string& name, const Json& arg, const std::string& stack_region) {
    if (name == "Fn::Join") {
        if (!arg.is_array() || arg.size() != 2)
            fail("Template error: every Fn::Join object requires two parameters");
        const std::string sep = as_string(arg[0], "Fn::Join");
        std::vector<std::string> parts;
        for (const auto& p : as_list(arg[1], "Fn::Join"))
            parts.push_back(as_string(p, "Fn::Join"));
        return strings::join(parts, sep);
    }
    if (name == "Fn::Select") {
        if (!arg.is_array() || arg.size() != 2) fail("Template error: Fn::Select requires two parameters");
        const long long index = as_int(arg[0], "Fn::Select");
        const Json list = as_list(arg[1], "Fn::Select");
        if (index < 0 || index >= static_cast<long long>(list.size())) {
            fail("Template error: Fn::Select cannot select nonexistent value at index " +
                 std::to_string(index));
        }
        return list[static_cast<std::size_t>(index)];
    }
    if (name == "Fn::Split") {
        if (!arg.is_array() || arg.size() != 2) fail("Template error: Fn::Split requires two parameters");
        const std::string sep = as_string(arg[0], "Fn::Split");
        const std::string text = as_string(arg[1], "Fn::Split");
        Json out = Json::array();
        if (sep.empty()) fail("Template error: Fn::Split requires a non-empty delimiter");
        for (const auto& piece : strings::split(text, sep))
            out.push_back(piece);
        return out;
    }
    if (name == "Fn::Base64") return base64_encode(as_string(arg, name));
    if (name == "Fn::GetAZs") {
        const std::string region =
            arg.is_string() && !arg.get<std::string>().empty() ? arg.get<std::string>() : stack_region;
        return Json::array({region + "a", region + "b", region + "c"});
    }
    if (name == "Fn::Cidr") {
        if (!arg.is_array() || arg.size() != 3) fail("Template error: Fn::Cidr requires three parameters");
        Json out = Json::array();
        for (const auto& s :
             cidr_subnets(as_string(arg[0], name), as_int(arg[1], name), as_int(arg[2], name))) {
            out.push_back(s);
        }
        return out;
    }
    if (name == "Fn::Length") return static_cast<long long>(as_list(arg, name).size());
    if (name == "Fn::ToJsonString") return arg.dump();
    return std::nullopt;
}

/// The condition functions (Fn::Equals, Not, And, Or) and the rule functions (Contains, EachMemberEquals,
/// EachMemberIn) on their evaluated argument; nullopt for any other function.
std::optional<Json> condition_function(const std::string& name, const Json& arg) {
    if (name == "Fn::Equals") {
        if (!arg.is_array() || arg.size() != 2) fail("Template error: Fn::Equals requires two parameters");
        return json_equal(arg[0], arg[1]);
    }
    if (name == "Fn::Not") {
        if (!arg.is_array() || arg.size() != 1 || !arg[0].is_boolean()) {
            fail("Template error: Fn::Not requires a list with one boolean condition");
        }
        return !arg[0].get<bool>();
    }
    if (name == "Fn::And" || name == "Fn::Or") {
        if (!arg.is_array() || arg.size() < 2 || arg.size() > 10) {
            fail("Template error: " + name + " requires between 2 and 10 conditions");
        }
        const bool is_and = name == "Fn::And";
        bool acc = is_and;
        for (const auto& c : arg) {
            if (!c.is_boolean()) fail("Template error: " + name + " elements must be conditions");
            acc = is_and ? (acc && c.get<bool>()) : (acc || c.get<bool>());
        }
        return acc;
    }
    if (name == "Fn::Contains") {
        if (!arg.is_array() || arg.size() != 2) fail("Template error: Fn::Contains requires two parameters");
        for (const auto& item : as_list(arg[0], "Fn::Contains")) {
            if (json_equal(item, arg[1])) return true;
        }
        return false;
    }
    if (name == "Fn::EachMemberEquals") {
        if (!arg.is_array() || arg.size() != 2)
            fail("Template error: Fn::EachMemberEquals requires two parameters");
        for (const auto& item : as_list(arg[0], name)) {
            if (!json_equal(item, arg[1])) return false;
        }
        return true;
    }
    if (name == "Fn::EachMemberIn") {
        if (!arg.is_array() || arg.size() != 2)
            fail("Template error: Fn::EachMemberIn requires two parameters");
        for (const auto& item : as_list(arg[0], name)) {
            bool found = false;
            for (const auto& allowed : as_list(arg[1], name))
                found = found || json_equal(item, allowed);
            if (!found) return false;
        }
        return true;
    }
    return std::nullopt;
}

} // namespace

Json Evaluator::find_in_map(const Json& arg) const {
    const std::string name = "Fn::FindInMap";
    if (!arg.is_array() || arg.size() < 3) fail("Template error: Fn::FindInMap requires three parameters");
    const std::string map = as_string(arg[0], name);
    const std::string top = as_string(arg[1], name);
    const std::string second = as_string(arg[2], name);
    const Json& mappings = template_.contains("Mappings") ? template_["Mappings"] : Json::object();
    if (mappings.contains(map) && mappings[map].contains(top) && mappings[map][top].contains(second)) {
        return mappings[map][top][second];
    }
    if (arg.size() == 4 && arg[3].is_object() && arg[3].contains("DefaultValue"))
        return arg[3]["DefaultValue"];
    if (!mappings.contains(map))
        fail("Template error: Mapping named '" + map +
             "' is not present in the 'Mappings' section of template");
    fail("Template error: Unable to get mapping for " + map + "::" + top + "::" + second);
}

Json Evaluator::eval_function(const std::string& name, const Json& raw) const {
    if (name == "Ref") {
        if (!raw.is_string()) fail("Template error: every Ref object must have a single String value.");
        return ref(raw.get<std::string>());
    }
    if (name == "Condition") {
        if (!raw.is_string()) fail("Template error: Condition requires a condition name");
        return condition_named(raw.get<std::string>());
    }
    if (name == "Fn::GetAtt") return get_att(raw);
    if (name == "Fn::Sub") return sub(raw);
    if (name == "Fn::If") {
        if (!raw.is_array() || raw.size() != 3 || !raw[0].is_string()) {
            fail("Template error: Fn::If requires a list argument with three elements");
        }
        return eval(condition_named(raw[0].get<std::string>()) ? raw[1] : raw[2]);
    }
    const Json arg = eval(raw);
    if (auto value = list_function(name, arg, pseudo_.region)) return *value;
    if (auto value = condition_function(name, arg)) return *value;
    if (name == "Fn::FindInMap") return find_in_map(arg);
    if (name == "Fn::ImportValue") {
        const std::string export_name = as_string(arg, name);
        if (!lookup_.import_value) fail("No export named " + export_name + " found.");
        auto v = lookup_.import_value(export_name);
        if (!v) fail(v.error().message);
        return *v;
    }
    if (name == "Fn::ValueOf" || name == "Fn::RefAll" || name == "Fn::ValueOfAll") {
        fail("Template error: " + name + " (rule function) is not supported by localcloud");
    }
    fail("Template error: unsupported function " + name);
}

Result<void> Evaluator::check_rules() const {
    if (!template_.contains("Rules") || !template_["Rules"].is_object()) return ok();
    try {
        for (const auto& [name, rule] : template_["Rules"].items()) {
            if (rule.contains("RuleCondition") && !eval_condition_value(rule["RuleCondition"])) continue;
            if (!rule.contains("Assertions")) continue;
            for (const auto& assertion : rule["Assertions"]) {
                if (!eval_condition_value(assertion.value("Assert", Json(true)))) {
                    return validation_error(
                        assertion.value("AssertDescription", "Assertion failed for rule " + name));
                }
            }
        }
    } catch (const EvalError& e) {
        return validation_error(e.what());
    }
    return ok();
}

namespace {

void collect(const Json& value, std::set<std::string>& out) {
    if (value.is_array()) {
        for (const auto& item : value)
            collect(item, out);
        return;
    }
    if (!value.is_object()) return;
    if (value.size() == 1) {
        const auto first = value.begin();
        const std::string& key = first.key();
        const Json& arg = first.value();
        if (key == "Ref" && arg.is_string()) {
            out.insert(arg.get<std::string>());
            return;
        }
        if (key == "Fn::GetAtt") {
            if (arg.is_array() && !arg.empty() && arg[0].is_string()) out.insert(arg[0].get<std::string>());
            if (arg.is_string())
                out.insert(arg.get<std::string>().substr(0, arg.get<std::string>().find('.')));
            if (arg.is_array() && arg.size() > 1) collect(arg[1], out);
            return;
        }
        if (key == "Fn::Sub") {
            const Json& text = arg.is_array() && !arg.empty() ? arg[0] : arg;
            std::set<std::string> local;
            if (arg.is_array() && arg.size() > 1 && arg[1].is_object()) {
                for (const auto& [k, v] : arg[1].items()) {
                    local.insert(k);
                    collect(v, out);
                }
            }
            if (text.is_string()) {
                const std::string s = text.get<std::string>();
                std::size_t i = 0;
                while ((i = s.find("${", i)) != std::string::npos) {
                    const auto end = s.find('}', i);
                    if (end == std::string::npos) break;
                    std::string name = s.substr(i + 2, end - i - 2);
                    i = end + 1;
                    if (name.empty() || name[0] == '!' || local.count(name) != 0) continue;
                    if (!strings::starts_with(name, "AWS::")) name = name.substr(0, name.find('.'));
                    out.insert(name);
                }
            }
            return;
        }
    }
    for (const auto& [key, item] : value.items())
        collect(item, out);
}

} // namespace

std::set<std::string> references(const Json& value) {
    std::set<std::string> out;
    collect(value, out);
    return out;
}

} // namespace cdk::localcloud::cloudformation
