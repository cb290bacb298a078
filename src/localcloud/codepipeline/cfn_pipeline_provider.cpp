#include "localcloud/codepipeline/cfn_pipeline_provider.hpp"

#include "core/parse_int.hpp"
#include "localcloud/codepipeline/codepipeline_errors.hpp"
#include "localcloud/server/cfn_support.hpp"

#include <cctype>

namespace cdk::localcloud::codepipeline {

namespace {

/// PascalCase properties as camelCase members, recursively, except inside an action's Configuration (its keys
/// are the action type's own, its values strings); RunOrder as an integer.
Result<Json> convert(const Json& value, std::size_t depth) {
    if (depth > 16) return validation("the pipeline properties nest too deeply");
    if (value.is_array()) {
        Json out = Json::array();
        for (const auto& v : value) {
            auto c = convert(v, depth + 1);
            if (!c) return c.error();
            out.push_back(std::move(*c));
        }
        return out;
    }
    if (!value.is_object()) return value;
    Json out = Json::object();
    for (const auto& [k, v] : value.items()) {
        std::string name = k;
        if (!name.empty()) name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
        if (k == "Configuration") {
            // The API's configuration is a map of strings: CloudFormation passes `PollForSourceChanges:
            // false` (as aws-cdk-lib renders it) on as "false", and numbers as their text.
            if (!v.is_object()) return validation("an action's Configuration must be an object");
            Json config = Json::object();
            for (const auto& [key, field] : v.items()) {
                config[key] = field.is_string() ? field.get<std::string>() : field.dump();
            }
            out[name] = std::move(config);
        } else if (k == "RunOrder" && v.is_string()) {
            const auto n = parse_int<int>(v.get<std::string>());
            if (!n) return validation("RunOrder '" + v.get<std::string>() + "' is not an integer");
            out[name] = *n;
        } else {
            auto c = convert(v, depth + 1);
            if (!c) return c.error();
            out[name] = std::move(*c);
        }
    }
    return out;
}

constexpr auto call_of = &cfn::service_call<PipelineCall>;

ResourceResponse response_of(const Json& pipeline) {
    return ResourceResponse{pipeline["name"].get<std::string>(),
                            Json{{"Version", std::to_string(pipeline.value("version", 1LL))}}};
}

} // namespace

Result<Json> CfnPipelineProvider::pipeline_input(const Json& properties, const std::string& name) {
    Json props = properties;
    Json tags = cfn::tags(props);
    for (const char* k : {"Tags", "RestartExecutionOnUpdate", "DisableInboundStageTransitions", "Name"})
        props.erase(k);
    auto decl = convert(props, 0);
    if (!decl) return decl.error();
    (*decl)["name"] = name;
    Json api_tags = Json::array();
    for (const auto& t : tags)
        api_tags.push_back(Json{{"key", cfn::str(t, "Key")}, {"value", cfn::str(t, "Value")}});
    Json in{{"pipeline", *decl}};
    if (!api_tags.empty()) in["tags"] = api_tags;
    return in;
}

Result<ResourceResponse> CfnPipelineProvider::create(const ResourceRequest& request) {
    const std::string given = cfn::str(cfn::props(request), "Name");
    auto in = pipeline_input(cfn::props(request), given.empty() ? cfn::generated_name(request, 100) : given);
    if (!in) return in.error();
    auto created = backend_->create_pipeline(call_of(request), *in);
    if (!created) return created.error();
    return response_of((*created)["pipeline"]);
}

Result<ResourceResponse> CfnPipelineProvider::update(const ResourceRequest& request) {
    auto in = pipeline_input(cfn::props(request), request.physical_id);
    if (!in) return in.error();
    auto updated = backend_->update_pipeline(call_of(request), *in);
    if (!updated) return updated.error();
    // RestartExecutionOnUpdate: CloudFormation starts the pipeline again after every update of the resource
    // (as StartPipelineExecution by the stack's role), whatever changed; an execution that was running a
    // stage when the stages changed ends there (codepipeline_backend.cpp, mark_outdated).
    const Json restart = cfn::props(request).value("RestartExecutionOnUpdate", Json(false));
    if (restart == Json(true) || restart == Json("true")) {
        auto started = backend_->start_execution(
            request.caller.account(), request.region, request.physical_id,
            Json{{"triggerType", "StartPipelineExecution"}, {"triggerDetail", request.caller.arn()}});
        if (!started) return started.error();
    }
    return response_of((*updated)["pipeline"]);
}

Result<void> CfnPipelineProvider::remove(const ResourceRequest& request) {
    return backend_->delete_pipeline(call_of(request), request.physical_id);
}

} // namespace cdk::localcloud::codepipeline
