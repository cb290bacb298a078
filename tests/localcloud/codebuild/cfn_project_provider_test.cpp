#include "localcloud/codebuild/cfn_project_provider.hpp"
#include "localcloud/codebuild/codebuild_backend.hpp"
#include "support/provider_fixture.hpp"

namespace cdk::localcloud::testing {
namespace {

using ProjectProviderTest = ProviderTest;

constexpr const char* kCodeBuildTrust =
    R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"codebuild.amazonaws.com"},"Action":"sts:AssumeRole"}]})";

/// What the CDK's PipelineProject synthesizes (BuildSpec as JSON text, numbers as CloudFormation passes
/// them).
Json cdk_properties(const Json& role_arn) {
    return Json{
        {"Source",
         {{"Type", "CODEPIPELINE"},
          {"BuildSpec",
           "{\n  \"version\": \"0.2\",\n  \"phases\": {\"build\": {\"commands\": [\"npx cdk synth\"]}}\n}"}}},
        {"Artifacts", {{"Type", "CODEPIPELINE"}}},
        {"Environment",
         {{"Type", "LINUX_CONTAINER"},
          {"Image", "aws/codebuild/standard:7.0"},
          {"ComputeType", "BUILD_GENERAL1_SMALL"},
          {"PrivilegedMode", "false"},
          {"ImagePullCredentialsType", "CODEBUILD"},
          {"EnvironmentVariables",
           Json::array({{{"Name", "STAGE"}, {"Type", "PLAINTEXT"}, {"Value", "dev"}}})}}},
        {"ServiceRole", role_arn},
        {"TimeoutInMinutes", "30"},
        {"Cache", {{"Type", "NO_CACHE"}}},
        {"Tags", Json::array({{{"Key", "team"}, {"Value", "build"}}})}};
}

TEST_F(ProjectProviderTest, CreateUpdateRemoveAsTheStacksRole) {
    const Caller a = admin();
    auto role =
        provider("AWS::IAM::Role")
            .create(request(a, "Role", Json{{"AssumeRolePolicyDocument", Json::parse(kCodeBuildTrust)}}));
    ASSERT_TRUE(role) << role.error().to_string();
    auto& projects = provider("AWS::CodeBuild::Project");
    const Json props = cdk_properties(role->attributes["Arn"]);
    auto created = projects.create(request(a, "Proj", props));
    ASSERT_TRUE(created) << created.error().to_string();
    EXPECT_EQ(created->physical_id.rfind("Proj-", 0), 0U);
    EXPECT_EQ(created->attributes["Arn"],
              "arn:aws:codebuild:ap-southeast-2:111111111111:project/" + created->physical_id);

    codebuild::CodeBuildBackend backend(*cloud_, services_);
    const codebuild::CodeBuildCall call{a, kRegion, {}};
    auto got = backend.batch_get_projects(call, Json::array({created->physical_id}));
    ASSERT_TRUE(got) << got.error().to_string();
    ASSERT_EQ((*got)["projects"].size(), 1U);
    const Json p = (*got)["projects"][0];
    EXPECT_EQ(p["timeoutInMinutes"], 30);
    EXPECT_EQ(p["source"]["type"], "CODEPIPELINE");
    EXPECT_NE(p["source"]["buildspec"].get<std::string>().find("npx cdk synth"), std::string::npos);
    EXPECT_EQ(p["environment"]["privilegedMode"], false);
    EXPECT_EQ(p["environment"]["environmentVariables"][0],
              (Json{{"name", "STAGE"}, {"type", "PLAINTEXT"}, {"value", "dev"}}));
    EXPECT_EQ(p["tags"][0], (Json{{"key", "team"}, {"value", "build"}}));
    EXPECT_EQ(p["serviceRole"], role->attributes["Arn"]);

    // in place: the description and the timeout change, the project stays
    Json next = props;
    next["Description"] = "synth";
    next["TimeoutInMinutes"] = 45;
    auto req = request(a, "Proj", next, created->physical_id);
    req.previous_properties = props;
    auto updated = projects.update(req);
    ASSERT_TRUE(updated) << updated.error().to_string();
    got = backend.batch_get_projects(call, Json::array({created->physical_id}));
    ASSERT_TRUE(got);
    EXPECT_EQ((*got)["projects"][0]["timeoutInMinutes"], 45);
    EXPECT_EQ((*got)["projects"][0]["description"], "synth");

    ASSERT_TRUE(projects.remove(request(a, "Proj", next, created->physical_id)));
    ASSERT_TRUE(projects.remove(request(a, "Proj", next, created->physical_id))); // already gone: success
    got = backend.batch_get_projects(call, Json::array({created->physical_id}));
    ASSERT_TRUE(got);
    EXPECT_TRUE((*got)["projects"].empty());
}

TEST_F(ProjectProviderTest, PassRoleAndTrustAreChecked) {
    const Caller a = admin();
    auto role =
        provider("AWS::IAM::Role")
            .create(request(a, "Role", Json{{"AssumeRolePolicyDocument", Json::parse(kCodeBuildTrust)}}));
    ASSERT_TRUE(role) << role.error().to_string();
    auto& projects = provider("AWS::CodeBuild::Project");
    Json props = cdk_properties(role->attributes["Arn"]);
    props["Name"] = "named";
    // A stack role that may create projects but not pass the service role.
    auto denied = projects.create(request(limited("codebuild:CreateProject"), "Proj", props));
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().code, "AccessDeniedException");
    EXPECT_NE(denied.error().message.find("is not authorized to perform: iam:PassRole on resource: " +
                                          role->attributes["Arn"].get<std::string>()),
              std::string::npos)
        << denied.error().message;
    // A role that does not trust CodeBuild.
    auto lambda_role =
        provider("AWS::IAM::Role")
            .create(request(
                a, "Other",
                Json{
                    {"AssumeRolePolicyDocument",
                     Json::parse(
                         R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})")}}));
    ASSERT_TRUE(lambda_role);
    props["ServiceRole"] = lambda_role->attributes["Arn"];
    auto untrusted = projects.create(request(a, "Proj", props));
    ASSERT_FALSE(untrusted);
    EXPECT_EQ(untrusted.error().code, "InvalidInputException");
    EXPECT_NE(untrusted.error().message.find("CodeBuild is not authorized to perform: sts:AssumeRole"),
              std::string::npos);
    // Nothing was stored by either.
    codebuild::CodeBuildBackend backend(*cloud_, services_);
    auto got = backend.batch_get_projects(codebuild::CodeBuildCall{a, kRegion, {}}, Json::array({"named"}));
    ASSERT_TRUE(got);
    EXPECT_TRUE((*got)["projects"].empty());
}

} // namespace
} // namespace cdk::localcloud::testing
