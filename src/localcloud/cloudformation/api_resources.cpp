// The reads of what a stack provisioned: DescribeStackEvents, ListStackResources, DescribeStackResources,
// DescribeStackResource.
#include "localcloud/cloudformation/stack_internal.hpp"

namespace cdk::localcloud::cloudformation {

namespace {

/// The fields DescribeStackResource(s) and ListStackResources share.
Json resource_fields(const ResourceState& r, const char* timestamp_key) {
    Json x{{"LogicalResourceId", r.logical_id},
           {"PhysicalResourceId", r.physical_id},
           {"ResourceType", r.type},
           {timestamp_key, r.timestamp},
           {"ResourceStatus", r.status},
           {"DriftInformation", Json{{"StackResourceDriftStatus", "NOT_CHECKED"}}}};
    if (!r.status_reason.empty()) x.emplace("ResourceStatusReason", r.status_reason);
    return x;
}

/// The member `key` of an object, nullptr when `doc` is null, not an object or has no such member.
const Json* member(const Json* doc, const std::string& key) {
    if (doc == nullptr || !doc->is_object()) return nullptr;
    const auto it = doc->find(key);
    return it != doc->end() ? &*it : nullptr;
}

Json with_stack(Json x, const Stack& stack) {
    x.update(Json{{"StackName", stack.name}, {"StackId", stack.id}});
    return x;
}

} // namespace

Result<Json> StackEngine::describe_stack_events(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto stored = cloud_.store.read<std::vector<StackEvent>>([&](Tx& tx) -> Result<std::vector<StackEvent>> {
        auto s = find_stack(tx, scope, input_string(in, "StackName"), true);
        if (!s) return s.error();
        return records::events(tx, scope, s->id);
    });
    if (!stored) return stored.error();
    // DescribeStackEvents shows the newest first.
    Json events = Json::array();
    for (auto it = stored->rbegin(); it != stored->rend(); ++it)
        events.push_back(it->to_json());
    return Json{{"StackEvents", events}};
}

Result<Json> StackEngine::list_stack_resources(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto s = cloud_.store.read<Stack>(
        [&](Tx& tx) { return find_stack(tx, scope, input_string(in, "StackName"), true); });
    if (!s) return s.error();
    Json out = Json::array();
    for (const auto& [id, r] : load_resources(scope, s->id))
        out.push_back(resource_fields(r, "LastUpdatedTimestamp"));
    return Json{{"StackResourceSummaries", out}};
}

Result<Json> StackEngine::describe_stack_resources(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto s = cloud_.store.read<Stack>(
        [&](Tx& tx) { return find_stack(tx, scope, input_string(in, "StackName"), true); });
    if (!s) return s.error();
    const std::string logical = input_string(in, "LogicalResourceId");
    Json out = Json::array();
    for (const auto& [id, r] : load_resources(scope, s->id)) {
        if (!logical.empty() && id != logical) continue;
        out.push_back(with_stack(resource_fields(r, "Timestamp"), *s));
    }
    return Json{{"StackResources", out}};
}

Result<Json> StackEngine::describe_stack_resource(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto s = cloud_.store.read<Stack>(
        [&](Tx& tx) { return find_stack(tx, scope, input_string(in, "StackName"), true); });
    if (!s) return s.error();
    const std::string logical = input_string(in, "LogicalResourceId");
    auto resources = load_resources(scope, s->id);
    const auto it = resources.find(logical);
    if (it == resources.end()) {
        return validation_error("Resource " + logical + " does not exist for stack " +
                                input_string(in, "StackName"));
    }
    Json x = with_stack(resource_fields(it->second, "LastUpdatedTimestamp"), *s);
    // The resource's Metadata is a template fragment, shown as the JSON text of it.
    if (const Json* metadata = member(member(member(&s->deployed.doc, "Resources"), logical), "Metadata"))
        x.emplace("Metadata", metadata->dump());
    return Json{{"StackResourceDetail", x}};
}

} // namespace cdk::localcloud::cloudformation
