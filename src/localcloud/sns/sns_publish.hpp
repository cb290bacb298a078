#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"
#include "localcloud/sns/sns_backend.hpp"
#include "localcloud/sns/sns_signing.hpp"

#include <functional>
#include <string>
#include <vector>

namespace cdk::localcloud::sns {

/// One entry of Publish or PublishBatch: its output ({MessageId, SequenceNumber?}) or its error.
struct PublishResult {
    std::string id;
    Result<Json> result;
};

/// How SNS hands a notification to Lambda: (function ARN, event JSON, topic ARN). The default calls the
/// Lambda API in process as `sns.amazonaws.com` (Invoke, InvocationType Event, with aws:SourceArn = the
/// topic), so the function's resource policy decides and Lambda runs it asynchronously; a Lambda that wants
/// another path (retries, destinations) replaces it with set_lambda_delivery without touching SNS.
using LambdaDelivery = std::function<Result<void>(const std::string& function_arn, const std::string& event,
                                                  const std::string& topic_arn)>;

/// Publish and PublishBatch: validates the messages as SNS does (256 KiB with attributes, attribute types,
/// MessageStructure=json, FIFO group and deduplication with its 5-minute window), then delivers each one to
/// the topic's confirmed subscriptions whose filter policy passes it: to SQS queues in process as
/// `sns.amazonaws.com` (the queue policy must admit the topic; SQS's own checks apply, KMS included), as the
/// signed SNS envelope or raw; to Lambda functions through LambdaDelivery. A delivery that is refused is
/// dropped, as AWS drops it without a subscription dead-letter queue; the publish still succeeds.
class SnsPublisher {
public:
    SnsPublisher(CloudContext& cloud, ServiceRegistry& services);

    /// `entries` are PublishBatch entries (or one Publish input); `batch` selects the batch checks.
    [[nodiscard]] Result<std::vector<PublishResult>>
    publish(const SnsCall& call, const std::string& topic_arn, const std::vector<Json>& entries, bool batch);
    /// Sends the SubscriptionConfirmation message of a pending SQS subscription to its queue.
    void send_confirmation(const Json& subscription);

    void set_lambda_delivery(LambdaDelivery delivery) { lambda_ = std::move(delivery); }
    [[nodiscard]] MessageSigner& signer() { return signer_; }

    /// The base URL of localcloud's own SNS endpoints (signing certificate, unsubscribe, confirm).
    [[nodiscard]] std::string endpoint_base() const;

private:
    struct Notification;
    void deliver(const Json& topic, const Notification& n);
    Result<void> deliver_sqs(const Json& topic, const std::string& subscription_arn, const Json& subscription,
                             const Notification& n);

    CloudContext& cloud_;
    ServiceRegistry& services_;
    MessageSigner signer_;
    LambdaDelivery lambda_;
};

} // namespace cdk::localcloud::sns
