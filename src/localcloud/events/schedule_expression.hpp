#pragma once

#include "core/result.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace cdk::localcloud::events {

/// One field of a cron expression: the values it admits, and the day fields' specials.
struct CronField {
    std::vector<bool> values;  ///< indexed by value (0 .. max)
    bool question = false;     ///< `?` (day-of-month or day-of-week: no constraint from this field)
    bool last = false;         ///< `L` in day-of-month: the month's last day
    bool last_weekday = false; ///< `LW`: the month's last weekday
    int nearest_weekday = 0;   ///< `15W`: the weekday nearest the 15th, in the same month
    int last_of_week = 0;      ///< `5L` in day-of-week: the month's last Thursday
    int nth_day = 0;           ///< `3#2` in day-of-week: with nth, the second Tuesday
    int nth = 0;
};

/// A parsed ScheduleExpression: `rate(<n> minute|minutes|hour|hours|day|days)` (singular exactly for 1) or
/// `cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)` as EventBridge reads it: lists
/// `a,b`, ranges `a-b`, increments `a/n` and `*/n`, `*`, month names JAN-DEC, day names SUN-SAT (1 = SUN),
/// `L`, `W`, `LW`, `nL`, `n#k`, and exactly one of day-of-month and day-of-week `?`. Times are UTC.
struct Schedule {
    bool rate = false;
    std::int64_t period_minutes = 0; ///< rate
    std::vector<CronField> fields;   ///< cron: minutes, hours, day-of-month, month, day-of-week, year
};

/// Parses `text`; ValidationException "Parameter ScheduleExpression is not valid." when it is neither.
[[nodiscard]] Result<Schedule> parse_schedule(const std::string& text);

/// Whether the schedule fires at the minute `minute` (minutes since the epoch, UTC). A rate schedule started
/// at minute `start` fires every period after it (start + period, start + 2 * period ...); cron ignores
/// `start`.
[[nodiscard]] bool schedule_due(const Schedule& schedule, std::int64_t minute, std::int64_t start);

} // namespace cdk::localcloud::events
