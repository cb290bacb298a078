#include "pipelines/detail/application_security_check.hpp"

#include "constructs/tags.hpp"
#include "core/strings.hpp"
#include "lib/iam/policy_statement.hpp"
#include "tokens/errors.hpp"

#include <filesystem>
#include <fstream>
#include <random>

namespace cdk::pipelines::detail {

const std::string& approve_lambda_source() {
    // cdkpp's own handler (aws-cdk-lib's approve-lambda does the same job): wait for the approval action of
    // the event to be pending in the pipeline's state, then approve it.
    static const std::string source = R"JS('use strict';
// ConfirmPermissionsBroadening's auto-approve handler (cdkpp). Event: {PipelineName, StageName, ActionName},
// sent by the security check's CodeBuild project when `cdkpp diff --security-only --fail` found nothing that
// broadens permissions. Waits for that manual approval action to be pending, then approves it.
const {
  CodePipelineClient,
  GetPipelineStateCommand,
  PutApprovalResultCommand,
} = require('@aws-sdk/client-codepipeline');

const client = new CodePipelineClient({});
const POLL_MS = 5000;
const WAIT_MS = 5 * 60 * 1000;
const SUMMARY = 'No security changes detected. Automatically approved by Lambda.';

function approvalToken(state, stageName, actionName) {
  const stage = (state.stageStates || []).find((s) => s.stageName === stageName);
  const action = stage && (stage.actionStates || []).find((a) => a.actionName === actionName);
  const execution = action && action.latestExecution;
  return execution && execution.token ? execution.token : undefined;
}

exports.handler = async (event) => {
  const { PipelineName: pipelineName, StageName: stageName, ActionName: actionName } = event;
  if (!pipelineName || !stageName || !actionName) {
    throw new Error('expected {PipelineName, StageName, ActionName}, got ' + JSON.stringify(event));
  }
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const state = await client.send(new GetPipelineStateCommand({ name: pipelineName }));
    const token = approvalToken(state, stageName, actionName);
    if (token) {
      await client.send(new PutApprovalResultCommand({
        pipelineName, stageName, actionName, token,
        result: { status: 'Approved', summary: SUMMARY },
      }));
      return { approved: true };
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return { approved: false };
};
)JS";
    return source;
}

namespace {

/// A directory holding `index.js` (the handler), removed when done: the asset is staged (copied into the
/// assembly) when the function is created.
class HandlerDirectory {
public:
    HandlerDirectory() {
        std::random_device rd;
        const auto base = std::filesystem::temp_directory_path();
        for (int attempt = 0; attempt < 100 && dir_.empty(); ++attempt) {
            auto dir = base / ("cdkpp-approve-lambda." + std::to_string(rd()));
            std::error_code ec;
            if (std::filesystem::create_directory(dir, ec)) dir_ = dir;
        }
        if (dir_.empty()) throw ValidationError("cannot create a directory in " + base.string());
        std::ofstream out(dir_ / "index.js", std::ios::binary);
        out << approve_lambda_source();
        if (!out.flush()) throw ValidationError("cannot write " + (dir_ / "index.js").string());
    }
    ~HandlerDirectory() {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    HandlerDirectory(const HandlerDirectory&) = delete;
    HandlerDirectory& operator=(const HandlerDirectory&) = delete;
    [[nodiscard]] std::string path() const { return dir_.string(); }

private:
    std::filesystem::path dir_;
};

/// aws-cdk-lib's ifElse: `if C; then A; B; else D; E; fi`.
std::string if_else(const std::string& condition, const std::vector<std::string>& then_statements,
                    const std::vector<std::string>& else_statements) {
    std::string statement = "if " + condition + "; then";
    for (const std::string& s : then_statements)
        statement += " " + s + ";";
    if (!else_statements.empty()) {
        statement += " else";
        for (const std::string& s : else_statements)
            statement += " " + s + ";";
    }
    return statement + " fi";
}

} // namespace

ApplicationSecurityCheck::ApplicationSecurityCheck(Construct& scope, std::string_view id,
                                                   codepipeline::Pipeline& pipeline,
                                                   const std::vector<std::string>& cli_install_commands)
    : Construct(scope, id) {
    Tags::of(pipeline).add("SECURITY_CHECK", "ALLOW_APPROVE",
                           {.include_resource_types = {"AWS::CodePipeline::Pipeline"}});
    {
        const HandlerDirectory handler;
        lambda_ =
            &make<lambda::Function>(*this, "CDKPipelinesAutoApprove",
                                    lambda::FunctionProps{.runtime = lambda::Runtime::NODEJS_24_X,
                                                          .handler = "index.handler",
                                                          .code = lambda::Code::from_asset(handler.path()),
                                                          .timeout = Duration::minutes(5)});
    }
    lambda_->add_to_role_policy(iam::PolicyStatement(
        {.actions = {"codepipeline:GetPipelineState", "codepipeline:PutApprovalResult"},
         .resources = {"*"},
         .conditions = {{"StringEquals", {{"aws:ResourceTag/SECURITY_CHECK", "ALLOW_APPROVE"}}}}}));

    const std::string invoke_lambda =
        "aws lambda invoke --function-name " + lambda_->function_name() +
        " --invocation-type Event --cli-binary-format raw-in-base64-out --payload \"$payload\" lambda.out";
    const std::string message =
        strings::join({"An upcoming change would broaden security changes in $PIPELINE_NAME.",
                       "Review and approve the changes in CodePipeline to proceed with the deployment.", "",
                       "Review the changes in CodeBuild:", "", "$LINK", "",
                       "Approve the changes in CodePipeline (stage $STAGE_NAME, action $ACTION_NAME):", "",
                       "$PIPELINE_LINK"},
                      "\n");
    const std::string publish_notification =
        "aws sns publish --topic-arn $NOTIFICATION_ARN --subject \"$NOTIFICATION_SUBJECT\" --message \"" +
        message + "\"";
    // The toolkit is cdkpp: the pipeline's install commands put it on the PATH (aws-cdk-lib runs
    // `npm install -g aws-cdk` there), and `cdkpp diff` checks the stage's stacks.
    codebuild::BuildSpecObject commands = codebuild::BuildSpecObject::array();
    for (const std::string& c : cli_install_commands)
        commands.push_back(c);
    for (
        const char* c :
        {R"X(export PIPELINE_NAME="$(node -pe '`${process.env.CODEBUILD_INITIATOR}`.split("/")[1]')")X",
         R"X(payload="$(node -pe 'JSON.stringify({ "PipelineName": process.env.PIPELINE_NAME, "StageName": process.env.STAGE_NAME, "ActionName": process.env.ACTION_NAME })' )")X",
         "ARN=$CODEBUILD_BUILD_ARN", R"X(REGION="$(node -pe '`${process.env.ARN}`.split(":")[3]')")X",
         R"X(ACCOUNT_ID="$(node -pe '`${process.env.ARN}`.split(":")[4]')")X",
         R"X(PROJECT_NAME="$(node -pe '`${process.env.ARN}`.split(":")[5].split("/")[1]')")X",
         R"X(PROJECT_ID="$(node -pe '`${process.env.ARN}`.split(":")[6]')")X",
         R"X(export LINK="https://$REGION.console.aws.amazon.com/codesuite/codebuild/$ACCOUNT_ID/projects/$PROJECT_NAME/build/$PROJECT_NAME:$PROJECT_ID/?region=$REGION")X",
         R"X(export PIPELINE_LINK="https://$REGION.console.aws.amazon.com/codesuite/codepipeline/pipelines/$PIPELINE_NAME/view?region=$REGION")X"}) {
        commands.push_back(c);
    }
    commands.push_back(if_else(
        R"X(cdkpp -a . diff --security-only --fail $STAGE_PATH/\*)X",
        {invoke_lambda, R"X(export MESSAGE="No security-impacting changes detected.")X"},
        {R"X([ -z "${NOTIFICATION_ARN}" ] || )X" + publish_notification,
         R"X(export MESSAGE="Deployment would make security-impacting changes. Click the link below to inspect them, then click Approve if all changes are expected.")X"}));
    codebuild::BuildSpecObject spec = codebuild::BuildSpecObject::object();
    spec["version"] = 0.2;
    spec["phases"] = {{"build", {{"commands", commands}}}};
    spec["env"] = {{"exported-variables", {"LINK", "MESSAGE"}}};
    project_ = &make<codebuild::Project>(
        *this, "CDKSecurityCheck",
        codebuild::ProjectProps{.build_spec = codebuild::BuildSpec::from_object(spec),
                                .environment = {.build_image = codebuild::LinuxBuildImage::STANDARD_7_0}});
    project_->add_to_role_policy(
        iam::PolicyStatement({.actions = {"sts:AssumeRole"},
                              .resources = {"*"},
                              .conditions = {{"ForAnyValue:StringEquals",
                                              {{"iam:ResourceTag/aws-cdk:bootstrap-role", {"deploy"}}}}}}));
    lambda_->grant_invoke(*project_);
}

} // namespace cdk::pipelines::detail
