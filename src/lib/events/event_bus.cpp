#include "lib/events/event_bus.hpp"

#include "constructs/annotations.hpp"
#include "constructs/stack.hpp"
#include "constructs/unique_id.hpp"
#include "lib/iam/feature_flags.hpp"
#include "tokens/arn.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/lazy.hpp"
#include "tokens/token.hpp"

#include <regex>

namespace cdk::events {
namespace {

const char* const kRequireSid = "@aws-cdk/aws-events:requireEventBusPolicySid";

std::string unique_id(const Construct& construct) {
    std::vector<std::string> components;
    for (const Construct* s : construct.node().scopes()) {
        if (s->node().scope() != nullptr) components.push_back(s->node().id());
    }
    return make_unique_id(components);
}

class ImportedEventBus : public Construct, public IEventBus {
public:
    ImportedEventBus(Construct& scope, std::string_view id, std::string arn, std::string name)
        : Construct(scope, id), arn_(std::move(arn)), name_(std::move(name)) {
        if (!Token::is_unresolved(arn_)) account_ = Arn::split(arn_, ArnFormat::SlashResourceName).account;
    }
    std::string event_bus_arn() const override { return arn_; }
    std::string event_bus_name() const override { return name_; }
    std::string event_bus_policy() const override { return ""; }
    std::string event_source_name() const override { return ""; }
    Construct& event_bus_construct() override { return *this; }
    std::string resource_account() const override {
        return account_.empty() ? Stack::of(*this).account() : account_;
    }
    iam::AddToResourcePolicyResult
    add_to_resource_policy(const iam::PolicyStatement& /*statement*/) override {
        Annotations::of(*this).add_warning(
            "Unable to add necessary permissions to imported target event bus: " + arn_ +
            " [ack: @aws-cdk/aws-events:eventBusAddToResourcePolicy]");
        return {};
    }

private:
    std::string arn_;
    std::string name_;
    std::string account_;
};

void validate_names(const EventBusProps& props, const std::string& path) {
    static const std::regex bus_name("^[/.\\-_A-Za-z0-9]{1,256}$");
    if (!props.event_bus_name.empty() && !props.event_source_name.empty()) {
        throw ValidationError("'eventBusName' and 'eventSourceName' cannot both be provided", path);
    }
    const std::string& name = props.event_bus_name;
    if (!name.empty() && !Token::is_unresolved(name)) {
        if (name == "default") throw ValidationError("'eventBusName' must not be 'default'", path);
        if (name.find('/') != std::string::npos)
            throw ValidationError("'eventBusName' must not contain '/'", path);
        if (!std::regex_match(name, bus_name))
            throw ValidationError("'eventBusName' must satisfy: /^[\\/\\.\\-_A-Za-z0-9]{1,256}$/", path);
    }
    const std::string& source = props.event_source_name;
    if (!source.empty() && !Token::is_unresolved(source)) {
        static const std::regex partner("^aws\\.partner(/[.\\-_A-Za-z0-9]+){2,}$");
        if (!std::regex_match(source, partner)) {
            throw ValidationError(
                "'eventSourceName' must satisfy: /^aws\\.partner(\\/[\\.\\-_A-Za-z0-9]+){2,}$/", path);
        }
        if (!std::regex_match(source, bus_name))
            throw ValidationError("'eventSourceName' must satisfy: /^[\\/\\.\\-_A-Za-z0-9]{1,256}$/", path);
    }
}

} // namespace

std::string IEventBus::resource_account() const {
    return Stack::of(const_cast<IEventBus*>(this)->event_bus_construct()).account();
}

iam::Grant IEventBus::grant_put_events_to(const iam::IGrantable& grantee, const std::string& sid) {
    iam::Grant grant = iam::Grant::add_to_principal(
        {.grantee = grantee, .actions = {"events:PutEvents"}, .resource_arns = {event_bus_arn()}});
    if (grant.success()) return grant;
    Construct& self = event_bus_construct();
    if (iam::detail::flag_enabled(self, kRequireSid)) {
        add_to_resource_policy(
            iam::PolicyStatement({.sid = sid,
                                  .actions = {"events:PutEvents"},
                                  .principals = {iam::Principal(grantee.grant_principal())},
                                  .resources = {event_bus_arn()}}));
        return grant;
    }
    Annotations::of(self).add_warning(
        "Unable to grant PutEvents to service principal: Statement ID is required for EventBus resource "
        "policies. Either provide a 'sid' parameter or enable the "
        "'@aws-cdk/aws-events:requireEventBusPolicySid' "
        "feature flag. [ack: @aws-cdk/aws-events:eventBusServicePrincipalGrant]");
    return grant;
}

EventBus::EventBus(Construct& scope, std::string_view id, const EventBusProps& props)
    : Construct(scope, id), event_source_name_(props.event_source_name) {
    validate_names(props, node().path());
    if (!props.description.empty() && !Token::is_unresolved(props.description) &&
        props.description.size() > 512) {
        throw ValidationError("description must be less than or equal to 512 characters, got " +
                                  std::to_string(props.description.size()),
                              node().path());
    }
    CfnEventBusProps cfn;
    if (!props.event_bus_name.empty()) {
        cfn.name = props.event_bus_name;
    } else if (!props.event_source_name.empty()) {
        cfn.name = props.event_source_name;
        cfn.event_source_name = props.event_source_name;
    } else {
        cfn.name = Lazy::string([this] { return unique_id(*this); });
    }
    if (!props.dead_letter_queue_arn.empty())
        cfn.dead_letter_config = CfnEventBusDeadLetterConfigProperty{.arn = props.dead_letter_queue_arn};
    if (!props.description.empty()) cfn.description = props.description;
    resource_ = &make<CfnEventBus>(*this, "Resource", cfn);
}

IEventBus& EventBus::from_event_bus_arn(Construct& scope, std::string_view id,
                                        const std::string& event_bus_arn) {
    std::string name;
    if (Token::is_unresolved(event_bus_arn)) {
        name = Arn::split(event_bus_arn, ArnFormat::SlashResourceName).resource_name.value_or("");
    } else {
        const ArnComponents parts = Arn::split(event_bus_arn, ArnFormat::SlashResourceName);
        if (parts.service != "events" || parts.resource != "event-bus") {
            throw ValidationError("an event bus ARN looks like 'arn:<partition>:events:<region>:<account>:"
                                  "event-bus/<name>', got '" +
                                      event_bus_arn + "'",
                                  scope.node().path());
        }
        name = parts.resource_name.value_or("");
    }
    return make<ImportedEventBus>(scope, id, event_bus_arn, name);
}

IEventBus& EventBus::from_event_bus_name(Construct& scope, std::string_view id,
                                         const std::string& event_bus_name) {
    const Stack& stack = Stack::of(scope);
    const std::string arn = "arn:" + iam::detail::stack_partition(stack) + ":events:" + stack.region() + ":" +
                            stack.account() + ":event-bus/" + event_bus_name;
    return make<ImportedEventBus>(scope, id, arn, event_bus_name);
}

iam::Grant EventBus::grant_all_put_events(const iam::IGrantable& grantee) {
    return iam::Grant::add_to_principal(
        {.grantee = grantee, .actions = {"events:PutEvents"}, .resource_arns = {"*"}});
}

iam::AddToResourcePolicyResult EventBus::add_to_resource_policy(const iam::PolicyStatement& statement) {
    if (statement.sid().empty()) {
        throw ValidationError("Event Bus policy statements must have a sid", node().path());
    }
    const std::string statement_id = ("cdk-" + statement.sid()).substr(0, 64);
    iam::PolicyStatement copy = statement;
    copy.set_sid(statement_id);
    auto& holder = make<Construct>(*this, statement_id);
    make<CfnEventBusPolicy>(holder, "Resource",
                            CfnEventBusPolicyProps{.event_bus_name = event_bus_name(),
                                                   .statement = Prop<Json>::raw(copy.to_statement_json()),
                                                   .statement_id = statement_id});
    return {.statement_added = true, .policy_dependable = &holder};
}

} // namespace cdk::events
