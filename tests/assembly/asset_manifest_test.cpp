#include "assembly/asset_manifest.hpp"
#include "assembly/writer.hpp"
#include "tests/assembly/test_support.hpp"

#include <gtest/gtest.h>

namespace cdk::assembly {
namespace {

TEST(AssetManifestTest, WritesAndReadsBack) {
    AssetManifest m;
    FileAsset f;
    f.display_name = "Stack Template";
    f.source.path = "Stack.template.json";
    f.source.packaging = FilePackaging::File;
    FileDestination d;
    d.bucket_name = "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}";
    d.object_key = "abc.json";
    d.assume_role_arn = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/pub";
    f.destinations.emplace("current_account-current_region", d);
    m.files.emplace("abc", f);
    DockerImageAsset img;
    img.source = Json{{"directory", "asset.def"}};
    img.destinations.emplace(
        "dest", DockerImageDestination{"repo", "def", "ap-southeast-2", std::nullopt, std::nullopt, nullptr});
    m.docker_images.emplace("def", img);

    testing::TempDir tmp("cdkpp_asset_manifest");
    const auto path = tmp.path() / "Stack.assets.json";
    ASSERT_TRUE(write_asset_manifest(path, m));
    auto back = read_asset_manifest(path.string());
    ASSERT_TRUE(back) << back.error().to_string();
    EXPECT_EQ(asset_manifest_to_json(*back).dump(), asset_manifest_to_json(m).dump());
    const auto j = asset_manifest_to_json(m);
    EXPECT_EQ(j["files"]["abc"]["source"]["packaging"], "file");
    EXPECT_EQ(j["files"]["abc"]["destinations"]["current_account-current_region"]["objectKey"], "abc.json");
    EXPECT_EQ(j["dockerImages"]["def"]["destinations"]["dest"]["imageTag"], "def");
}

TEST(AssetManifestTest, RejectsUnknownPackaging) {
    const auto j = nlohmann::ordered_json::parse(
        R"({"version":"55.0.0","files":{"x":{"source":{"path":"p","packaging":"tar"},"destinations":{}}}})");
    auto m = asset_manifest_from_json(j, "S.assets.json");
    ASSERT_FALSE(m);
    EXPECT_NE(m.error().message.find("'file' or 'zip', got 'tar'"), std::string::npos) << m.error().message;
}

} // namespace
} // namespace cdk::assembly
