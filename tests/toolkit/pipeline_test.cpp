#include "core/fs.hpp"
#include "tests/assembly/test_support.hpp"
#include "toolkit/actions/pipeline.hpp"
#include "toolkit/deploy/zip.hpp"
#include "toolkit/pipeline/approval_diff.hpp"
#include "toolkit/pipeline/pipeline_state.hpp"

#include <gtest/gtest.h>

namespace cdk::toolkit::pipeline {
namespace {

const Json kDeclaration = Json::parse(R"({"name": "P", "version": 3, "stages": [
  {"name": "Source", "actions": [{"name": "Repo", "actionTypeId": {"category": "Source", "provider": "GitHub"}}]},
  {"name": "Build", "actions": [{"name": "Synth", "actionTypeId": {"category": "Build", "provider": "CodeBuild"}}]},
  {"name": "Dev", "actions": [
    {"name": "Approve", "actionTypeId": {"category": "Approval", "provider": "Manual"}, "runOrder": 1},
    {"name": "Api.Deploy", "runOrder": 3, "actionTypeId": {"category": "Deploy", "provider": "CloudFormation"},
     "roleArn": "arn:aws:iam::111111111111:role/cdk-myapp-deploy-role-111111111111-ap-southeast-2",
     "configuration": {"ActionMode": "CHANGE_SET_EXECUTE", "StackName": "Dev-Api"}},
    {"name": "Api.Prepare", "runOrder": 2, "actionTypeId": {"category": "Deploy", "provider": "CloudFormation"},
     "roleArn": "arn:aws:iam::111111111111:role/cdk-myapp-deploy-role-111111111111-ap-southeast-2",
     "configuration": {"ActionMode": "CHANGE_SET_REPLACE", "StackName": "Dev-Api",
                       "TemplatePath": "Synth_Output::assembly-Dev/DevApi.template.json"}},
    {"name": "Db.Prepare", "runOrder": 1, "region": "us-east-1",
     "actionTypeId": {"category": "Deploy", "provider": "CloudFormation"},
     "configuration": {"ActionMode": "CREATE_UPDATE", "StackName": "Dev-Db", "TemplatePath": "Out::db.yaml"}}]}]})");

const Json kState = Json::parse(R"({"pipelineName": "P", "pipelineVersion": 3, "stageStates": [
  {"stageName": "Source", "latestExecution": {"pipelineExecutionId": "e2", "status": "Succeeded"},
   "actionStates": [{"actionName": "Repo", "latestExecution": {"actionExecutionId": "a1", "status": "Succeeded",
     "externalExecutionId": "0123456789abcdef0123", "summary": "fix the handler\nlonger text"}}]},
  {"stageName": "Build", "latestExecution": {"pipelineExecutionId": "e2", "status": "Failed"},
   "actionStates": [{"actionName": "Synth", "latestExecution": {"actionExecutionId": "a2", "status": "Failed",
     "errorDetails": {"code": "JobFailed", "message": "Build failed: exit 2"}}}]},
  {"stageName": "Dev", "latestExecution": {"pipelineExecutionId": "e1", "status": "InProgress"},
   "inboundTransitionState": {"enabled": false, "disabledReason": "freeze"},
   "actionStates": [{"actionName": "Approve", "latestExecution": {"actionExecutionId": "a3", "status": "InProgress",
     "token": "tok"}}]}]})");

const Json kActions = Json::parse(R"([
  {"actionExecutionId": "a1", "startTime": "2026-12-07T02:00:00Z", "lastUpdateTime": "2026-12-07T02:00:01.5Z"},
  {"actionExecutionId": "a2", "startTime": "2026-12-07T02:00:02Z", "lastUpdateTime": "2026-12-07T02:01:04+00:00"},
  {"actionExecutionId": "a3", "startTime": "2026-12-07T01:59:00Z", "lastUpdateTime": "2026-12-07T01:59:00Z"}])");

const Json kExecution =
    Json::parse(R"({"pipelineExecutionId": "e2", "status": "Failed", "statusSummary": "Build failed",
  "trigger": {"triggerType": "Webhook"}, "startTime": "2026-12-07T02:00:00Z", "lastUpdateTime": "2026-12-07T02:01:05Z",
  "sourceRevisions": [{"actionName": "Repo", "revisionId": "0123456789abcdef0123", "revisionSummary": "fix"}]})");

PipelineStatus sample() {
    return status_from(kDeclaration, kState, kExecution, kActions, "2026-12-07T02:02:00Z");
}

