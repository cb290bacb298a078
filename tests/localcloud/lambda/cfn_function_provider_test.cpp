#include "localcloud/lambda/cfn_function_provider.hpp"
#include "localcloud/lambda/lambda_backend.hpp"
#include "support/provider_fixture.hpp"

namespace cdk::localcloud::testing {
namespace {

using FunctionProviderTest = ProviderTest;

constexpr const char* kLambdaTrust =
    R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})";

TEST_F(FunctionProviderTest, InlineFunctionRunsAndPermissionsGoIntoItsPolicy) {
    const Caller a = admin();
    auto role =
        provider("AWS::IAM::Role")
            .create(request(a, "Role", Json{{"AssumeRolePolicyDocument", Json::parse(kLambdaTrust)}}));
    ASSERT_TRUE(role) << role.error().to_string();
    Json props{
        {"Runtime", "nodejs20.x"},
        {"Handler", "index.handler"},
        {"Role", role->attributes["Arn"]},
        {"Environment", {{"Variables", {{"WHO", "cfn"}}}}},
        {"Code", {{"ZipFile", "exports.handler = async (e) => ({ who: process.env.WHO, got: e.n });"}}}};
    auto& functions = provider("AWS::Lambda::Function");
    auto fn = functions.create(request(a, "Fn", props));
    ASSERT_TRUE(fn) << fn.error().to_string();
    EXPECT_EQ(fn->physical_id.rfind("Fn-", 0), 0U);
    EXPECT_EQ(fn->attributes["Arn"],
              "arn:aws:lambda:ap-southeast-2:111111111111:function:" + fn->physical_id);

    lambda::LambdaBackend backend(*cloud_);
    const lambda::LambdaCall call{a, kRegion, {}};
    auto out = backend.invoke(call, fn->physical_id, "", R"({"n": 7})");
    ASSERT_TRUE(out) << out.error().to_string();
    EXPECT_EQ(Json::parse(out->payload), (Json{{"who", "cfn"}, {"got", 7}}));

    // update in place: new code and environment
    Json next = props;
    next["Code"]["ZipFile"] = "exports.handler = async () => process.env.WHO + '-v2';";
    next["Environment"]["Variables"]["WHO"] = "cfn2";
    auto req = request(a, "Fn", next, fn->physical_id);
    req.previous_properties = props;
    ASSERT_TRUE(functions.update(req));
    out = backend.invoke(call, fn->physical_id, "", "{}");
    ASSERT_TRUE(out);
    EXPECT_EQ(out->payload, "\"cfn2-v2\"");

    auto& permissions = provider("AWS::Lambda::Permission");
    Json perm{{"FunctionName", fn->attributes["Arn"]},
              {"Action", "lambda:InvokeFunction"},
              {"Principal", "222222222222"}};
    auto p = permissions.create(request(a, "Perm", perm));
    ASSERT_TRUE(p) << p.error().to_string();
    auto stored = backend.get_function(call, fn->physical_id, "lambda:GetPolicy");
    ASSERT_TRUE(stored);
    EXPECT_EQ((*stored)["Policy"]["Statement"][0]["Sid"], p->physical_id);
    ASSERT_TRUE(permissions.remove(request(a, "Perm", perm, p->physical_id)));
    ASSERT_TRUE(permissions.remove(request(a, "Perm", perm, p->physical_id)));

    auto& versions = provider("AWS::Lambda::Version");
    auto v = versions.create(request(a, "Ver", Json{{"FunctionName", fn->physical_id}}));
    ASSERT_TRUE(v) << v.error().to_string();
    EXPECT_EQ(v->attributes["Version"], "1");
    EXPECT_EQ(v->physical_id, fn->attributes["Arn"].get<std::string>() + ":1");
    auto url = provider("AWS::Lambda::Url")
                   .create(request(a, "Url",
                                   Json{{"TargetFunctionArn", fn->attributes["Arn"]}, {"AuthType", "NONE"}}));
    ASSERT_TRUE(url) << url.error().to_string();
    EXPECT_NE(url->attributes["FunctionUrl"].get<std::string>().find(".lambda-url.ap-southeast-2.on.aws/"),
              std::string::npos);

    ASSERT_TRUE(functions.remove(request(a, "Fn", next, fn->physical_id)));
    ASSERT_TRUE(functions.remove(request(a, "Fn", next, fn->physical_id)));
    EXPECT_FALSE(backend.get_function(call, fn->physical_id, "lambda:GetFunction"));
}

TEST_F(FunctionProviderTest, CreatingAFunctionNeedsPassRole) {
    auto role =
        provider("AWS::IAM::Role")
            .create(request(admin(), "Role", Json{{"AssumeRolePolicyDocument", Json::parse(kLambdaTrust)}}));
    ASSERT_TRUE(role);
    auto fn = provider("AWS::Lambda::Function")
                  .create(request(limited("lambda:*"), "Fn",
                                  Json{{"Runtime", "python3.11"},
                                       {"Handler", "index.handler"},
                                       {"Role", role->attributes["Arn"]},
                                       {"Code", {{"ZipFile", "def handler(e, c):\n    return 1\n"}}}}));
    ASSERT_FALSE(fn);
    EXPECT_EQ(fn.error().code, "AccessDeniedException");
    EXPECT_NE(fn.error().message.find("iam:PassRole"), std::string::npos) << fn.error().message;
}

} // namespace
} // namespace cdk::localcloud::testing
