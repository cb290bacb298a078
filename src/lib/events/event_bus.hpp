#pragma once

#include "constructs/construct.hpp"
#include "lib/events/generated/cfn_events.hpp"
#include "lib/iam/grant.hpp"
#include "lib/iam/policy_statement.hpp"
#include "lib/iam/principals.hpp"

#include <string>

namespace cdk::events {

/// An event bus, created here or imported (CDK: IEventBus).
class IEventBus : public iam::IResourceWithPolicy {
public:
    [[nodiscard]] virtual std::string event_bus_arn() const = 0;
    [[nodiscard]] virtual std::string event_bus_name() const = 0;
    /// The bus's policy (`Policy` attribute); empty for imports.
    [[nodiscard]] virtual std::string event_bus_policy() const = 0;
    /// The partner event source of a partner bus; empty otherwise.
    [[nodiscard]] virtual std::string event_source_name() const = 0;
    [[nodiscard]] virtual Construct& event_bus_construct() = 0;

    /// `events:PutEvents` on this bus (CDK: grantPutEventsTo): in the grantee's policy; for a grantee
    /// without one (a service principal), with `@aws-cdk/aws-events:requireEventBusPolicySid` on, a statement
    /// `sid` in the bus's resource policy, else a warning and nothing.
    iam::Grant grant_put_events_to(const iam::IGrantable& grantee, const std::string& sid = "");
    [[nodiscard]] std::string resource_account() const override;
};

/// Props of an EventBus (CDK: EventBusProps).
struct EventBusProps {
    /// The bus's name (not `default`, no `/`, `[/.-_A-Za-z0-9]{1,256}`); generated from the path when
    /// empty. Not with `event_source_name`.
    std::string event_bus_name;
    /// A partner event source (`aws.partner/<partner>/<name>`): the bus is named after it.
    std::string event_source_name;
    /// At most 512 characters.
    std::string description;
    /// The queue for events the bus could not deliver (`DeadLetterConfig`).
    std::string dead_letter_queue_arn;
};

/// An EventBridge event bus (CDK: EventBus): `AWS::Events::EventBus` (`Resource`).
class EventBus : public Construct, public IEventBus {
public:
    EventBus(Construct& scope, std::string_view id, const EventBusProps& props = {});

    /// An existing bus by ARN (`arn:...:events:<region>:<account>:event-bus/<name>`); the name is the
    /// ARN's resource name.
    [[nodiscard]] static IEventBus& from_event_bus_arn(Construct& scope, std::string_view id,
                                                       const std::string& event_bus_arn);
    /// An existing bus of this stack's account and region by name (`default` for the default bus).
    [[nodiscard]] static IEventBus& from_event_bus_name(Construct& scope, std::string_view id,
                                                        const std::string& event_bus_name);
    /// `events:PutEvents` on every bus (`*`) in the grantee's policy (CDK: EventBus.grantAllPutEvents).
    static iam::Grant grant_all_put_events(const iam::IGrantable& grantee);

    [[nodiscard]] std::string event_bus_arn() const override { return resource_->attr_arn(); }
    [[nodiscard]] std::string event_bus_name() const override { return resource_->ref(); }
    [[nodiscard]] std::string event_bus_policy() const override { return resource_->get_att("Policy"); }
    [[nodiscard]] std::string event_source_name() const override { return event_source_name_; }
    [[nodiscard]] Construct& event_bus_construct() override { return *this; }
    /// Adds an `AWS::Events::EventBusPolicy` `cdk-<sid>` (the statement needs a Sid; it becomes
    /// `cdk-<sid>`, cut at 64 characters).
    iam::AddToResourcePolicyResult add_to_resource_policy(const iam::PolicyStatement& statement) override;
    [[nodiscard]] CfnEventBus& resource() { return *resource_; }

private:
    std::string event_source_name_;
    CfnEventBus* resource_ = nullptr;
};

} // namespace cdk::events
