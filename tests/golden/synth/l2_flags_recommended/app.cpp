// Golden case l2_flags_recommended (see ../README.md): the C++ twin of ts/app.ts. The App gets the context of
// ts/cdk.json, aws-cdk-lib 2.276's whole recommended set as `cdk init` (and `cdkpp init`) writes it.
#include "constructs/app.hpp"

#include "cfn/cfn_output.hpp"
#include "constructs/stack.hpp"
#include "lib/cloudwatch_actions/lambda_action.hpp"
#include "lib/codecommit/repository.hpp"
#include "lib/codepipeline/pipeline.hpp"
#include "lib/codepipeline_actions/codecommit_source_action.hpp"
#include "lib/codepipeline_actions/manual_approval_action.hpp"
#include "lib/dynamodb/table_v2.hpp"
#include "lib/events/rule.hpp"
#include "lib/events_targets/sqs_queue.hpp"
#include "lib/iam/managed_policy.hpp"
#include "lib/iam/role.hpp"
#include "lib/kms/key.hpp"
#include "lib/lambda/alias.hpp"
#include "lib/lambda/function.hpp"
#include "lib/lambda/version.hpp"
#include "lib/s3/bucket.hpp"
#include "lib/sns/topic.hpp"
#include "lib/sns_subscriptions/subscriptions.hpp"
#include "lib/sqs/queue.hpp"
#include "lib/ssm/string_parameter.hpp"

#include <fstream>
#include <memory>
#include <optional>

namespace iam = cdk::iam;
namespace codepipeline = cdk::codepipeline;
namespace cpactions = cdk::codepipeline_actions;

