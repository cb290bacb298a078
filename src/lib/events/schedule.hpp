#pragma once

#include "cfn/duration.hpp"

#include <optional>
#include <string>

namespace cdk::events {

/// The fields of a cron schedule; a field left empty is `*` (`?` for the week day, and for the day of the
/// month when a week day is given) (CDK: CronOptions).
struct CronOptions {
    std::string minute;
    std::string hour;
    std::string day;
    std::string month;
    std::string year;
    std::string week_day;
};

/// When a scheduled rule runs (CDK: Schedule): `rate(...)`, `cron(...)` or an expression as written.
class Schedule {
public:
    /// An expression as EventBridge takes it, e.g. `rate(10 minutes)`.
    [[nodiscard]] static Schedule expression(std::string expression);
    /// Every `duration`, in whole days, hours or (else) minutes; throws for zero or for a duration that is
    /// not a whole number of minutes.
    [[nodiscard]] static Schedule rate(const Duration& duration);
    /// A cron schedule; throws when both `day` and `week_day` are given.
    [[nodiscard]] static Schedule cron(const CronOptions& options);

    [[nodiscard]] const std::string& expression_string() const { return expression_; }
    /// True for a cron schedule without a minute (it runs every minute: the rule gets a warning).
    [[nodiscard]] bool runs_every_minute() const { return every_minute_; }

private:
    explicit Schedule(std::string expression, bool every_minute = false)
        : expression_(std::move(expression)), every_minute_(every_minute) {}

    std::string expression_;
    bool every_minute_ = false;
};

} // namespace cdk::events