TEST(PipelineStateTest, TimestampsWithZonesAndFractions) {
    EXPECT_DOUBLE_EQ(seconds_between("2026-12-07T02:00:00Z", "2026-12-07T02:00:01.25Z"), 1.25);
    EXPECT_DOUBLE_EQ(seconds_between("2026-12-07T02:00:00Z", "2026-12-07T12:30:00+10:30"), 0);
    EXPECT_DOUBLE_EQ(seconds_between("2026-12-07T02:00:00-01:00", "2026-12-07T03:00:00Z"), 0);
    EXPECT_EQ(seconds_between("yesterday", "2026-12-07T02:00:00Z"), -1);
    EXPECT_TRUE(parse_timestamp(now_iso8601()));
}

TEST(PipelineStateTest, StatusFollowsTheDeclarationWithStatesAndDurations) {
    const auto s = sample();
    EXPECT_EQ(s.name, "P");
    EXPECT_EQ(s.version, 3);
    ASSERT_EQ(s.stages.size(), 3u);
    EXPECT_EQ(s.stages[1].status, "Failed");
    const auto& synth = s.stages[1].actions[0];
    EXPECT_EQ(synth.error_code, "JobFailed");
    EXPECT_EQ(synth.provider, "CodeBuild");
    EXPECT_DOUBLE_EQ(synth.seconds, 62);
    EXPECT_DOUBLE_EQ(s.stages[0].actions[0].seconds, 1.5);
    // Dev: the approval waits (running since 01:59, `now` 02:02), the deploy actions have not run.
    const auto& dev = s.stages[2];
    EXPECT_FALSE(dev.inbound_enabled);
    EXPECT_EQ(dev.execution_id, "e1");
    EXPECT_TRUE(dev.actions[0].waiting_for_approval());
    EXPECT_DOUBLE_EQ(dev.actions[0].seconds, 180);
    EXPECT_TRUE(dev.actions[1].status.empty());
    EXPECT_EQ(s.waiting_stages(), std::vector<std::string>{"Dev"});
    ASSERT_TRUE(s.execution);
    EXPECT_EQ(s.execution->trigger, "Webhook");
    EXPECT_DOUBLE_EQ(s.execution->seconds, 65);
    EXPECT_EQ(s.execution->revisions.at(0).summary, "fix");

    const Json j = status_to_json(s);
    EXPECT_EQ(j["stages"][1]["actions"][0]["errorDetails"]["code"], "JobFailed");
    EXPECT_EQ(j["waitingForApproval"], Json::array({"Dev"}));
    EXPECT_EQ(j["latestExecution"]["pipelineExecutionId"], "e2");
    EXPECT_FALSE(j["stages"][2]["actions"][1].contains("status"));
}

TEST(PipelineStateTest, FindsTheWaitingApprovalOrSaysWhatTheStageIsDoing) {
    const auto s = sample();
    auto w = find_waiting_approval(s, "Dev", "");
    ASSERT_TRUE(w) << w.error().message;
    EXPECT_EQ(w->token, "tok");
    EXPECT_EQ(w->execution_id, "e1");
    EXPECT_EQ(w->action, "Approve");

    auto missing = find_waiting_approval(s, "Prod", "");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "StageNotFound");
    EXPECT_NE(missing.error().message.find("its stages: Source, Build, Dev"), std::string::npos);

    auto none = find_waiting_approval(s, "Build", "");
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, "NoApprovalAction");

    auto other = find_waiting_approval(s, "Dev", "Approve2");
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, "ActionNotFound");
    EXPECT_NE(other.error().message.find("its approvals: Approve"), std::string::npos);

    Json state = kState;
    state["stageStates"][2]["actionStates"][0]["latestExecution"] = {{"status", "Succeeded"},
                                                                     {"actionExecutionId", "a3"}};
    state["stageStates"][2]["latestExecution"]["status"] = "Succeeded";
    const auto done = status_from(kDeclaration, state, kExecution, kActions, "2026-12-07T02:02:00Z");
    auto nothing = find_waiting_approval(done, "Dev", "");
    ASSERT_FALSE(nothing);
    EXPECT_EQ(nothing.error().code, "NothingWaiting");
    EXPECT_NE(
        nothing.error().message.find("stage Dev is Succeeded (execution e1), approval Approve is Succeeded"),
        std::string::npos)
        << nothing.error().message;
    EXPECT_NE(nothing.error().message.find("the latest execution e2 is Failed: Build failed"),
              std::string::npos)
        << nothing.error().message;
}

