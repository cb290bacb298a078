#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/resolve.hpp"
#include "tokens/token.hpp"

#include <gtest/gtest.h>

namespace cdk {
namespace {

Json r(const Json& v) {
    return resolve(v);
}

TEST(Fn, RefGetAttSubBase64ImportValue) {
    EXPECT_EQ(r(Fn::ref("X")), (Json{{"Ref", "X"}}));
    EXPECT_EQ(r(Fn::get_att("X", "Arn")), Json::parse(R"({"Fn::GetAtt":["X","Arn"]})"));
    EXPECT_EQ(r(Fn::sub("${AWS::StackName}-data")), (Json{{"Fn::Sub", "${AWS::StackName}-data"}}));
    EXPECT_EQ(r(Fn::sub("${A}", {{"A", "x"}})), Json::parse(R"({"Fn::Sub":["${A}",{"A":"x"}]})"));
    EXPECT_EQ(r(Fn::base64("hello")), (Json{{"Fn::Base64", "hello"}}));
    EXPECT_EQ(r(Fn::import_value("exp")), (Json{{"Fn::ImportValue", "exp"}}));
    EXPECT_EQ(r(Fn::find_in_map("M", "a", "b")), Json::parse(R"({"Fn::FindInMap":["M","a","b"]})"));
}

TEST(Fn, JoinFoldsLiterals) {
    EXPECT_EQ(r(Fn::join("-", {"a", "b"})), Json("a-b"));
    EXPECT_EQ(r(Fn::join("-", {"a", "b", Fn::ref("X")})),
              Json::parse(R"({"Fn::Join":["-",["a-b",{"Ref":"X"}]]})"));
    EXPECT_THROW((void)Fn::join("-", {}), ValidationError);
}

TEST(Fn, SplitSelectLiteralAndTokens) {
    EXPECT_EQ(Fn::split("-", "a-b-c"), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(Fn::select(1, {"a", "b"}), "b");
    EXPECT_EQ(r(Fn::select(0, Fn::get_azs())), Json::parse(R"({"Fn::Select":[0,{"Fn::GetAZs":""}]})"));
    EXPECT_EQ(r(Fn::join("+", Fn::split("-", Fn::ref("Stage")))),
              Json::parse(R"({"Fn::Join":["+",{"Fn::Split":["-",{"Ref":"Stage"}]}]})"));
    EXPECT_EQ(Fn::split("-", Fn::ref("S"), 2).size(), 2U);
}

TEST(Fn, CidrValidatesCount) {
    EXPECT_EQ(r(Fn::select(1, Fn::cidr("10.0.0.0/16", 4, "8"))),
              Json::parse(R"({"Fn::Select":[1,{"Fn::Cidr":["10.0.0.0/16",4,"8"]}]})"));
    EXPECT_THROW((void)Fn::cidr("10.0.0.0/16", 0, "8"), ValidationError);
    EXPECT_THROW((void)Fn::cidr("10.0.0.0/16", 257, "8"), ValidationError);
}

TEST(Fn, Conditions) {
    const Json eq = Fn::condition_equals(Fn::ref("Stage"), "prod");
    EXPECT_EQ(r(eq), Json::parse(R"({"Fn::Equals":[{"Ref":"Stage"},"prod"]})"));
    EXPECT_EQ(r(Fn::condition_not(eq)),
              Json::parse(R"({"Fn::Not":[{"Fn::Equals":[{"Ref":"Stage"},"prod"]}]})"));
    EXPECT_EQ(r(Fn::condition_and({eq})), r(eq)) << "one condition is returned as is";
    EXPECT_EQ(r(Fn::condition_if("IsProd", "big", Aws::NO_VALUE)),
              Json::parse(R"({"Fn::If":["IsProd","big",{"Ref":"AWS::NoValue"}]})"));
    std::vector<Json> many(11, eq);
    const Json grouped = r(Fn::condition_or(many));
    ASSERT_TRUE(grouped.contains("Fn::Or"));
    EXPECT_EQ(grouped["Fn::Or"].size(), 2U) << "more than 10 conditions are grouped by 10";
}

TEST(Fn, ToJsonStringAndLength) {
    EXPECT_EQ(Fn::to_json_string(Json{{"a", 1}}), "{\"a\":1}");
    std::vector<std::string> transforms;
    ResolveOptions options;
    options.add_transform = [&](const std::string& t) { transforms.push_back(t); };
    EXPECT_EQ(resolve(Json(Fn::to_json_string(Json{{"a", Fn::ref("X")}})), options),
              Json::parse(R"({"Fn::ToJsonString":{"a":{"Ref":"X"}}})"));
    EXPECT_EQ(transforms, std::vector<std::string>{"AWS::LanguageExtensions"});
    EXPECT_EQ(Fn::len(Json::array({1, 2, 3})), 3.0);
    EXPECT_EQ(resolve(Json(Fn::len(Json(Fn::get_azs())))),
              Json::parse(R"({"Fn::Length":{"Fn::GetAZs":""}})"));
}

TEST(Aws, PseudoParameters) {
    EXPECT_EQ(r(Aws::ACCOUNT_ID), (Json{{"Ref", "AWS::AccountId"}}));
    EXPECT_EQ(r(Aws::REGION), (Json{{"Ref", "AWS::Region"}}));
    EXPECT_EQ(r(Aws::PARTITION), (Json{{"Ref", "AWS::Partition"}}));
    EXPECT_EQ(r(Aws::STACK_NAME), (Json{{"Ref", "AWS::StackName"}}));
    EXPECT_EQ(r(Aws::STACK_ID), (Json{{"Ref", "AWS::StackId"}}));
    EXPECT_EQ(r(Aws::URL_SUFFIX), (Json{{"Ref", "AWS::URLSuffix"}}));
    EXPECT_EQ(r(Aws::NO_VALUE), (Json{{"Ref", "AWS::NoValue"}}));
    EXPECT_EQ(r(Json(Aws::NOTIFICATION_ARNS)), (Json{{"Ref", "AWS::NotificationARNs"}}));
}

} // namespace
} // namespace cdk
