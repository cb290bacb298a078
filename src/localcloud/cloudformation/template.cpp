#include "localcloud/cloudformation/template.hpp"

#include "core/json_reader.hpp"
#include "core/strings.hpp"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdlib>
#include <set>
#include <stdexcept>

namespace cdk::localcloud::cloudformation {

Error validation_error(std::string message) {
    return make_error("ValidationError", std::move(message), 400);
}

namespace {

struct FormatError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// The nesting a template may have, in JSON and in YAML: far beyond any real template (a few tens of levels),
/// far below what the recursive conversion and the engine's walkers could not take.
constexpr std::size_t kMaxTemplateDepth = json::kMaxDepth;

/// A plain YAML scalar: booleans, null and integers become JSON values; everything else (floats included, so
/// `1.0` keeps its text as CloudFormation keeps it) stays a string.
Json plain_scalar(const std::string& s) {
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
    if (s == "null" || s == "Null" || s == "NULL" || s == "~") return nullptr;
    if (!s.empty() && (std::isdigit(static_cast<unsigned char>(s[0])) != 0 || s[0] == '-' || s[0] == '+')) {
        const char* begin = s.c_str();
        char* end = nullptr;
        errno = 0;
        const long long i = std::strtoll(begin, &end, 10);
        if (errno == 0 && end == begin + s.size() && s.size() < 16 && !(s.size() > 1 && s[0] == '0'))
            return i;
    }
    return s;
}

Json convert(const YAML::Node& node, std::size_t depth, bool untagged = false);

/// A scalar's text as yaml-cpp decoded it. Its escapes can give bytes that are not UTF-8 from a UTF-8
/// document (`"\_"` decodes to a lone 0xA0), and what is stored and rendered must be UTF-8.
const std::string& scalar_text(const YAML::Node& node) {
    const std::string& text = node.Scalar();
    if (!strings::valid_utf8(text)) {
        throw FormatError(
            "Template format error: YAML not well-formed. (a scalar is not UTF-8 once decoded)");
    }
    return text;
}

Json short_form(const std::string& tag, const YAML::Node& node, std::size_t depth) {
    const std::string name = tag.substr(1);
    static const std::set<std::string> known{"Ref",          "Condition",
                                             "Base64",       "Cidr",
                                             "FindInMap",    "GetAtt",
                                             "GetAZs",       "ImportValue",
                                             "Join",         "Select",
                                             "Split",        "Sub",
                                             "Transform",    "And",
                                             "Equals",       "If",
                                             "Not",          "Or",
                                             "Contains",     "Length",
                                             "ToJsonString", "EachMemberEquals",
                                             "EachMemberIn", "RefAll",
                                             "ValueOf",      "ValueOfAll"};
    if (known.count(name) == 0) throw FormatError("Template format error: unsupported YAML tag " + tag);
    Json inner = node.IsScalar() ? Json(scalar_text(node)) : convert(node, depth, true);
    if (node.IsNull()) inner = "";
    if (name == "Ref") return Json{{"Ref", inner}};
    if (name == "Condition") return Json{{"Condition", inner}};
    if (name == "GetAtt" && inner.is_string()) {
        const std::string s = inner.get<std::string>();
        const auto dot = s.find('.');
        if (dot == std::string::npos)
            throw FormatError("Template format error: !GetAtt " + s + " needs Resource.Attribute");
        return Json{{"Fn::GetAtt", Json::array({s.substr(0, dot), s.substr(dot + 1)})}};
    }
    return Json{{"Fn::" + name, inner}};
}

Json convert(const YAML::Node& node, std::size_t depth, bool untagged) {
    if (depth > kMaxTemplateDepth) {
        throw FormatError("Template format error: YAML nested deeper than " +
                          std::to_string(kMaxTemplateDepth) + " levels");
    }
    const std::string& tag = node.Tag();
    if (!untagged && !tag.empty() && tag[0] == '!' && tag.size() > 1) return short_form(tag, node, depth + 1);
    switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: return nullptr;
    case YAML::NodeType::Scalar:
        return tag == "!" ? Json(scalar_text(node)) : plain_scalar(scalar_text(node));
    case YAML::NodeType::Sequence: {
        Json out = Json::array();
        for (const auto& item : node)
            out.push_back(convert(item, depth + 1));
        return out;
    }
    case YAML::NodeType::Map: {
        Json out = Json::object();
        for (const auto& kv : node) {
            const std::string key = scalar_text(kv.first);
            if (out.contains(key))
                throw FormatError("Template format error: YAML not well-formed. duplicate key " + key);
            out[key] = convert(kv.second, depth + 1);
        }
        return out;
    }
    }
    return nullptr;
}

} // namespace

Result<Json> parse_template(std::string_view body) {
    if (body.size() > kMaxTemplateBytes) {
        return validation_error("Template format error: the template has " + std::to_string(body.size()) +
                                " bytes; CloudFormation reads at most " + std::to_string(kMaxTemplateBytes));
    }
    // A template read from S3 (TemplateURL) can hold any bytes; what is stored and rendered is UTF-8.
    if (!strings::valid_utf8(body))
        return validation_error("Template format error: the template is not UTF-8");
    Json doc;
    const auto first = body.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && body[first] == '{') {
        auto parsed = json::parse(body, {kMaxTemplateDepth, kMaxTemplateBytes});
        if (!parsed) return validation_error("Template format error: JSON not well-formed."); // AWS's words
        doc = std::move(*parsed);
    } else {
        try {
            doc = convert(YAML::Load(std::string(body)), 0);
        } catch (const FormatError& e) {
            return validation_error(e.what());
        } catch (const YAML::Exception& e) {
            return validation_error(std::string("Template format error: YAML not well-formed. (") + e.what() +
                                    ")");
        }
    }
    if (!doc.is_object()) return validation_error("Template format error: unsupported structure.");
    static const std::set<std::string> sections{"AWSTemplateFormatVersion",
                                                "Description",
                                                "Metadata",
                                                "Parameters",
                                                "Rules",
                                                "Mappings",
                                                "Conditions",
                                                "Transform",
                                                "Resources",
                                                "Outputs",
                                                "Hooks"};
    for (const auto& [key, value] : doc.items()) {
        if (sections.count(key) == 0) {
            return validation_error("Template format error: Invalid template property or properties [" + key +
                                    "]");
        }
    }
    if (doc.contains("Transform") && !doc["Transform"].is_null()) {
        return validation_error(
            "Template format error: Transform " + doc["Transform"].dump() +
            " is not supported by localcloud (no macros or AWS::Serverless); expand it before "
            "deploying");
    }
    if (!doc.contains("Resources") || !doc["Resources"].is_object() || doc["Resources"].empty()) {
        return validation_error("Template format error: At least one Resources member must be defined.");
    }
    for (const auto& [id, resource] : doc["Resources"].items()) {
        if (!resource.is_object() || !resource.contains("Type") || !resource["Type"].is_string()) {
            return validation_error("Template format error: [/Resources/" + id +
                                    "] Every Resources object must contain a Type member.");
        }
    }
    return doc;
}

} // namespace cdk::localcloud::cloudformation
