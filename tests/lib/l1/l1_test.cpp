// Uses generated L1 classes of unrelated services (DynamoDB, EC2, ECS, S3): typed props render in
// CloudFormation casing, tokens work in every position, attributes become Fn::GetAtt, and a missing
// required property is a synth error naming the construct path and the property.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/dynamodb/generated/cfn_dynamodb.hpp"
#include "lib/ec2/generated/cfn_ec2.hpp"
#include "lib/ecs/generated/cfn_ecs.hpp"
#include "lib/s3/generated/cfn_s3.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"

#include <gtest/gtest.h>

namespace cdk {
namespace {

Json render(const CfnElement& e) {
    const Json all = e.stack().resolve(e.to_cloudformation());
    return all["Resources"][e.logical_id()];
}

class L1Test : public ::testing::Test {
protected:
    App app{{.outdir = ::testing::TempDir() + "/l1_test_out"}};
    Stack stack{app, "S"};
};

TEST_F(L1Test, DynamoDbTableRendersNestedStructsAndIntegers) {
    dynamodb::CfnTable table(
        stack, "Table",
        {.attribute_definitions = {{{.attribute_name = "pk", .attribute_type = "S"}}},
         .billing_mode = "PROVISIONED",
         .key_schema = {{{.attribute_name = "pk", .key_type = "HASH"}}},
         .provisioned_throughput = {{.read_capacity_units = 5, .write_capacity_units = 2}}});
    EXPECT_EQ(render(table), Json::parse(R"({"Type":"AWS::DynamoDB::Table","Properties":{
        "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
        "BillingMode":"PROVISIONED",
        "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
        "ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":2}}})"));
    EXPECT_EQ(stack.resolve(Json(table.attr_arn())), Json::parse(R"({"Fn::GetAtt":["Table","Arn"]})"));
    EXPECT_EQ(stack.resolve(Json(table.ref())), Json::parse(R"({"Ref":"Table"})"));
}

TEST_F(L1Test, Ec2ReferencesAcrossResourcesAndTokensInNumbersAndLists) {
    ec2::CfnVPC vpc(stack, "Vpc", {.cidr_block = "10.0.0.0/16", .enable_dns_support = true});
    ec2::CfnSubnet subnet(stack, "Subnet",
                          {.availability_zone = Fn::select(0, Fn::get_azs()),
                           .cidr_block = Fn::select(0, Fn::cidr("10.0.0.0/16", 4, "8")),
                           .vpc_id = vpc.ref()});
    ec2::CfnSecurityGroupIngress ingress(stack, "Ingress",
                                         {.from_port = 443,
                                          .group_id = vpc.attr_default_security_group(),
                                          .ip_protocol = "tcp",
                                          .to_port = 443});
    const Json s = render(subnet);
    EXPECT_EQ(s["Properties"]["VpcId"], Json::parse(R"({"Ref":"Vpc"})"));
    EXPECT_EQ(s["Properties"]["AvailabilityZone"], Json::parse(R"({"Fn::Select":[0,{"Fn::GetAZs":""}]})"));
    EXPECT_EQ(render(vpc)["Properties"]["EnableDnsSupport"], true);
    const Json i = render(ingress);
    EXPECT_EQ(i["Properties"]["GroupId"], Json::parse(R"({"Fn::GetAtt":["Vpc","DefaultSecurityGroup"]})"));
    EXPECT_EQ(i["Properties"]["FromPort"], 443);
    // A list-valued attribute is a list token that resolves to the GetAtt itself.
    const std::vector<std::string> assoc = vpc.attr_cidr_block_associations();
    ASSERT_EQ(assoc.size(), 1u);
    EXPECT_EQ(stack.resolve(Json(assoc)), Json::parse(R"({"Fn::GetAtt":["Vpc","CidrBlockAssociations"]})"));
}

TEST_F(L1Test, EcsClusterWithSettingsAndTags) {
    ecs::CfnCluster cluster(stack, "Cluster",
                            {.cluster_name = Aws::STACK_NAME + std::string("-cluster"),
                             .cluster_settings = {{{.name = "containerInsights", .value = "enabled"}}},
                             .tags = {{{.key = "team", .value = "platform"}}}});
    const Json c = render(cluster);
    EXPECT_EQ(c["Properties"]["ClusterName"],
              Json::parse(R"({"Fn::Join":["",[{"Ref":"AWS::StackName"},"-cluster"]]})"));
    EXPECT_EQ(c["Properties"]["ClusterSettings"],
              Json::parse(R"([{"Name":"containerInsights","Value":"enabled"}])"));
    EXPECT_EQ(c["Properties"]["Tags"], Json::parse(R"([{"Key":"team","Value":"platform"}])"));
}

TEST_F(L1Test, S3BucketPropsCanChangeAfterConstructionAndRawJsonPasses) {
    s3::CfnBucket bucket(stack, "Bucket", {.versioning_configuration = {{.status = "Enabled"}}});
    bucket.props().bucket_name = "my-bucket";
    bucket.props().cors_configuration = Prop<s3::CfnBucket::CorsConfigurationProperty>::raw(
        Json::parse(R"({"CorsRules":[{"AllowedMethods":["GET"],"AllowedOrigins":["*"]}]})"));
    const Json b = render(bucket);
    EXPECT_EQ(b["Properties"]["BucketName"], "my-bucket");
    EXPECT_EQ(b["Properties"]["VersioningConfiguration"], Json::parse(R"({"Status":"Enabled"})"));
    EXPECT_EQ(b["Properties"]["CorsConfiguration"]["CorsRules"][0]["AllowedMethods"][0], "GET");
    EXPECT_EQ(stack.resolve(Json(bucket.attr_arn())), Json::parse(R"({"Fn::GetAtt":["Bucket","Arn"]})"));
}

TEST_F(L1Test, FailsWhenARequiredPropertyIsMissing) {
    try {
        dynamodb::CfnTable table(stack, "Table", {.billing_mode = "PAY_PER_REQUEST"});
        FAIL() << "expected a ValidationError";
    } catch (const ValidationError& e) {
        EXPECT_EQ(e.path(), "S/Table");
        EXPECT_NE(std::string(e.what()).find("'KeySchema'"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("AWS::DynamoDB::Table"), std::string::npos) << e.what();
    }
}

TEST_F(L1Test, FailsWhenARequiredNestedPropertyIsMissingAtSynthesis) {
    dynamodb::CfnTable table(stack, "Table",
                             {.attribute_definitions = {{{.attribute_name = "pk"}}},
                              .key_schema = {{{.attribute_name = "pk", .key_type = "HASH"}}}});
    try {
        (void)render(table);
        FAIL() << "expected a ValidationError";
    } catch (const ValidationError& e) {
        EXPECT_EQ(e.path(), "S/Table");
        EXPECT_NE(std::string(e.what()).find("AttributeDefinitions.0.AttributeType"), std::string::npos)
            << e.what();
    }
}

} // namespace
} // namespace cdk
