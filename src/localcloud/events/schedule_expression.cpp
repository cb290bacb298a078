#include "localcloud/events/schedule_expression.hpp"

#include "core/error.hpp"
#include "core/parse_int.hpp"

#include <array>
#include <cctype>
#include <ctime>
#include <optional>
#include <regex>

namespace cdk::localcloud::events {
namespace {

Error invalid() {
    return make_error("ValidationException", "Parameter ScheduleExpression is not valid.", 400);
}

struct Range {
    int min;
    int max;
    const char* const* names; ///< names of min, min + 1 ... (nullptr: numbers only)
};

constexpr const char* kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                   "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr const char* kDays[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

const std::array<Range, 6> kRanges = {Range{0, 59, nullptr}, Range{0, 23, nullptr},
                                      Range{1, 31, nullptr}, Range{1, 12, kMonths},
                                      Range{1, 7, kDays},    Range{1970, 2199, nullptr}};

std::optional<int> number(const std::string& s, const Range& r) {
    if (s.empty() || s.size() > 4) return std::nullopt;
    if (std::isdigit(static_cast<unsigned char>(s[0])) != 0) {
        int n = 0;
        for (const char c : s) {
            if (std::isdigit(static_cast<unsigned char>(c)) == 0) return std::nullopt;
            n = n * 10 + (c - '0');
        }
        if (n < r.min || n > r.max) return std::nullopt;
        return n;
    }
    if (r.names == nullptr) return std::nullopt;
    std::string upper;
    for (const char c : s)
        upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (int i = 0; i <= r.max - r.min; ++i) {
        if (upper == r.names[i]) return r.min + i;
    }
    return std::nullopt;
}

/// One comma-separated element of a field: `*`, `a`, `a-b`, with `/step`.
bool parse_element(const std::string& e, const Range& r, CronField& f) {
    std::string base = e;
    int step = 1;
    if (const auto slash = e.find('/'); slash != std::string::npos) {
        base = e.substr(0, slash);
        const auto s = number(e.substr(slash + 1), Range{1, r.max, nullptr});
        if (!s) return false;
        step = *s;
    }
    int from = r.min;
    int to = r.max;
    if (base != "*") {
        const auto dash = base.find('-');
        const auto a = number(base.substr(0, dash), r);
        if (!a) return false;
        from = *a;
        if (dash != std::string::npos) {
            const auto b = number(base.substr(dash + 1), r);
            if (!b || *b < from) return false;
            to = *b;
        } else if (e.find('/') == std::string::npos) {
            to = from;
        }
    }
    for (int v = from; v <= to; v += step)
        f.values[static_cast<std::size_t>(v)] = true;
    return true;
}

bool parse_field(const std::string& text, std::size_t index, CronField& f) {
    const Range& r = kRanges[index];
    f.values.assign(static_cast<std::size_t>(r.max) + 1, false);
    const bool day_of_month = index == 2;
    const bool day_of_week = index == 4;
    if (text == "?") {
        if (!day_of_month && !day_of_week) return false;
        f.question = true;
        return true;
    }
    if (day_of_month) {
        static const std::regex kNearest(R"(([0-9]{1,2})W)");
        std::smatch m;
        if (text == "L") return f.last = true;
        if (text == "LW") return f.last_weekday = true;
        if (std::regex_match(text, m, kNearest)) {
            f.nearest_weekday = *parse_int<int>(m[1].str());
            return f.nearest_weekday >= 1 && f.nearest_weekday <= 31;
        }
    }
    if (day_of_week) {
        static const std::regex kLast(R"(([1-7])L)");
        static const std::regex kNth(R"(([1-7])#([1-5]))");
        std::smatch m;
        if (std::regex_match(text, m, kLast)) {
            f.last_of_week = *parse_int<int>(m[1].str());
            return true;
        }
        if (std::regex_match(text, m, kNth)) {
            f.nth_day = *parse_int<int>(m[1].str());
            f.nth = *parse_int<int>(m[2].str());
            return true;
        }
        if (text == "L") {
            f.values[7] = true; // `L` alone in day-of-week is the last day of the week, Saturday
            return true;
        }
    }
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const std::string element =
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!parse_element(element, r, f)) return false;
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return true;
}

int days_in_month(int year, int month) {
    static constexpr int kDaysIn[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDaysIn[month - 1];
}

/// 1 = Sunday ... 7 = Saturday, of `day` in the month whose first day is `first_dow`.
int dow_of(int day, int first_dow) {
    return (first_dow - 1 + day - 1) % 7 + 1;
}

bool weekday(int dow) {
    return dow >= 2 && dow <= 6;
}

/// The weekday nearest `target` in the month (not crossing into another month), as cron's `W`.
int nearest_weekday_to(int target, int length, int first_dow) {
    if (target > length) target = length;
    const int dow = dow_of(target, first_dow);
    if (weekday(dow)) return target;
    if (dow == 7) return target == 1 ? 3 : target - 1; // Saturday: Friday, or Monday the 3rd
    return target == length ? target - 2 : target + 1; // Sunday: Monday, or Friday before the end
}

bool day_of_month_matches(const CronField& f, int day, int length, int first_dow) {
    if (f.question) return true;
    if (f.last) return day == length;
    if (f.last_weekday) {
        int last = length;
        while (!weekday(dow_of(last, first_dow)))
            --last;
        return day == last;
    }
    if (f.nearest_weekday != 0) return day == nearest_weekday_to(f.nearest_weekday, length, first_dow);
    return f.values[static_cast<std::size_t>(day)];
}

bool day_of_week_matches(const CronField& f, int day, int length, int first_dow) {
    if (f.question) return true;
    const int dow = dow_of(day, first_dow);
    if (f.last_of_week != 0) return dow == f.last_of_week && day + 7 > length;
    if (f.nth != 0) return dow == f.nth_day && (day - 1) / 7 + 1 == f.nth;
    return f.values[static_cast<std::size_t>(dow)];
}

} // namespace

Result<Schedule> parse_schedule(const std::string& text) {
    static const std::regex kRate(R"(rate\(([0-9]+) (minute|minutes|hour|hours|day|days)\))");
    static const std::regex kCron(R"(cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\))");
    std::smatch m;
    Schedule s;
    if (std::regex_match(text, m, kRate)) {
        if (m[1].length() > 9) return invalid();
        const long long n = *parse_int<long long>(m[1].str());
        const std::string unit = m[2];
        // `rate(1 minutes)` and `rate(5 minute)` are refused, as EventBridge does.
        if (n < 1 || (n == 1) != (unit.back() != 's')) return invalid();
        const long long per = unit[0] == 'm' ? 1 : unit[0] == 'h' ? 60 : 1440;
        s.rate = true;
        s.period_minutes = n * per;
        return s;
    }
    if (!std::regex_match(text, m, kCron)) return invalid();
    s.fields.resize(6);
    for (std::size_t i = 0; i < 6; ++i) {
        if (!parse_field(m[i + 1], i, s.fields[i])) return invalid();
    }
    // Exactly one of day-of-month and day-of-week is `?`.
    if (s.fields[2].question == s.fields[4].question) return invalid();
    return s;
}

bool schedule_due(const Schedule& schedule, std::int64_t minute, std::int64_t start) {
    if (schedule.rate) return minute > start && (minute - start) % schedule.period_minutes == 0;
    const std::time_t t = static_cast<std::time_t>(minute) * 60;
    std::tm tm{};
    gmtime_r(&t, &tm);
    const int year = tm.tm_year + 1900;
    const int month = tm.tm_mon + 1;
    const int day = tm.tm_mday;
    const auto& f = schedule.fields;
    if (year > 2199 || !f[5].values[static_cast<std::size_t>(year)]) return false;
    if (!f[0].values[static_cast<std::size_t>(tm.tm_min)] ||
        !f[1].values[static_cast<std::size_t>(tm.tm_hour)])
        return false;
    if (!f[3].values[static_cast<std::size_t>(month)]) return false;
    const int length = days_in_month(year, month);
    const int first_dow = (tm.tm_wday - (day - 1) % 7 + 7) % 7 + 1;
    return day_of_month_matches(f[2], day, length, first_dow) &&
           day_of_week_matches(f[4], day, length, first_dow);
}

} // namespace cdk::localcloud::events
