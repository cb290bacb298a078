#pragma once

#include "lib/events/input.hpp"
#include "lib/events/rule.hpp"
#include "lib/events/target.hpp"
#include "lib/events_targets/util.hpp"
#include "lib/lambda/function.hpp"

#include <optional>

namespace cdk::events_targets {

/// Options of the Lambda target (CDK: LambdaFunctionProps).
struct LambdaFunctionProps {
    TargetBaseProps base;
    /// What the function gets instead of the event.
    std::optional<events::RuleTargetInput> event;
};

/// Invokes a function (CDK: targets.LambdaFunction): an `AWS::Lambda::Permission`
/// `AllowEventRule<function's unique id>` under the rule lets `events.amazonaws.com` invoke it from the rule.
class LambdaFunction : public events::IRuleTarget {
public:
    explicit LambdaFunction(lambda::IFunction& handler, LambdaFunctionProps props = {});
    events::RuleTargetConfig bind(events::IRule& rule, const std::string& id) override;

private:
    lambda::IFunction* handler_;
    LambdaFunctionProps props_;
};

} // namespace cdk::events_targets
