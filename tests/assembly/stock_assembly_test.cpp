// Reads an assembly the stock `cdk synth` wrote (tests/assembly/fixtures/stock_nested, see its README).
#include "assembly/asset_manifest.hpp"
#include "assembly/cloud_assembly.hpp"
#include "assembly/stack_selection.hpp"
#include "tests/assembly/test_support.hpp"

#include <gtest/gtest.h>

namespace cdk::assembly {
namespace {

TEST(StockAssemblyTest, ReadsEveryStackOfTheStockCdk) {
    auto a = read_assembly(testing::fixture("stock_nested"));
    ASSERT_TRUE(a) << a.error().to_string();
    EXPECT_EQ(a->manifest().version, "55.0.0");
    std::vector<std::string> ids;
    for (const auto* s : a->stacks_recursively())
        ids.push_back(s->hierarchical_id);
    // The order `cdk ls` prints.
    EXPECT_EQ(ids, (std::vector<std::string>{"Root", "Dev/Service", "Dev/Api", "Dev/Inner/Worker"}));

    const StackArtifact* root = a->find_stack("Root");
    ASSERT_NE(root, nullptr);
    EXPECT_TRUE(root->environment.is_agnostic());
    EXPECT_EQ(root->properties().tags.at("Team"), "platform");
    EXPECT_EQ(root->properties().requires_bootstrap_stack_version, 6);
    ASSERT_TRUE(root->properties().lookup_role);
    EXPECT_EQ(root->properties().lookup_role->requires_bootstrap_stack_version, 8);
    EXPECT_EQ(root->properties().assume_role_arn, "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/"
                                                  "cdk-hnb659fds-deploy-role-${AWS::AccountId}-${AWS::"
                                                  "Region}");
    ASSERT_EQ(root->asset_manifests.size(), 1u);

    const StackArtifact* api = a->find_stack("Dev/Api");
    ASSERT_NE(api, nullptr);
    EXPECT_EQ(api->stack_name, "Dev-Api");
    EXPECT_EQ(api->environment.to_string(), "aws://111111111111/ap-southeast-2");
    const StackArtifact* worker = a->find_stack("Dev/Inner/Worker");
    ASSERT_NE(worker, nullptr);
    EXPECT_EQ(worker->properties().termination_protection, true);

    // Feature-flag report and tree artifacts are read, not dropped.
    EXPECT_NE(a->manifest().find_artifact("Tree"), nullptr);
    EXPECT_EQ(a->manifest().find_artifact("aws-cdk-lib/feature-flag-report")->type,
              ArtifactType::FeatureFlagReport);
    auto md = a->read_metadata(*a->manifest().find_artifact("Root"));
    ASSERT_TRUE(md) << md.error().to_string();
    EXPECT_EQ(md->at("/Root/Topic").front().data, "Topic");
}

TEST(StockAssemblyTest, ReadsTheStockAssetManifest) {
    auto m = read_asset_manifest(testing::fixture("stock_nested/Root.assets.json").string());
    ASSERT_TRUE(m) << m.error().to_string();
    ASSERT_EQ(m->files.size(), 2u);
    bool saw_zip = false;
    for (const auto& [id, asset] : m->files) {
        ASSERT_EQ(asset.destinations.size(), 1u);
        const auto& d = asset.destinations.begin()->second;
        EXPECT_EQ(d.bucket_name, "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}");
        if (asset.source.packaging == FilePackaging::Zip) {
            saw_zip = true;
            EXPECT_EQ(d.object_key, id + ".zip");
            EXPECT_EQ(asset.display_name, "Site");
        }
    }
    EXPECT_TRUE(saw_zip);
}

TEST(StockAssemblyTest, SelectsLikeCdkLs) {
    auto a = read_assembly(testing::fixture("stock_nested"));
    ASSERT_TRUE(a);
    auto ids = [&](StackSelector sel) {
        std::vector<std::string> out;
        auto r = select_stacks(*a, sel);
        EXPECT_TRUE(r) << r.error().to_string();
        if (r) {
            for (const auto* s : *r)
                out.push_back(s->hierarchical_id);
        }
        return out;
    };
    EXPECT_EQ(ids({.patterns = {"Dev/*"}}), (std::vector<std::string>{"Dev/Service", "Dev/Api"}));
    EXPECT_EQ(ids({.patterns = {"Dev/**"}}),
              (std::vector<std::string>{"Dev/Service", "Dev/Api", "Dev/Inner/Worker"}));
    // Dev/Api depends on Dev/Service (a cross-stack reference).
    EXPECT_EQ(ids({.patterns = {"Dev/Api"}, .extend = ExtendSelection::Upstream}),
              (std::vector<std::string>{"Dev/Service", "Dev/Api"}));
    EXPECT_EQ(ids({.patterns = {"Dev/Service"}, .extend = ExtendSelection::Downstream}),
              (std::vector<std::string>{"Dev/Service", "Dev/Api"}));
    EXPECT_EQ(ids({.all = true}), (std::vector<std::string>{"Root"}));
}

} // namespace
} // namespace cdk::assembly
