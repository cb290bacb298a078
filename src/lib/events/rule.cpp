#include "lib/events/rule.hpp"

#include "constructs/annotations.hpp"
#include "constructs/stack.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/lazy.hpp"
#include "tokens/token.hpp"

#include <regex>

namespace cdk::events {
namespace {

/// Two environment dimensions are the same unless both are resolved and differ (CDK: sameEnvDimension,
/// which also takes an unresolved one as the same).
bool same_dimension(const std::string& a, const std::string& b) {
    if (Token::is_unresolved(a) || Token::is_unresolved(b)) return true;
    return a == b;
}

/// CDK determineRuleScope: the cross-stack scope when it is in another stack of the same environment.
Construct& rule_scope(Construct& scope, const RuleProps& props) {
    if (props.cross_stack_scope == nullptr) return scope;
    const Stack& scope_stack = Stack::of(scope);
    const Stack& target_stack = Stack::of(*props.cross_stack_scope);
    if (&scope_stack == &target_stack) return scope;
    const bool same_region =
        (Token::is_unresolved(scope_stack.region()) && Token::is_unresolved(target_stack.region())) ||
        scope_stack.region() == target_stack.region();
    const bool same_account =
        (Token::is_unresolved(scope_stack.account()) && Token::is_unresolved(target_stack.account())) ||
        scope_stack.account() == target_stack.account();
    return same_region && same_account ? *props.cross_stack_scope : scope;
}

Json render_target(const std::string& id, const RuleTargetConfig& config, const Construct& rule) {
    Json t = {{"Arn", config.arn}, {"Id", id}};
    if (config.role != nullptr) t["RoleArn"] = config.role->role_arn();
    if (config.input) {
        const RuleTargetInputProperties input = config.input->bind(rule);
        if (input.input) t["Input"] = *input.input;
        if (input.input_path) t["InputPath"] = *input.input_path;
        if (input.input_template) {
            t["InputTransformer"] = {{"InputTemplate", *input.input_template},
                                     {"InputPathsMap", input.input_paths_map}};
        }
    }
    if (!config.dead_letter_arn.empty()) t["DeadLetterConfig"] = {{"Arn", config.dead_letter_arn}};
    if (config.retry_policy) {
        Json policy = Json::object();
        if (config.retry_policy->maximum_retry_attempts)
            policy["MaximumRetryAttempts"] = *config.retry_policy->maximum_retry_attempts;
        if (config.retry_policy->maximum_event_age_in_seconds)
            policy["MaximumEventAgeInSeconds"] = *config.retry_policy->maximum_event_age_in_seconds;
        t["RetryPolicy"] = std::move(policy);
    }
    for (const auto& [key, value] : config.extra.items())
        t[key] = value;
    return t;
}

class ImportedRule : public Construct, public IRule {
public:
    ImportedRule(Construct& scope, std::string_view id, std::string arn)
        : Construct(scope, id), arn_(std::move(arn)) {
        const auto slash = arn_.rfind('/');
        if (!Token::is_unresolved(arn_) && (arn_.rfind("arn:", 0) != 0 || slash == std::string::npos)) {
            throw ValidationError("an event rule ARN looks like 'arn:<partition>:events:<region>:<account>:"
                                  "rule/<name>', got '" +
                                      arn_ + "'",
                                  node().path());
        }
        if (slash != std::string::npos) name_ = arn_.substr(slash + 1);
    }
    [[nodiscard]] std::string rule_arn() const override { return arn_; }
    [[nodiscard]] std::string rule_name() const override { return name_; }
    [[nodiscard]] Construct& rule_construct() override { return *this; }

private:
    std::string arn_;
    std::string name_;
};

} // namespace

void bind_base_target_config(const TargetBaseProps& props, RuleTargetConfig& config) {
    if (!props.dead_letter_queue_arn.empty()) config.dead_letter_arn = props.dead_letter_queue_arn;
    if ((props.retry_attempts && *props.retry_attempts >= 0) || props.max_event_age) {
        RetryPolicy policy;
        if (props.retry_attempts) policy.maximum_retry_attempts = *props.retry_attempts;
        if (props.max_event_age)
            policy.maximum_event_age_in_seconds = static_cast<int>(props.max_event_age->to_seconds());
        config.retry_policy = policy;
    }
}

Rule::Rule(Construct& scope, std::string_view id, const RuleProps& props)
    : Construct(rule_scope(scope, props), id), physical_name_(props.rule_name), schedule_(props.schedule) {
    if ((!props.event_bus_name.empty() || props.event_bus != nullptr) && props.schedule) {
        throw ValidationError("Cannot associate rule with 'eventBus' when using 'schedule'", node().path());
    }
    if (schedule_ && schedule_->runs_every_minute()) {
        Annotations::of(*this).add_warning(
            "cron: If you don't pass 'minute', by default the event runs every minute. Pass 'minute: '*'' if "
            "that's what you intend, or 'minute: 0' to run once per hour instead. [ack: "
            "@aws-cdk/aws-events:scheduleWillRunEveryMinute]");
    }
    CfnRuleProps cfn{
        .event_pattern =
            Prop<Json>::raw(Lazy::any([this](ResolveContext&) { return render_event_pattern(pattern_); })),
        .state = props.enabled.value_or(true) ? "ENABLED" : "DISABLED",
        .targets = Prop<std::vector<CfnRuleTargetProperty>>::raw(
            Lazy::any([this](ResolveContext&) { return targets_.empty() ? Token::undefined() : targets_; })),
    };
    if (!props.description.empty()) cfn.description = props.description;
    if (!props.rule_name.empty()) cfn.name = props.rule_name;
    if (schedule_) cfn.schedule_expression = schedule_->expression_string();
    if (props.event_bus != nullptr) {
        cfn.event_bus_name = props.event_bus->event_bus_name();
    } else if (!props.event_bus_name.empty()) {
        cfn.event_bus_name = props.event_bus_name;
    }
    resource_ = &make<CfnRule>(*this, "Resource", cfn);
    if (props.event_pattern) add_event_pattern(*props.event_pattern);
    for (const auto& target : props.targets)
        add_target(target);
    node().add_validation([this] { return validate(); });
}

IRule& Rule::from_event_rule_arn(Construct& scope, std::string_view id, const std::string& rule_arn) {
    return make<ImportedRule>(scope, id, rule_arn);
}

std::string Rule::rule_arn() const {
    return resource_->attr_arn();
}

std::string Rule::rule_name() const {
    return resource_->ref();
}

void Rule::add_event_pattern(const EventPattern& pattern) {
    merge_event_pattern(pattern_, pattern.to_json());
}

void Rule::add_event_pattern(const Json& pattern) {
    merge_event_pattern(pattern_, pattern);
}

void Rule::add_target(const std::shared_ptr<IRuleTarget>& target) {
    if (target == nullptr) return;
    const std::string generated = "Target" + std::to_string(targets_.size());
    RuleTargetConfig config = target->bind(*this, generated);
    if (config.arn.empty()) {
        throw ValidationError("a target of rule '" + node().id() + "' gave no ARN", node().path());
    }
    if (config.target_resource != nullptr) {
        const Stack& source = Stack::of(*this);
        const Stack& target_stack = Stack::of(*config.target_resource);
        if (!same_dimension(source.account(), target_stack.account()) ||
            !same_dimension(source.region(), target_stack.region())) {
            throw ValidationError("rule '" + node().id() + "' is in " + source.account() + "/" +
                                      source.region() + " and its target in " + target_stack.account() + "/" +
                                      target_stack.region() +
                                      ": cross-account and cross-region event targets (the CDK's mirror rule "
                                      "and event-bus policy) are not written yet",
                                  node().path());
        }
    }
    bound_.push_back(target);
    targets_.push_back(render_target(config.id.empty() ? generated : config.id, config, *this));
}

std::vector<std::string> Rule::validate() const {
    std::vector<std::string> errors;
    const std::string& name = physical_name_;
    if (!name.empty() && !Token::is_unresolved(name)) {
        if (name.size() > 64) {
            errors.push_back("Event rule name must be between 1 and 64 characters. Received: " + name);
        }
        static const std::regex allowed("^[.\\-_A-Za-z0-9]+$");
        if (!std::regex_match(name, allowed)) {
            errors.push_back(
                "Event rule name " + name +
                " can contain only letters, numbers, periods, hyphens, or underscores with no spaces.");
        }
    }
    if (pattern_.empty() && !schedule_)
        errors.emplace_back("Either 'eventPattern' or 'schedule' must be defined");
    if (targets_.size() > 5) errors.emplace_back("Event rule cannot have more than 5 targets.");
    return errors;
}

} // namespace cdk::events
