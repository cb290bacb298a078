// Golden case integ_sqs_sqs (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's integ.sqs.ts; the App
// gets the context of ts/cdk.json.
#include "constructs/app.hpp"

#include "cfn/cfn_output.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/role.hpp"
#include "lib/kms/key.hpp"
#include "lib/sqs/queue.hpp"

namespace iam = cdk::iam;
namespace sqs = cdk::sqs;

int main() {
    cdk::App app({.context = {{"@aws-cdk/aws-iam:minimizePolicies", true}}});
    cdk::Stack stack(app, "aws-cdk-sqs");

    sqs::Queue dlq(stack, "DeadLetterQueue");
    sqs::Queue queue(stack, "Queue",
                     {.dead_letter_queue = sqs::DeadLetterQueue{.queue = &dlq, .max_receive_count = 5}});
    cdk::kms::Key key(stack, "EncryptionKey", {.removal_policy = cdk::RemovalPolicy::Destroy});
    sqs::Queue fifo(stack, "FifoQueue", {.encryption_master_key = &key, .fifo = true});
    sqs::Queue high_throughput_fifo(stack, "HighThroughputFifoQueue",
                                    {.fifo = true,
                                     .deduplication_scope = sqs::DeduplicationScope::MessageGroup,
                                     .fifo_throughput_limit = sqs::FifoThroughputLimit::PerMessageGroupId});
    sqs::Queue kms_managed(stack, "kmsManagedEncryptedQueue",
                           {.encryption = sqs::QueueEncryption::KmsManaged});
    sqs::Queue unencrypted(stack, "UnencryptedQueue", {.encryption = sqs::QueueEncryption::Unencrypted});
    sqs::Queue ssl(stack, "SSLQueue", {.enforce_ssl = true});

    iam::Role role(stack, "Role", {.assumed_by = iam::AccountRootPrincipal()});

    dlq.grant_consume_messages(role);
    queue.grant_consume_messages(role);
    fifo.grant_consume_messages(role);
    high_throughput_fifo.grant_consume_messages(role);
    kms_managed.grant_consume_messages(role);
    unencrypted.grant_consume_messages(role);
    ssl.grant_consume_messages(role);

    cdk::CfnOutput url(stack, "QueueUrl", {.value = queue.queue_url()});

    app.synth();
}
