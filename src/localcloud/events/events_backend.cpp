// EventBridge buses, rules and targets (the API), and the matching half of PutEvents.
#include "localcloud/events/events_backend.hpp"

#include "core/error.hpp"
#include "core/json_reader.hpp"
#include "core/parse_int.hpp"
#include "core/random.hpp"
#include "core/strings.hpp"
#include "localcloud/events/event_pattern.hpp"
#include "localcloud/events/schedule_expression.hpp"
#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/iam/policy_evaluator.hpp"
#include "localcloud/server/service_errors.hpp"
#include "localcloud/state/ids.hpp"

#include <algorithm>
#include <chrono>
#include <regex>

namespace cdk::localcloud::events {
namespace {

constexpr const char* kBusKind = "events:bus";
constexpr const char* kRuleKind = "events:rule";
constexpr std::size_t kMaxTargets = 5;
constexpr std::size_t kMaxEntries = 10;
constexpr std::size_t kMaxEntryBytes = 256 * 1024;

Error validation(std::string message) {
    return make_error("ValidationException", std::move(message), 400);
}
Error not_found(std::string message) {
    return make_error("ResourceNotFoundException", std::move(message), 400);
}

Error constraint(const std::string& member, const std::string& value, const std::string& rule) {
    return validation(constraint_message(member, value, rule));
}

Result<void> check_name(const std::string& name, const char* member, bool allow_slash = false) {
    static const std::regex kRule(R"([\.\-_A-Za-z0-9]+)");
    static const std::regex kBus(R"([/\.\-_A-Za-z0-9]+)");
    if (name.empty() || name.size() > (allow_slash ? 256U : 64U)) {
        return constraint(member, name,
                          std::string("have length between 1 and ") + (allow_slash ? "256" : "64"));
    }
    if (!std::regex_match(name, allow_slash ? kBus : kRule)) {
        return constraint(member, name,
                          allow_slash ? "satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+"
                                      : "satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
    }
    return ok();
}

std::string rule_key(const std::string& bus, const std::string& rule) {
    return bus + "|" + rule;
}

std::string now_iso() {
    return iso8601(std::chrono::system_clock::now());
}

/// The rule as DescribeRule / ListRules show it.
Json rule_view(const Json& rule) {
    Json out = rule;
    out.erase("Targets");
    out.erase("Tags");
    return out;
}

/// A bus name from a name or an ARN (`arn:aws:events:<region>:<account>:event-bus/<name>`).
std::string bus_name_from(const std::string& value) {
    const auto at = value.find(":event-bus/");
    if (strings::starts_with(value, "arn:") && at != std::string::npos) return value.substr(at + 11);
    return value;
}

Result<void> check_target(const Json& t) {
    const std::string id = t.value("Id", "");
    if (auto c = check_name(id, "targets.member.id"); !c) return c.error();
    const int inputs = (t.contains("Input") ? 1 : 0) + (t.contains("InputPath") ? 1 : 0) +
                       (t.contains("InputTransformer") ? 1 : 0);
    if (inputs > 1) return validation("Only one of Input, InputPath, or InputTransformer must be provided.");
    if (t.contains("Input")) {
        if (!json::parse(t["Input"].get<std::string>()))
            return validation("Parameter(s) Input is not valid JSON.");
    }
    if (t.contains("InputPath")) {
        const std::string path = t["InputPath"].get<std::string>();
        if (!strings::starts_with(path, "$")) return validation("Parameter InputPath is not valid.");
    }
    if (t.contains("InputTransformer")) {
        const Json& it = t["InputTransformer"];
        if (!it.contains("InputTemplate"))
            return validation("InputTemplate is required in InputTransformer.");
        if (it.contains("InputPathsMap")) {
            if (it["InputPathsMap"].size() > 100)
                return validation("InputPathsMap has more than 100 entries.");
            for (const auto& [k, v] : it["InputPathsMap"].items()) {
                if (!v.is_string() || !strings::starts_with(v.get<std::string>(), "$"))
                    return validation("Parameter InputPathsMap is not valid: " + k);
                if (strings::starts_with(k, "aws.")) return validation("Key " + k + " is reserved.");
            }
        }
    }
    const std::string arn = t.value("Arn", "");
    if (!strings::starts_with(arn, "arn:"))
        return validation("Parameter " + arn +
                          " is not valid. Reason: Provided Arn is not in correct format.");
    return ok();
}

} // namespace

std::string EventsBackend::schedule_key(const Scope& scope, const std::string& rule) {
    return scope.account + "|" + scope.region + "|" + rule;
}

Result<void> EventsBackend::index_schedule(Tx& tx, const Scope& scope, const std::string& rule,
                                           const std::string& expression) {
    const std::string key = schedule_key(scope, rule);
    if (expression.empty()) {
        if (auto e = tx.erase(kScheduleScope, kScheduleKind, key); !e) return e.error();
        return ok();
    }
    auto existing = tx.get(kScheduleScope, kScheduleKind, key);
    if (!existing) return existing.error();
    // A rate counts from when its expression was set: putting the rule again with the same one keeps it.
    if (*existing && (**existing).value("ScheduleExpression", "") == expression) return ok();
    const auto minute =
        std::chrono::duration_cast<std::chrono::minutes>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    return tx.put(kScheduleScope, kScheduleKind, key,
                  Json{{"Account", scope.account},
                       {"Region", scope.region},
                       {"Rule", rule},
                       {"ScheduleExpression", expression},
                       {"StartMinute", minute}});
}

std::string EventsBackend::bus_arn(const Scope& scope, const std::string& bus) {
    return "arn:aws:events:" + scope.region + ":" + scope.account + ":event-bus/" + bus;
}

std::string EventsBackend::rule_arn(const Scope& scope, const std::string& bus, const std::string& rule) {
    return "arn:aws:events:" + scope.region + ":" + scope.account + ":rule/" +
           (bus == "default" ? rule : bus + "/" + rule);
}

Result<void> EventsBackend::authorize(Tx& tx, const EventsCall& call, const std::string& action,
                                      const std::string& resource) {
    return cloud_.iam.authorize(tx, call.caller, action, resource, call.caller.account(), std::nullopt,
                                iam::ResourcePolicyMode::None, call.context, "AccessDeniedException");
}

Result<std::string> EventsBackend::bus_of(Tx& tx, const Scope& scope, const Json& in, const char* member) {
    std::string bus = bus_name_from(in.value(member, "default"));
    if (bus.empty()) bus = "default";
    if (auto c = check_name(bus, member, true); !c) return c.error();
    if (bus == "default") return bus;
    auto b = tx.get(scope, kBusKind, bus);
    if (!b) return b.error();
    if (!*b) return not_found("Event bus " + bus + " does not exist.");
    return bus;
}

Result<Json> EventsBackend::authorized_rule(Tx& tx, const EventsCall& call, const Json& in,
                                            const char* name_member, const std::string& action,
                                            std::string& bus) {
    const Scope scope{call.caller.account(), call.region};
    const std::string name = in.value(name_member, "");
    if (auto c = check_name(name, name_member); !c) return c.error();
    auto b = bus_of(tx, scope, in);
    if (!b) return b.error();
    bus = *b;
    if (auto a = authorize(tx, call, action, rule_arn(scope, bus, name)); !a) return a.error();
    auto r = tx.get(scope, kRuleKind, rule_key(bus, name));
    if (!r) return r.error();
    if (!*r) return not_found("Rule " + name + " does not exist on EventBus " + bus + ".");
    return std::move(**r);
}

Result<Json> EventsBackend::put_rule(Tx& tx, const EventsCall& call, const Json& in) {
    const Scope scope{call.caller.account(), call.region};
    const std::string name = in.value("Name", "");
    if (auto c = check_name(name, "name"); !c) return c.error();
    auto b = bus_of(tx, scope, in);
    if (!b) return b.error();
    const std::string& bus = *b;
    const std::string arn = rule_arn(scope, bus, name);
    if (auto a = authorize(tx, call, "events:PutRule", arn); !a) return a.error();
    const std::string pattern = in.value("EventPattern", "");
    const std::string schedule = in.value("ScheduleExpression", "");
    if (pattern.empty() && schedule.empty())
        return validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
    if (!pattern.empty()) {
        if (auto p = parse_event_pattern(pattern); !p) return p.error();
    }
    if (!schedule.empty()) {
        if (bus != "default")
            return validation("ScheduleExpression is supported only on the default event bus.");
        if (auto parsed = parse_schedule(schedule); !parsed) return parsed.error();
    }
    const std::string state = in.value("State", "ENABLED");
    auto existing = tx.get(scope, kRuleKind, rule_key(bus, name));
    if (!existing) return existing.error();
    Json rule =
        *existing ? **existing : Json{{"Targets", Json::array()}, {"CreatedBy", call.caller.account()}};
    rule["Name"] = name;
    rule["Arn"] = arn;
    rule["EventBusName"] = bus;
    rule["State"] = state;
    for (const char* member : {"EventPattern", "ScheduleExpression", "Description", "RoleArn"}) {
        if (in.contains(member)) {
            rule[member] = in[member];
        } else {
            rule.erase(member);
        }
    }
    if (in.contains("Tags")) rule["Tags"] = in["Tags"];
    if (auto p = tx.put(scope, kRuleKind, rule_key(bus, name), rule); !p) return p.error();
    if (bus == "default") {
        if (auto i = index_schedule(tx, scope, name, schedule); !i) return i.error();
    }
    return Json{{"RuleArn", arn}};
}

Result<Json> EventsBackend::describe_rule(Tx& tx, const EventsCall& call, const Json& in) {
    std::string bus;
    auto r = authorized_rule(tx, call, in, "Name", "events:DescribeRule", bus);
    if (!r) return r.error();
    return rule_view(*r);
}

Result<Json> EventsBackend::list_rules(Tx& tx, const EventsCall& call, const Json& in) {
    const Scope scope{call.caller.account(), call.region};
    auto b = bus_of(tx, scope, in);
    if (!b) return b.error();
    if (auto a = authorize(tx, call, "events:ListRules",
                           "arn:aws:events:" + scope.region + ":" + scope.account + ":rule/*");
        !a)
        return a.error();
    const std::string prefix = rule_key(*b, in.value("NamePrefix", ""));
    const std::string after = in.value("NextToken", "");
    const std::size_t limit = in.contains("Limit") ? in["Limit"].get<std::size_t>() : 100;
    auto rows = tx.list(scope, kRuleKind, prefix,
                        after.empty() ? std::string_view{} : std::string_view(after), limit + 1);
    if (!rows) return rows.error();
    Json out{{"Rules", Json::array()}};
    for (std::size_t i = 0; i < rows->size() && i < limit; ++i)
        out["Rules"].push_back(rule_view((*rows)[i].second));
    if (rows->size() > limit) out["NextToken"] = (*rows)[limit - 1].first;
    return out;
}

Result<Json> EventsBackend::delete_rule(Tx& tx, const EventsCall& call, const Json& in) {
    std::string bus;
    auto r = authorized_rule(tx, call, in, "Name", "events:DeleteRule", bus);
    if (!r) {
        if (r.error().code == "ResourceNotFoundException") return Json::object(); // AWS: idempotent
        return r.error();
    }
    if (!(*r)["Targets"].empty()) return validation("Rule can't be deleted since it has targets.");
    const Scope scope{call.caller.account(), call.region};
    if (auto e = tx.erase(scope, kRuleKind, rule_key(bus, in.value("Name", ""))); !e) return e.error();
    if (bus == "default") {
        if (auto i = index_schedule(tx, scope, in.value("Name", ""), ""); !i) return i.error();
    }
    return Json::object();
}

Result<Json> EventsBackend::set_state(Tx& tx, const EventsCall& call, const Json& in,
                                      const std::string& action, const char* state) {
    std::string bus;
    auto r = authorized_rule(tx, call, in, "Name", action, bus);
    if (!r) return r.error();
    (*r)["State"] = state;
    const Scope scope{call.caller.account(), call.region};
    if (auto p = tx.put(scope, kRuleKind, rule_key(bus, in.value("Name", "")), *r); !p) return p.error();
    return Json::object();
}

Result<Json> EventsBackend::enable_rule(Tx& tx, const EventsCall& call, const Json& in) {
    return set_state(tx, call, in, "events:EnableRule", "ENABLED");
}

Result<Json> EventsBackend::disable_rule(Tx& tx, const EventsCall& call, const Json& in) {
    return set_state(tx, call, in, "events:DisableRule", "DISABLED");
}

Result<Json> EventsBackend::put_targets(Tx& tx, const EventsCall& call, const Json& in) {
    std::string bus;
    auto r = authorized_rule(tx, call, in, "Rule", "events:PutTargets", bus);
    if (!r) return r.error();
    Json& targets = (*r)["Targets"];
    for (const auto& t : in.value("Targets", Json::array())) {
        if (auto c = check_target(t); !c) return c.error();
    }
    for (const auto& t : in.value("Targets", Json::array())) {
        bool replaced = false;
        for (auto& existing : targets) {
            if (existing["Id"] == t["Id"]) {
                existing = t;
                replaced = true;
            }
        }
        if (!replaced) targets.push_back(t);
    }
    if (targets.size() > kMaxTargets)
        return make_error("LimitExceededException",
                          "The requested resource exceeds the maximum number allowed.", 400);
    const Scope scope{call.caller.account(), call.region};
    if (auto p = tx.put(scope, kRuleKind, rule_key(bus, in.value("Rule", "")), *r); !p) return p.error();
    return Json{{"FailedEntryCount", 0}, {"FailedEntries", Json::array()}};
}

Result<Json> EventsBackend::list_targets_by_rule(Tx& tx, const EventsCall& call, const Json& in) {
    std::string bus;
    auto r = authorized_rule(tx, call, in, "Rule", "events:ListTargetsByRule", bus);
    if (!r) return r.error();
    const Json& targets = (*r)["Targets"];
    const std::size_t limit = in.contains("Limit") ? in["Limit"].get<std::size_t>() : 100;
    std::size_t from = 0;
    if (in.contains("NextToken")) {
        const std::string token = in["NextToken"].get<std::string>();
        if (token.empty() || token.size() > 3 ||
            !std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return validation("The NextToken provided is invalid.");
        from = *parse_int<std::size_t>(token);
    }
    Json out{{"Targets", Json::array()}};
    for (std::size_t i = from; i < targets.size() && i < from + limit; ++i)
        out["Targets"].push_back(targets[i]);
    if (from + limit < targets.size()) out["NextToken"] = std::to_string(from + limit);
    return out;
}

Result<Json> EventsBackend::remove_targets(Tx& tx, const EventsCall& call, const Json& in) {
    std::string bus;
    auto r = authorized_rule(tx, call, in, "Rule", "events:RemoveTargets", bus);
    if (!r) return r.error();
    Json kept = Json::array();
    const Json ids = in.value("Ids", Json::array());
    for (const auto& t : (*r)["Targets"]) {
        if (std::find(ids.begin(), ids.end(), t["Id"]) == ids.end()) kept.push_back(t);
    }
    (*r)["Targets"] = kept;
    const Scope scope{call.caller.account(), call.region};
    if (auto p = tx.put(scope, kRuleKind, rule_key(bus, in.value("Rule", "")), *r); !p) return p.error();
    return Json{{"FailedEntryCount", 0}, {"FailedEntries", Json::array()}};
}

Result<Json> EventsBackend::create_event_bus(Tx& tx, const EventsCall& call, const Json& in) {
    const Scope scope{call.caller.account(), call.region};
    const std::string name = in.value("Name", "");
    if (auto c = check_name(name, "name", true); !c) return c.error();
    if (name == "default" || name.find('/') != std::string::npos) {
        if (!strings::starts_with(name, "aws.partner/"))
            return validation("Event bus name must not contain '/' or be 'default'.");
    }
    const std::string arn = bus_arn(scope, name);
    if (auto a = authorize(tx, call, "events:CreateEventBus", arn); !a) return a.error();
    auto existing = tx.get(scope, kBusKind, name);
    if (!existing) return existing.error();
    if (*existing)
        return make_error("ResourceAlreadyExistsException", "Event bus " + name + " already exists.", 400);
    Json bus{{"Name", name}, {"Arn", arn}, {"CreationTime", now_iso()}, {"LastModifiedTime", now_iso()}};
    if (in.contains("Description")) bus["Description"] = in["Description"];
    if (in.contains("DeadLetterConfig")) bus["DeadLetterConfig"] = in["DeadLetterConfig"];
    if (in.contains("KmsKeyIdentifier")) bus["KmsKeyIdentifier"] = in["KmsKeyIdentifier"];
    if (auto p = tx.put(scope, kBusKind, name, bus); !p) return p.error();
    Json out{{"EventBusArn", arn}};
    if (in.contains("Description")) out["Description"] = in["Description"];
    return out;
}

Result<Json> EventsBackend::describe_event_bus(Tx& tx, const EventsCall& call, const Json& in) {
    const Scope scope{call.caller.account(), call.region};
    auto b = bus_of(tx, scope, in, "Name");
    if (!b) return b.error();
    if (auto a = authorize(tx, call, "events:DescribeEventBus", bus_arn(scope, *b)); !a) return a.error();
    auto bus = tx.get(scope, kBusKind, *b);
    if (!bus) return bus.error();
    if (!*bus) return Json{{"Name", "default"}, {"Arn", bus_arn(scope, "default")}}; // the default, no policy
    return **bus;
}

Result<Json> EventsBackend::delete_event_bus(Tx& tx, const EventsCall& call, const Json& in) {
    const Scope scope{call.caller.account(), call.region};
    const std::string name = in.value("Name", "");
    if (auto c = check_name(name, "name", true); !c) return c.error();
    if (name == "default") return validation("Cannot delete event bus default.");
    if (auto a = authorize(tx, call, "events:DeleteEventBus", bus_arn(scope, name)); !a) return a.error();
    if (auto e = tx.erase(scope, kBusKind, name); !e) return e.error();
    // Its rules go with it, as on AWS.
    if (auto e = tx.erase_prefix(scope, kRuleKind, name + "|"); !e) return e.error();
    return Json::object();
}

Result<Json> EventsBackend::list_event_buses(Tx& tx, const EventsCall& call, const Json& in) {
    const Scope scope{call.caller.account(), call.region};
    if (auto a = authorize(tx, call, "events:ListEventBuses",
                           "arn:aws:events:" + scope.region + ":" + scope.account + ":event-bus/*");
        !a)
        return a.error();
    const std::string prefix = in.value("NamePrefix", "");
    Json out{{"EventBuses", Json::array()}};
    auto rows = tx.list(scope, kBusKind, prefix);
    if (!rows) return rows.error();
    // The default bus has a record only once a policy statement was put on it.
    if (strings::starts_with("default", prefix) &&
        std::none_of(rows->begin(), rows->end(), [](const auto& row) { return row.first == "default"; }))
        out["EventBuses"].push_back(Json{{"Name", "default"}, {"Arn", bus_arn(scope, "default")}});
    for (const auto& [name, bus] : *rows)
        out["EventBuses"].push_back(bus);
    return out;
}

Result<void> EventsBackend::authorize_put_events(Tx& tx, const EventsCall& call, const Scope& bus_scope,
                                                 const std::string& bus) {
    const std::string arn = bus_arn(bus_scope, bus);
    auto record = tx.get(bus_scope, kBusKind, bus);
    if (!record) return record.error();
    std::optional<Json> policy;
    if (*record && (**record).contains("Policy")) {
        if (auto parsed = iam::parse_policy_json((**record)["Policy"].get<std::string>())) policy = *parsed;
    }
    return cloud_.iam.authorize(tx, call.caller, "events:PutEvents", arn, bus_scope.account, policy,
                                iam::ResourcePolicyMode::Optional, call.context, "AccessDeniedException");
}

Result<std::string> EventsBackend::put_bus_statement(Tx& tx, const EventsCall& call,
                                                     const std::string& bus_name,
                                                     const std::string& statement_id, Json statement) {
    const Scope scope{call.caller.account(), call.region};
    auto b = bus_of(tx, scope, Json{{"EventBusName", bus_name.empty() ? "default" : bus_name}});
    if (!b) return b.error();
    const std::string arn = bus_arn(scope, *b);
    if (auto a = authorize(tx, call, "events:PutPermission", arn); !a) return a.error();
    if (statement_id.empty() || statement_id.size() > 64)
        return constraint("statementId", statement_id, "have length between 1 and 64");
    auto record = tx.get(scope, kBusKind, *b);
    if (!record) return record.error();
    Json bus = *record ? **record : Json{{"Name", *b}, {"Arn", arn}};
    Json policy = Json{{"Version", "2012-10-17"}, {"Statement", Json::array()}};
    if (bus.contains("Policy")) {
        if (auto parsed = json::parse(bus["Policy"].get<std::string>())) policy = *parsed;
    }
    statement["Sid"] = statement_id;
    if (!statement.contains("Resource")) statement["Resource"] = arn;
    Json kept = Json::array();
    for (const auto& st : policy["Statement"]) {
        if (st.value("Sid", "") != statement_id) kept.push_back(st);
    }
    kept.push_back(statement);
    policy["Statement"] = kept;
    if (auto checked = iam::parse_policy_json(policy.dump()); !checked)
        return make_error("MalformedPolicyDocumentException", checked.error().message, 400);
    bus["Policy"] = policy.dump();
    if (auto p = tx.put(scope, kBusKind, *b, bus); !p) return p.error();
    return *b;
}

Result<void> EventsBackend::remove_bus_statement(Tx& tx, const EventsCall& call, const std::string& bus_name,
                                                 const std::string& statement_id) {
    const Scope scope{call.caller.account(), call.region};
    const std::string name = bus_name.empty() ? "default" : bus_name;
    if (auto a = authorize(tx, call, "events:RemovePermission", bus_arn(scope, name)); !a) return a.error();
    auto record = tx.get(scope, kBusKind, name);
    if (!record) return record.error();
    if (!*record || !(**record).contains("Policy"))
        return not_found("Statement with the provided id does not exist.");
    Json bus = **record;
    auto policy = json::parse(bus["Policy"].get<std::string>());
    if (!policy) return not_found("Statement with the provided id does not exist.");
    Json kept = Json::array();
    for (const auto& st : (*policy)["Statement"]) {
        if (st.value("Sid", "") != statement_id) kept.push_back(st);
    }
    if (kept.size() == (*policy)["Statement"].size())
        return not_found("Statement with the provided id does not exist.");
    if (kept.empty()) {
        bus.erase("Policy");
    } else {
        (*policy)["Statement"] = kept;
        bus["Policy"] = policy->dump();
    }
    // The default bus keeps no record without a policy.
    if (name == "default" && !bus.contains("Policy")) {
        if (auto e = tx.erase(scope, kBusKind, name); !e) return e.error();
        return ok();
    }
    return tx.put(scope, kBusKind, name, bus);
}

Result<Json> EventsBackend::test_event_pattern(Tx& tx, const EventsCall& call, const Json& in) {
    if (auto a = authorize(tx, call, "events:TestEventPattern", "*"); !a) return a.error();
    auto pattern = parse_event_pattern(in.value("EventPattern", ""));
    if (!pattern) return pattern.error();
    auto event = json::parse(in.value("Event", ""), json::ParseLimits{64, kMaxEntryBytes});
    if (!event || !event->is_object()) return validation("Parameter Event is not valid.");
    return Json{{"Result", pattern_matches(*pattern, *event)}};
}

Result<Json> EventsBackend::put_events(Tx& tx, const EventsCall& call, const Json& in,
                                       std::vector<Delivery>& deliveries) {
    const Scope scope{call.caller.account(), call.region};
    const Json entries = in.value("Entries", Json::array());
    if (entries.empty() || entries.size() > kMaxEntries) {
        return constraint("entries", "", "have length between 1 and 10");
    }
    Json out{{"FailedEntryCount", 0}, {"Entries", Json::array()}};
    const auto fail = [&](const std::string& code, const std::string& message) {
        out["Entries"].push_back(Json{{"ErrorCode", code}, {"ErrorMessage", message}});
        out["FailedEntryCount"] = out["FailedEntryCount"].get<int>() + 1;
    };
    for (const auto& e : entries) {
        if (e.dump().size() > kMaxEntryBytes) {
            fail("InvalidArgument", "Total size of the entries in the request is over the limit.");
            continue;
        }
        const std::string source = e.value("Source", "");
        const std::string detail_type = e.value("DetailType", "");
        const std::string detail_text = e.value("Detail", "");
        if (source.empty()) {
            fail("InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument.");
            continue;
        }
        if (detail_type.empty()) {
            fail("InvalidArgument",
                 "Parameter DetailType is not valid. Reason: DetailType is a required argument.");
            continue;
        }
        if (detail_text.empty()) {
            fail("InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument.");
            continue;
        }
        auto detail = json::parse(detail_text, json::ParseLimits{64, kMaxEntryBytes});
        if (!detail || !detail->is_object()) {
            fail("MalformedDetail", "Detail is malformed.");
            continue;
        }
        // A bus of another account is named by its ARN; its policy must admit the sender.
        Scope bus_scope = scope;
        const std::string named = e.value("EventBusName", "");
        if (const auto parts = strings::split(named, ":");
            strings::starts_with(named, "arn:") && parts.size() == 6 && parts[2] == "events") {
            bus_scope = Scope{parts[4], parts[3]};
        }
        auto bus = bus_of(tx, bus_scope, e);
        if (!bus) {
            fail(bus.error().code, bus.error().message);
            continue;
        }
        if (auto a = authorize_put_events(tx, call, bus_scope, *bus); !a) {
            fail("AccessDeniedException", a.error().message);
            continue;
        }
        const std::string id = random_uuid();
        Json event{{"version", "0"},
                   {"id", id},
                   {"detail-type", detail_type},
                   {"source", source},
                   {"account", scope.account},
                   {"time", e.contains("Time") ? e["Time"].get<std::string>()
                                               : iso8601(std::chrono::system_clock::now())},
                   {"region", scope.region},
                   {"resources", e.value("Resources", Json::array())},
                   {"detail", *detail}};
        // Seconds precision, as EventBridge writes `time`.
        std::string& t = event["time"].get_ref<std::string&>();
        if (const auto dot = t.find('.'); dot != std::string::npos) t = t.substr(0, dot) + "Z";
        auto rules = tx.list(bus_scope, kRuleKind, *bus + "|");
        if (!rules) return rules.error();
        for (const auto& [key, rule] : *rules) {
            if (rule.value("State", "ENABLED") != "ENABLED" || !rule.contains("EventPattern")) continue;
            auto pattern = parse_event_pattern(rule["EventPattern"].get<std::string>());
            if (!pattern || !pattern_matches(*pattern, event)) continue;
            for (const auto& target : rule["Targets"]) {
                deliveries.push_back(Delivery{bus_scope, rule["Arn"].get<std::string>(),
                                              rule["Name"].get<std::string>(), target, event});
            }
        }
        out["Entries"].push_back(Json{{"EventId", id}});
    }
    return out;
}

} // namespace cdk::localcloud::events
