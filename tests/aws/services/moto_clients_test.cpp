// Every typed client operation over HTTP against moto_server (a third-party AWS implementation),
// including assuming a role into another account and acting there.
#include "aws/cloudformation/cloudformation_client.hpp"
#include "aws/codepipeline/codepipeline_client.hpp"
#include "aws/http/curl_http_client.hpp"
#include "aws/iam/iam_client.hpp"
#include "aws/kms/kms_client.hpp"
#include "aws/lambda/lambda_client.hpp"
#include "aws/s3/s3_client.hpp"
#include "aws/ssm/ssm_client.hpp"
#include "aws/sts/sts_client.hpp"
#include "aws/support/moto_server.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace cdk::aws {
namespace {

using testing::MotoServer;

/// A session for moto's default account with fixed keys and every endpoint on the moto server.
auth::Session moto_session() {
    const auto& moto = MotoServer::instance();
    EXPECT_FALSE(moto.url().empty()) << moto.failure();
    auth::SessionOptions options;
    options.env = auth::Environment::from_map({{"AWS_ACCESS_KEY_ID", "AKIAMOTOTEST"},
                                               {"AWS_SECRET_ACCESS_KEY", "secret"},
                                               {"AWS_REGION", "ap-southeast-2"},
                                               {"AWS_ENDPOINT_URL", moto.url()},
                                               {"AWS_CONFIG_FILE", "/nonexistent"},
                                               {"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"}});
    return auth::Session::create(options).value();
}

std::string unique(const std::string& prefix) {
    static int n = 0;
    return prefix + std::to_string(::getpid()) + "-" + std::to_string(++n);
}

const char* kTemplate = R"({
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": {"Name": {"Type": "String", "Default": "v1"}},
  "Resources": {"Param": {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String", "Name": {"Fn::Sub": "/${AWS::StackName}/param"}, "Value": {"Ref": "Name"}}},
                "Topic": {"Type": "AWS::SNS::Topic"}},
  "Outputs": {"ParamName": {"Value": {"Ref": "Param"}, "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-param"}}}}
})";

TEST(MotoClientsTest, StsCallerIdentityAndCrossAccountAssumeRole) {
    const auto session = moto_session();
    auto sts = sts::StsClient::create(session).value();
    auto me = sts.get_caller_identity();
    ASSERT_TRUE(me) << me.error().to_string();
    EXPECT_EQ(me->account, "123456789012");

    auto assumed = sts.assume_role({.role_arn = "arn:aws:iam::111111111111:role/cdk-hnb659fds-deploy-role",
                                    .session_name = "aws-cdk-test"});
    ASSERT_TRUE(assumed) << assumed.error().to_string();
    EXPECT_FALSE(assumed->credentials.session_token.empty());
    EXPECT_TRUE(assumed->credentials.expiration.has_value());

    // Act in the other account through a session that assumes the role (cached provider).
    const auto target =
        session.assume_role({.role_arn = "arn:aws:iam::111111111111:role/cdk-hnb659fds-deploy-role"});
    auto there = sts::StsClient::create(target).value().get_caller_identity();
    ASSERT_TRUE(there) << there.error().to_string();
    EXPECT_EQ(there->account, "111111111111");
    EXPECT_NE(there->arn.find("assumed-role/cdk-hnb659fds-deploy-role"), std::string::npos);

    auto ssm_there = ssm::SsmClient::create(target).value();
    const std::string name = "/cdk-bootstrap/" + unique("q") + "/version";
    ASSERT_TRUE(ssm_there.put_parameter(name, "33"));
    EXPECT_EQ(ssm_there.get_parameter(name).value()->value, "33");
    auto home = ssm::SsmClient::create(session).value().get_parameter(name);
    ASSERT_TRUE(home);
    EXPECT_FALSE(home->has_value()) << "the parameter lives in account 111111111111 only";
}

TEST(MotoClientsTest, SsmParameters) {
    auto ssm = ssm::SsmClient::create(moto_session()).value();
    const std::string base = "/" + unique("app");
    EXPECT_EQ(ssm.put_parameter(base + "/a", "1").value(), 1);
    EXPECT_EQ(ssm.put_parameter(base + "/a", "2").value(), 2);
    ASSERT_TRUE(ssm.put_parameter(base + "/b/c", "secret", "SecureString"));
    auto a = ssm.get_parameter(base + "/a");
    ASSERT_TRUE(a && a->has_value());
    EXPECT_EQ((*a)->value, "2");
    EXPECT_EQ((*a)->version, 2);
    EXPECT_EQ(ssm.get_parameter(base + "/b/c", true).value()->value, "secret");
    EXPECT_EQ(ssm.get_parameters_by_path(base).value().size(), 2u);
    ASSERT_TRUE(ssm.delete_parameter(base + "/a"));
    EXPECT_FALSE(ssm.get_parameter(base + "/a").value().has_value());
    auto missing = ssm.delete_parameter(base + "/a");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "ParameterNotFound");
}