TEST(ApprovalDiffTest, StackDeploymentsOfAStageInRunOrder) {
    const auto d = stack_deployments(kDeclaration["stages"][2]);
    ASSERT_EQ(d.size(), 2u); // CHANGE_SET_EXECUTE deploys what Prepare made: no template of its own
    EXPECT_EQ(d[0].action, "Db.Prepare");
    EXPECT_EQ(d[0].region, "us-east-1");
    EXPECT_EQ(d[0].artifact, "Out");
    EXPECT_EQ(d[0].template_path, "db.yaml");
    EXPECT_EQ(d[1].stack_name, "Dev-Api");
    EXPECT_EQ(d[1].artifact, "Synth_Output");
    EXPECT_EQ(d[1].template_path, "assembly-Dev/DevApi.template.json");
    EXPECT_TRUE(stack_deployments(kDeclaration["stages"][0]).empty());
}

TEST(ApprovalDiffTest, BootstrapRolesTakenApart) {
    const auto r = parse_bootstrap_role(
        "arn:aws:iam::111111111111:role/cdk-my-app-deploy-role-111111111111-ap-southeast-2");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->qualifier, "my-app");
    EXPECT_EQ(r->kind, "deploy");
    EXPECT_EQ(r->region, "ap-southeast-2");
    EXPECT_EQ(lookup_role_arn(*r),
              "arn:aws:iam::111111111111:role/cdk-my-app-lookup-role-111111111111-ap-southeast-2");
    const auto cn = parse_bootstrap_role(
        "arn:aws-cn:iam::222222222222:role/cdk-hnb659fds-deploy-role-222222222222-cn-north-1");
    ASSERT_TRUE(cn);
    EXPECT_EQ(lookup_role_arn(*cn),
              "arn:aws-cn:iam::222222222222:role/cdk-hnb659fds-lookup-role-222222222222-cn-north-1");
    EXPECT_FALSE(parse_bootstrap_role("arn:aws:iam::111111111111:role/MyDeployRole"));
    // The account in the name must be the role's own.
    EXPECT_FALSE(
        parse_bootstrap_role("arn:aws:iam::111111111111:role/cdk-q-deploy-role-222222222222-ap-southeast-2"));
}

StackChange change(const Json& before, const Json& after) {
    StackChange c;
    c.deployment.stack_name = "S";
    c.diff = diff::diff_templates(before, after);
    return c;
}

