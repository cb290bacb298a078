// Golden case l2_messaging (see ../README.md): the C++ twin of ts/app.ts (ssm, sqs, sns).
#include "constructs/app.hpp"

#include "cfn/cfn_output.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/role.hpp"
#include "lib/kms/key.hpp"
#include "lib/lambda/function.hpp"
#include "lib/sns/topic.hpp"
#include "lib/sns_subscriptions/subscriptions.hpp"
#include "lib/sqs/queue.hpp"
#include "lib/ssm/string_parameter.hpp"

namespace iam = cdk::iam;
namespace subs = cdk::sns_subscriptions;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "MessagingStack");
    iam::Role consumer(stack, "Consumer", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});

    cdk::ssm::StringParameter param(stack, "Endpoint",
                                    {.string_value = "https://example.com",
                                     .parameter_name = "/app/endpoint",
                                     .description = "service endpoint"});
    param.grant_read(consumer);
    cdk::ssm::IStringParameter& existing =
        cdk::ssm::StringParameter::from_string_parameter_name(stack, "Existing", "/app/existing");
    existing.grant_read(consumer);

    cdk::sqs::Queue dlq(stack, "DeadLetters", {.retention_period = cdk::Duration::days(14)});
    cdk::sqs::Queue jobs(
        stack, "Jobs",
        {.visibility_timeout = cdk::Duration::seconds(60),
         .dead_letter_queue = cdk::sqs::DeadLetterQueue{.queue = &dlq, .max_receive_count = 5},
         .encryption = cdk::sqs::QueueEncryption::KmsManaged});
    cdk::kms::Key key(stack, "QueueKey");
    cdk::sqs::Queue secure(stack, "Secure",
                           {.encryption = cdk::sqs::QueueEncryption::Kms, .encryption_master_key = &key});
    jobs.grant_consume_messages(consumer);
    secure.grant_send_messages(consumer);

    cdk::sns::Topic topic(stack, "Events", {.display_name = "app events", .topic_name = "app-events"});
    cdk::sqs::Queue inbox(stack, "Inbox");
    topic.add_subscription(subs::SqsSubscription(inbox));
    topic.add_subscription(subs::EmailSubscription("ops@example.com"));
    topic.add_subscription(subs::UrlSubscription("https://example.com/hook"));
    cdk::lambda::Function handler(
        stack, "Handler",
        {.runtime = cdk::lambda::Runtime::NODEJS_22_X,
         .handler = "index.handler",
         .code = cdk::lambda::Code::from_inline("exports.handler = async () => 1;")});
    topic.add_subscription(subs::LambdaSubscription(handler));
    topic.grant_publish(consumer);
    cdk::CfnOutput jobs_url(stack, "JobsUrl", {.value = jobs.queue_url()});
    cdk::CfnOutput topic_arn(stack, "TopicArn", {.value = topic.topic_arn()});
    app.synth();
    return 0;
}
