#pragma once

#include "cfn/cfn_resource.hpp"
#include "cfn/duration.hpp"
#include "constructs/construct.hpp"
#include "lib/cloudwatch/metric.hpp"
#include "lib/iam/grant.hpp"
#include "lib/iam/policy_document.hpp"
#include "lib/iam/resource_policy.hpp"
#include "lib/kms/key.hpp"
#include "lib/sqs/generated/cfn_sqs.hpp"

#include <optional>
#include <string>

namespace cdk::sqs {

/// Server-side encryption of a queue (CDK: QueueEncryption).
enum class QueueEncryption { Unencrypted, KmsManaged, Kms, SqsManaged };

/// What deduplication of a FIFO queue applies to (CDK: DeduplicationScope).
enum class DeduplicationScope { MessageGroup, Queue };
/// Where a FIFO queue's throughput quota applies (CDK: FifoThroughputLimit).
enum class FifoThroughputLimit { PerQueue, PerMessageGroupId };
/// Which source queues may use a queue as their dead-letter queue (CDK: RedrivePermission).
enum class RedrivePermission { AllowAll, DenyAll, ByQueue };

/// `messageGroup` / `queue`, as CloudFormation spells it.
[[nodiscard]] std::string to_string(DeduplicationScope scope);
/// `perQueue` / `perMessageGroupId`.
[[nodiscard]] std::string to_string(FifoThroughputLimit limit);
/// `allowAll` / `denyAll` / `byQueue`.
[[nodiscard]] std::string to_string(RedrivePermission permission);

/// A queue, created here or imported (CDK: IQueue).
class IQueue : public iam::IResourceWithPolicy {
public:
    [[nodiscard]] virtual std::string queue_arn() const = 0;
    [[nodiscard]] virtual std::string queue_url() const = 0;
    [[nodiscard]] virtual std::string queue_name() const = 0;
    [[nodiscard]] virtual kms::IKey* encryption_master_key() const { return nullptr; }
    [[nodiscard]] virtual std::optional<QueueEncryption> encryption_type() const { return std::nullopt; }
    [[nodiscard]] virtual Construct& queue_construct() = 0;

    /// `actions` on this queue.
    iam::Grant grant(const iam::IGrantable& grantee, const std::vector<std::string>& actions);
    /// Receive, change visibility, get URL, delete, get attributes (and `kms:Decrypt` on the key).
    iam::Grant grant_consume_messages(const iam::IGrantable& grantee);
    /// Send, get attributes, get URL (and encrypt/decrypt on the key).
    iam::Grant grant_send_messages(const iam::IGrantable& grantee);
    /// Purge, get attributes, get URL.
    iam::Grant grant_purge(const iam::IGrantable& grantee);
    [[nodiscard]] std::string resource_account() const override;

