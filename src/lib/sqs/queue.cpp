#include "lib/sqs/queue.hpp"

#include "constructs/annotations.hpp"
#include "constructs/stack.hpp"
#include "tokens/arn.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/token.hpp"

#include <cmath>

namespace cdk::sqs {
namespace {

class ImportedQueue : public Construct, public IQueue {
public:
    ImportedQueue(Construct& scope, std::string_view id, std::string arn)
        : Construct(scope, id), arn_(std::move(arn)) {
        const ArnComponents parts = Arn::split(arn_, ArnFormat::NoResourceName);
        if (!Token::is_unresolved(arn_) && (parts.service != "sqs" || parts.resource_name)) {
            throw ValidationError("queue ARN '" + arn_ +
                                      "' is not arn:<partition>:sqs:<region>:<account>:<name>",
                                  node().path());
        }
        region_ = parts.region;
        account_ = parts.account;
        name_ = parts.resource;
        url_ = "https://sqs." + region_ + "." + Aws::URL_SUFFIX + "/" + account_ + "/" + name_;
    }
    std::string queue_arn() const override { return arn_; }
    std::string queue_url() const override { return url_; }
    std::string queue_name() const override { return name_; }
    Construct& queue_construct() override { return *this; }
    std::string resource_account() const override { return account_; }
    iam::AddToResourcePolicyResult
    add_to_resource_policy(const iam::PolicyStatement& /*statement*/) override {
        return {};
    }

private:
    std::string arn_;
    std::string name_;
    std::string account_;
    std::string region_;
    std::string url_;
};

} // namespace

std::string IQueue::resource_account() const {
    return Stack::of(const_cast<IQueue*>(this)->queue_construct()).account();
}

iam::Grant IQueue::grant(const iam::IGrantable& grantee, const std::vector<std::string>& actions) {
    return iam::Grant::add_to_principal_or_resource(
        {.grantee = grantee, .actions = actions, .resource_arns = {queue_arn()}, .resource = *this});
}

iam::Grant IQueue::grant_consume_messages(const iam::IGrantable& grantee) {
    iam::Grant ret = grant(grantee, {"sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl",
                                     "sqs:DeleteMessage", "sqs:GetQueueAttributes"});
    if (kms::IKey* key = encryption_master_key()) key->grant_decrypt(grantee);
    return ret;
}

iam::Grant IQueue::grant_send_messages(const iam::IGrantable& grantee) {
    iam::Grant ret = grant(grantee, {"sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"});
    if (kms::IKey* key = encryption_master_key()) key->grant_encrypt_decrypt(grantee);
    return ret;
}

iam::Grant IQueue::grant_purge(const iam::IGrantable& grantee) {
    return grant(grantee, {"sqs:PurgeQueue", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"});
}

std::string to_string(DeduplicationScope scope) {
    return scope == DeduplicationScope::MessageGroup ? "messageGroup" : "queue";
}

std::string to_string(FifoThroughputLimit limit) {
    return limit == FifoThroughputLimit::PerQueue ? "perQueue" : "perMessageGroupId";
}

std::string to_string(RedrivePermission permission) {
    switch (permission) {
    case RedrivePermission::AllowAll: return "allowAll";
    case RedrivePermission::DenyAll: return "denyAll";
    case RedrivePermission::ByQueue: return "byQueue";
    }
    return "allowAll";
}

namespace {

/// The CDK's validateRange: a literal outside [min, max].
bool out_of_range(std::optional<double> value, double min, double max) {
    return value && !Token::is_unresolved(*value) && (*value < min || *value > max);
}

std::optional<double> seconds(const std::optional<Duration>& d) {
    return d ? std::optional<double>(d->to_seconds()) : std::nullopt;
}

std::string number(double v) {
    const auto whole = static_cast<long long>(v);
    return static_cast<double>(whole) == v ? std::to_string(whole) : std::to_string(v);
}

bool ends_with_fifo(const std::string& name) {
    return name.size() >= 5 && name.compare(name.size() - 5, 5, ".fifo") == 0;
}

} // namespace

void Queue::validate(const QueueProps& props) const {
    // aws-cdk-lib's queueValidationRules, with its messages.
    std::vector<std::string> errors;
    if (out_of_range(seconds(props.delivery_delay), 0, 900))
        errors.push_back("delivery delay must be between 0 and 900 seconds, but " +
                         number(*seconds(props.delivery_delay)) + " was provided");
    if (out_of_range(props.max_message_size_bytes, 1024, 1048576))
        errors.push_back("maximum message size must be between 1,024 and 1,048,576 bytes, but " +
                         number(*props.max_message_size_bytes) + " was provided");
    if (out_of_range(seconds(props.retention_period), 60, 1209600))
        errors.push_back("message retention period must be between 60 and 1,209,600 seconds, but " +
                         number(*seconds(props.retention_period)) + " was provided");
    if (out_of_range(seconds(props.receive_message_wait_time), 0, 20))
        errors.push_back("receive wait time must be between 0 and 20 seconds, but " +
                         number(*seconds(props.receive_message_wait_time)) + " was provided");
    if (out_of_range(seconds(props.visibility_timeout), 0, 43200))
        errors.push_back("visibility timeout must be between 0 and 43,200 seconds, but " +
                         number(*seconds(props.visibility_timeout)) + " was provided");
    if (props.dead_letter_queue &&
        out_of_range(props.dead_letter_queue->max_receive_count, 1, 9007199254740991.0))
        errors.push_back("dead letter target maximum receive count must be 1 or more, but " +
                         number(props.dead_letter_queue->max_receive_count) + " was provided");
    if (props.redrive_allow_policy) {
        const RedriveAllowPolicy& p = *props.redrive_allow_policy;
        const auto& sources = p.source_queues;
        if (p.redrive_permission == RedrivePermission::ByQueue && sources.empty())
            errors.emplace_back(
                "at least one source queue must be specified when RedrivePermission is set to "
                "'byQueue'");
        if (p.redrive_permission == RedrivePermission::ByQueue && sources.size() > 10)
            errors.emplace_back("up to 10 source_queues can be specified, got " +
                                std::to_string(sources.size()) +
                                ". Set RedrivePermission to 'allowAll' to specify more");
        if ((p.redrive_permission == RedrivePermission::AllowAll ||
             p.redrive_permission == RedrivePermission::DenyAll) &&
            !sources.empty())
            errors.emplace_back("source_queues cannot be configured when RedrivePermission is set to "
                                "'allowAll' or 'denyAll'");
    }
    if (errors.empty()) return;
    std::string message = "queue '" + node().id() + "' has invalid props:";
    for (const auto& e : errors)
        message += "\n- " + e;
    throw ValidationError(message, node().path());
}

void Queue::render_encryption(const QueueProps& props, CfnQueueProps& cfn) {
    // aws-cdk-lib's _determineEncryptionProps.
    std::optional<QueueEncryption> encryption = props.encryption;
    if (encryption == QueueEncryption::SqsManaged && props.encryption_master_key != nullptr) {
        throw ValidationError("queue '" + node().id() +
                                  "': encryption_master_key is not supported with encryption SqsManaged; use "
                                  "QueueEncryption::Kms or drop the key",
                              node().path());
    }
    if (encryption != QueueEncryption::Kms && props.encryption_master_key != nullptr) {
        if (encryption) {
            Annotations::of(*this).add_warning("encryption: automatically changed to QueueEncryption::Kms "
                                               "because an encryption_master_key is "
                                               "given; always set encryption = Kms with a key [ack: "
                                               "@aws-cdk/aws-sqs:queueEncryptionChangedToKMS]");
        }
        encryption = QueueEncryption::Kms;
    }
    encryption_ = encryption;
    if (!encryption) return;
    const bool kms = *encryption == QueueEncryption::Kms || *encryption == QueueEncryption::KmsManaged;
    switch (*encryption) {
    case QueueEncryption::Unencrypted: cfn.sqs_managed_sse_enabled = false; break;
    case QueueEncryption::SqsManaged: cfn.sqs_managed_sse_enabled = true; break;
    case QueueEncryption::KmsManaged: cfn.kms_master_key_id = std::string("alias/aws/sqs"); break;
    case QueueEncryption::Kms:
        key_ = props.encryption_master_key;
        if (key_ == nullptr) {
            key_ = &make<kms::Key>(*this, "Key", kms::KeyProps{.description = "Created by " + node().path()});
        }
        cfn.kms_master_key_id = key_->key_arn();
        break;
    }
    if (kms && props.data_key_reuse)
        cfn.kms_data_key_reuse_period_seconds = props.data_key_reuse->to_seconds();
}

void Queue::render_fifo(const QueueProps& props, CfnQueueProps& cfn) {
    // aws-cdk-lib's determineFifoProps: FIFO is inferred from the name and the FIFO-only options.
    std::optional<bool> fifo = props.fifo;
    const std::string& name = props.queue_name;
    const bool literal_name = !name.empty() && !Token::is_unresolved(name);
    if (!fifo && literal_name && ends_with_fifo(name)) fifo = true;
    if (!fifo && props.content_based_deduplication.value_or(false)) fifo = true;
    if (!fifo && props.deduplication_scope) fifo = true;
    if (!fifo && props.fifo_throughput_limit) fifo = true;
    fifo_ = fifo.value_or(false);
    if (literal_name && fifo_ && !ends_with_fifo(name)) {
        throw ValidationError("FIFO queue names must end in '.fifo', got '" + name + "'", node().path());
    }
    if (literal_name && !fifo_ && ends_with_fifo(name)) {
        throw ValidationError("non-FIFO queue name may not end in '.fifo', got '" + name + "'",
                              node().path());
    }
    const auto fifo_only = [&](bool set, const std::string& what) {
        if (set && !fifo_)
            throw ValidationError(what + " can only be defined for FIFO queues", node().path());
    };
    fifo_only(props.content_based_deduplication.value_or(false), "content-based deduplication");
    fifo_only(props.deduplication_scope.has_value(), "deduplication scope");
    fifo_only(props.fifo_throughput_limit.has_value(), "FIFO throughput limit");
    if (props.content_based_deduplication)
        cfn.content_based_deduplication = *props.content_based_deduplication;
    if (props.deduplication_scope) cfn.deduplication_scope = to_string(*props.deduplication_scope);
    if (props.fifo_throughput_limit) cfn.fifo_throughput_limit = to_string(*props.fifo_throughput_limit);
    if (fifo_) cfn.fifo_queue = true;
}

Queue::Queue(Construct& scope, std::string_view id, const QueueProps& props) : Construct(scope, id) {
    validate(props);
    CfnQueueProps cfn;
    if (props.dead_letter_queue) {
        if (props.dead_letter_queue->queue == nullptr) {
            throw ValidationError("dead_letter_queue of queue '" + node().id() + "' needs a queue",
                                  node().path());
        }
        // A whole count is written as an integer, as aws-cdk-lib (a JavaScript number) writes it: `2`, not
        // `2.0` (SQS reads maxReceiveCount as an integer; validated above to be within 1..2^53-1).
        const double count = props.dead_letter_queue->max_receive_count;
        const Json max_receive_count =
            std::trunc(count) == count ? Json(static_cast<long long>(count)) : Json(count);
        cfn.redrive_policy =
            Prop<Json>::raw({{"deadLetterTargetArn", props.dead_letter_queue->queue->queue_arn()},
                             {"maxReceiveCount", max_receive_count}});
    }
    if (props.redrive_allow_policy) {
        const RedriveAllowPolicy& p = *props.redrive_allow_policy;
        const RedrivePermission permission = p.redrive_permission.value_or(
            p.source_queues.empty() ? RedrivePermission::AllowAll : RedrivePermission::ByQueue);
        Json policy = {{"redrivePermission", to_string(permission)}};
        if (!p.source_queues.empty()) {
            Json arns = Json::array();
            for (IQueue* q : p.source_queues) {
                if (q == nullptr)
                    throw ValidationError("redrive_allow_policy: a source queue is null", node().path());
                arns.push_back(q->queue_arn());
            }
            policy["sourceQueueArns"] = arns;
        }
        cfn.redrive_allow_policy = Prop<Json>::raw(policy);
    }
    render_encryption(props, cfn);
    render_fifo(props, cfn);
    if (props.delivery_delay) cfn.delay_seconds = props.delivery_delay->to_seconds();
    if (props.max_message_size_bytes) cfn.maximum_message_size = *props.max_message_size_bytes;
    if (props.retention_period) cfn.message_retention_period = props.retention_period->to_seconds();
    if (!props.queue_name.empty()) cfn.queue_name = props.queue_name;
    if (props.receive_message_wait_time)
        cfn.receive_message_wait_time_seconds = props.receive_message_wait_time->to_seconds();
    if (props.visibility_timeout) cfn.visibility_timeout = props.visibility_timeout->to_seconds();
    resource_ = &make<CfnQueue>(*this, "Resource", cfn);
    resource_->apply_removal_policy(props.removal_policy.value_or(RemovalPolicy::Destroy));
    if (props.enforce_ssl) {
        iam::PolicyStatement statement({.effect = iam::Effect::Deny,
                                        .actions = {"sqs:*"},
                                        .principals = {iam::AnyPrincipal()},
                                        .resources = {queue_arn()},
                                        .conditions = {{"Bool", {{"aws:SecureTransport", "false"}}}}});
        add_to_resource_policy(statement);
    }
}

IQueue& Queue::from_queue_arn(Construct& scope, std::string_view id, const std::string& arn) {
    return make<ImportedQueue>(scope, id, arn);
}

iam::AddToResourcePolicyResult Queue::add_to_resource_policy(const iam::PolicyStatement& statement) {
    return iam::add_to_resource_policy(*this, policy_, statement, std::vector<IQueue*>{this});
}

QueuePolicy::QueuePolicy(Construct& scope, std::string_view id, std::vector<IQueue*> queues)
    : ResourcePolicy(scope, id) {
    std::vector<std::string> urls;
    for (IQueue* q : queues)
        urls.push_back(q->queue_url());
    make<CfnQueuePolicy>(
        *this, "Resource",
        CfnQueuePolicyProps{.policy_document = Prop<Json>::raw(document_json()), .queues = urls});
}

} // namespace cdk::sqs
