// Golden case l2_flags (see ../README.md): the C++ twin of ts/app.ts; the App gets the context of
// ts/cdk.json.
#include "constructs/app.hpp"

#include "cfn/cfn_output.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/role.hpp"
#include "lib/kms/key.hpp"
#include "lib/sns/topic.hpp"
#include "lib/sns_subscriptions/subscriptions.hpp"
#include "lib/sqs/queue.hpp"

namespace iam = cdk::iam;

int main() {
    cdk::App app({.context = {{"@aws-cdk/aws-iam:importedRoleStackSafeDefaultPolicyName", true},
                              {"@aws-cdk/aws-kms:aliasNameRef", true},
                              {"@aws-cdk/aws-sns-subscriptions:restrictSqsDescryption", true}}});
    cdk::Stack stack(app, "FlagsStack");

    cdk::kms::Key key(stack, "QueueKey", {.alias = "alias/queue"});
    cdk::sqs::Queue queue(stack, "Inbox", {.encryption_master_key = &key});
    cdk::sns::Topic topic(stack, "Events");
    topic.add_subscription(cdk::sns_subscriptions::SqsSubscription(queue));

    iam::IRole& imported = iam::Role::from_role_arn(stack, "Imported", "arn:aws:iam::111111111111:role/app");
    queue.grant_consume_messages(imported);

    cdk::kms::Alias alias(stack, "Extra", {.alias_name = "alias/extra", .target_key = &key});
    cdk::CfnOutput alias_name(stack, "AliasName", {.value = alias.alias_name()});

    app.synth();
    return 0;
}