    /// `AWS/SQS` `<name>` with dimension QueueName, attached to the queue (CDK: metric; queue_metrics.cpp).
    [[nodiscard]] cloudwatch::Metric metric(const std::string& metric_name,
                                            const cloudwatch::MetricOptions& options = {});
    /// `ApproximateAgeOfOldestMessage` (Maximum).
    [[nodiscard]] cloudwatch::Metric
    metric_approximate_age_of_oldest_message(const cloudwatch::MetricOptions& o = {});
    /// `ApproximateNumberOfMessagesVisible` (Maximum).
    [[nodiscard]] cloudwatch::Metric
    metric_approximate_number_of_messages_visible(const cloudwatch::MetricOptions& o = {});
    /// `ApproximateNumberOfMessagesNotVisible` (Maximum).
    [[nodiscard]] cloudwatch::Metric
    metric_approximate_number_of_messages_not_visible(const cloudwatch::MetricOptions& o = {});
    /// `NumberOfMessagesSent` (Sum).
    [[nodiscard]] cloudwatch::Metric metric_number_of_messages_sent(const cloudwatch::MetricOptions& o = {});
    /// `NumberOfMessagesReceived` (Sum).
    [[nodiscard]] cloudwatch::Metric
    metric_number_of_messages_received(const cloudwatch::MetricOptions& o = {});
    /// `NumberOfMessagesDeleted` (Sum).
    [[nodiscard]] cloudwatch::Metric
    metric_number_of_messages_deleted(const cloudwatch::MetricOptions& o = {});
};

/// A dead-letter queue setting (CDK: DeadLetterQueue).
struct DeadLetterQueue {
    IQueue* queue = nullptr;
    double max_receive_count = 0;
};

/// The redrive-allow policy of a dead-letter queue (CDK: RedriveAllowPolicy).
struct RedriveAllowPolicy {
    /// Default: ByQueue when `source_queues` is given, else AllowAll.
    std::optional<RedrivePermission> redrive_permission;
    /// The queues that may use this one as their dead-letter queue (1 to 10, ByQueue only).
    std::vector<IQueue*> source_queues;
};

/// Props of a Queue (CDK: QueueProps).
struct QueueProps {
    std::string queue_name;
    std::optional<Duration> visibility_timeout;
    std::optional<Duration> retention_period;
    std::optional<Duration> delivery_delay;
    std::optional<Duration> receive_message_wait_time;
    std::optional<double> max_message_size_bytes;
    std::optional<DeadLetterQueue> dead_letter_queue;
    /// Default: none rendered (SQS then encrypts with SSE-SQS) unless `encryption_master_key` is given (then
    /// Kms). Unencrypted renders `SqsManagedSseEnabled: false`, as aws-cdk-lib does.
    std::optional<QueueEncryption> encryption;
    kms::IKey* encryption_master_key = nullptr;
    std::optional<Duration> data_key_reuse;
    /// Default: inferred (true when the name ends in `.fifo` or a FIFO-only option is set).
    std::optional<bool> fifo;
    std::optional<bool> content_based_deduplication;
    std::optional<DeduplicationScope> deduplication_scope;
    std::optional<FifoThroughputLimit> fifo_throughput_limit;
    std::optional<RedriveAllowPolicy> redrive_allow_policy;
    /// Denies `sqs:*` without TLS in the queue policy (CDK: enforceSSL).
    bool enforce_ssl = false;
    /// Default DESTROY, as the CDK does for queues.
    std::optional<RemovalPolicy> removal_policy;
};

class QueuePolicy;

/// An SQS queue (CDK: Queue), rendered as `AWS::SQS::Queue` (+ `Policy`, `Key` children when needed).
class Queue : public Construct, public IQueue {
public:
    Queue(Construct& scope, std::string_view id, const QueueProps& props = {});

    /// An existing queue by ARN (`arn:<partition>:sqs:<region>:<account>:<name>`).
    [[nodiscard]] static IQueue& from_queue_arn(Construct& scope, std::string_view id,
                                                const std::string& arn);

    [[nodiscard]] std::string queue_arn() const override { return resource_->attr_arn(); }
    [[nodiscard]] std::string queue_url() const override { return resource_->ref(); }
    [[nodiscard]] std::string queue_name() const override { return resource_->get_att("QueueName"); }
    [[nodiscard]] kms::IKey* encryption_master_key() const override { return key_; }
    [[nodiscard]] std::optional<QueueEncryption> encryption_type() const override { return encryption_; }
    [[nodiscard]] Construct& queue_construct() override { return *this; }
    iam::AddToResourcePolicyResult add_to_resource_policy(const iam::PolicyStatement& statement) override;
    [[nodiscard]] CfnQueue& resource() { return *resource_; }
    /// Whether this is a FIFO queue.
    [[nodiscard]] bool fifo() const { return fifo_; }

private:
    void render_encryption(const QueueProps& props, CfnQueueProps& cfn);
    void render_fifo(const QueueProps& props, CfnQueueProps& cfn);
    void validate(const QueueProps& props) const;

    kms::IKey* key_ = nullptr;
    std::optional<QueueEncryption> encryption_;
    bool fifo_ = false;
    QueuePolicy* policy_ = nullptr;
    CfnQueue* resource_ = nullptr;
};

/// The resource policy of queues (CDK: QueuePolicy), rendered as `AWS::SQS::QueuePolicy`.
class QueuePolicy : public iam::ResourcePolicy {
public:
    QueuePolicy(Construct& scope, std::string_view id, std::vector<IQueue*> queues);
};

} // namespace cdk::sqs