TEST(ApprovalDiffTest, DecisionsByPolicy) {
    const Json bucket = Json::parse(R"({"Resources": {"B": {"Type": "AWS::S3::Bucket"}}})");
    const Json grant =
        Json::parse(R"({"Resources": {"B": {"Type": "AWS::S3::Bucket"}, "P": {"Type": "AWS::IAM::Policy",
        "Properties": {"PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}}}}})");
    using Kind = ApprovalDecision::Kind;
    const std::vector<StackChange> none{change(bucket, bucket)};
    const std::vector<StackChange> changed{change(Json::object(), bucket)};
    const std::vector<StackChange> broadening{change(bucket, grant)};
    StackChange unknown;
    unknown.deployment.stack_name = "U";
    unknown.error = make_error("LookupRoleNotTrusted", "no");
    const std::vector<StackChange> blind{unknown};

    EXPECT_EQ(decide_approval(changed, {}).kind, Kind::Ask);
    EXPECT_EQ(decide_approval(changed, {.yes = true}).kind, Kind::Approve);
    EXPECT_EQ(decide_approval(blind, {.yes = true}).kind, Kind::Approve); // --yes approves without the diff
    EXPECT_EQ(decide_approval(none, {.if_no_changes = true}).kind, Kind::Approve);
    EXPECT_EQ(decide_approval(changed, {.yes = true, .if_no_changes = true}).kind, Kind::Refuse);
    EXPECT_EQ(decide_approval(blind, {.if_no_changes = true}).kind, Kind::Refuse);
    EXPECT_EQ(decide_approval(changed, {.yes = true, .unless_broadening = true}).kind, Kind::Approve);
    const auto refused = decide_approval(broadening, {.yes = true, .unless_broadening = true});
    EXPECT_EQ(refused.kind, Kind::Refuse);
    EXPECT_NE(refused.reason.find("broadens"), std::string::npos);
    EXPECT_EQ(decide_approval(blind, {.yes = true, .unless_broadening = true}).kind, Kind::Refuse);
    EXPECT_EQ(decide_approval({}, {.if_no_changes = true}).kind, Kind::Approve); // a stage without stacks
}

TEST(ZipReadTest, ReadsBackWhatZipDirectoryWrote) {
    assembly::testing::TempDir dir("cdkpp_zip_read");
    std::filesystem::create_directories(dir.path() / "a");
    ASSERT_TRUE(fs::write_file_atomic(dir.path() / "a" / "t.json", R"({"Resources": {}})"));
    ASSERT_TRUE(fs::write_file_atomic(dir.path() / "b.txt", std::string(10000, 'x')));
    auto zip = deploy::zip_directory(dir.path());
    ASSERT_TRUE(zip);
    auto names = deploy::zip_entries(*zip);
    ASSERT_TRUE(names);
    EXPECT_EQ(*names, (std::vector<std::string>{"a/t.json", "b.txt"}));
    auto t = deploy::read_zip_entry(*zip, "./a/t.json");
    ASSERT_TRUE(t);
    ASSERT_TRUE(*t);
    EXPECT_EQ(**t, R"({"Resources": {}})");
    auto b = deploy::read_zip_entry(*zip, "b.txt");
    ASSERT_TRUE(b && *b);
    EXPECT_EQ((*b)->size(), 10000u);
    auto missing = deploy::read_zip_entry(*zip, "c.txt");
    ASSERT_TRUE(missing);
    EXPECT_FALSE(*missing);

    std::string damaged = *zip;
    damaged[40] = static_cast<char>(damaged[40] ^ 0x55); // inside the first entry's data
    auto bad = deploy::read_zip_entry(damaged, "a/t.json");
    EXPECT_FALSE(bad && *bad && **bad == R"({"Resources": {}})");
    auto notzip = deploy::read_zip_entry("not a zip archive at all, sorry", "a");
    ASSERT_FALSE(notzip);
    EXPECT_EQ(notzip.error().code, "ZipCorrupt");
}

TEST(PipelinesInAssemblyTest, NamesThePipelinesOfTheTopLevelStacks) {
    assembly::testing::TempDir dir("cdkpp_pipelines_in_assembly");
    EXPECT_EQ(toolkit::pipelines_in_assembly(dir.path()).value(), std::vector<std::string>{}); // no assembly
    ASSERT_TRUE(fs::write_file_atomic(dir.path() / "manifest.json", R"({"version": "36.0.0", "artifacts": {
      "PipelineStack": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "PipelineStack.template.json"}},
      "Other": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "Other.template.json"}},
      "assembly-PipelineStack-Dev": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "x"}},
      "Tree": {"type": "cdk:tree", "properties": {"file": "tree.json"}}}})"));
    // The stage's nested assembly (its stacks are deployed by the pipeline, not defined by the app's top
    // level).
    ASSERT_TRUE(
        fs::write_file_atomic(dir.path() / "x" / "manifest.json", R"({"version": "36.0.0", "artifacts": {
      "DevStack": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "DevStack.template.json"}}}})"));
    ASSERT_TRUE(fs::write_file_atomic(dir.path() / "x" / "DevStack.template.json", R"({"Resources": {
      "Nested": {"Type": "AWS::CodePipeline::Pipeline", "Properties": {"Name": "NotTopLevel"}}}})"));
    ASSERT_TRUE(fs::write_file_atomic(dir.path() / "PipelineStack.template.json", R"({"Resources": {
      "Pipeline9850B417": {"Type": "AWS::CodePipeline::Pipeline", "Properties": {"Name": "MultiAccountPipeline"}},
      "PipelineRole": {"Type": "AWS::IAM::Role", "Properties": {"Name": "NotAPipeline"}}}})"));
    ASSERT_TRUE(fs::write_file_atomic(dir.path() / "Other.template.json", R"({"Resources": {
      "Unnamed": {"Type": "AWS::CodePipeline::Pipeline", "Properties": {"Name": {"Ref": "AWS::StackName"}}}}})"));
    auto names = toolkit::pipelines_in_assembly(dir.path());
    ASSERT_TRUE(names) << names.error().to_string();
    EXPECT_EQ(*names, std::vector<std::string>{"MultiAccountPipeline"});
    ASSERT_TRUE(fs::write_file_atomic(dir.path() / "Other.template.json", R"({"Resources": {
      "Second": {"Type": "AWS::CodePipeline::Pipeline", "Properties": {"Name": "Another"}}}})"));
    EXPECT_EQ(toolkit::pipelines_in_assembly(dir.path()).value(),
              (std::vector<std::string>{"Another", "MultiAccountPipeline"}));
    std::filesystem::remove(dir.path() / "Other.template.json");
    EXPECT_FALSE(toolkit::pipelines_in_assembly(dir.path())); // a listed template that is missing
}

} // namespace
} // namespace cdk::toolkit::pipeline
