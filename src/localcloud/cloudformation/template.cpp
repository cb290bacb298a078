#include "localcloud/cloudformation/template.hpp"

#include "cfn_template/template_text.hpp"

#include <set>

namespace cdk::localcloud::cloudformation {

Error validation_error(std::string message) {
    return make_error("ValidationError", std::move(message), 400);
}

Result<Json> parse_template(std::string_view body) {
    auto parsed = cfn_template::read_template(body);
    if (!parsed) return validation_error("Template format error: " + parsed.error().message);
    Json doc = std::move(*parsed);
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
