// Golden case l2_fidelity (see ../README.md): the C++ twin of ts/app.ts (issue 22's rendering bugs and the
// sqs, sns and iam options added with them).
#include "constructs/app.hpp"

#include "cfn/cfn_output.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/role.hpp"
#include "lib/iam/user.hpp"
#include "lib/kms/key.hpp"
#include "lib/lambda/function.hpp"
#include "lib/sns/topic.hpp"
#include "lib/sns_subscriptions/subscriptions.hpp"
#include "lib/sqs/queue.hpp"
#include "lib/ssm/string_list_parameter.hpp"
#include "tokens/fn.hpp"

namespace iam = cdk::iam;
namespace kms = cdk::kms;
namespace ssm = cdk::ssm;
namespace subs = cdk::sns_subscriptions;
namespace sns = cdk::sns;
namespace sqs = cdk::sqs;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "FidelityStack");

    // sqs
    sqs::Queue unencrypted(stack, "Unencrypted", {.encryption = sqs::QueueEncryption::Unencrypted});
    sqs::Queue secure(stack, "Secure", {.encryption = sqs::QueueEncryption::SqsManaged, .enforce_ssl = true});
    sqs::Queue ordered(stack, "Ordered",
                       {.queue_name = "ordered.fifo",
                        .content_based_deduplication = true,
                        .deduplication_scope = sqs::DeduplicationScope::MessageGroup,
                        .fifo_throughput_limit = sqs::FifoThroughputLimit::PerMessageGroupId});
    sqs::Queue closed(stack, "Closed",
                      {.redrive_allow_policy =
                           sqs::RedriveAllowPolicy{.redrive_permission = sqs::RedrivePermission::DenyAll}});
    sqs::Queue restricted(stack, "Restricted",
                          {.encryption = sqs::QueueEncryption::KmsManaged,
                           .data_key_reuse = cdk::Duration::minutes(10),
                           .redrive_allow_policy = sqs::RedriveAllowPolicy{.source_queues = {&unencrypted}}});

    // sns
    sns::Topic events(
        stack, "Events",
        {.signature_version = "2", .tracing_config = sns::TracingConfig::Active, .enforce_ssl = true});
    events.add_to_resource_policy(
        iam::PolicyStatement({.actions = {"sns:Publish"},
                              .principals = {iam::AnyPrincipal().in_organization("o-abcdefghij12")},
                              .resources = {events.topic_arn()}}));
    iam::PrincipalWithConditions conditioned(iam::AccountPrincipal("222222222222"),
                                             {{"StringEquals", {{"aws:SourceVpc", "vpc-1"}}}});
    conditioned.add_condition("StringEquals", {{"aws:SourceVpce", "vpce-1"}});
    conditioned.add_condition("Bool", {{"aws:SecureTransport", "true"}});
    events.add_to_resource_policy(iam::PolicyStatement({.sid = "FromPartner",
                                                        .actions = {"sns:Subscribe"},
                                                        .principals = {conditioned},
                                                        .resources = {events.topic_arn()}}));
    events.add_to_resource_policy(
        iam::PolicyStatement({.actions = {"sns:GetTopicAttributes"},
                              .principals = {iam::OrganizationPrincipal("o-abcdefghij12")},
                              .resources = {events.topic_arn()}}));
    sns::Topic sequenced(stack, "Sequenced",
                         {.topic_name = "sequenced",
                          .fifo = true,
                          .content_based_deduplication = true,
                          .message_retention_period_in_days = 7,
                          .fifo_throughput_scope = sns::FifoThroughputScope::MessageGroup});
    iam::Role log_role(stack, "LogRole", {.assumed_by = iam::ServicePrincipal("sns.amazonaws.com")});
    sns::Topic logged(stack, "Logged",
                      {.logging_configs = {{.protocol = sns::LoggingProtocol::Sqs,
                                            .failure_feedback_role_arn = log_role.role_arn(),
                                            .success_feedback_role_arn = log_role.role_arn(),
                                            .success_feedback_sample_rate = 50}}});
    sns::Topic shared(stack, "Shared");
    sns::TopicPolicy shared_policy(stack, "SharedPolicy", {.topics = {&shared}, .enforce_ssl = true});
    shared_policy.document().add_statements(
        {iam::PolicyStatement({.actions = {"sns:Publish"},
                               .principals = {iam::AccountPrincipal("333333333333")},
                               .resources = {shared.topic_arn()}})});
    sns::TopicPolicy custom_policy(stack, "CustomPolicy",
                                   {.topics = {&shared},
                                    .policy_document = iam::PolicyDocument(
                                        {.statements = {iam::PolicyStatement(
                                             {.actions = {"sns:Publish"},
                                              .principals = {iam::ServicePrincipal("events.amazonaws.com")},
                                              .resources = {shared.topic_arn()}})}})});

    // iam
    iam::IRole& imported_a =
        iam::Role::from_role_arn(stack, "ImportedA", "arn:aws:iam::111111111111:role/app");
    iam::IRole& imported_b =
        iam::Role::from_role_arn(stack, "ImportedB", "arn:aws:iam::111111111111:role/app");
    iam::ManagedPolicy managed(
        stack, "Managed",
        {.statements = {iam::PolicyStatement({.actions = {"ssm:GetParameter"}, .resources = {"*"}})},
         .roles = {&imported_a}});
    managed.attach_to_role(imported_b);
    iam::Policy inline_policy(
        stack, "Inline",
        {.statements = {iam::PolicyStatement({.actions = {"sqs:SendMessage"}, .resources = {"*"}})},
         .roles = {&imported_a}});
    inline_policy.attach_to_role(imported_b);
    iam::Role org_role(stack, "OrgRole", {.assumed_by = iam::OrganizationPrincipal("o-abcdefghij12")});
    iam::Group devs(stack, "Devs", {.path = "/teams/"});
    iam::User alice(stack, "Alice",
                    {.groups = {&devs},
                     .managed_policies = {iam::ManagedPolicy::from_aws_managed_policy_name("ReadOnlyAccess")},
                     .path = "/people/",
                     .user_name = "alice"});
    alice.add_to_policy(iam::PolicyStatement({.actions = {"s3:ListAllMyBuckets"}, .resources = {"*"}}));
    devs.add_to_policy(iam::PolicyStatement({.actions = {"sqs:ListQueues"}, .resources = {"*"}}));
    devs.add_managed_policy(iam::ManagedPolicy::from_aws_managed_policy_name("AWSCodeCommitReadOnly"));
    managed.attach_to_user(alice);
    managed.attach_to_group(devs);
    inline_policy.attach_to_user(alice);
    unencrypted.grant_send_messages(alice);
    events.grant_publish(devs);

    // sns subscriptions
    sns::Topic orders(stack, "Orders");
    sqs::Queue undeliverable(stack, "Undeliverable");
    sqs::Queue inbox(stack, "Inbox");
    orders.add_subscription(subs::SqsSubscription(
        inbox,
        {.filter_policy = {{"color", sns::SubscriptionFilter::string_filter({.allowlist = {"red", "green"},
                                                                             .denylist = {"blue"},
                                                                             .match_prefixes = {"bl"}})},
                           {"size", sns::SubscriptionFilter::numeric_filter(
                                        {.greater_than = 0, .between = sns::BetweenCondition{1, 10}})},
                           {"store", sns::SubscriptionFilter::exists_filter()}},
         .dead_letter_queue = &undeliverable,
         .raw_message_delivery = true}));
    cdk::lambda::Function handler(
        stack, "Handler",
        {.runtime = cdk::lambda::Runtime::PYTHON_3_13,
         .handler = "index.handler",
         .code = cdk::lambda::Code::from_inline("def handler(event, context):\n    return 1")});
    orders.add_subscription(subs::LambdaSubscription(
        handler, {.filter_policy_with_message_body =
                      {{"background",
                        sns::FilterOrPolicy::policy(
                            {{"color", sns::FilterOrPolicy::filter(sns::SubscriptionFilter::string_filter(
                                           {.allowlist = {"red"}}))}})},
                       {"price", sns::FilterOrPolicy::filter(
                                     sns::SubscriptionFilter::numeric_filter({.less_than = 100}))}},
                  .dead_letter_queue = &undeliverable}));
    orders.add_subscription(subs::UrlSubscription(
        "https://example.com/orders",
        subs::UrlSubscriptionProps{
            .raw_message_delivery = true,
            .delivery_policy = sns::DeliveryPolicy{
                .healthy_retry_policy =
                    sns::HealthyRetryPolicy{.min_delay_target = cdk::Duration::seconds(5),
                                            .num_retries = 6,
                                            .backoff_function = sns::BackoffFunction::Exponential},
                .throttle_policy = sns::ThrottlePolicy{.max_receives_per_second = 10},
                .request_policy = sns::RequestPolicy{.header_content_type = "application/json"}}}));
    orders.add_subscription(subs::SmsSubscription("+15555550100"));
    orders.add_subscription(
        subs::EmailSubscription("ops@example.com", subs::EmailSubscriptionProps{.json = true}));

    // kms
    iam::Role admin(stack, "KeyAdmin", {.assumed_by = iam::AccountRootPrincipal()});
    kms::Key rotated(stack, "Rotated", {.rotation_period = cdk::Duration::days(180), .admins = {&admin}});
    kms::Key signing(stack, "Signing",
                     {.key_spec = kms::KeySpec::EccNistP256, .key_usage = kms::KeyUsage::SignVerify});
    signing.grant_sign_verify(admin);
    kms::Key mac(stack, "Mac",
                 {.key_spec = kms::KeySpec::Hmac256, .key_usage = kms::KeyUsage::GenerateVerifyMac});
    mac.grant_generate_mac(admin);
    kms::Key own_policy(
        stack, "OwnPolicy",
        {.policy = iam::PolicyDocument(
             {.statements = {iam::PolicyStatement({.actions = {"kms:*"},
                                                   .principals = {iam::AccountPrincipal("111111111111")},
                                                   .resources = {"*"}})}}),
         .multi_region = true});

    // ssm
    ssm::StringListParameter zones(
        stack, "Zones",
        {.string_list_value = {"a", "b", "c"}, .parameter_name = "/app/zones", .description = "zones"});
    zones.grant_read(admin);
    ssm::IStringListParameter& existing = ssm::StringListParameter::from_string_list_parameter_name(
        stack, "ExistingList", "/app/existing-list");
    existing.grant_read(admin);
    cdk::CfnOutput first_zone(stack, "FirstZone", {.value = cdk::Fn::select(0, zones.string_list_value())});

    app.synth();
    return 0;
}
