#include "lib/events_targets/lambda_function.hpp"

namespace cdk::events_targets {

LambdaFunction::LambdaFunction(lambda::IFunction& handler, LambdaFunctionProps props)
    : handler_(&handler), props_(std::move(props)) {}

events::RuleTargetConfig LambdaFunction::bind(events::IRule& rule, const std::string& /*id*/) {
    add_lambda_permission(rule, *handler_);
    if (props_.base.dead_letter_queue != nullptr)
        add_to_dead_letter_queue_resource_policy(rule, *props_.base.dead_letter_queue);
    events::RuleTargetConfig config{.arn = handler_->function_arn(),
                                    .input = props_.event,
                                    .target_resource = &handler_->function_construct()};
    bind_base_target_config(props_.base, config);
    return config;
}

} // namespace cdk::events_targets
