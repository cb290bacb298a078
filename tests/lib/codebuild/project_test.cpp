// codebuild::Project / PipelineProject defaults and errors, as aws-cdk-lib renders them.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/codebuild/project.hpp"
#include "synth/stack_template.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

namespace codebuild = cdk::codebuild;
using cdk::Json;

namespace {

const Json* find_resource(const Json& tmpl, const std::string& type, int index = 0) {
    for (const auto& [id, r] : tmpl["Resources"].items()) {
        if (r["Type"] == type && index-- == 0) return &r;
    }
    return nullptr;
}

} // namespace

TEST(BuildSpec, RendersAsTheCdkIndentedJsonInWrittenOrder) {
    const auto spec = codebuild::BuildSpec::from_object({{"version", "0.2"},
                                                         {"phases", {{"build", {{"commands", {"make"}}}}}},
                                                         {"artifacts", {{"files", "**/*"}}}});
    EXPECT_EQ(spec.to_build_spec(),
              "{\n  \"version\": \"0.2\",\n  \"phases\": {\n    \"build\": {\n      \"commands\": [\n"
              "        \"make\"\n      ]\n    }\n  },\n  \"artifacts\": {\n    \"files\": \"**/*\"\n  }\n}");
    EXPECT_THROW((void)codebuild::BuildSpec::from_object(codebuild::BuildSpecObject::array()),
                 cdk::ValidationError);
}

TEST(PipelineProject, DefaultsToStandard7SmallAndTheCdkRolePolicy) {
    cdk::App app;
    cdk::Stack stack(app, "S", {.env = cdk::Environment{"111111111111", "ap-southeast-2"}});
    codebuild::PipelineProject project(stack, "P");
    const Json t = cdk::render_stack_template(stack);
    const Json* p = find_resource(t, "AWS::CodeBuild::Project");
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->at("Properties").at("Environment"), Json({{"ComputeType", "BUILD_GENERAL1_SMALL"},
                                                           {"Image", "aws/codebuild/standard:7.0"},
                                                           {"ImagePullCredentialsType", "CODEBUILD"},
                                                           {"PrivilegedMode", false},
                                                           {"Type", "LINUX_CONTAINER"}}));
    EXPECT_EQ(p->at("Properties").at("EncryptionKey"), "alias/aws/s3");
    EXPECT_EQ(p->at("Properties").at("Source"), Json({{"Type", "CODEPIPELINE"}}));
    EXPECT_EQ(p->at("Properties").at("Artifacts"), Json({{"Type", "CODEPIPELINE"}}));
    const Json* policy = find_resource(t, "AWS::IAM::Policy");
    ASSERT_NE(policy, nullptr);
    const Json& statements = policy->at("Properties").at("PolicyDocument").at("Statement");
    ASSERT_EQ(statements.size(), 2U);
    EXPECT_EQ(statements[0]["Action"],
              Json({"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}));
    EXPECT_EQ(statements[1]["Action"][0], "codebuild:CreateReportGroup");
    EXPECT_NE(project.role(), nullptr);
}

TEST(Project, WithoutASourceNeedsAnInlineBuildSpec) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    EXPECT_THROW(codebuild::Project(stack, "P"), cdk::ValidationError);
    EXPECT_THROW(
        codebuild::Project(stack, "Q", {.build_spec = codebuild::BuildSpec::from_source_filename("b.yml")}),
        cdk::ValidationError);
    codebuild::Project ok(stack, "R",
                          {.build_spec = codebuild::BuildSpec::from_object({{"version", "0.2"}})});
    const Json t = cdk::render_stack_template(stack);
    EXPECT_EQ(find_resource(t, "AWS::CodeBuild::Project")->at("Properties").at("Source"),
              Json({{"BuildSpec", "{\n  \"version\": \"0.2\"\n}"}, {"Type", "NO_SOURCE"}}));
}

TEST(Project, EnvironmentVariablesAndTheirGrants) {
    cdk::App app;
    cdk::Stack stack(app, "S", {.env = cdk::Environment{"111111111111", "ap-southeast-2"}});
    codebuild::PipelineProject project(
        stack, "P",
        {.environment = {.build_image = codebuild::LinuxBuildImage::AMAZON_LINUX_2_5,
                         .compute_type = codebuild::ComputeType::LARGE,
                         .privileged = true},
         .environment_variables = {
             {"STAGE", {.value = "dev"}},
             {"TOKEN",
              {.value = "/app/token", .type = codebuild::BuildEnvironmentVariableType::ParameterStore}}}});
    const Json t = cdk::render_stack_template(stack);
    const Json& env = find_resource(t, "AWS::CodeBuild::Project")->at("Properties").at("Environment");
    EXPECT_EQ(env["Image"], "aws/codebuild/amazonlinux2-x86_64-standard:5.0");
    EXPECT_EQ(env["ComputeType"], "BUILD_GENERAL1_LARGE");
    EXPECT_EQ(env["PrivilegedMode"], true);
    EXPECT_EQ(env["EnvironmentVariables"],
              Json::array({{{"Name", "STAGE"}, {"Type", "PLAINTEXT"}, {"Value", "dev"}},
                           {{"Name", "TOKEN"}, {"Type", "PARAMETER_STORE"}, {"Value", "/app/token"}}}));
    const Json& statements =
        find_resource(t, "AWS::IAM::Policy")->at("Properties").at("PolicyDocument").at("Statement");
    bool ssm = false;
    for (const auto& s : statements)
        ssm = ssm || s["Action"] == "ssm:GetParameters";
    EXPECT_TRUE(ssm) << statements.dump();
}
