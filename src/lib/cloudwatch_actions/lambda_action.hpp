#pragma once

#include "lib/cloudwatch/alarm.hpp"
#include "lib/lambda/function.hpp"

namespace cdk::cloudwatch_actions {

/// Options of a LambdaAction (CDK: LambdaActionProps).
struct LambdaActionProps {
    /// The permission's id is `<Names.uniqueId(alarm)>AlarmPermission`, so one function can be the action of
    /// alarms with the same id in different scopes.
    bool use_unique_permission_id = false;
};

/// Invokes a Lambda function when the alarm changes state (CDK: LambdaAction): a permission for
/// `lambda.alarms.cloudwatch.amazonaws.com` with the alarm as source, under the function, with the id
/// `AlarmPermission` or, with @aws-cdk/aws-cloudwatch-actions:changeLambdaPermissionLogicalIdForLambdaAction,
/// `<alarm id>AlarmPermission`. The function must outlive synthesis.
class LambdaAction : public cloudwatch::IAlarmAction {
public:
    explicit LambdaAction(lambda::IFunction& function, LambdaActionProps props = {})
        : function_(function), props_(props) {}
    [[nodiscard]] cloudwatch::AlarmActionConfig bind(Construct& scope,
                                                     cloudwatch::IAlarm& alarm) const override;

private:
    lambda::IFunction& function_;
    LambdaActionProps props_;
};

} // namespace cdk::cloudwatch_actions
