// Arn::split and Arn::extract_resource_name as aws-cdk-lib's Arn.split / Arn.extractResourceName behave.
#include "tokens/arn.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/resolve.hpp"
#include "tokens/token.hpp"

#include <gtest/gtest.h>

namespace cdk {
namespace {

TEST(Arn, SplitsLiteralArnsAndDetectsTheirFormat) {
    ArnComponents c = Arn::split("arn:aws:iam::111111111111:role/path/to/name", ArnFormat::SlashResourceName);
    EXPECT_EQ(c.partition, "aws");
    EXPECT_EQ(c.service, "iam");
    EXPECT_EQ(c.region, "");
    EXPECT_EQ(c.account, "111111111111");
    EXPECT_EQ(c.resource, "role");
    EXPECT_EQ(c.resource_name, std::optional<std::string>("path/to/name"));
    EXPECT_EQ(c.sep, std::optional<std::string>("/"));
    EXPECT_EQ(c.arn_format, ArnFormat::SlashResourceName);

    c = Arn::split("arn:aws:lambda:ap-southeast-2:111111111111:function:f:live",
                   ArnFormat::ColonResourceName);
    EXPECT_EQ(c.resource, "function");
    EXPECT_EQ(c.resource_name, std::optional<std::string>("f:live"));
    EXPECT_EQ(c.sep, std::optional<std::string>(":"));
    EXPECT_EQ(c.arn_format, ArnFormat::ColonResourceName);

    // NoResourceName keeps slashes in the resource; the format found wins over the one asked for otherwise.
    c = Arn::split("arn:aws:s3:::bucket/key.zip", ArnFormat::NoResourceName);
    EXPECT_EQ(c.resource, "bucket/key.zip");
    EXPECT_FALSE(c.resource_name.has_value());
    EXPECT_EQ(c.arn_format, ArnFormat::NoResourceName);
    c = Arn::split("arn:aws:sns:ap-southeast-2:111111111111:topic", ArnFormat::SlashResourceName);
    EXPECT_EQ(c.resource, "topic");
    EXPECT_FALSE(c.resource_name.has_value());
    EXPECT_EQ(c.arn_format, ArnFormat::NoResourceName);

    c = Arn::split("arn:aws:service:r:a:/res/name", ArnFormat::SlashResourceName);
    EXPECT_EQ(c.resource, "res");
    EXPECT_EQ(c.resource_name, std::optional<std::string>("name"));
    EXPECT_EQ(c.arn_format, ArnFormat::SlashResourceSlashResourceName);
}

TEST(Arn, RefusesWhatIsNotAnArnWithCdksMessages) {
    auto message = [](const std::string& arn) {
        try {
            (void)Arn::split(arn, ArnFormat::SlashResourceName);
        } catch (const ValidationError& e) {
            return e.message();
        }
        return std::string("no error");
    };
    EXPECT_EQ(message("not-an-arn"),
              "ARNs must start with \"arn:\" and have at least 6 components: not-an-arn");
    EXPECT_EQ(message("arn::s3:::b"),
              "The `partition` component (2nd component) of an ARN is required: arn::s3:::b");
    EXPECT_EQ(message("arn:aws::r:a:x"),
              "The `service` component (3rd component) of an ARN is required: arn:aws::r:a:x");
    EXPECT_EQ(message("arn:aws:s3:::"),
              "The `resource` component (6th component) of an ARN is required: arn:aws:s3:::");
}

TEST(Arn, SplitsTokensIntoSelectsOfSplits) {
    const std::string arn = Fn::import_value("RoleArn");
    const Json colon = resolve(Json(arn));
    auto select = [&](int i) {
        return Json{{"Fn::Select", Json::array({i, Json{{"Fn::Split", Json::array({":", colon})}}})}};
    };
    ArnComponents c = Arn::split(arn, ArnFormat::SlashResourceName);
    EXPECT_EQ(resolve(Json(c.account)), select(4));
    EXPECT_EQ(resolve(Json(c.region)), select(3));
    const Json slash{{"Fn::Split", Json::array({"/", select(5)})}};
    EXPECT_EQ(resolve(Json(c.resource)), (Json{{"Fn::Select", Json::array({0, slash})}}));
    EXPECT_EQ(resolve(Json(*c.resource_name)), (Json{{"Fn::Select", Json::array({1, slash})}}));
    EXPECT_EQ(c.arn_format, ArnFormat::SlashResourceName);

    c = Arn::split(arn, ArnFormat::ColonResourceName);
    EXPECT_EQ(resolve(Json(c.resource)), select(5));
    EXPECT_EQ(resolve(Json(*c.resource_name)), select(6));
    c = Arn::split(arn, ArnFormat::NoResourceName);
    EXPECT_EQ(resolve(Json(c.resource)), select(5));
    EXPECT_FALSE(c.resource_name.has_value());
}

TEST(Arn, ExtractsResourceNamesWithPaths) {
    EXPECT_EQ(Arn::extract_resource_name("arn:aws:iam::1:role/path/name", "role"), "path/name");
    EXPECT_THROW((void)Arn::extract_resource_name("arn:aws:iam::1:user/u", "role"), ValidationError);
    EXPECT_THROW((void)Arn::extract_resource_name("arn:aws:iam::1:role", "role"), ValidationError);
    const std::string arn = Fn::import_value("RoleArn");
    EXPECT_EQ(resolve(Json(Arn::extract_resource_name(arn, "role"))),
              (Json{{"Fn::Select",
                     Json::array({1, Json{{"Fn::Split", Json::array({":role/", resolve(Json(arn))})}}})}}));
}

} // namespace
} // namespace cdk