TEST(MotoClientsTest, S3BucketsObjectsMultipartAndPresign) {
    auto s3 = s3::S3Client::create(moto_session()).value();
    const std::string bucket = unique("cdk-assets-");
    ASSERT_TRUE(s3.create_bucket(bucket));
    EXPECT_TRUE(s3.bucket_exists(bucket).value());
    EXPECT_FALSE(s3.bucket_exists(bucket + "-missing").value());
    const auto buckets = s3.list_buckets().value();
    EXPECT_NE(std::find(buckets.begin(), buckets.end(), bucket), buckets.end());
    EXPECT_EQ(s3.get_bucket_location(bucket).value(), "ap-southeast-2");

    const std::string key = "assets/a b+c/file.json";
    const std::string body = "{\"hello\": \"world\"}";
    auto etag = s3.put_object(bucket, key, body,
                              {{"ContentType", "application/json"}, {"Metadata", {{"owner", "me"}}}});
    ASSERT_TRUE(etag) << etag.error().to_string();
    auto got = s3.get_object(bucket, key);
    ASSERT_TRUE(got) << got.error().to_string();
    EXPECT_EQ(got->body, body);
    EXPECT_EQ(got->info.content_type, "application/json");
    EXPECT_EQ(got->info.metadata["owner"], "me");
    auto head = s3.head_object(bucket, key);
    ASSERT_TRUE(head && head->has_value());
    EXPECT_EQ((*head)->size, static_cast<long long>(body.size()));
    EXPECT_EQ((*head)->etag, *etag);
    EXPECT_FALSE(s3.head_object(bucket, "nope").value().has_value());

    std::string big(5 * 1024 * 1024 + 100, 'x');
    big[12345] = 'y';
    auto multipart = s3.upload_multipart(bucket, "big.bin", big, 5 * 1024 * 1024);
    ASSERT_TRUE(multipart) << multipart.error().to_string();
    EXPECT_NE(multipart->find("-2"), std::string::npos) << "two-part ETag: " << *multipart;
    EXPECT_EQ(s3.get_object(bucket, "big.bin").value().body, big);

    const auto listed = s3.list_objects(bucket).value();
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(s3.list_objects(bucket, "assets/").value().size(), 1u);

    auto url = s3.presign_get(bucket, key, std::chrono::seconds(300));
    ASSERT_TRUE(url);
    ClientRequest plain;
    plain.endpoint = url->substr(0, url->find('/', 8));
    const std::string rest = url->substr(plain.endpoint.size());
    plain.path = rest.substr(0, rest.find('?'));
    plain.query = rest.substr(rest.find('?') + 1);
    auto fetched = http::CurlHttpClient().send(plain, {});
    ASSERT_TRUE(fetched);
    EXPECT_EQ(fetched->status, 200);
    EXPECT_EQ(fetched->body, body);

    ASSERT_TRUE(s3.delete_object(bucket, key));
    ASSERT_TRUE(s3.delete_object(bucket, "big.bin"));
    ASSERT_TRUE(s3.delete_bucket(bucket));
    auto gone = s3.get_object(bucket, key);
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().code, "NoSuchBucket");
}

