#pragma once

#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace cdk::localcloud::events {

/// Fires the targets of scheduled rules: one thread that wakes at every UTC minute, reads the index of
/// scheduled rules (EventsBackend::kScheduleKind, every account and region) and, for each enabled rule whose
/// ScheduleExpression is due at that minute, delivers the "Scheduled Event" envelope (source `aws.events`,
/// the rule's ARN in `resources`, `detail` {}) to its targets as PutEvents' matches are delivered. Minutes
/// localcloud was not running are not made up, as EventBridge does not make up its own. Stopped (and joined)
/// by stop() or the destructor.
class EventsScheduler {
public:
    EventsScheduler(CloudContext& cloud, ServiceRegistry& services);
    ~EventsScheduler();
    EventsScheduler(const EventsScheduler&) = delete;
    EventsScheduler& operator=(const EventsScheduler&) = delete;

    void stop();
    /// Delivers what is due at `minute` (minutes since the epoch, UTC); the thread calls it once a minute.
    void fire(std::int64_t minute);

private:
    void run();

    CloudContext& cloud_;
    ServiceRegistry& services_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace cdk::localcloud::events
