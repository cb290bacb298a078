#include "localcloud/events/cfn_events_providers.hpp"

#include "core/parse_int.hpp"
#include "localcloud/events/events_backend.hpp"
#include "localcloud/server/cfn_support.hpp"

namespace cdk::localcloud::events {

namespace {

/// `change(tx, backend, call)` in one store transaction, as the provider call's caller.
template <class T, class Change>
Result<T> write(CloudContext& cloud, const ResourceRequest& request, Change&& change) {
    EventsBackend backend(cloud);
    const EventsCall call = cfn::service_call<EventsCall>(request);
    return cloud.store.write<T>([&](Tx& tx) -> Result<T> { return change(tx, backend, call); });
}

/// The bus name of the EventBusName property (a name or an ARN), `default` when absent.
std::string bus_of(const Json& p) {
    std::string bus = cfn::str(p, "EventBusName");
    if (const auto at = bus.find(":event-bus/"); at != std::string::npos) bus = bus.substr(at + 11);
    return bus.empty() ? "default" : bus;
}

/// The rule's name and bus from its physical id (`<name>` or `<bus>|<name>`).
std::pair<std::string, std::string> split_physical(const std::string& id) {
    const auto bar = id.find('|');
    if (bar == std::string::npos) return {"default", id};
    return {id.substr(0, bar), id.substr(bar + 1)};
}

Json rule_input(const Json& p, const std::string& name, const std::string& bus) {
    Json in{{"Name", name}, {"EventBusName", bus}};
    if (p.contains("EventPattern")) in["EventPattern"] = cfn::document_text(p["EventPattern"]);
    for (const char* member : {"ScheduleExpression", "State", "Description", "RoleArn"}) {
        if (p.contains(member)) in[member] = cfn::str(p, member);
    }
    return in;
}

Json targets_of(const Json& p) {
    Json out = Json::array();
    if (!p.contains("Targets") || !p["Targets"].is_array()) return out;
    for (Json t : p["Targets"]) {
        if (t.contains("RetryPolicy")) {
            for (auto& [k, v] : t["RetryPolicy"].items()) {
                // CloudFormation passes numbers as strings; anything else is left for the API to refuse.
                if (v.is_string()) {
                    if (const auto n = parse_int<long long>(v.get<std::string>())) v = *n;
                }
            }
        }
        out.push_back(std::move(t));
    }
    return out;
}

ResourceResponse rule_response(const ResourceRequest& request, const std::string& bus,
                               const std::string& name) {
    return ResourceResponse{
        bus == "default" ? name : bus + "|" + name,
        Json{{"Arn", EventsBackend::rule_arn(Scope{request.account, request.region}, bus, name)}}};
}

Result<ResourceResponse> put_rule_and_targets(CloudContext& cloud, const ResourceRequest& request,
                                              const std::string& name, const std::string& bus,
                                              const Json& old_ids) {
    const Json& p = cfn::props(request);
    const Json targets = targets_of(p);
    auto done = write<bool>(
        cloud, request, [&](Tx& tx, EventsBackend& backend, const EventsCall& call) -> Result<bool> {
            if (auto r = backend.put_rule(tx, call, rule_input(p, name, bus)); !r) return r.error();
            Json gone = Json::array();
            for (const auto& id : old_ids) {
                bool kept = false;
                for (const auto& t : targets)
                    kept = kept || t.value("Id", "") == id;
                if (!kept) gone.push_back(id);
            }
            if (!gone.empty()) {
                auto r = backend.remove_targets(tx, call,
                                                Json{{"Rule", name}, {"EventBusName", bus}, {"Ids", gone}});
                if (!r) return r.error();
            }
            if (!targets.empty()) {
                auto r = backend.put_targets(
                    tx, call, Json{{"Rule", name}, {"EventBusName", bus}, {"Targets", targets}});
                if (!r) return r.error();
            }
            return true;
        });
    if (!done) return done.error();
    return rule_response(request, bus, name);
}

Result<ResourceResponse> create_rule(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    std::string name = cfn::name_or_generated(request, "Name", 64);
    return put_rule_and_targets(cloud, request, name, bus_of(p), Json::array());
}

Result<void> remove_rule(CloudContext& cloud, const ResourceRequest& request);

Result<ResourceResponse> update_rule(CloudContext& cloud, const ResourceRequest& request) {
    const auto [bus, name] = split_physical(request.physical_id);
    if (const std::string moved = bus_of(cfn::props(request)); moved != bus) {
        // Another bus: the rule (same name) is made there and the old one removed.
        auto made = put_rule_and_targets(cloud, request, name, moved, Json::array());
        if (!made) return made.error();
        if (auto r = remove_rule(cloud, request); !r) return r.error();
        return made;
    }
    Json old_ids = Json::array();
    for (const auto& t : targets_of(request.previous_properties))
        old_ids.push_back(t.value("Id", ""));
    return put_rule_and_targets(cloud, request, name, bus, old_ids);
}

Result<void> remove_rule(CloudContext& cloud, const ResourceRequest& request) {
    const auto [bus, name] = split_physical(request.physical_id);
    auto done = write<bool>(
        cloud, request, [&](Tx& tx, EventsBackend& backend, const EventsCall& call) -> Result<bool> {
            auto listed = backend.list_targets_by_rule(tx, call, Json{{"Rule", name}, {"EventBusName", bus}});
            if (!listed) {
                if (cfn::is_not_found(listed.error())) return true;
                return listed.error();
            }
            Json ids = Json::array();
            for (const auto& t : (*listed)["Targets"])
                ids.push_back(t["Id"]);
            if (!ids.empty()) {
                auto r = backend.remove_targets(tx, call,
                                                Json{{"Rule", name}, {"EventBusName", bus}, {"Ids", ids}});
                if (!r) return r.error();
            }
            auto d = backend.delete_rule(tx, call, Json{{"Name", name}, {"EventBusName", bus}});
            if (!d) return d.error();
            return true;
        });
    if (!done) return done.error();
    return ok();
}

ResourceResponse bus_response(const ResourceRequest& request, const std::string& name) {
    return ResourceResponse{
        name,
        Json{{"Arn", EventsBackend::bus_arn(Scope{request.account, request.region}, name)}, {"Name", name}}};
}

Result<ResourceResponse> create_bus(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    const std::string name = cfn::str(p, "Name");
    Json in{{"Name", name}};
    if (p.contains("Description")) in["Description"] = cfn::str(p, "Description");
    if (p.contains("DeadLetterConfig")) in["DeadLetterConfig"] = p["DeadLetterConfig"];
    if (p.contains("KmsKeyIdentifier")) in["KmsKeyIdentifier"] = cfn::str(p, "KmsKeyIdentifier");
    auto done = write<Json>(cloud, request, [&](Tx& tx, EventsBackend& backend, const EventsCall& call) {
        return backend.create_event_bus(tx, call, in);
    });
    if (!done) return done.error();
    return bus_response(request, name);
}

Result<ResourceResponse> update_bus(CloudContext& /*cloud*/, const ResourceRequest& request) {
    return bus_response(request, request.physical_id);
}

Result<void> remove_bus(CloudContext& cloud, const ResourceRequest& request) {
    auto done = write<Json>(cloud, request, [&](Tx& tx, EventsBackend& backend, const EventsCall& call) {
        return backend.delete_event_bus(tx, call, Json{{"Name", request.physical_id}});
    });
    if (!done && !cfn::is_not_found(done.error())) return done.error();
    return ok();
}

/// The statement of an EventBusPolicy: `Statement` as given, or the legacy Action / Principal / Condition
/// members (Principal an account id, or `*`).
Json statement_of(const Json& p) {
    if (p.contains("Statement")) {
        Json st = p["Statement"];
        if (st.is_string()) st = Json::parse(st.get<std::string>());
        return st;
    }
    const std::string principal = cfn::str(p, "Principal");
    Json st{
        {"Effect", "Allow"},
        {"Action", p.contains("Action") ? cfn::str(p, "Action") : std::string("events:PutEvents")},
        {"Principal", principal == "*" ? Json("*") : Json{{"AWS", "arn:aws:iam::" + principal + ":root"}}}};
    if (p.contains("Condition") && p["Condition"].is_object()) {
        const Json& c = p["Condition"];
        st["Condition"] =
            Json{{c.value("Type", "StringEquals"), {{c.value("Key", ""), c.value("Value", "")}}}};
    }
    return st;
}

Result<ResourceResponse> put_bus_policy(CloudContext& cloud, const ResourceRequest& request) {
    const Json& p = cfn::props(request);
    const std::string statement_id = cfn::str(p, "StatementId");
    auto bus =
        write<std::string>(cloud, request, [&](Tx& tx, EventsBackend& backend, const EventsCall& call) {
            return backend.put_bus_statement(tx, call, bus_of(p), statement_id, statement_of(p));
        });
    if (!bus) return bus.error();
    return ResourceResponse{*bus + "|" + statement_id};
}

Result<void> remove_bus_policy(CloudContext& cloud, const ResourceRequest& request) {
    const auto [bus, statement_id] = split_physical(request.physical_id);
    auto done = write<bool>(cloud, request,
                            [&](Tx& tx, EventsBackend& backend, const EventsCall& call) -> Result<bool> {
                                if (auto r = backend.remove_bus_statement(tx, call, bus, statement_id); !r)
                                    return r.error();
                                return true;
                            });
    if (!done && !cfn::is_not_found(done.error())) return done.error();
    return ok();
}

} // namespace

CfnEventBusPolicyProvider::CfnEventBusPolicyProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::Events::EventBusPolicy", {put_bus_policy, put_bus_policy, remove_bus_policy}) {}

CfnRuleProvider::CfnRuleProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::Events::Rule", {create_rule, update_rule, remove_rule}) {}

CfnEventBusProvider::CfnEventBusProvider(CloudContext& cloud)
    : Provider(cloud, "AWS::Events::EventBus", {create_bus, update_bus, remove_bus}) {}

} // namespace cdk::localcloud::events
