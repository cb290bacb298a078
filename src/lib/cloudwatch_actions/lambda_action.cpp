#include "lib/cloudwatch_actions/lambda_action.hpp"

#include "constructs/annotations.hpp"
#include "constructs/stack.hpp"
#include "constructs/unique_id.hpp"
#include "lib/iam/feature_flags.hpp"
#include "lib/lambda/generated/cfn_lambda.hpp"

namespace cdk::cloudwatch_actions {

cloudwatch::AlarmActionConfig LambdaAction::bind(Construct& scope, cloudwatch::IAlarm& alarm) const {
    // aws-cdk-lib binds an alarm's actions with the alarm as the scope: `alarm.node.id` is the scope's id.
    std::string prefix;
    if (iam::detail::flag_enabled(
            scope, "@aws-cdk/aws-cloudwatch-actions:changeLambdaPermissionLogicalIdForLambdaAction"))
        prefix = scope.node().id();
    if (props_.use_unique_permission_id) {
        std::vector<std::string> components;
        for (const Construct* s : scope.node().scopes()) {
            if (s->node().scope() != nullptr) components.push_back(s->node().id());
        }
        prefix = make_unique_id(components);
    }
    const std::string id = prefix + "AlarmPermission";
    const std::string alarm_arn = alarm.alarm_arn();
    const auto* existing =
        dynamic_cast<const lambda::CfnPermission*>(function_.function_construct().node().try_find_child(id));
    const bool same_source = existing != nullptr && existing->props().source_arn.is_value() &&
                             existing->props().source_arn.value() == alarm_arn;
    if (!same_source) {
        if (existing != nullptr && !props_.use_unique_permission_id) {
            Annotations::of(scope).add_warning(
                "Please use 'useUniquePermissionId' on LambdaAction " + function_.function_name() +
                " to generate unique Lambda Permission Id "
                "[ack: @aws-cdk/aws-cloudwatch-actions:LambdaActionPermissionId]");
        }
        function_.add_permission(
            id, {.principal = iam::ServicePrincipal("lambda.alarms.cloudwatch.amazonaws.com"),
                 .action = "lambda:InvokeFunction",
                 .source_arn = alarm_arn,
                 .source_account = Stack::of(scope).account()});
    }
    return {.alarm_action_arn = function_.function_arn()};
}

} // namespace cdk::cloudwatch_actions
