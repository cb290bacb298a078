#pragma once

#include "tokens/errors.hpp"

#include <cmath>
#include <string>

namespace cdk {

/// A length of time (CDK: Duration), e.g. `Duration::seconds(30)`, `Duration::hours(2)`.
/// Conversions to a coarser unit must be whole numbers (`Duration::seconds(90).to_minutes()` throws).
class Duration {
public:
    [[nodiscard]] static Duration millis(double amount) { return Duration(amount / 1000.0); }
    [[nodiscard]] static Duration seconds(double amount) { return Duration(amount); }
    [[nodiscard]] static Duration minutes(double amount) { return Duration(amount * 60); }
    [[nodiscard]] static Duration hours(double amount) { return Duration(amount * 3600); }
    [[nodiscard]] static Duration days(double amount) { return Duration(amount * 86400); }

    [[nodiscard]] double to_seconds() const { return whole(1, "seconds"); }
    [[nodiscard]] double to_minutes() const { return whole(60, "minutes"); }
    [[nodiscard]] double to_hours() const { return whole(3600, "hours"); }
    [[nodiscard]] double to_days() const { return whole(86400, "days"); }
    [[nodiscard]] double to_milliseconds() const { return seconds_ * 1000; }

private:
    explicit Duration(double seconds) : seconds_(seconds) {}
    [[nodiscard]] double whole(double unit, const char* name) const {
        const double v = seconds_ / unit;
        if (v != std::floor(v)) {
            throw ValidationError("duration of " + std::to_string(seconds_) +
                                  " seconds is not a whole number of " + name + "; use a finer unit");
        }
        return v;
    }
    double seconds_;
};

} // namespace cdk
