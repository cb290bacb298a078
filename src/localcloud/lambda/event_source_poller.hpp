#pragma once

#include "localcloud/lambda/event_source_mappings.hpp"
#include "localcloud/lambda/lambda_backend.hpp"
#include "localcloud/lambda/lambda_executor.hpp"
#include "localcloud/server/cloud_context.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cdk::localcloud::lambda {

/// Lambda's poller of event source mappings (docs/localcloud-lambda.md, "Event source mappings"): one
/// background thread for every mapping of the cloud. Each tick (a quarter second) it walks the mappings once:
/// moves a `Creating`/`Enabling`/`Updating`/`Disabling` one to `Enabled` or `Disabled`, and for each enabled
/// one handles at most one batch (BatchSize records), so a tick's work is bounded:
///  * SQS: ReceiveMessage as the function's execution role, a synchronous invocation with the SQS event, the
///    messages deleted after a success (all but the reported `batchItemFailures` with
///    ReportBatchItemFailures) and left to their visibility timeout after an error, so that the queue's
///    redrive policy moves them to its dead-letter queue after maxReceiveCount receives. A queue is only
///    received from when a message was sent to it or one's visibility ended since the last receive.
///  * DynamoDB streams: the records after the mapping's checkpoint (GetRecords as the role), the checkpoint
///    moved past them only after a success; a failed batch is retried (a second later) up to
///    MaximumRetryAttempts times (-1: until the records expire), then skipped.
/// Stopped (and joined) by the destructor: the batch in flight ends first.
class EventSourcePoller {
public:
    explicit EventSourcePoller(CloudContext& cloud);
    ~EventSourcePoller();
    EventSourcePoller(const EventSourcePoller&) = delete;
    EventSourcePoller& operator=(const EventSourcePoller&) = delete;

private:
    /// What the poller keeps between ticks for one SQS mapping.
    struct QueueWatch {
        bool primed = false;          ///< received from at least once
        std::uint64_t generation = 0; ///< SqsBackend::message_generation at the last receive
        long long next_visible_ms = 0;
        std::vector<Json> pending; ///< received, waiting for the batching window
        std::chrono::steady_clock::time_point pending_since;
    };
    /// What the poller keeps between ticks for one stream mapping.
    struct StreamWatch {
        std::chrono::steady_clock::time_point retry_at;
        std::uint64_t window_at = 0; ///< the checkpoint the batching window started at
        std::chrono::steady_clock::time_point window_since;
    };

    void run();
    void tick();
    /// Moves a mapping in a transitional State to its resting one; returns the State it now has.
    std::string settle(const esm::Mapping& m);
    void poll_queue(const esm::Mapping& m);
    void poll_stream(const esm::Mapping& m);
    /// The function's execution-role session (the one its invocations use), or an error.
    Result<Caller> role_of(const std::string& region, const std::string& function_arn);
    void set_last_result(const esm::Mapping& m, const std::string& result);
    /// A skipped stream batch's description to the mapping's OnFailure destination (an SQS queue).
    void send_on_failure(const esm::Mapping& m, const Caller& role, const std::vector<Json>& records,
                         const std::string& shard_id, long long invocations, const Invocation* outcome);

    CloudContext& cloud_;
    std::shared_ptr<Executor> exec_;
    std::map<std::string, QueueWatch> queues_;
    std::map<std::string, StreamWatch> streams_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace cdk::localcloud::lambda
