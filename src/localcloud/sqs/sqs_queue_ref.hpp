#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/sqs/sqs_backend.hpp"

#include <string>

namespace cdk::localcloud::sqs::detail {

/// The store kinds of SQS: queues by name, messages by `<queue>/<sequence>`, each queue's counters, and the
/// FIFO deduplication ids by `<queue>/<id>`.
inline constexpr const char* kQueueKind = "sqs:queue";
inline constexpr const char* kMessageKind = "sqs:msg";
inline constexpr const char* kCounterKind = "sqs:seq";
inline constexpr const char* kDedupKind = "sqs:dedup";

/// A queue named by URL (`…/<account>/<name>`) or by name in the caller's account.
struct QueueRef {
    std::string account;
    std::string name;
};

[[nodiscard]] QueueRef parse_queue_ref(const std::string& url_or_name, const std::string& account);
[[nodiscard]] std::string queue_arn(const std::string& region, const std::string& account,
                                    const std::string& name);

/// `action` on the queue: the caller's identity policies and the queue's Policy attribute (a resource
/// policy).
[[nodiscard]] Result<void> authorize_queue(CloudContext& cloud, Tx& tx, const SqsCall& call,
                                           const Json& queue, const std::string& action);

} // namespace cdk::localcloud::sqs::detail
