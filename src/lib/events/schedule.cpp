#include "lib/events/schedule.hpp"

#include "tokens/errors.hpp"

#include <cmath>

namespace cdk::events {
namespace {

std::string make_rate(long long interval, const std::string& singular) {
    return interval == 1 ? "rate(1 " + singular + ")"
                         : "rate(" + std::to_string(interval) + " " + singular + "s)";
}

std::string or_default(const std::string& value, const std::string& fallback) {
    return value.empty() ? fallback : value;
}

} // namespace

Schedule Schedule::expression(std::string expression) {
    if (expression.empty()) throw ValidationError("a schedule expression cannot be empty");
    return Schedule(std::move(expression));
}

Schedule Schedule::rate(const Duration& duration) {
    const double seconds = duration.to_milliseconds() / 1000.0;
    const double minutes = seconds / 60.0;
    if (std::floor(minutes) == 0.0) throw ValidationError("Duration cannot be 0");
    const double days = seconds / 86400.0;
    if (days == std::floor(days)) return Schedule(make_rate(static_cast<long long>(days), "day"));
    const double hours = seconds / 3600.0;
    if (hours == std::floor(hours)) return Schedule(make_rate(static_cast<long long>(hours), "hour"));
    if (minutes != std::floor(minutes)) {
        throw ValidationError("a rate schedule must be a whole number of minutes, got " +
                              std::to_string(seconds) + " seconds");
    }
    return Schedule(make_rate(static_cast<long long>(minutes), "minute"));
}

Schedule Schedule::cron(const CronOptions& options) {
    if (!options.week_day.empty() && !options.day.empty()) {
        throw ValidationError("Cannot supply both 'day' and 'weekDay', use at most one");
    }
    const std::string day = or_default(options.day, options.week_day.empty() ? "*" : "?");
    return Schedule("cron(" + or_default(options.minute, "*") + " " + or_default(options.hour, "*") + " " +
                        day + " " + or_default(options.month, "*") + " " + or_default(options.week_day, "?") +
                        " " + or_default(options.year, "*") + ")",
                    options.minute.empty());
}

} // namespace cdk::events
