// CloudFormation calls moto does not implement (UpdateTerminationProtection, ContinueUpdateRollback,
// RollbackStack), over HTTP to a loopback stub that decodes them with the shared query-protocol codec.
#include "aws/cloudformation/cloudformation_client.hpp"
#include "aws/protocol/codec.hpp"
#include "aws/support/test_http_server.hpp"

#include <gtest/gtest.h>

namespace cdk::aws::cloudformation {
namespace {

TEST(CloudFormationClientTest, TerminationProtectionAndRollbackCalls) {
    const auto& model = *protocol::ServiceModel::get("cloudformation").value();
    std::vector<protocol::ParsedRequest> seen;
    bool protected_stack = false;
    testing::TestHttpServer server([&](const ClientRequest& r) {
        auto parsed = protocol::parse_request(model, r);
        if (!parsed) {
            auto e = protocol::serialize_error(model, parsed.error(), "x");
            return testing::Reply{e.status, e.headers, e.body};
        }
        seen.push_back(*parsed);
        Json out = Json::object();
        if (parsed->operation == "UpdateTerminationProtection") {
            protected_stack = parsed->input["EnableTerminationProtection"].get<bool>();
            out = {{"StackId", "arn:aws:cloudformation:ap-southeast-2:1:stack/Prod/1"}};
        } else if (parsed->operation == "DescribeStacks") {
            out = {{"Stacks", Json::array({Json{{"StackName", "Prod"},
                                                {"StackStatus", "UPDATE_ROLLBACK_FAILED"},
                                                {"CreationTime", "2026-01-02T03:04:05Z"},
                                                {"EnableTerminationProtection", protected_stack}}})}};
        } else if (parsed->operation == "RollbackStack") {
            out = {{"StackId", "id"}};
        }
        auto resp = protocol::serialize_response(model, parsed->operation, out, "rid");
        return testing::Reply{resp.status, resp.headers, resp.body};
    });
    ClientConfig config;
    config.endpoint = {server.url(), "ap-southeast-2", true, "stub"};
    config.credentials =
        std::make_shared<StaticCredentialsProvider>(Credentials{"A", "S", "", std::nullopt}, "t");
    CloudFormationClient cfn(AwsClient::create("cloudformation", config).value());

    ASSERT_TRUE(cfn.update_termination_protection("Prod", true));
    auto stack = cfn.describe_stack("Prod");
    ASSERT_TRUE(stack && stack->has_value());
    EXPECT_TRUE((*stack)->termination_protection);
    EXPECT_EQ((*stack)->status, "UPDATE_ROLLBACK_FAILED");
    ASSERT_TRUE(cfn.continue_update_rollback("Prod", "arn:aws:iam::1:role/cfn-exec"));
    ASSERT_TRUE(cfn.rollback_stack("Prod"));
    ASSERT_EQ(seen.size(), 4u);
    EXPECT_EQ(seen[2].operation, "ContinueUpdateRollback");
    EXPECT_EQ(seen[2].input["RoleARN"], "arn:aws:iam::1:role/cfn-exec");
    EXPECT_EQ(seen[3].operation, "RollbackStack");
}

} // namespace
} // namespace cdk::aws::cloudformation
