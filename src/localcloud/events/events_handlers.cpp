#include "localcloud/events/cfn_events_providers.hpp"
#include "localcloud/events/events_backend.hpp"
#include "localcloud/events/events_delivery.hpp"
#include "localcloud/events/events_routes.hpp"
#include "localcloud/events/events_scheduler.hpp"
#include "localcloud/protocol/model_service.hpp"

namespace cdk::localcloud::events {

namespace {

using Operations = ModelOperations<EventsBackend, EventsCall>;

const Operations& operations() {
    static const Operations kOperations = {
        {"PutRule", {&EventsBackend::put_rule}},
        {"DescribeRule", {&EventsBackend::describe_rule, true}},
        {"ListRules", {&EventsBackend::list_rules, true}},
        {"DeleteRule", {&EventsBackend::delete_rule}},
        {"EnableRule", {&EventsBackend::enable_rule}},
        {"DisableRule", {&EventsBackend::disable_rule}},
        {"PutTargets", {&EventsBackend::put_targets}},
        {"ListTargetsByRule", {&EventsBackend::list_targets_by_rule, true}},
        {"RemoveTargets", {&EventsBackend::remove_targets}},
        {"CreateEventBus", {&EventsBackend::create_event_bus}},
        {"DescribeEventBus", {&EventsBackend::describe_event_bus, true}},
        {"DeleteEventBus", {&EventsBackend::delete_event_bus}},
        {"ListEventBuses", {&EventsBackend::list_event_buses, true}},
        {"TestEventPattern", {&EventsBackend::test_event_pattern, true}},
    };
    return kOperations;
}

/// EventBridge over JSON 1.1 (`X-Amz-Target: AWSEvents.<Op>`), decoded and encoded by the model-driven codec
/// (src/aws/models/events.json); one store transaction per request. PutEvents matches in a read
/// transaction and delivers after it (the targets' services open their own transactions); scheduled rules
/// fire from the service's EventsScheduler thread, stopped with the service.
class EventsService final : public Service {
public:
    EventsService(CloudContext& cloud, ServiceRegistry& services)
        : cloud_(cloud), services_(services), backend_(cloud), scheduler_(cloud, services) {}
    ~EventsService() override { scheduler_.stop(); }
    void stop_scheduler() { scheduler_.stop(); }
    EventsService(const EventsService&) = delete;
    EventsService& operator=(const EventsService&) = delete;

    [[nodiscard]] std::string_view name() const override { return "events"; }
    [[nodiscard]] Protocol protocol() const override { return Protocol::Json11; }

    Result<ServerResponse> handle(RequestContext& ctx) override {
        const EventsCall call{ctx.caller, ctx.region, ctx.condition_context};
        return serve_model_request("events", ctx, [&](const std::string& op, const Json& in) -> Result<Json> {
            if (op == "PutEvents") return put_events(call, in);
            return run_model_operation(cloud_.store, backend_, call, operations(), "EventBridge", op, in);
        });
    }

private:
    Result<Json> put_events(const EventsCall& call, const Json& in) {
        std::vector<Delivery> deliveries;
        auto out =
            cloud_.store.read<Json>([&](Tx& tx) { return backend_.put_events(tx, call, in, deliveries); });
        if (!out) return out.error();
        for (const auto& d : deliveries)
            (void)deliver(cloud_, services_, d);
        return out;
    }

    CloudContext& cloud_;
    ServiceRegistry& services_;
    EventsBackend backend_;
    EventsScheduler scheduler_;
};

} // namespace

void stop_events_scheduler(ServiceRegistry& services) {
    if (auto* events = dynamic_cast<EventsService*>(services.find("events"))) events->stop_scheduler();
}

void register_events(CloudContext& cloud, ServiceRegistry& services,
                     cloudformation::ProviderRegistry& providers) {
    services.add(std::make_unique<EventsService>(cloud, services));
    add_providers<CfnRuleProvider, CfnEventBusProvider, CfnEventBusPolicyProvider>(cloud, providers);
}

} // namespace cdk::localcloud::events
