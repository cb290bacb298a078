#pragma once

#include "cfn/duration.hpp"
#include "constructs/construct.hpp"
#include "core/json.hpp"

#include <map>
#include <optional>
#include <string>

namespace cdk::cloudwatch {

/// The unit of a metric (CDK: Unit), as CloudWatch spells it.
enum class Unit {
    Seconds,
    Microseconds,
    Milliseconds,
    Bytes,
    Kilobytes,
    Megabytes,
    Gigabytes,
    Terabytes,
    Bits,
    Kilobits,
    Megabits,
    Gigabits,
    Terabits,
    Percent,
    Count,
    BytesPerSecond,
    KilobytesPerSecond,
    MegabytesPerSecond,
    GigabytesPerSecond,
    TerabytesPerSecond,
    BitsPerSecond,
    KilobitsPerSecond,
    MegabitsPerSecond,
    GigabitsPerSecond,
    TerabitsPerSecond,
    CountPerSecond,
    None,
};

/// `Seconds`, `Bytes/Second`, `Count/Second`, `None`, ...
[[nodiscard]] std::string to_string(Unit unit);

/// Statistic names (CDK: Stats).
struct Stats {
    static constexpr const char* SAMPLE_COUNT = "SampleCount";
    static constexpr const char* AVERAGE = "Average";
    static constexpr const char* SUM = "Sum";
    static constexpr const char* MINIMUM = "Minimum";
    static constexpr const char* MAXIMUM = "Maximum";
    static constexpr const char* IQM = "IQM";
    /// `p<percentile>` (0 to 100).
    [[nodiscard]] static std::string percentile(double percentile);
    [[nodiscard]] static std::string p(double percentile) { return Stats::percentile(percentile); }
    /// `tm<p1>`, or `TM(<p1>%:<p2>%)` with an upper bound.
    [[nodiscard]] static std::string trimmed_mean(double p1, std::optional<double> p2 = std::nullopt);
    /// `wm<p1>` / `WM(<p1>%:<p2>%)`.
    [[nodiscard]] static std::string winsorized_mean(double p1, std::optional<double> p2 = std::nullopt);
    /// `tc<p1>` / `TC(<p1>%:<p2>%)`.
    [[nodiscard]] static std::string trimmed_count(double p1, std::optional<double> p2 = std::nullopt);
    /// `ts<p1>` / `TS(<p1>%:<p2>%)`.
    [[nodiscard]] static std::string trimmed_sum(double p1, std::optional<double> p2 = std::nullopt);
    /// `PR(:<v1>)` / `PR(<v1>:<v2>)`.
    [[nodiscard]] static std::string percentile_rank(double v1, std::optional<double> v2 = std::nullopt);
};

namespace detail {
/// aws-cdk-lib's parseStatistic + normalizeStatistic: `avg` -> `Average`, `P99` -> `p99`, `tm(10%:90%)` ->
/// `TM(10%:90%)`; anything else unchanged. `simple` says whether it is one of the five simple statistics
/// (rendered `Statistic`, not `ExtendedStatistic`); `parseable` whether it is known at all.
struct ParsedStatistic {
    std::string normalized;
    bool simple = false;
    bool parseable = false;
};
[[nodiscard]] ParsedStatistic parse_statistic(const std::string& statistic);
} // namespace detail

/// Options of a metric a resource gives (CDK: MetricOptions / CommonMetricOptions); unset fields keep the
/// resource's defaults.
struct MetricOptions {
    /// Default 5 minutes.
    std::optional<Duration> period;
    /// Default `Average` (the resource's helpers have their own default).
    std::string statistic;
    /// Replaces the metric's dimensions when given.
    std::optional<std::map<std::string, std::string>> dimensions_map;
    std::optional<Unit> unit;
    std::string label;
    std::string color;
    /// The account of the metric (default: the stack's, once attached to a resource).
    std::string account;
    /// The region of the metric (default: the stack's, once attached to a resource).
    std::string region;
};

/// Props of a Metric (CDK: MetricProps).
struct MetricProps {
    std::string namespace_;
    std::string metric_name;
    std::map<std::string, std::string> dimensions_map;
    /// Default 5 minutes; 1, 5, 10, 30 seconds or a multiple of 60.
    std::optional<Duration> period;
    /// Default `Average`; simple statistics, percentiles (`p99`) and the other extended statistics.
    std::string statistic;
    std::optional<Unit> unit;
    std::string label;
    std::string color;
    std::string account;
    std::string region;
};

class Alarm;
struct CreateAlarmOptions;

/// A CloudWatch metric (CDK: Metric): a value, copied freely.
class Metric {
public:
    explicit Metric(const MetricProps& props);

    [[nodiscard]] const std::string& namespace_() const { return namespace__; }
    [[nodiscard]] const std::string& metric_name() const { return metric_name_; }
    [[nodiscard]] const std::map<std::string, std::string>& dimensions() const { return dimensions_; }
    [[nodiscard]] const Duration& period() const { return period_; }
    /// Normalized (`Average`, `p99`, ...).
    [[nodiscard]] const std::string& statistic() const { return statistic_; }
    [[nodiscard]] const std::optional<Unit>& unit() const { return unit_; }
    [[nodiscard]] const std::string& label() const { return label_; }
    [[nodiscard]] const std::string& color() const { return color_; }
    /// The account override, else the attached stack's literal account ("" when none).
    [[nodiscard]] std::string account() const;
    /// The region override, else the attached stack's literal region ("" when none).
    [[nodiscard]] std::string region() const;
    /// The warning for a statistic aws-cdk-lib does not recognize ("" when none).
    [[nodiscard]] const std::string& warning() const { return warning_; }

    /// A copy with the given options changed (CDK: with).
    [[nodiscard]] Metric with(const MetricOptions& options) const;
    /// A copy whose default account and region are those of `scope`'s stack when literal (CDK: attachTo).
    [[nodiscard]] Metric attach_to(const Construct& scope) const;
    /// An `Alarm` on this metric (CDK: createAlarm).
    Alarm& create_alarm(Construct& scope, std::string_view id, const CreateAlarmOptions& options) const;

    /// `Namespace/MetricName`-like display name, as the CDK's toString.
    [[nodiscard]] std::string to_string() const;

private:
    Metric() = default;

    std::string namespace__;
    std::string metric_name_;
    std::map<std::string, std::string> dimensions_;
    Duration period_ = Duration::minutes(5);
    std::string statistic_;
    std::optional<Unit> unit_;
    std::string label_;
    std::string color_;
    std::string account_override_;
    std::string region_override_;
    std::string stack_account_;
    std::string stack_region_;
    std::string warning_;
};

} // namespace cdk::cloudwatch
