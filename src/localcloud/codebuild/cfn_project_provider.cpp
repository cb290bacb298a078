#include "localcloud/codebuild/cfn_project_provider.hpp"

#include "core/parse_int.hpp"
#include "localcloud/codebuild/codebuild_errors.hpp"
#include "localcloud/server/cfn_support.hpp"

#include <cctype>

namespace cdk::localcloud::codebuild {

namespace {

/// Members the API takes as integers or booleans, which CloudFormation may pass as strings.
bool integer_member(const std::string& k) {
    return k == "timeoutInMinutes" || k == "queuedTimeoutInMinutes" || k == "gitCloneDepth" ||
           k == "concurrentBuildLimit";
}
bool boolean_member(const std::string& k) {
    return k == "privilegedMode" || k == "insecureSsl" || k == "reportBuildStatus" ||
           k == "overrideArtifactName" || k == "encryptionDisabled" || k == "badgeEnabled";
}

std::string api_name(const std::string& property) {
    if (property == "BuildSpec") return "buildspec";
    std::string out = property;
    if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
    return out;
}

/// CloudFormation's PascalCase properties as the API's camelCase members, recursively; Tags become
/// [{key, value}].
Result<Json> convert(const Json& value, const std::string& key, std::size_t depth) {
    if (depth > 16) return invalid_input("the properties nest too deeply");
    if (value.is_object()) {
        Json out = Json::object();
        for (const auto& [k, v] : value.items()) {
            const std::string name = api_name(k);
            if (name == "tags" && v.is_array()) {
                Json tags = Json::array();
                for (const auto& t : v)
                    tags.push_back(Json{{"key", cfn::str(t, "Key")}, {"value", cfn::str(t, "Value")}});
                out[name] = tags;
                continue;
            }
            auto c = convert(v, name, depth + 1);
            if (!c) return c.error();
            out[name] = std::move(*c);
        }
        return out;
    }
    if (value.is_array()) {
        Json out = Json::array();
        for (const auto& v : value) {
            auto c = convert(v, key, depth + 1);
            if (!c) return c.error();
            out.push_back(std::move(*c));
        }
        return out;
    }
    if (value.is_string() && integer_member(key)) {
        const auto n = parse_int<long long>(value.get<std::string>());
        if (!n)
            return invalid_input("Value '" + value.get<std::string>() + "' at '" + key +
                                 "' must be an integer");
        return Json(*n);
    }
    if (value.is_string() && boolean_member(key)) return Json(value.get<std::string>() == "true");
    return value;
}

constexpr auto call_of = &cfn::service_call<CodeBuildCall>;

ResourceResponse response_of(const Json& project) {
    return ResourceResponse{project["name"].get<std::string>(), Json{{"Arn", project["arn"]}}};
}

} // namespace

Result<Json> CfnProjectProvider::project_input(const Json& properties) {
    auto converted = convert(properties, "", 0);
    if (!converted) return converted.error();
    Json in = std::move(*converted);
    // Properties CloudFormation has and the API does not take as members.
    in.erase("badgeEnabled");
    in.erase("triggers");
    in.erase("visibility");
    return in;
}

Result<ResourceResponse> CfnProjectProvider::create(const ResourceRequest& request) {
    auto in = project_input(cfn::props(request));
    if (!in) return in.error();
    if (!in->contains("name")) (*in)["name"] = cfn::generated_name(request, 255);
    auto project = backend_->create_project(call_of(request), *in);
    if (!project) return project.error();
    return response_of(*project);
}

Result<ResourceResponse> CfnProjectProvider::update(const ResourceRequest& request) {
    auto in = project_input(cfn::props(request));
    if (!in) return in.error();
    (*in)["name"] = request.physical_id;
    auto project = backend_->update_project(call_of(request), *in);
    if (!project) return project.error();
    return response_of(*project);
}

Result<void> CfnProjectProvider::remove(const ResourceRequest& request) {
    return backend_->delete_project(call_of(request), request.physical_id);
}

} // namespace cdk::localcloud::codebuild
