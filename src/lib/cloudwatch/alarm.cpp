#include "lib/cloudwatch/alarm.hpp"

#include "constructs/annotations.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/feature_flags.hpp"
#include "tokens/arn.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/lazy.hpp"
#include "tokens/token.hpp"

namespace cdk::cloudwatch {

std::string to_string(ComparisonOperator op) {
    switch (op) {
    case ComparisonOperator::GreaterThanOrEqualToThreshold: return "GreaterThanOrEqualToThreshold";
    case ComparisonOperator::GreaterThanThreshold: return "GreaterThanThreshold";
    case ComparisonOperator::LessThanThreshold: return "LessThanThreshold";
    case ComparisonOperator::LessThanOrEqualToThreshold: return "LessThanOrEqualToThreshold";
    }
    return "GreaterThanOrEqualToThreshold";
}

std::string to_string(TreatMissingData treat) {
    switch (treat) {
    case TreatMissingData::Breaching: return "breaching";
    case TreatMissingData::NotBreaching: return "notBreaching";
    case TreatMissingData::Ignore: return "ignore";
    case TreatMissingData::Missing: return "missing";
    }
    return "missing";
}

AlarmProps AlarmProps::from(const Metric& metric, const CreateAlarmOptions& options) {
    return {.metric = metric,
            .threshold = options.threshold,
            .evaluation_periods = options.evaluation_periods,
            .comparison_operator = options.comparison_operator,
            .datapoints_to_alarm = options.datapoints_to_alarm,
            .treat_missing_data = options.treat_missing_data,
            .alarm_name = options.alarm_name,
            .alarm_description = options.alarm_description,
            .actions_enabled = options.actions_enabled,
            .evaluate_low_sample_count_percentile = options.evaluate_low_sample_count_percentile};
}

namespace {

class ImportedAlarm : public Construct, public IAlarm {
public:
    ImportedAlarm(Construct& scope, std::string_view id, std::string arn)
        : Construct(scope, id), arn_(std::move(arn)) {
        const ArnComponents parts = Arn::split(arn_, ArnFormat::ColonResourceName);
        if (!Token::is_unresolved(arn_) && (parts.service != "cloudwatch" || !parts.resource_name)) {
            throw ValidationError("alarm ARN '" + arn_ +
                                      "' is not arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>",
                                  node().path());
        }
        name_ = parts.resource_name.value_or("");
    }
    std::string alarm_arn() const override { return arn_; }
    std::string alarm_name() const override { return name_; }

private:
    std::string arn_;
    std::string name_;
};

std::vector<CfnAlarmDimensionProperty> render_dimensions(const Metric& metric) {
    std::vector<CfnAlarmDimensionProperty> out;
    // aws-cdk-lib's dimensionsAsList: sorted by name (std::map order).
    for (const auto& [name, value] : metric.dimensions())
        out.push_back({.name = name, .value = value});
    return out;
}

/// A whole number of periods as an integer (l1::Integer renders without a fraction).
l1::Integer integer(double v) {
    return l1::Integer(v);
}

} // namespace

Alarm::Alarm(Construct& scope, std::string_view id, const AlarmProps& props)
    : Construct(scope, id), metric_(props.metric ? *props.metric : Metric(MetricProps{})) {
    if (!props.metric) throw ValidationError("alarm '" + node().id() + "' needs a metric", node().path());
    if (!props.threshold)
        throw ValidationError("threshold must be specified for standard alarms", node().path());
    const Stack& stack = Stack::of(*this);
    // aws-cdk-lib's validateMetricStat.
    const std::string metric_region = metric_.region();
    if (!metric_region.empty() && !Token::is_unresolved(stack.region()) && metric_region != stack.region()) {
        throw ValidationError("Cannot create an Alarm in region '" + stack.region() + "' based on metric '" +
                                  metric_.metric_name() + "' in '" + metric_region + "'",
                              node().path());
    }
    const ComparisonOperator op =
        props.comparison_operator.value_or(ComparisonOperator::GreaterThanOrEqualToThreshold);
    CfnAlarmProps cfn{.comparison_operator = to_string(op),
                      .evaluation_periods = integer(props.evaluation_periods)};
    cfn.threshold = *props.threshold;
    if (!props.alarm_description.empty()) cfn.alarm_description = props.alarm_description;
    if (!props.alarm_name.empty()) cfn.alarm_name = props.alarm_name;
    if (props.datapoints_to_alarm) cfn.datapoints_to_alarm = integer(*props.datapoints_to_alarm);
    if (!props.evaluate_low_sample_count_percentile.empty())
        cfn.evaluate_low_sample_count_percentile = props.evaluate_low_sample_count_percentile;
    if (props.treat_missing_data) cfn.treat_missing_data = to_string(*props.treat_missing_data);
    if (props.actions_enabled) cfn.actions_enabled = *props.actions_enabled;
    const auto actions = [](const std::vector<std::string>& arns) {
        return Prop<std::vector<std::string>>::raw(Lazy::uncached_any([&arns](ResolveContext&) {
            if (arns.empty()) return Token::undefined();
            return Json(arns);
        }));
    };
    cfn.alarm_actions = actions(alarm_actions_);
    cfn.insufficient_data_actions = actions(insufficient_data_actions_);
    cfn.ok_actions = actions(ok_actions_);

    // aws-cdk-lib's renderMetric (withStat): the plain metric properties, unless the metric has a label or
    // names another account, which need the `Metrics` form with one query `m1`.
    const std::string metric_account = metric_.account();
    const bool requires_account_id = !metric_account.empty() && stack.account() != metric_account;
    const detail::ParsedStatistic stat = detail::parse_statistic(metric_.statistic());
    const std::vector<CfnAlarmDimensionProperty> dimensions = render_dimensions(metric_);
    if (metric_.label().empty() && !requires_account_id) {
        if (!dimensions.empty()) cfn.dimensions = dimensions;
        cfn.namespace_ = metric_.namespace_();
        cfn.metric_name = metric_.metric_name();
        cfn.period = integer(metric_.period().to_seconds());
        if (stat.simple)
            cfn.statistic = stat.normalized;
        else
            cfn.extended_statistic = stat.normalized;
        if (metric_.unit()) cfn.unit = to_string(*metric_.unit());
    } else {
        CfnAlarmMetricProperty metric{.metric_name = metric_.metric_name(),
                                      .namespace_ = metric_.namespace_()};
        if (!dimensions.empty()) metric.dimensions = dimensions;
        CfnAlarmMetricStatProperty metric_stat{
            .metric = metric, .period = integer(metric_.period().to_seconds()), .stat = metric_.statistic()};
        if (metric_.unit()) metric_stat.unit = to_string(*metric_.unit());
        CfnAlarmMetricDataQueryProperty query{.id = "m1", .metric_stat = metric_stat, .return_data = true};
        if (requires_account_id) query.account_id = metric_account;
        if (!metric_.label().empty()) query.label = metric_.label();
        cfn.metrics = std::vector<CfnAlarmMetricDataQueryProperty>{query};
    }
    resource_ = &make<CfnAlarm>(*this, "Resource", cfn);
    if (!metric_.warning().empty()) Annotations::of(*this).add_warning(metric_.warning());
}

IAlarm& Alarm::from_alarm_arn(Construct& scope, std::string_view id, const std::string& arn) {
    return make<ImportedAlarm>(scope, id, arn);
}

IAlarm& Alarm::from_alarm_name(Construct& scope, std::string_view id, const std::string& name) {
    const Stack& stack = Stack::of(scope);
    return make<ImportedAlarm>(scope, id,
                               "arn:" + iam::detail::stack_partition(stack) + ":cloudwatch:" +
                                   stack.region() + ":" + stack.account() + ":alarm:" + name);
}

void Alarm::add_alarm_action(const IAlarmAction& action) {
    alarm_actions_.push_back(action.bind(*this, *this).alarm_action_arn);
}

void Alarm::add_insufficient_data_action(const IAlarmAction& action) {
    insufficient_data_actions_.push_back(action.bind(*this, *this).alarm_action_arn);
}

void Alarm::add_ok_action(const IAlarmAction& action) {
    ok_actions_.push_back(action.bind(*this, *this).alarm_action_arn);
}

} // namespace cdk::cloudwatch
