// Golden case l2_flags_minimize (see ../README.md): the C++ twin of ts/app.ts; the App gets the context of
// ts/cdk.json (@aws-cdk/aws-iam:minimizePolicies).
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/managed_policy.hpp"
#include "lib/iam/role.hpp"
#include "lib/s3/bucket.hpp"
#include "lib/sqs/queue.hpp"

namespace iam = cdk::iam;

int main() {
    cdk::App app({.context = {{"@aws-cdk/aws-iam:minimizePolicies", true}}});
    cdk::Stack stack(app, "MinimizeStack");

    cdk::s3::Bucket bucket(stack, "Data", {.enforce_ssl = true});
    cdk::sqs::Queue queue(stack, "Jobs");
    cdk::sqs::Queue other(stack, "Other");

    iam::Role role(stack, "Worker", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});
    bucket.grant_read(role);
    bucket.grant_put(role);
    queue.grant_send_messages(role);
    other.grant_send_messages(role);
    queue.grant_consume_messages(role);
    role.add_to_policy(iam::PolicyStatement({.actions = {"s3:ListAllMyBuckets"}, .resources = {"*"}}));
    role.add_to_policy(iam::PolicyStatement({.actions = {"cloudwatch:PutMetricData"}, .resources = {"*"}}));
    role.add_to_policy(
        iam::PolicyStatement({.actions = {"logs:PutLogEvents"},
                              .resources = {"*"},
                              .conditions = {{"StringEquals", {{"aws:RequestedRegion", "us-east-1"}}}}}));
    role.add_to_policy(
        iam::PolicyStatement({.sid = "Named", .actions = {"sqs:ListQueues"}, .resources = {"*"}}));
    role.add_to_policy(iam::PolicyStatement(
        {.effect = iam::Effect::Deny, .actions = {"s3:DeleteBucket"}, .resources = {"*"}}));
    role.add_to_policy(iam::PolicyStatement({.not_actions = {"iam:*"}, .resources = {bucket.bucket_arn()}}));
    role.add_to_policy(iam::PolicyStatement({.not_actions = {"iam:*"}, .resources = {queue.queue_arn()}}));

    iam::ManagedPolicy shared(
        stack, "Shared",
        {.statements =
             {iam::PolicyStatement({.actions = {"sqs:SendMessage"}, .resources = {queue.queue_arn()}}),
              iam::PolicyStatement(
                  {.actions = {"s3:GetObject"}, .resources = {bucket.arn_for_objects("b/*")}}),
              iam::PolicyStatement({.actions = {"sqs:GetQueueUrl"}, .resources = {queue.queue_arn()}}),
              iam::PolicyStatement(
                  {.actions = {"s3:GetObject"}, .resources = {bucket.arn_for_objects("a/*")}})},
         .roles = {&role}});

    bucket.add_to_resource_policy(
        iam::PolicyStatement({.actions = {"s3:GetObject"},
                              .principals = {iam::ServicePrincipal("cloudfront.amazonaws.com")},
                              .resources = {bucket.arn_for_objects("*")}}));
    bucket.add_to_resource_policy(
        iam::PolicyStatement({.actions = {"s3:GetObject"},
                              .principals = {iam::ArnPrincipal("arn:aws:iam::111111111111:role/reader")},
                              .resources = {bucket.arn_for_objects("*")}}));
    bucket.grant_read(iam::ArnPrincipal("arn:aws:iam::222222222222:role/other"));

    queue.grant_send_messages(iam::ServicePrincipal("sns.amazonaws.com"));
    queue.grant_send_messages(iam::ServicePrincipal("events.amazonaws.com"));
    queue.grant_purge(iam::ArnPrincipal("arn:aws:iam::222222222222:role/other"));
    queue.add_to_resource_policy(
        iam::PolicyStatement({.actions = {"sqs:GetQueueAttributes"},
                              .principals = {iam::ServicePrincipal("sns.amazonaws.com")},
                              .resources = {queue.queue_arn()}}));

    app.synth();
}
