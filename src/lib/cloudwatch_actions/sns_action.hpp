#pragma once

#include "lib/cloudwatch/alarm.hpp"
#include "lib/sns/topic.hpp"

namespace cdk::cloudwatch_actions {

/// Publishes to an SNS topic when the alarm changes state (CDK: SnsAction). The topic must outlive synthesis.
class SnsAction : public cloudwatch::IAlarmAction {
public:
    explicit SnsAction(sns::ITopic& topic) : topic_(topic) {}
    [[nodiscard]] cloudwatch::AlarmActionConfig bind(Construct& scope,
                                                     cloudwatch::IAlarm& alarm) const override;

private:
    sns::ITopic& topic_;
};

} // namespace cdk::cloudwatch_actions