int main() {
    std::ifstream cdk_json("ts/cdk.json");
    cdk::App app({.context = cdk::Json::parse(cdk_json)["context"]});
    // @aws-cdk/core:enablePartitionLiterals: a known region, so every ARN formatted in the stack says `aws`.
    cdk::Stack stack(app, "RecommendedStack", {.env = cdk::Environment{"111111111111", "us-east-1"}});

    // restrictSqsDescryption, aliasNameRef; the key policy's account root principal
    // (enablePartitionLiterals).
    cdk::kms::Key key(stack, "QueueKey", {.alias = "alias/queue"});
    cdk::sqs::Queue queue(stack, "Inbox", {.encryption_master_key = &key});
    cdk::sns::Topic topic(stack, "Events");
    topic.add_subscription(cdk::sns_subscriptions::SqsSubscription(queue));
    key.grant_encrypt(iam::AccountPrincipal("333333333333"));
    cdk::kms::Alias alias(stack, "Extra", {.alias_name = "alias/extra", .target_key = &key});
    cdk::CfnOutput alias_name(stack, "AliasName", {.value = alias.alias_name()});

    // importedRoleStackSafeDefaultPolicyName, minimizePolicies; imports by name (enablePartitionLiterals).
    iam::IRole& imported = iam::Role::from_role_arn(stack, "Imported", "arn:aws:iam::111111111111:role/app");
    queue.grant_consume_messages(imported);
    queue.grant_send_messages(imported);
    cdk::s3::Bucket::from_bucket_name(stack, "Existing", "existing-bucket").grant_read(imported);
    cdk::ssm::StringParameter::from_string_parameter_name(stack, "Param", "/app/param").grant_read(imported);
    iam::Role worker(
        stack, "Worker",
        {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com"),
         .managed_policies = {iam::ManagedPolicy::from_aws_managed_policy_name("ReadOnlyAccess"),
                              iam::ManagedPolicy::from_managed_policy_name(stack, "Own", "own-policy")}});
    queue.grant_send_messages(worker);

    // eventsTargetQueueSameAccount (the queue has a key), requireEventBusPolicySid.
    cdk::events::Rule rule(stack, "OnOrder",
                           {.event_pattern = cdk::events::EventPattern{.source = {"shop"}}});
    rule.add_target(std::make_shared<cdk::events_targets::SqsQueue>(queue));
    cdk::events::EventBus bus(stack, "Bus");
    (void)bus.grant_put_events_to(iam::ServicePrincipal("sns.amazonaws.com"), "FromSns");

    // useCdkManagedLogGroup, recognizeLayerVersion, changeLambdaPermissionLogicalIdForLambdaAction.
    cdk::lambda::Function fn(stack, "Handler",
                             {.runtime = cdk::lambda::Runtime::NODEJS_22_X,
                              .handler = "index.handler",
                              .code = cdk::lambda::Code::from_inline("exports.handler = async () => 1;")});
    fn.current_version().add_alias("live", {});
    cdk::cloudwatch::Alarm& alarm =
        fn.metric_errors().create_alarm(stack, "Errors", {.threshold = 1, .evaluation_periods = 1});
    alarm.add_alarm_action(cdk::cloudwatch_actions::LambdaAction(fn));

    // resourcePolicyPerReplica: the table's policy only in the stack region's replica.
    iam::PolicyDocument table_policy;
    table_policy.add_statements({iam::PolicyStatement(
        {.actions = {"dynamodb:GetItem"}, .principals = {iam::AccountRootPrincipal()}, .resources = {"*"}})});
    cdk::dynamodb::TableV2 table(
        stack, "Table",
        {.partition_key = {.name = "pk", .type = cdk::dynamodb::AttributeType::String},
         .replicas = {{.region = "us-west-2"}},
         .resource_policy = table_policy});

    // publicAccessBlockedByDefault: the settings BLOCK_ACLS leaves out are true.
    cdk::s3::Bucket site(stack, "Site", {.block_public_access = cdk::s3::BlockPublicAccess::BLOCK_ACLS});
    cdk::s3::Bucket locked(stack, "Locked",
                           {.block_public_access = cdk::s3::BlockPublicAccess::BLOCK_ACLS_ONLY});
    // Not a flag: dual-layer encryption (issue 22's missing API), with its own key and the AWS managed one.
    cdk::s3::Bucket dual(stack, "Dual", {.encryption = cdk::s3::BucketEncryption::Dsse});
    cdk::s3::Bucket dual_managed(
        stack, "DualManaged",
        {.encryption = cdk::s3::BucketEncryption::DsseManaged,
         .lifecycle_rules = {{.transitions = {{.storage_class = "GLACIER",
                                               .transition_after = cdk::Duration::days(30)}}}},
         .transition_default_minimum_object_size =
             cdk::s3::TransitionDefaultMinimumObjectSize::VariesByStorageClass});

    // crossAccountKeysDefaultValueToFalse, defaultPipelineTypeToV2, useNewDefaultBranchForCodeCommitSource
    // and, with cross_account_keys, crossAccountKeyAliasStackSafeResourceName.
    auto& repo = cdk::codecommit::Repository::from_repository_name(stack, "Repo", "app");
    for (const auto& [id, cross_account_keys] :
         {std::pair<const char*, std::optional<bool>>{"Pipeline", std::nullopt}, {"Keyed", true}}) {
        auto& pipeline = cdk::make<codepipeline::Pipeline>(
            stack, id, codepipeline::PipelineProps{.cross_account_keys = cross_account_keys});
        pipeline.add_stage("Source").add_action(
            std::make_shared<cpactions::CodeCommitSourceAction>(cpactions::CodeCommitSourceActionProps{
                .action_name = "Source", .output = codepipeline::Artifact("Src"), .repository = &repo}));
        pipeline.add_stage("Approve").add_action(std::make_shared<cpactions::ManualApprovalAction>(
            cpactions::ManualApprovalActionProps{.action_name = "Approve"}));
    }

    // enablePartitionLiterals in another partition.
    cdk::Stack china(app, "ChinaStack", {.env = cdk::Environment{"222222222222", "cn-north-1"}});
    cdk::kms::Key china_key(china, "Key");
    iam::Role reader(china, "Reader", {.assumed_by = iam::AccountRootPrincipal()});
    china_key.grant_decrypt(reader);
    cdk::s3::Bucket::from_bucket_name(china, "Imported", "china-bucket").grant_read(reader);

    app.synth();
    return 0;
}
