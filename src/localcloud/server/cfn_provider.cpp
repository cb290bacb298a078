#include "localcloud/server/cfn_provider.hpp"

#include "localcloud/server/cfn_support.hpp"

#include <algorithm>

namespace cdk::localcloud::cfn {

Provider::Provider(CloudContext& cloud, std::string type, Operations operations)
    : cloud_(cloud), type_(std::move(type)), operations_(std::move(operations)) {}

Result<ResourceResponse> Provider::create(const ResourceRequest& request) {
    return operations_.create(cloud_, request);
}

Result<ResourceResponse> Provider::update(const ResourceRequest& request) {
    return operations_.update(cloud_, request);
}

Result<void> Provider::remove(const ResourceRequest& request) {
    return operations_.remove(cloud_, request);
}

Result<void> Authorizer::operator()(const std::string& action, const std::string& resource) const {
    return cloud.iam.authorize(tx, request.caller, action, resource, request.caller.account(), std::nullopt,
                               iam::ResourcePolicyMode::None, context, denied_code);
}

ResourceResponse self_response(const std::string& physical_id, const std::string& attribute) {
    return ResourceResponse{physical_id, Json{{attribute, physical_id}}};
}

namespace {

Json targets_of(const Json& properties, const std::string& targets) {
    if (!properties.is_object() || !properties.contains(targets) || !properties[targets].is_array()) {
        return Json::array();
    }
    return properties[targets];
}

Result<void> set_on_all(CloudContext& cloud, const ResourceRequest& request, const SetTargetPolicy& set,
                        const Json& targets, const std::string& policy) {
    for (const auto& t : targets) {
        if (!t.is_string())
            return make_error("ValidationError", "each target of a policy must be a string, not " + t.dump(),
                              400);
        if (auto r = set(cloud, request, t.get<std::string>(), policy); !r) return r;
    }
    return ok();
}

} // namespace

Operations target_policy(std::string targets, SetTargetPolicy set) {
    Operations ops;
    ops.create = [targets, set](CloudContext& cloud,
                                const ResourceRequest& request) -> Result<ResourceResponse> {
        const Json& p = props(request);
        if (auto r = set_on_all(cloud, request, set, targets_of(p, targets),
                                document_text(p.value("PolicyDocument", Json())));
            !r) {
            return r.error();
        }
        return self_response(request.physical_id.empty() ? generated_name(request, 128) : request.physical_id,
                             "Id");
    };
    ops.update = [targets, set, create = ops.create](
                     CloudContext& cloud, const ResourceRequest& request) -> Result<ResourceResponse> {
        const Json now = targets_of(props(request), targets);
        Json dropped = Json::array();
        for (const auto& t : targets_of(request.previous_properties, targets)) {
            if (std::find(now.begin(), now.end(), t) == now.end()) dropped.push_back(t);
        }
        if (auto r = set_on_all(cloud, request, set, dropped, ""); !r) return r.error();
        return create(cloud, request);
    };
    ops.remove = [targets, set](CloudContext& cloud, const ResourceRequest& request) -> Result<void> {
        return set_on_all(cloud, request, set, targets_of(props(request), targets), "");
    };
    return ops;
}

} // namespace cdk::localcloud::cfn