TEST(MotoClientsTest, CloudFormationStacksChangeSetsEventsAndExports) {
    auto cfn = cloudformation::CloudFormationClient::create(moto_session()).value();
    const std::string stack = unique("Prod");
    EXPECT_FALSE(cfn.describe_stack(stack).value().has_value());

    auto cs = cfn.create_change_set(
        {{"StackName", stack},
         {"ChangeSetName", "cdk-deploy-change-set"},
         {"ChangeSetType", "CREATE"},
         {"TemplateBody", kTemplate},
         {"Capabilities", Json::array({"CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"})},
         {"Parameters", Json::array({Json{{"ParameterKey", "Name"}, {"ParameterValue", "v2"}}})}});
    ASSERT_TRUE(cs) << cs.error().to_string();
    auto described = cfn.describe_change_set(stack, "cdk-deploy-change-set");
    ASSERT_TRUE(described) << described.error().to_string();
    EXPECT_EQ((*described)["ChangeSetName"], "cdk-deploy-change-set");
    EXPECT_FALSE((*described)["Changes"].empty());
    EXPECT_FALSE(cfn.list_change_sets(stack).value().empty());
    auto executed = cfn.execute_change_set(stack, "cdk-deploy-change-set");
    ASSERT_TRUE(executed) << executed.error().to_string();

    auto st = cfn.describe_stack(stack);
    ASSERT_TRUE(st && st->has_value()) << (st ? "missing" : st.error().to_string());
    EXPECT_EQ((*st)->status, "CREATE_COMPLETE");
    EXPECT_EQ((*st)->parameters["Name"], "v2");
    EXPECT_FALSE(cfn.describe_stacks().value().empty());

    const auto events = cfn.describe_stack_events(stack).value();
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.front().stack_name, stack);
    EXPECT_FALSE(events.front().timestamp.empty());
    EXPECT_EQ(cfn.describe_stack_resources(stack).value().size(), 2u);
    EXPECT_EQ(cfn.list_stack_resources(stack).value().size(), 2u);
    EXPECT_NE(cfn.get_template(stack).value().find("AWS::SSM::Parameter"), std::string::npos);
    auto summary = cfn.get_template_summary({{"StackName", stack}});
    ASSERT_TRUE(summary) << summary.error().to_string();
    EXPECT_FALSE((*summary)["ResourceTypes"].empty());

    // An update through a second change set, then the stack's own CreateStack/UpdateStack paths.
    auto update = cfn.create_change_set({{"StackName", stack},
                                         {"ChangeSetName", "cdk-update"},
                                         {"ChangeSetType", "UPDATE"},
                                         {"TemplateBody", kTemplate}});
    ASSERT_TRUE(update) << update.error().to_string();
    ASSERT_TRUE(cfn.delete_change_set(stack, "cdk-update"));

    // moto lacks UpdateTerminationProtection, ContinueUpdateRollback and RollbackStack: see
    // cloudformation_client_test.cpp, which runs them against a loopback stub.
    ASSERT_TRUE(cfn.delete_stack(stack));

    const std::string direct = unique("Direct");
    auto id = cfn.create_stack({{"StackName", direct}, {"TemplateBody", kTemplate}});
    ASSERT_TRUE(id) << id.error().to_string();
    EXPECT_NE(id->find(direct), std::string::npos);
    auto exports = cfn.list_exports();
    ASSERT_TRUE(exports);
    bool found = false;
    for (const auto& e : *exports)
        found = found || e.value("Name", "") == direct + "-param";
    EXPECT_TRUE(found);
    auto updated = cfn.update_stack(
        {{"StackName", direct},
         {"TemplateBody", kTemplate},
         {"Parameters", Json::array({Json{{"ParameterKey", "Name"}, {"ParameterValue", "v3"}}})}});
    ASSERT_TRUE(updated) << updated.error().to_string();
    ASSERT_TRUE(cfn.delete_stack(direct));
}

