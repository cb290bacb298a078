// localcloud EventBridge: ScheduleExpression (rate and cron) as PutRule checks it and the scheduler fires it.
#include "localcloud/events/schedule_expression.hpp"

#include <gtest/gtest.h>

#include <ctime>

namespace cdk::localcloud::events {
namespace {

/// Minutes since the epoch of a UTC time.
std::int64_t at(int year, int month, int day, int hour, int minute) {
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    return static_cast<std::int64_t>(timegm(&tm)) / 60;
}

bool due(const std::string& expression, std::int64_t minute, std::int64_t start = 0) {
    auto s = parse_schedule(expression);
    EXPECT_TRUE(s) << expression;
    return s && schedule_due(*s, minute, start);
}

TEST(EventsSchedule, RateFiresEveryPeriodAfterItsStart) {
    const std::int64_t start = at(2026, 12, 7, 10, 30);
    EXPECT_FALSE(due("rate(1 minute)", start, start));
    EXPECT_TRUE(due("rate(1 minute)", start + 1, start));
    EXPECT_TRUE(due("rate(1 minute)", start + 2, start));
    EXPECT_FALSE(due("rate(5 minutes)", start + 4, start));
    EXPECT_TRUE(due("rate(5 minutes)", start + 5, start));
    EXPECT_TRUE(due("rate(2 hours)", start + 120, start));
    EXPECT_FALSE(due("rate(2 hours)", start + 60, start));
    EXPECT_TRUE(due("rate(1 day)", start + 1440, start));
}

TEST(EventsSchedule, CronAsTheUserGuideWritesIt) {
    // 10:15 UTC every day.
    EXPECT_TRUE(due("cron(15 10 * * ? *)", at(2026, 12, 7, 10, 15)));
    EXPECT_FALSE(due("cron(15 10 * * ? *)", at(2026, 12, 7, 10, 16)));
    // 18:00 Monday to Friday (2026-12-07 is a Monday, 12-12 a Saturday).
    EXPECT_TRUE(due("cron(0 18 ? * MON-FRI *)", at(2026, 12, 7, 18, 0)));
    EXPECT_FALSE(due("cron(0 18 ? * MON-FRI *)", at(2026, 12, 12, 18, 0)));
    EXPECT_TRUE(due("cron(0 18 ? * 2-6 *)", at(2026, 12, 11, 18, 0)));
    // 8:00 on the first day of the month.
    EXPECT_TRUE(due("cron(0 8 1 * ? *)", at(2027, 1, 1, 8, 0)));
    EXPECT_FALSE(due("cron(0 8 1 * ? *)", at(2027, 1, 2, 8, 0)));
    // Every 10 minutes on weekdays.
    EXPECT_TRUE(due("cron(0/10 * ? * MON-FRI *)", at(2026, 12, 8, 3, 20)));
    EXPECT_FALSE(due("cron(0/10 * ? * MON-FRI *)", at(2026, 12, 8, 3, 25)));
    // Every 5 minutes between 8:00 and 17:55 on weekdays.
    EXPECT_TRUE(due("cron(0/5 8-17 ? * MON-FRI *)", at(2026, 12, 8, 17, 55)));
    EXPECT_FALSE(due("cron(0/5 8-17 ? * MON-FRI *)", at(2026, 12, 8, 18, 0)));
    // 9:00 on the first Monday of each month.
    EXPECT_TRUE(due("cron(0 9 ? * 2#1 *)", at(2026, 12, 7, 9, 0)));
    EXPECT_FALSE(due("cron(0 9 ? * 2#1 *)", at(2026, 12, 14, 9, 0)));
    // Lists, names, the last day, the last Friday, the nearest weekday, the year.
    EXPECT_TRUE(due("cron(0,30 12 ? JAN,DEC SUN,MON 2026)", at(2026, 12, 7, 12, 30)));
    EXPECT_FALSE(due("cron(0,30 12 ? JAN,DEC SUN,MON 2027)", at(2026, 12, 7, 12, 30)));
    EXPECT_TRUE(due("cron(0 0 L * ? *)", at(2028, 2, 29, 0, 0)));
    EXPECT_FALSE(due("cron(0 0 L * ? *)", at(2028, 2, 28, 0, 0)));
    EXPECT_TRUE(due("cron(0 0 ? * 6L *)", at(2026, 12, 25, 0, 0)));
    EXPECT_FALSE(due("cron(0 0 ? * 6L *)", at(2026, 12, 18, 0, 0)));
    EXPECT_TRUE(due("cron(0 0 12W * ? *)", at(2026, 12, 11, 0, 0))); // the 12th is a Saturday
    EXPECT_TRUE(due("cron(0 0 LW * ? *)", at(2027, 1, 29, 0, 0)));   // 31st Sunday, 30th Saturday
}

TEST(EventsSchedule, RefusesWhatPutRuleRefuses) {
    for (const char* bad : {"rate(1 minutes)",
                            "rate(5 minute)",
                            "rate(0 minutes)",
                            "rate(-1 minutes)",
                            "rate(1 week)",
                            "rate(1)",
                            "rate(1  minute)",
                            "cron(0 12 * * * *)",
                            "cron(0 12 ? * ? *)",
                            "cron(0 12 * *)",
                            "cron(60 12 * * ? *)",
                            "cron(0 24 * * ? *)",
                            "cron(0 12 32 * ? *)",
                            "cron(0 12 ? 13 ? *)",
                            "cron(0 12 ? * 8 *)",
                            "cron(0 12 ? * FOO *)",
                            "cron(0 12 ? * 2#6 *)",
                            "cron(5-1 12 * * ? *)",
                            "at(2026-12-07T10:00:00)",
                            ""}) {
        auto s = parse_schedule(bad);
        ASSERT_FALSE(s) << bad;
        EXPECT_EQ(s.error().code, "ValidationException") << bad;
        EXPECT_EQ(s.error().message, "Parameter ScheduleExpression is not valid.");
    }
}

} // namespace
} // namespace cdk::localcloud::events
