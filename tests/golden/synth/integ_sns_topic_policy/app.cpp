// Golden case integ_sns_topic_policy (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// integ.sns-topic-policy.ts; the App gets the context of ts/cdk.json.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/sns/topic.hpp"

namespace iam = cdk::iam;
namespace sns = cdk::sns;

int main() {
    cdk::App app({.context = {{"@aws-cdk/aws-iam:minimizePolicies", true}}});
    cdk::Stack stack(app, "SNSTopicPolicyStack");

    sns::Topic topic(stack, "Topic", {.display_name = "fooDisplay", .topic_name = "fooTopic"});

    iam::PolicyDocument document(
        {.statements = {iam::PolicyStatement({.actions = {"sns:Publish"},
                                              .principals = {iam::ServicePrincipal("s3.amazonaws.com")},
                                              .resources = {topic.topic_arn()}})},
         .assign_sids = true});

    sns::TopicPolicy policy(stack, "TopicPolicy",
                            {.topics = {&topic}, .policy_document = document, .enforce_ssl = true});

    sns::Topic topic_add_policy(
        stack, "TopicAddPolicy",
        {.display_name = "topicDisplayNameAddPolicy", .topic_name = "topicAddPolicy", .enforce_ssl = true});
    topic_add_policy.add_to_resource_policy(
        iam::PolicyStatement({.actions = {"sns:Publish"},
                              .principals = {iam::ServicePrincipal("s3.amazonaws.com")},
                              .resources = {topic_add_policy.topic_arn()}}));

    sns::Topic with_ssl(stack, "TopicWithSSL", {.enforce_ssl = true});

    app.synth();
}
