#include "toolkit/template_reader.hpp"

#include "core/fs.hpp"

#include <yaml-cpp/yaml.h>

namespace cdk::toolkit {
namespace {

Json scalar_value(const YAML::Node& node) {
    const std::string& text = node.Scalar();
    if (node.Tag() == "!") return text; // quoted
    if (text == "true" || text == "True") return true;
    if (text == "false" || text == "False") return false;
    if (text == "null" || text == "~") return nullptr;
    if (!text.empty() && (std::isdigit(static_cast<unsigned char>(text[0])) != 0 || text[0] == '-')) {
        std::size_t used = 0;
        try {
            const long long n = std::stoll(text, &used);
            if (used == text.size()) return n;
            const double d = std::stod(text, &used);
            if (used == text.size()) return d;
        } catch (const std::exception&) {
        }
    }
    return text;
}

Json to_json(const YAML::Node& node);

Json short_form(const std::string& tag, const YAML::Node& node) {
    const std::string name = tag.substr(1);
    if (name == "Ref") return Json{{"Ref", node.Scalar()}};
    if (name == "Condition") return Json{{"Condition", node.Scalar()}};
    Json value = node.IsScalar() ? Json(node.Scalar()) : to_json(node);
    if (name == "GetAtt" && value.is_string()) {
        const std::string s = value.get<std::string>();
        const auto dot = s.find('.');
        value = Json::array({s.substr(0, dot), dot == std::string::npos ? "" : s.substr(dot + 1)});
    }
    return Json{{"Fn::" + name, value}};
}

Json to_json(const YAML::Node& node) {
    const std::string& tag = node.Tag();
    if (!tag.empty() && tag[0] == '!' && tag.size() > 1) return short_form(tag, node);
    switch (node.Type()) {
    case YAML::NodeType::Scalar: return scalar_value(node);
    case YAML::NodeType::Sequence: {
        Json out = Json::array();
        for (const auto& item : node)
            out.push_back(to_json(item));
        return out;
    }
    case YAML::NodeType::Map: {
        Json out = Json::object();
        for (const auto& kv : node)
            out[kv.first.as<std::string>()] = to_json(kv.second);
        return out;
    }
    default: return nullptr;
    }
}

} // namespace

Result<Json> parse_template(const std::string& text, const std::string& where) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && text[first] == '{') {
        try {
            return Json::parse(text);
        } catch (const std::exception& e) {
            return make_error("TemplateMalformed", where + " is not valid JSON: " + e.what());
        }
    }
    try {
        return to_json(YAML::Load(text));
    } catch (const std::exception& e) {
        return make_error("TemplateMalformed", where + " is not valid YAML: " + e.what());
    }
}

Result<Json> read_template_file(const std::filesystem::path& path) {
    auto text = fs::read_file(path);
    if (!text) {
        return make_error("TemplateFileUnreadable",
                          "cannot read template " + path.string() + ": " + text.error().message);
    }
    return parse_template(*text, path.string());
}

} // namespace cdk::toolkit
