#include "localcloud/events/events_scheduler.hpp"

#include "core/random.hpp"
#include "localcloud/events/events_backend.hpp"
#include "localcloud/events/events_delivery.hpp"
#include "localcloud/events/schedule_expression.hpp"

#include <chrono>
#include <ctime>
#include <iostream>
#include <vector>

namespace cdk::localcloud::events {
namespace {

std::string minute_time(std::int64_t minute) {
    const std::time_t t = static_cast<std::time_t>(minute) * 60;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

} // namespace

EventsScheduler::EventsScheduler(CloudContext& cloud, ServiceRegistry& services)
    : cloud_(cloud), services_(services), thread_([this] { run(); }) {}

EventsScheduler::~EventsScheduler() {
    stop();
}

void EventsScheduler::stop() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void EventsScheduler::run() {
    using std::chrono::minutes;
    using std::chrono::system_clock;
    std::unique_lock lock(mutex_);
    auto last = std::chrono::floor<minutes>(system_clock::now());
    while (!stopping_) {
        const auto next = last + minutes(1);
        // The system clock may jump: wake at the next minute, but at least every 5 seconds to notice.
        wake_.wait_until(
            lock, std::min(system_clock::time_point(next), system_clock::now() + std::chrono::seconds(5)),
            [this] { return stopping_; });
        if (stopping_) break;
        const auto now = std::chrono::floor<minutes>(system_clock::now());
        if (now <= last) continue;
        last = now;
        lock.unlock();
        try {
            fire(now.time_since_epoch().count());
        } catch (const std::exception& e) {
            std::cerr << "localcloud: events: scheduler: " << e.what() << "\n";
        }
        lock.lock();
    }
}

void EventsScheduler::fire(std::int64_t minute) {
    std::vector<Delivery> deliveries;
    auto read = cloud_.store.read<bool>([&](Tx& tx) -> Result<bool> {
        auto index = tx.list(EventsBackend::kScheduleScope, EventsBackend::kScheduleKind);
        if (!index) return index.error();
        for (const auto& [key, entry] : *index) {
            auto schedule = parse_schedule(entry.value("ScheduleExpression", ""));
            if (!schedule || !schedule_due(*schedule, minute, entry.value("StartMinute", std::int64_t{0})))
                continue;
            const Scope scope{entry.value("Account", ""), entry.value("Region", "")};
            const std::string name = entry.value("Rule", "");
            auto rule = tx.get(scope, "events:rule", "default|" + name);
            if (!rule) return rule.error();
            if (!*rule || (**rule).value("State", "ENABLED") != "ENABLED") continue;
            const std::string arn = EventsBackend::rule_arn(scope, "default", name);
            const Json event{{"version", "0"},
                             {"id", random_uuid()},
                             {"detail-type", "Scheduled Event"},
                             {"source", "aws.events"},
                             {"account", scope.account},
                             {"time", minute_time(minute)},
                             {"region", scope.region},
                             {"resources", Json::array({arn})},
                             {"detail", Json::object()}};
            for (const auto& target : (**rule)["Targets"])
                deliveries.push_back(Delivery{scope, arn, name, target, event});
        }
        return true;
    });
    if (!read) {
        std::cerr << "localcloud: events: scheduler: " << read.error().to_string() << "\n";
        return;
    }
    for (const auto& d : deliveries)
        (void)deliver(cloud_, services_, d);
}

} // namespace cdk::localcloud::events
