#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/iam/policy_evaluator.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/state/store.hpp"

#include <string>
#include <vector>

namespace cdk::localcloud::events {

/// Who calls the API, from where: the caller, the request's region and its global condition keys.
struct EventsCall {
    Caller caller;
    std::string region;
    iam::Context context;
};

/// One event a PutEvents entry sends to one target of a matching rule.
struct Delivery {
    Scope scope;
    std::string rule_arn;
    std::string rule_name;
    /// The target as PutTargets stored it (Id, Arn, Input, InputPath, InputTransformer, SqsParameters ...).
    Json target;
    /// The event as rules see it (version, id, detail-type, source, account, time, region, resources,
    /// detail).
    Json event;
};

/// EventBridge: event buses, rules and their targets, in the store, and the matching of PutEvents.
///
/// State: a bus is entity `events:bus` named by the bus name (the account's `default` bus exists without a
/// record); a rule `events:rule` named `<bus>|<rule>` holding its targets (`|` is in neither name's
/// character set). Rule ARNs are `arn:aws:events:<region>:<account>:rule/<name>` on the default bus and
/// `rule/<bus>/<name>` on others; bus ARNs `event-bus/<name>`. Every operation is authorized as
/// `events:<Action>` on the rule's or the bus's ARN in the caller's account and region.
class EventsBackend {
public:
    explicit EventsBackend(CloudContext& cloud) : cloud_(cloud) {}

    [[nodiscard]] Result<Json> put_rule(Tx& tx, const EventsCall& call, const Json& in);
    [[nodiscard]] Result<Json> describe_rule(Tx& tx, const EventsCall& call, const Json& in);
    [[nodiscard]] Result<Json> list_rules(Tx& tx, const EventsCall& call, const Json& in);
    [[nodiscard]] Result<Json> delete_rule(Tx& tx, const EventsCall& call, const Json& in);
    [[nodiscard]] Result<Json> enable_rule(Tx& tx, const EventsCall& call, const Json& in);
    [[nodiscard]] Result<Json> disable_rule(Tx& tx, const EventsCall& call, const Json& in);
    [[nodiscard]] Result<Json> put_targets(Tx& tx, const EventsCall& call, const Json& in);
    [[nodiscard]] Result<Json> list_targets_by_rule(Tx& tx, const EventsCall& call, const Json& in);
    [[nodiscard]] Result<Json> remove_targets(Tx& tx, const EventsCall& call, const Json& in);
    [[nodiscard]] Result<Json> create_event_bus(Tx& tx, const EventsCall& call, const Json& in);
    [[nodiscard]] Result<Json> describe_event_bus(Tx& tx, const EventsCall& call, const Json& in);
    [[nodiscard]] Result<Json> delete_event_bus(Tx& tx, const EventsCall& call, const Json& in);
    [[nodiscard]] Result<Json> list_event_buses(Tx& tx, const EventsCall& call, const Json& in);
    /// Adds (or replaces, by Sid) a statement of the bus's resource policy (PutPermission's effect; the
    /// AWS::Events::EventBusPolicy provider): `events:PutPermission` on the bus; the statement's Resource
    /// defaults to the bus. Returns the bus name. The policy admits other accounts' PutEvents to the bus.
    [[nodiscard]] Result<std::string> put_bus_statement(Tx& tx, const EventsCall& call,
                                                        const std::string& bus,
                                                        const std::string& statement_id, Json statement);
    /// Removes the statement (`events:RemovePermission`); ResourceNotFoundException when it is not there.
    [[nodiscard]] Result<void> remove_bus_statement(Tx& tx, const EventsCall& call, const std::string& bus,
                                                    const std::string& statement_id);
    /// Whether the event (Event, a JSON object) matches EventPattern, checked as PutRule checks patterns.
    [[nodiscard]] Result<Json> test_event_pattern(Tx& tx, const EventsCall& call, const Json& in);
    /// PutEvents' checks and matching: the output (FailedEntryCount, Entries with EventId or ErrorCode) and,
    /// in `deliveries`, what the caller must deliver once the transaction is over (deliveries call other
    /// services, which open their own transactions).
    [[nodiscard]] Result<Json> put_events(Tx& tx, const EventsCall& call, const Json& in,
                                          std::vector<Delivery>& deliveries);

    /// The index of scheduled rules (default bus only) the scheduler reads: entity `events:schedule` in the
    /// global scope, named `<account>|<region>|<rule>`, {Account, Region, Rule, ScheduleExpression,
    /// StartMinute}.
    static constexpr const char* kScheduleKind = "events:schedule";
    static inline const Scope kScheduleScope{"", ""};
    [[nodiscard]] static std::string schedule_key(const Scope& scope, const std::string& rule);

    [[nodiscard]] static std::string bus_arn(const Scope& scope, const std::string& bus);
    [[nodiscard]] static std::string rule_arn(const Scope& scope, const std::string& bus,
                                              const std::string& rule);

private:
    /// Records (or, with an empty expression, forgets) the rule's schedule in the index.
    Result<void> index_schedule(Tx& tx, const Scope& scope, const std::string& rule,
                                const std::string& expression);
    /// events:PutEvents on the bus, in its account: the caller's policies, and the bus's policy for others.
    Result<void> authorize_put_events(Tx& tx, const EventsCall& call, const Scope& bus_scope,
                                      const std::string& bus);
    Result<void> authorize(Tx& tx, const EventsCall& call, const std::string& action,
                           const std::string& resource);
    /// The bus an input's EventBusName (a name or an ARN; `default` when absent) names, checked to exist.
    Result<std::string> bus_of(Tx& tx, const Scope& scope, const Json& in,
                               const char* member = "EventBusName");
    Result<Json> authorized_rule(Tx& tx, const EventsCall& call, const Json& in, const char* name_member,
                                 const std::string& action, std::string& bus);
    Result<Json> set_state(Tx& tx, const EventsCall& call, const Json& in, const std::string& action,
                           const char* state);

    CloudContext& cloud_;
};

} // namespace cdk::localcloud::events
