#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/iam/policy_evaluator.hpp"
#include "localcloud/server/cloud_context.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cdk::localcloud::sqs {

/// Who asks, where, with which condition keys.
struct SqsCall {
    Caller caller;
    std::string region;
    iam::Context context;
};

/// One entry of a batch call's answer: the entry's output, or its error (SQS answers a batch entry by entry).
struct EntryResult {
    std::string id;
    Result<Json> result;
};

/// What ReceiveMessage asks for (validated by the handler).
struct ReceiveRequest {
    int max_messages = 1;
    std::optional<int> visibility_timeout;
    /// System attributes to return ("All" or names), message attribute names or prefixes ("All", ".*",
    /// "a.*").
    std::vector<std::string> system_attributes;
    std::vector<std::string> message_attributes;
};

/// What one receive attempt found: the messages, and when the next message becomes visible (0: none pending).
struct Received {
    std::vector<Json> messages;
    long long next_visible_ms = 0;
    std::string queue_arn;
    int wait_seconds = 0; ///< the queue's ReceiveMessageWaitTimeSeconds
};

/// SQS queues and their messages: name, URL, ARN, attributes (as SQS reports them: strings), tags and the
/// queue policy, which is evaluated as a resource policy. Every method authorizes `sqs:<Action>` on the queue
/// ARN. Messages are rows of the store (`sqs:msg`, `<queue>/<sequence>`): a send that answered is on disk,
/// and a received message carries its visibility deadline, so after a restart it comes back when that
/// deadline passes.
class SqsBackend {
public:
    explicit SqsBackend(CloudContext& cloud) : cloud_(cloud) {}

    /// Creates the queue; creating an existing queue with the same attributes returns it (as SQS does).
    [[nodiscard]] Result<Json> create_queue(const SqsCall& call, const std::string& name,
                                            const Json& attributes, const Json& tags);
    /// The queue a URL (or name in the caller's account) points at, authorized for `action`.
    [[nodiscard]] Result<Json> get_queue(const SqsCall& call, const std::string& url_or_name,
                                         const std::string& action);
    [[nodiscard]] Result<Json> set_attributes(const SqsCall& call, const std::string& url,
                                              const Json& attributes);
    [[nodiscard]] Result<void> delete_queue(const SqsCall& call, const std::string& url);
    [[nodiscard]] Result<std::vector<Json>> list_queues(const SqsCall& call, const std::string& prefix);

    // messages (sqs_messages.cpp)
    /// SendMessage / SendMessageBatch entries ({Id?, MessageBody, DelaySeconds?, MessageAttributes?,
    /// MessageSystemAttributes?, MessageGroupId?, MessageDeduplicationId?}), authorized once as
    /// sqs:SendMessage; each entry's output is SendMessage's ({MessageId, MD5OfMessageBody, ...}).
    [[nodiscard]] Result<std::vector<EntryResult>> send_messages(const SqsCall& call, const std::string& url,
                                                                 const std::vector<Json>& entries);
    /// One receive attempt (no waiting): visible messages, made invisible for the visibility timeout;
    /// messages received `maxReceiveCount` times move to the dead-letter queue instead.
    [[nodiscard]] Result<Received> receive_messages(const SqsCall& call, const std::string& url,
                                                    const ReceiveRequest& request);
    /// DeleteMessage(Batch): entries {Id, ReceiptHandle}.
    [[nodiscard]] Result<std::vector<EntryResult>>
    delete_messages(const SqsCall& call, const std::string& url, const std::vector<Json>& entries);
    /// ChangeMessageVisibility(Batch): entries {Id, ReceiptHandle, VisibilityTimeout}.
    [[nodiscard]] Result<std::vector<EntryResult>>
    change_visibility(const SqsCall& call, const std::string& url, const std::vector<Json>& entries);
    [[nodiscard]] Result<void> purge(const SqsCall& call, const std::string& url);
    /// The queue's attributes with the approximate message counts.
    [[nodiscard]] Result<Json> attributes_with_counts(const SqsCall& call, const std::string& url);
    [[nodiscard]] Result<void> tag(const SqsCall& call, const std::string& url, const Json& tags,
                                   const std::vector<std::string>& remove);

    /// Long polling without a busy loop: a counter per queue ARN, raised by every send to that queue. A
    /// waiter reads it before its receive attempt and then waits until it changes or `until_ms` (epoch
    /// milliseconds) passes. False when the wait was refused (more than `kMaxWaiters` waiting: each holds a
    /// server worker thread) or the server is stopping; the caller then answers with what it has.
    static constexpr int kMaxWaiters = 32;
    [[nodiscard]] static std::uint64_t message_generation(const std::string& queue_arn);
    static bool wait_for_messages(const std::string& queue_arn, std::uint64_t generation, long long until_ms);
    static void notify_messages(const std::string& queue_arn);
    /// Wakes every long poll (server shutdown): async-signal-safe.
    static void stop_waiting();

    [[nodiscard]] static std::string url(const std::string& region, const std::string& account,
                                         const std::string& name);

private:
    CloudContext& cloud_;
};

} // namespace cdk::localcloud::sqs
