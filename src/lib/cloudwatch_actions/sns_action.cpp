#include "lib/cloudwatch_actions/sns_action.hpp"

namespace cdk::cloudwatch_actions {

cloudwatch::AlarmActionConfig SnsAction::bind(Construct& /*scope*/, cloudwatch::IAlarm& /*alarm*/) const {
    return {.alarm_action_arn = topic_.topic_arn()};
}

} // namespace cdk::cloudwatch_actions
