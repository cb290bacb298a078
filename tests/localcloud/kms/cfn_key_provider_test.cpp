#include "localcloud/kms/cfn_key_provider.hpp"
#include "support/provider_fixture.hpp"

namespace cdk::localcloud::testing {
namespace {

using KeyProviderTest = ProviderTest;

TEST_F(KeyProviderTest, KeyAndAliasLifecycle) {
    const Json policy = Json::parse(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
        "Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"kms:*","Resource":"*"}]})");
    auto& keys = provider("AWS::KMS::Key");
    auto k = keys.create(request(admin(), "Key", Json{{"KeyPolicy", policy}, {"EnableKeyRotation", true}}));
    ASSERT_TRUE(k) << k.error().to_string();
    EXPECT_EQ(k->attributes["KeyId"], k->physical_id);
    EXPECT_EQ(k->attributes["Arn"], "arn:aws:kms:ap-southeast-2:111111111111:key/" + k->physical_id);
    auto stored =
        store_->read<Json>([&](Tx& tx) { return kms_->resolve_key(tx, kAccount, kRegion, k->physical_id); });
    ASSERT_TRUE(stored);
    EXPECT_EQ((*stored)["RotationEnabled"], true);
    EXPECT_EQ((*stored)["Policy"], policy);

    auto& aliases = provider("AWS::KMS::Alias");
    auto a = aliases.create(request(
        admin(), "Alias", Json{{"AliasName", "alias/cdk-q-assets"}, {"TargetKeyId", k->attributes["Arn"]}}));
    ASSERT_TRUE(a) << a.error().to_string();
    EXPECT_EQ(a->physical_id, "alias/cdk-q-assets");
    auto via_alias = store_->read<Json>(
        [&](Tx& tx) { return kms_->resolve_key(tx, kAccount, kRegion, "alias/cdk-q-assets"); });
    ASSERT_TRUE(via_alias);
    EXPECT_EQ((*via_alias)["KeyId"], k->physical_id);

    ASSERT_TRUE(aliases.remove(request(admin(), "Alias", Json::object(), "alias/cdk-q-assets")));
    ASSERT_TRUE(aliases.remove(request(admin(), "Alias", Json::object(), "alias/cdk-q-assets")));
    ASSERT_TRUE(keys.remove(request(admin(), "Key", Json::object(), k->physical_id)));
    stored =
        store_->read<Json>([&](Tx& tx) { return kms_->resolve_key(tx, kAccount, kRegion, k->physical_id); });
    EXPECT_EQ((*stored)["KeyState"], "PendingDeletion");
    ASSERT_TRUE(keys.remove(request(admin(), "Key", Json::object(), k->physical_id)));
}

TEST_F(KeyProviderTest, KeyPolicyGovernsLaterOperations) {
    // a key whose policy admits nobody but a named role cannot be re-policied by the admin session
    const Json policy = Json::parse(R"({"Statement":[{"Effect":"Allow",
        "Principal":{"AWS":"arn:aws:iam::111111111111:role/other"},"Action":"kms:*","Resource":"*"}]})");
    auto& keys = provider("AWS::KMS::Key");
    auto k = keys.create(request(admin(), "Key", Json{{"KeyPolicy", policy}}));
    ASSERT_TRUE(k) << k.error().to_string();
    auto req =
        request(admin(), "Key", Json{{"KeyPolicy", policy}, {"EnableKeyRotation", true}}, k->physical_id);
    req.previous_properties = Json{{"KeyPolicy", policy}};
    auto u = keys.update(req);
    ASSERT_FALSE(u);
    EXPECT_EQ(u.error().code, "AccessDeniedException");
    EXPECT_NE(u.error().message.find("kms:EnableKeyRotation"), std::string::npos) << u.error().message;

    auto denied = keys.create(request(limited("s3:*"), "Key2", Json::object()));
    ASSERT_FALSE(denied);
    EXPECT_NE(denied.error().message.find("kms:CreateKey"), std::string::npos);
}

} // namespace
} // namespace cdk::localcloud::testing