TEST(MotoClientsTest, IamRolesKmsAndLambda) {
    const auto session = moto_session();
    auto iam_raw = session.client("iam").value();
    const std::string role = unique("cdk-exec-");
    const Json trust{{"Version", "2012-10-17"},
                     {"Statement", Json::array({Json{{"Effect", "Allow"},
                                                     {"Principal", {{"Service", "lambda.amazonaws.com"}}},
                                                     {"Action", "sts:AssumeRole"}}})}};
    auto created =
        iam_raw.call("CreateRole", {{"RoleName", role}, {"AssumeRolePolicyDocument", trust.dump()}});
    ASSERT_TRUE(created) << created.error().to_string();
    ASSERT_TRUE(iam_raw.call(
        "PutRolePolicy",
        {{"RoleName", role},
         {"PolicyName", "inline"},
         {"PolicyDocument",
          R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})"}}));
    auto policy = iam_raw.call(
        "CreatePolicy",
        {{"PolicyName", role + "-managed"},
         {"PolicyDocument",
          R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:GetParameter","Resource":"*"}]})"}});
    ASSERT_TRUE(policy) << policy.error().to_string();
    auto attached =
        iam_raw.call("AttachRolePolicy", {{"RoleName", role}, {"PolicyArn", (*policy)["Policy"]["Arn"]}});
    ASSERT_TRUE(attached) << attached.error().to_string();

    auto iam = iam::IamClient::create(session).value();
    auto got = iam.get_role(role);
    ASSERT_TRUE(got && got->has_value()) << (got ? "missing" : got.error().to_string());
    EXPECT_EQ((**got)["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"],
              "lambda.amazonaws.com");
    EXPECT_FALSE(iam.get_role(role + "-nope").value().has_value());
    bool listed = false;
    const auto roles = iam.list_roles().value();
    for (const auto& r : roles)
        listed = listed || r.value("RoleName", "") == role;
    EXPECT_TRUE(listed);
    EXPECT_EQ(iam.list_role_policies(role).value(), std::vector<std::string>{"inline"});
    EXPECT_EQ(iam.get_role_policy(role, "inline").value()["Statement"][0]["Action"], "s3:*");
    EXPECT_EQ(iam.list_attached_role_policies(role).value().size(), 1u);

    auto kms = kms::KmsClient::create(session).value();
    auto key = kms.create_key("cdk pipeline artifacts");
    ASSERT_TRUE(key) << key.error().to_string();
    const std::string key_id = (*key)["KeyId"];
    EXPECT_EQ(kms.describe_key(key_id).value()["Description"], "cdk pipeline artifacts");
    const std::string alias = "alias/" + unique("pipeline");
    ASSERT_TRUE(kms.create_alias(alias, key_id));
    bool alias_listed = false;
    const auto aliases = kms.list_aliases().value();
    for (const auto& a : aliases)
        alias_listed = alias_listed || a.value("AliasName", "") == alias;
    EXPECT_TRUE(alias_listed);
    const std::string secret("binary\x00\xff secret", 15);
    auto ciphertext = kms.encrypt(alias, secret);
    ASSERT_TRUE(ciphertext) << ciphertext.error().to_string();
    EXPECT_NE(*ciphertext, secret);
    EXPECT_EQ(kms.decrypt(*ciphertext).value(), secret);

    auto lambda_raw = session.client("lambda").value();
    const std::string fn = unique("fn-");
    // A minimal zip archive (empty, valid end-of-central-directory record).
    const std::string zip("PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 22);
    auto create = lambda_raw.call("CreateFunction", {{"FunctionName", fn},
                                                     {"Runtime", "nodejs20.x"},
                                                     {"Role", (**got)["Arn"]},
                                                     {"Handler", "index.handler"},
                                                     {"Code", {{"ZipFile", zip}}}});
    ASSERT_TRUE(create) << create.error().to_string();
    auto lambda = lambda::LambdaClient::create(session).value();
    auto fn_info = lambda.get_function(fn);
    ASSERT_TRUE(fn_info) << fn_info.error().to_string();
    EXPECT_EQ((*fn_info)["Configuration"]["FunctionName"], fn);
    EXPECT_EQ((*fn_info)["Configuration"]["Runtime"], "nodejs20.x");
    auto invoked = lambda.invoke(fn, R"({"ping": 1})");
    ASSERT_TRUE(invoked) << invoked.error().to_string();
    EXPECT_EQ(invoked->status_code, 200);
    EXPECT_FALSE(invoked->payload.empty());
    auto missing = lambda.get_function(fn + "-missing");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "ResourceNotFoundException");
}

TEST(MotoClientsTest, CodePipelineDefinitionCalls) {
    const auto session = moto_session();
    auto iam_raw = session.client("iam").value();
    const std::string role = unique("pipeline-role-");
    const Json trust{
        {"Version", "2012-10-17"},
        {"Statement", Json::array({Json{{"Effect", "Allow"},
                                        {"Principal", {{"Service", "codepipeline.amazonaws.com"}}},
                                        {"Action", "sts:AssumeRole"}}})}};
    auto created_role =
        iam_raw.call("CreateRole", {{"RoleName", role}, {"AssumeRolePolicyDocument", trust.dump()}});
    ASSERT_TRUE(created_role);
    const std::string name = unique("Pipeline");
    auto action = [](const std::string& n, const std::string& category, const std::string& provider) {
        return Json{{"name", n},
                    {"actionTypeId",
                     {{"category", category}, {"owner", "AWS"}, {"provider", provider}, {"version", "1"}}},
                    {"configuration", {{"S3Bucket", "b"}, {"S3ObjectKey", "k"}}},
                    {"outputArtifacts", Json::array()}};
    };
    Json pipeline{{"name", name},
                  {"roleArn", (*created_role)["Role"]["Arn"]},
                  {"artifactStore", {{"type", "S3"}, {"location", "artifacts"}}},
                  {"stages", Json::array({Json{{"name", "Source"},
                                               {"actions", Json::array({action("Src", "Source", "S3")})}},
                                          Json{{"name", "Approve"},
                                               {"actions", Json::array({Json{{"name", "Approve"},
                                                                             {"actionTypeId",
                                                                              {{"category", "Approval"},
                                                                               {"owner", "AWS"},
                                                                               {"provider", "Manual"},
                                                                               {"version", "1"}}}}})}}})}};
    auto cp_raw = session.client("codepipeline").value();
    auto created = cp_raw.call("CreatePipeline", {{"pipeline", pipeline}});
    ASSERT_TRUE(created) << created.error().to_string();
    auto cp = codepipeline::CodePipelineClient::create(session).value();
    auto got = cp.get_pipeline(name);
    ASSERT_TRUE(got) << got.error().to_string();
    EXPECT_EQ((*got)["pipeline"]["stages"].size(), 2u);
    EXPECT_EQ((*got)["pipeline"]["stages"][1]["actions"][0]["actionTypeId"]["provider"], "Manual");
}

} // namespace
} // namespace cdk::aws
