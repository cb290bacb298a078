#include "lib/cloudwatch/metric.hpp"

#include "constructs/stack.hpp"
#include "lib/cloudwatch/alarm.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <regex>

namespace cdk::cloudwatch {

std::string to_string(Unit unit) {
    switch (unit) {
    case Unit::Seconds: return "Seconds";
    case Unit::Microseconds: return "Microseconds";
    case Unit::Milliseconds: return "Milliseconds";
    case Unit::Bytes: return "Bytes";
    case Unit::Kilobytes: return "Kilobytes";
    case Unit::Megabytes: return "Megabytes";
    case Unit::Gigabytes: return "Gigabytes";
    case Unit::Terabytes: return "Terabytes";
    case Unit::Bits: return "Bits";
    case Unit::Kilobits: return "Kilobits";
    case Unit::Megabits: return "Megabits";
    case Unit::Gigabits: return "Gigabits";
    case Unit::Terabits: return "Terabits";
    case Unit::Percent: return "Percent";
    case Unit::Count: return "Count";
    case Unit::BytesPerSecond: return "Bytes/Second";
    case Unit::KilobytesPerSecond: return "Kilobytes/Second";
    case Unit::MegabytesPerSecond: return "Megabytes/Second";
    case Unit::GigabytesPerSecond: return "Gigabytes/Second";
    case Unit::TerabytesPerSecond: return "Terabytes/Second";
    case Unit::BitsPerSecond: return "Bits/Second";
    case Unit::KilobitsPerSecond: return "Kilobits/Second";
    case Unit::MegabitsPerSecond: return "Megabits/Second";
    case Unit::GigabitsPerSecond: return "Gigabits/Second";
    case Unit::TerabitsPerSecond: return "Terabits/Second";
    case Unit::CountPerSecond: return "Count/Second";
    case Unit::None: return "None";
    }
    return "None";
}

namespace {

/// A number as JavaScript's String(number) writes the values used here (integers, short decimals).
std::string js_number(double v) {
    if (std::trunc(v) == v && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
    char buf[32];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    return buf;
}

void assert_percentage(std::optional<double> x) {
    if (x && (*x < 0 || *x > 100)) throw ValidationError("Expecting a percentage, got: " + js_number(*x));
}

std::string boundary_stat(const std::string& one, const std::string& two, double p1,
                          std::optional<double> p2) {
    assert_percentage(p1);
    assert_percentage(p2);
    if (p2) return two + "(" + js_number(p1) + "%:" + js_number(*p2) + "%)";
    return one + js_number(p1);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
    return s;
}

/// parseSingleStatistic: `<prefix><decimal>` with the decimal in [0, 100], case-insensitive.
bool single_statistic(const std::string& stat, const std::string& prefix) {
    static const std::string decimal = "\\d+(?:\\.\\d+)?";
    std::smatch m;
    if (!std::regex_match(stat, m, std::regex("^" + prefix + "(" + decimal + ")$", std::regex::icase)))
        return false;
    const double value = std::stod(m[1].str());
    return !(value < 0 || value > 100);
}

/// parsePairStatistic: `<PREFIX>(<lower>:<upper>)`, bounds optional (not both), percent or not alike.
bool pair_statistic(const std::string& stat, const std::string& prefix) {
    std::smatch m;
    if (!std::regex_match(stat, m, std::regex("^" + prefix + "\\(([^)]+)\\)$", std::regex::icase)))
        return false;
    const std::string inner = m[1].str();
    const auto colon = inner.find(':');
    if (colon == std::string::npos) return false;
    struct Bound {
        bool present = false;
        bool fail = false;
        bool percent = false;
    };
    const auto parse = [](std::string x) {
        Bound b;
        const auto first = x.find_first_not_of(" \t");
        if (first == std::string::npos) return b;
        x = x.substr(first, x.find_last_not_of(" \t") - first + 1);
        b.present = true;
        b.percent = !x.empty() && x.back() == '%';
        std::string digits = b.percent ? x.substr(0, x.size() - 1) : x;
        char* end = nullptr;
        const double value = std::strtod(digits.c_str(), &end);
        if (end == digits.c_str() || value < 0 || (b.percent && value > 100)) b.fail = true;
        return b;
    };
    const std::string rhs_text = inner.substr(colon + 1);
    const Bound lhs = parse(inner.substr(0, colon));
    const Bound rhs = parse(rhs_text.substr(0, rhs_text.find(':')));
    if (lhs.fail || rhs.fail) return false;
    if (!lhs.present && !rhs.present) return false;
    if (lhs.present && rhs.present && lhs.percent != rhs.percent) return false;
    return true;
}

} // namespace

std::string Stats::percentile(double percentile) {
    assert_percentage(percentile);
    return "p" + js_number(percentile);
}
std::string Stats::trimmed_mean(double p1, std::optional<double> p2) {
    return boundary_stat("tm", "TM", p1, p2);
}
std::string Stats::winsorized_mean(double p1, std::optional<double> p2) {
    return boundary_stat("wm", "WM", p1, p2);
}
std::string Stats::trimmed_count(double p1, std::optional<double> p2) {
    return boundary_stat("tc", "TC", p1, p2);
}
std::string Stats::trimmed_sum(double p1, std::optional<double> p2) {
    return boundary_stat("ts", "TS", p1, p2);
}
std::string Stats::percentile_rank(double v1, std::optional<double> v2) {
    if (v2) return "PR(" + js_number(v1) + ":" + js_number(*v2) + ")";
    return "PR(:" + js_number(v1) + ")";
}

namespace detail {

ParsedStatistic parse_statistic(const std::string& statistic) {
    static const std::map<std::string, std::string> simple = {{"average", Stats::AVERAGE},
                                                              {"avg", Stats::AVERAGE},
                                                              {"minimum", Stats::MINIMUM},
                                                              {"min", Stats::MINIMUM},
                                                              {"maximum", Stats::MAXIMUM},
                                                              {"max", Stats::MAXIMUM},
                                                              {"samplecount", Stats::SAMPLE_COUNT},
                                                              {"n", Stats::SAMPLE_COUNT},
                                                              {"sum", Stats::SUM}};
    const std::string low = lower(statistic);
    if (auto it = simple.find(low); it != simple.end()) return {it->second, true, true};
    if (low == "iqm") return {"IQM", false, true};
    for (const char* prefix : {"p", "tm", "wm", "tc", "ts"}) {
        if (single_statistic(statistic, prefix)) return {lower(statistic), false, true};
    }
    for (const char* prefix : {"PR", "TM", "WM", "TC", "TS"}) {
        if (pair_statistic(statistic, prefix)) return {upper(statistic), false, true};
    }
    return {statistic, false, false};
}

} // namespace detail

Metric::Metric(const MetricProps& props)
    : namespace__(props.namespace_), metric_name_(props.metric_name), dimensions_(props.dimensions_map),
      period_(props.period.value_or(Duration::minutes(5))), unit_(props.unit), label_(props.label),
      color_(props.color), account_override_(props.account), region_override_(props.region) {
    const double seconds = period_.to_seconds();
    const bool valid_period = seconds == 1 || seconds == 5 || seconds == 10 || seconds == 30 ||
                              (std::fmod(seconds, 60) == 0 && seconds > 0);
    if (!Token::is_unresolved(seconds) && !valid_period) {
        throw ValidationError("'period' must be 1, 5, 10, 30, or a multiple of 60 seconds, received " +
                              js_number(seconds));
    }
    if (dimensions_.size() > 30) {
        throw ValidationError("The maximum number of dimensions is 30, received " +
                              std::to_string(dimensions_.size()));
    }
    for (const auto& [key, value] : dimensions_) {
        if (key.empty() || key.size() > 255)
            throw ValidationError(
                "Dimension name must be at least 1 and no more than 255 characters; received " + key);
        if (value.empty() || value.size() > 255)
            throw ValidationError(
                "Dimension value must be at least 1 and no more than 255 characters; received " + value);
    }
    const detail::ParsedStatistic parsed =
        detail::parse_statistic(props.statistic.empty() ? std::string(Stats::AVERAGE) : props.statistic);
    if (!parsed.parseable) {
        warning_ =
            "Unrecognized statistic \"" + props.statistic + "\" for metric with namespace \"" +
            props.namespace_ + "\"" + (props.label.empty() ? "" : ", label \"" + props.label + "\"") +
            " and metric name \"" + props.metric_name +
            "\". Preferably use the `aws_cloudwatch.Stats` helper class to specify a statistic. You can "
            "ignore this warning if your statistic is valid but not yet supported by the "
            "`aws_cloudwatch.Stats` helper class.";
    }
    statistic_ = parsed.normalized;
}

std::string Metric::account() const {
    return account_override_.empty() ? stack_account_ : account_override_;
}

std::string Metric::region() const {
    return region_override_.empty() ? stack_region_ : region_override_;
}

Metric Metric::with(const MetricOptions& options) const {
    MetricProps props{.namespace_ = namespace__,
                      .metric_name = metric_name_,
                      .dimensions_map = options.dimensions_map.value_or(dimensions_),
                      .period = options.period.value_or(period_),
                      .statistic = options.statistic.empty() ? statistic_ : options.statistic,
                      .unit = options.unit ? options.unit : unit_,
                      .label = options.label.empty() ? label_ : options.label,
                      .color = options.color.empty() ? color_ : options.color,
                      .account = options.account.empty() ? account_override_ : options.account,
                      .region = options.region.empty() ? region_override_ : options.region};
    Metric out(props);
    out.stack_account_ = stack_account_;
    out.stack_region_ = stack_region_;
    return out;
}

Metric Metric::attach_to(const Construct& scope) const {
    const Stack& stack = Stack::of(scope);
    Metric out = *this;
    out.stack_account_ = Token::is_unresolved(stack.account()) ? "" : stack.account();
    out.stack_region_ = Token::is_unresolved(stack.region()) ? "" : stack.region();
    return out;
}

Alarm& Metric::create_alarm(Construct& scope, std::string_view id, const CreateAlarmOptions& options) const {
    return make<Alarm>(scope, id, AlarmProps::from(*this, options));
}

std::string Metric::to_string() const {
    if (!label_.empty()) return label_;
    return namespace__ + " " + metric_name_;
}

} // namespace cdk::cloudwatch
