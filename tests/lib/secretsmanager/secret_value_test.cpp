// SecretValue renders the CDK's dynamic references.
#include "lib/secretsmanager/secret_value.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

TEST(SecretValue, SecretsManagerDefaultsToTheWholeSecretString) {
    EXPECT_EQ(cdk::SecretValue::secrets_manager("github-token").to_string(),
              "{{resolve:secretsmanager:github-token:SecretString:::}}");
}

TEST(SecretValue, SecretsManagerWithFieldStageAndVersion) {
    EXPECT_EQ(
        cdk::SecretValue::secrets_manager("db", {.json_field = "password", .version_stage = "AWSPREVIOUS"})
            .to_string(),
        "{{resolve:secretsmanager:db:SecretString:password:AWSPREVIOUS:}}");
    EXPECT_EQ(cdk::SecretValue::secrets_manager("db", {.version_id = "v1"}).to_string(),
              "{{resolve:secretsmanager:db:SecretString:::v1}}");
    const std::string arn = "arn:aws:secretsmanager:ap-southeast-2:111111111111:secret:db-AbCdEf";
    EXPECT_EQ(cdk::SecretValue::secrets_manager(arn).to_string(),
              "{{resolve:secretsmanager:" + arn + ":SecretString:::}}");
}

TEST(SecretValue, FailsOnStageAndVersionTogetherOrANameWithColons) {
    EXPECT_THROW(
        (void)cdk::SecretValue::secrets_manager("db", {.version_stage = "AWSCURRENT", .version_id = "v1"}),
        cdk::ValidationError);
    EXPECT_THROW((void)cdk::SecretValue::secrets_manager("a:b"), cdk::ValidationError);
    EXPECT_THROW((void)cdk::SecretValue::secrets_manager(""), cdk::ValidationError);
}

TEST(SecretValue, SsmSecureAndPlainText) {
    EXPECT_EQ(cdk::SecretValue::ssm_secure("/app/key").to_string(), "{{resolve:ssm-secure:/app/key}}");
    EXPECT_EQ(cdk::SecretValue::ssm_secure("/app/key", "3").to_string(), "{{resolve:ssm-secure:/app/key:3}}");
    const auto plain = cdk::SecretValue::unsafe_plain_text("hunter2");
    EXPECT_EQ(plain.to_string(), "hunter2");
    EXPECT_TRUE(plain.is_plain_text());
    EXPECT_FALSE(cdk::SecretValue::ssm_secure("/p").is_plain_text());
}
