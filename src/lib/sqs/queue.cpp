#include "lib/sqs/queue.hpp"

#include "constructs/stack.hpp"
#include "tokens/arn.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/token.hpp"

namespace cdk::sqs {
namespace {

class ImportedQueue : public Construct, public IQueue {
public:
    ImportedQueue(Construct& scope, std::string_view id, std::string arn)
        : Construct(scope, id), arn_(std::move(arn)) {
        const ArnComponents parts = Arn::split(arn_, ArnFormat::NoResourceName);
        if (!Token::is_unresolved(arn_) && (parts.service != "sqs" || parts.resource_name)) {
            throw ValidationError("queue ARN '" + arn_ + "' is not arn:<partition>:sqs:<region>:<account>:<name>",
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

Queue::Queue(Construct& scope, std::string_view id, const QueueProps& props) : Construct(scope, id) {
    encryption_ = props.encryption.value_or(
        props.encryption_master_key != nullptr ? QueueEncryption::Kms : QueueEncryption::Unencrypted);
    if (props.encryption_master_key != nullptr && encryption_ != QueueEncryption::Kms) {
        throw ValidationError("queue '" + node().id() +
                                  "' has an encryption_master_key but encryption is not Kms",
                              node().path());
    }
    CfnQueueProps cfn;
    switch (encryption_) {
    case QueueEncryption::Unencrypted: break;
    case QueueEncryption::KmsManaged: cfn.kms_master_key_id = std::string("alias/aws/sqs"); break;
    case QueueEncryption::SqsManaged: cfn.sqs_managed_sse_enabled = true; break;
    case QueueEncryption::Kms:
        key_ = props.encryption_master_key;
        if (key_ == nullptr) {
            key_ = &make<kms::Key>(*this, "Key", kms::KeyProps{.description = "Created by " + node().path()});
        }
        cfn.kms_master_key_id = key_->key_arn();
        break;
    }
    if (props.data_key_reuse) cfn.kms_data_key_reuse_period_seconds = props.data_key_reuse->to_seconds();
    if (props.content_based_deduplication)
        cfn.content_based_deduplication = *props.content_based_deduplication;
    if (props.delivery_delay) cfn.delay_seconds = props.delivery_delay->to_seconds();
    std::string name = props.queue_name;
    const bool fifo = props.fifo.value_or(!name.empty() && !Token::is_unresolved(name) && name.size() > 5 &&
                                          name.substr(name.size() - 5) == ".fifo");
    if (fifo) {
        cfn.fifo_queue = true;
        if (!name.empty() && !Token::is_unresolved(name) &&
            name.substr(name.size() < 5 ? 0 : name.size() - 5) != ".fifo") {
            name += ".fifo";
        }
    }
    if (props.max_message_size_bytes) cfn.maximum_message_size = *props.max_message_size_bytes;
    if (props.retention_period) cfn.message_retention_period = props.retention_period->to_seconds();
    if (!name.empty()) cfn.queue_name = name;
    if (props.receive_message_wait_time)
        cfn.receive_message_wait_time_seconds = props.receive_message_wait_time->to_seconds();
    if (props.dead_letter_queue) {
        if (props.dead_letter_queue->queue == nullptr) {
            throw ValidationError("dead_letter_queue of queue '" + node().id() + "' needs a queue",
                                  node().path());
        }
        cfn.redrive_policy =
            Prop<Json>::raw({{"deadLetterTargetArn", props.dead_letter_queue->queue->queue_arn()},
                             {"maxReceiveCount", props.dead_letter_queue->max_receive_count}});
    }
    if (props.visibility_timeout) cfn.visibility_timeout = props.visibility_timeout->to_seconds();
    resource_ = &make<CfnQueue>(*this, "Resource", cfn);
    resource_->apply_removal_policy(props.removal_policy.value_or(RemovalPolicy::Destroy));
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
    make<CfnQueuePolicy>(*this, "Resource",
                         CfnQueuePolicyProps{.policy_document = Prop<Json>::raw(document_json()), .queues = urls});
}

} // namespace cdk::sqs
