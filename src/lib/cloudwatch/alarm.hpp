#pragma once

#include "constructs/construct.hpp"
#include "lib/cloudwatch/generated/cfn_cloudwatch.hpp"
#include "lib/cloudwatch/metric.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cdk::cloudwatch {

/// How the metric is compared with the threshold (CDK: ComparisonOperator).
enum class ComparisonOperator {
    GreaterThanOrEqualToThreshold,
    GreaterThanThreshold,
    LessThanThreshold,
    LessThanOrEqualToThreshold,
};
/// `GreaterThanOrEqualToThreshold`, ...
[[nodiscard]] std::string to_string(ComparisonOperator op);

/// What missing data points count as (CDK: TreatMissingData).
enum class TreatMissingData { Breaching, NotBreaching, Ignore, Missing };
/// `breaching`, `notBreaching`, `ignore`, `missing`.
[[nodiscard]] std::string to_string(TreatMissingData treat);

class IAlarm;

/// What an alarm action gives the alarm (CDK: AlarmActionConfig).
struct AlarmActionConfig {
    std::string alarm_action_arn;
};

/// An action of an alarm: SNS topic, Lambda function, ... (CDK: IAlarmAction); see cloudwatch_actions.
class IAlarmAction {
public:
    virtual ~IAlarmAction() = default;
    [[nodiscard]] virtual AlarmActionConfig bind(Construct& scope, IAlarm& alarm) const = 0;
};

/// An alarm, created here or imported (CDK: IAlarm).
class IAlarm {
public:
    virtual ~IAlarm() = default;
    [[nodiscard]] virtual std::string alarm_arn() const = 0;
    [[nodiscard]] virtual std::string alarm_name() const = 0;
};

/// The options of Metric::create_alarm (CDK: CreateAlarmOptions).
struct CreateAlarmOptions {
    /// Required.
    std::optional<double> threshold;
    /// Required, at least 1.
    double evaluation_periods = 0;
    /// Default GreaterThanOrEqualToThreshold.
    std::optional<ComparisonOperator> comparison_operator;
    std::optional<double> datapoints_to_alarm;
    std::optional<TreatMissingData> treat_missing_data;
    std::string alarm_name;
    std::string alarm_description;
    std::optional<bool> actions_enabled;
    /// `evaluate` or `ignore` (percentile alarms with few samples).
    std::string evaluate_low_sample_count_percentile;
};

/// Props of an Alarm (CDK: AlarmProps): the metric and the CreateAlarmOptions.
struct AlarmProps {
    std::optional<Metric> metric;
    std::optional<double> threshold;
    double evaluation_periods = 0;
    std::optional<ComparisonOperator> comparison_operator;
    std::optional<double> datapoints_to_alarm;
    std::optional<TreatMissingData> treat_missing_data;
    std::string alarm_name;
    std::string alarm_description;
    std::optional<bool> actions_enabled;
    std::string evaluate_low_sample_count_percentile;

    [[nodiscard]] static AlarmProps from(const Metric& metric, const CreateAlarmOptions& options);
};

/// A metric alarm (CDK: Alarm), rendered as `AWS::CloudWatch::Alarm`.
class Alarm : public Construct, public IAlarm {
public:
    Alarm(Construct& scope, std::string_view id, const AlarmProps& props);

    /// An existing alarm by ARN (`arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>`).
    [[nodiscard]] static IAlarm& from_alarm_arn(Construct& scope, std::string_view id,
                                                const std::string& arn);
    /// An existing alarm of this stack's account and region by name.
    [[nodiscard]] static IAlarm& from_alarm_name(Construct& scope, std::string_view id,
                                                 const std::string& name);

    [[nodiscard]] std::string alarm_arn() const override { return resource_->attr_arn(); }
    [[nodiscard]] std::string alarm_name() const override { return resource_->ref(); }
    [[nodiscard]] const Metric& metric() const { return metric_; }
    [[nodiscard]] CfnAlarm& resource() { return *resource_; }

    /// Actions when the alarm goes into ALARM (CDK: addAlarmAction).
    void add_alarm_action(const IAlarmAction& action);
    /// Actions when the alarm goes into INSUFFICIENT_DATA (CDK: addInsufficientDataAction).
    void add_insufficient_data_action(const IAlarmAction& action);
    /// Actions when the alarm goes back to OK (CDK: addOkAction).
    void add_ok_action(const IAlarmAction& action);

private:
    Metric metric_;
    std::vector<std::string> alarm_actions_;
    std::vector<std::string> insufficient_data_actions_;
    std::vector<std::string> ok_actions_;
    CfnAlarm* resource_ = nullptr;
};

} // namespace cdk::cloudwatch
