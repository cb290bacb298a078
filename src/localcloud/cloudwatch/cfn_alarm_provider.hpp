#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::cloudwatch {

/// AWS::CloudWatch::Alarm: cloudwatch:PutMetricAlarm (and cloudwatch:TagResource with Tags) as the stack's
/// role; the properties are PutMetricAlarm's members (numbers and booleans CloudFormation may pass as text
/// are converted). AlarmName optional (generated `<stack>-<LogicalId>-<RANDOM>`, create-only: the engine
/// replaces); update puts the alarm again (its state is kept); remove is cloudwatch:DeleteAlarms (an alarm
/// already gone is success). Ref = alarm name; attribute Arn.
CDK_CFN_PROVIDER(CfnAlarmProvider);

} // namespace cdk::localcloud::cloudwatch
