#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "core/fs.hpp"
#include "lib/s3_assets/asset.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace cdk {
namespace {

namespace stdfs = std::filesystem;
const stdfs::path kData = stdfs::path(CDK_SOURCE_DIR) / "tests/golden/synth/assets/data";
const std::string kFileHash = "549b144eccd7807d632712b653e30c42e8747617c2d8d4d083a75a701b0837b9";

stdfs::path fresh(const std::string& name) {
    const stdfs::path dir = stdfs::path(::testing::TempDir()) / ("asset_test_" + name);
    stdfs::remove_all(dir);
    return dir;
}

TEST(Asset, EnvironmentSpecificStackGetsLiteralLocations) {
    const auto out = fresh("env");
    App app({.outdir = out.string()});
    Stack stack(app, "S", {.env = Environment{"111111111111", "ap-southeast-2"}});
    s3_assets::Asset asset(stack, "File", {.path = (kData / "hello.txt").string()});
    EXPECT_EQ(asset.asset_hash(), kFileHash);
    EXPECT_EQ(asset.asset_path(), "asset." + kFileHash + ".txt");
    EXPECT_TRUE(stdfs::exists(out / asset.asset_path()));
    EXPECT_TRUE(asset.is_file());
    EXPECT_EQ(asset.s3_bucket_name(), "cdk-hnb659fds-assets-111111111111-ap-southeast-2");
    EXPECT_EQ(asset.s3_object_key(), kFileHash + ".txt");
    EXPECT_EQ(asset.s3_object_url(),
              "s3://cdk-hnb659fds-assets-111111111111-ap-southeast-2/" + kFileHash + ".txt");
    EXPECT_TRUE(Token::is_unresolved(asset.http_url())) << "the URL suffix stays a token";
}

TEST(Asset, AgnosticStackUsesFnSubAndDirectoriesAreZipped) {
    const auto out = fresh("agnostic");
    App app({.outdir = out.string()});
    Stack stack(app, "S");
    s3_assets::Asset dir(stack, "Dir", {.path = (kData / "site").string()});
    EXPECT_FALSE(dir.is_file());
    EXPECT_EQ(stack.resolve(dir.s3_bucket_name()),
              (Json{{"Fn::Sub", "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"}}));
    EXPECT_EQ(dir.s3_object_key(), dir.asset_hash() + ".zip");
    EXPECT_TRUE(stdfs::exists(out / ("asset." + dir.asset_hash()) / "css/site.css"));
}

TEST(Asset, NestedStageAssetsLiveInTheTopAssembly) {
    const auto out = fresh("nested");
    App app({.outdir = out.string()});
    Stage stage(app, "Dev");
    Stack stack(stage, "Svc");
    s3_assets::Asset asset(stack, "File", {.path = (kData / "hello.txt").string()});
    EXPECT_EQ(asset.asset_path(), "../asset." + kFileHash + ".txt");
    app.synth();
    bool found = false;
    for (const auto& entry : stdfs::directory_iterator(out / "assembly-Dev")) {
        const std::string name = entry.path().filename().string();
        if (name.size() > 12 && name.substr(name.size() - 12) == ".assets.json") {
            const Json manifest = Json::parse(fs::read_file(entry.path()).value());
            found = manifest["files"].contains(kFileHash) &&
                    manifest["files"][kFileHash]["source"]["path"] == "../asset." + kFileHash + ".txt";
        }
    }
    EXPECT_TRUE(found);
}

TEST(Asset, FailsOnAMissingPath) {
    App app({.outdir = fresh("missing").string()});
    Stack stack(app, "S");
    try {
        s3_assets::Asset asset(stack, "Missing", {.path = "/no/such/file.txt"});
        FAIL();
    } catch (const ValidationError& e) {
        EXPECT_EQ(e.value(), "/no/such/file.txt");
        EXPECT_NE(e.path().find("S/Missing"), std::string::npos);
    }
}

} // namespace
} // namespace cdk
