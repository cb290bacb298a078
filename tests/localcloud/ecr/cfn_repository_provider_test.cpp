#include "localcloud/ecr/cfn_repository_provider.hpp"
#include "localcloud/ecr/ecr_backend.hpp"
#include "support/provider_fixture.hpp"

namespace cdk::localcloud::testing {
namespace {

using RepositoryProviderTest = ProviderTest;

TEST_F(RepositoryProviderTest, CreatesRepositoryWithPolicyAndLifecycle) {
    auto& p = provider("AWS::ECR::Repository");
    Json props{
        {"RepositoryName", "cdk-q-container-assets-111111111111-ap-southeast-2"},
        {"ImageTagMutability", "IMMUTABLE"},
        {"LifecyclePolicy", {{"LifecyclePolicyText", R"({"rules":[]})"}}},
        {"RepositoryPolicyText",
         Json::parse(
             R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":["ecr:BatchGetImage"]}]})")}};
    auto r = p.create(request(admin(), "ContainerAssetsRepository", props));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->physical_id, "cdk-q-container-assets-111111111111-ap-southeast-2");
    EXPECT_EQ(r->attributes["RepositoryUri"], "111111111111.dkr.ecr.ap-southeast-2.amazonaws.com/"
                                              "cdk-q-container-assets-111111111111-ap-southeast-2");
    EXPECT_EQ(r->attributes["Arn"], "arn:aws:ecr:ap-southeast-2:111111111111:repository/"
                                    "cdk-q-container-assets-111111111111-ap-southeast-2");
    ecr::EcrBackend backend(*cloud_);
    auto repo =
        store_->read<Json>([&](Tx& tx) { return backend.get(tx, kAccount, kRegion, r->physical_id); });
    ASSERT_TRUE(repo);
    EXPECT_EQ((*repo)["imageTagMutability"], "IMMUTABLE");
    EXPECT_EQ((*repo)["lifecyclePolicy"], R"({"rules":[]})");
    EXPECT_TRUE(repo->contains("policy"));
    ASSERT_TRUE(p.remove(request(admin(), "ContainerAssetsRepository", props, r->physical_id)));
    ASSERT_TRUE(p.remove(request(admin(), "ContainerAssetsRepository", props, r->physical_id)));
    auto denied = p.create(request(limited("s3:*"), "Repo", props));
    ASSERT_FALSE(denied);
    EXPECT_NE(denied.error().message.find("ecr:CreateRepository"), std::string::npos);
}

} // namespace
} // namespace cdk::localcloud::testing
