#include "assembly/manifest.hpp"

#include <gtest/gtest.h>

namespace cdk::assembly {
namespace {

using OJson = nlohmann::ordered_json;

AssemblyManifest sample() {
    AssemblyManifest m;
    ArtifactManifest assets;
    assets.id = "App.assets";
    assets.type = ArtifactType::AssetManifest;
    assets.properties = AssetManifestProperties{"App.assets.json", 6, "/cdk-bootstrap/hnb659fds/version"};
    m.artifacts.push_back(assets);

    ArtifactManifest stack;
    stack.id = "App";
    stack.type = ArtifactType::CloudFormationStack;
    stack.environment = "aws://111111111111/ap-southeast-2";
    StackProperties p;
    p.template_file = "App.template.json";
    p.stack_name = "my-app";
    p.tags = {{"Team", "platform"}};
    p.parameters = {{"Size", "2"}};
    p.notification_arns = std::vector<std::string>{"arn:aws:sns:ap-southeast-2:111111111111:t"};
    p.termination_protection = true;
    p.assume_role_arn = "arn:${AWS::Partition}:iam::111111111111:role/deploy";
    p.cloud_formation_execution_role_arn = "arn:${AWS::Partition}:iam::111111111111:role/exec";
    p.stack_template_asset_object_url = "s3://bucket/abc.json";
    p.requires_bootstrap_stack_version = 6;
    p.bootstrap_stack_version_ssm_parameter = "/cdk-bootstrap/hnb659fds/version";
    p.lookup_role = BootstrapRole{"arn:lookup", std::nullopt, 8, "/cdk-bootstrap/hnb659fds/version"};
    p.validate_on_synth = false;
    p.additional_dependencies = {"App.assets"};
    stack.properties = p;
    stack.dependencies = {"App.assets"};
    stack.metadata["/App/Topic"] = {MetadataEntry{"aws:cdk:logicalId", "Topic", {}}};
    stack.display_name = "App";
    m.artifacts.push_back(stack);

    ArtifactManifest nested;
    nested.id = "assembly-Dev";
    nested.type = ArtifactType::NestedCloudAssembly;
    nested.properties = NestedAssemblyProperties{"assembly-Dev", "Dev"};
    m.artifacts.push_back(nested);

    ArtifactManifest tree;
    tree.id = "Tree";
    tree.type = ArtifactType::Tree;
    tree.properties = TreeProperties{"tree.json"};
    m.artifacts.push_back(tree);
    m.runtime_libraries = {{"cdkpp", "0.1.0"}};
    return m;
}

TEST(ManifestTest, WritesTheSchemaFieldNames) {
    const OJson j = manifest_to_json(sample());
    EXPECT_EQ(j["version"], "55.0.0");
    const auto& stack = j["artifacts"]["App"];
    EXPECT_EQ(stack["type"], "aws:cloudformation:stack");
    EXPECT_EQ(stack["environment"], "aws://111111111111/ap-southeast-2");
    EXPECT_EQ(stack["properties"]["templateFile"], "App.template.json");
    EXPECT_EQ(stack["properties"]["lookupRole"]["requiresBootstrapStackVersion"], 8);
    EXPECT_EQ(stack["properties"]["cloudFormationExecutionRoleArn"],
              "arn:${AWS::Partition}:iam::111111111111:role/exec");
    EXPECT_EQ(stack["metadata"]["/App/Topic"][0]["type"], "aws:cdk:logicalId");
    EXPECT_EQ(j["artifacts"]["assembly-Dev"]["properties"]["directoryName"], "assembly-Dev");
    EXPECT_EQ(j["runtime"]["libraries"]["cdkpp"], "0.1.0");
    // Artifacts keep their order.
    std::vector<std::string> ids;
    for (const auto& [k, v] : j["artifacts"].items())
        ids.push_back(k);
    EXPECT_EQ(ids, (std::vector<std::string>{"App.assets", "App", "assembly-Dev", "Tree"}));
}

TEST(ManifestTest, RoundTripsThroughJson) {
    const AssemblyManifest m = sample();
    auto back = manifest_from_json(manifest_to_json(m), "manifest.json");
    ASSERT_TRUE(back) << back.error().to_string();
    EXPECT_EQ(manifest_to_json(*back).dump(), manifest_to_json(m).dump());
    const auto* stack = back->find_artifact("App");
    ASSERT_NE(stack, nullptr);
    ASSERT_NE(stack->stack_properties(), nullptr);
    EXPECT_EQ(stack->stack_properties()->stack_name, "my-app");
    EXPECT_EQ(stack->stack_properties()->lookup_role->arn, "arn:lookup");
    EXPECT_EQ(back->find_artifact("Tree")->tree_properties()->file, "tree.json");
    EXPECT_EQ(back->find_artifact("nope"), nullptr);
}

TEST(ManifestTest, KeepsUnknownArtifactTypesAndProperties) {
    const OJson j = OJson::parse(R"({"version":"55.0.0","artifacts":{
        "flags":{"type":"cdk:feature-flag-report","properties":{"module":"aws-cdk-lib","flags":{}}},
        "future":{"type":"cdk:something-new","properties":{"x":1}},
        "S":{"type":"aws:cloudformation:stack","properties":{"templateFile":"S.json","newProp":[1,2]}}}})");
    auto m = manifest_from_json(j, "manifest.json");
    ASSERT_TRUE(m) << m.error().to_string();
    EXPECT_EQ(m->find_artifact("flags")->type, ArtifactType::FeatureFlagReport);
    EXPECT_EQ(m->find_artifact("future")->type, ArtifactType::Unknown);
    EXPECT_EQ(m->find_artifact("S")->stack_properties()->extra["newProp"], Json::array({1, 2}));
    const OJson again = manifest_to_json(*m);
    EXPECT_EQ(again["artifacts"]["future"]["type"], "cdk:something-new");
    EXPECT_EQ(again["artifacts"]["future"]["properties"]["x"], 1);
    EXPECT_EQ(again["artifacts"]["S"]["properties"]["newProp"], OJson::array({1, 2}));
}

TEST(ManifestTest, NamesTheFieldOfAWrongType) {
    const OJson j = OJson::parse(
        R"({"version":"55.0.0","artifacts":{"S":{"type":"aws:cloudformation:stack","properties":{"templateFile":3}}}})");
    auto m = manifest_from_json(j, "out/manifest.json");
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code, "ManifestMalformed");
    EXPECT_NE(
        m.error().message.find("out/manifest.json: artifacts.S.properties.templateFile must be a string"),
        std::string::npos)
        << m.error().message;
}

TEST(ManifestTest, RequiresPropertiesOfAStack) {
    const OJson j =
        OJson::parse(R"({"version":"55.0.0","artifacts":{"S":{"type":"aws:cloudformation:stack"}}})");
    auto m = manifest_from_json(j, "manifest.json");
    ASSERT_FALSE(m);
    EXPECT_NE(m.error().message.find("properties is required"), std::string::npos) << m.error().message;
}

TEST(ManifestTest, RejectsANewerMajorVersion) {
    auto m = manifest_from_json(OJson::parse(R"({"version":"56.0.0"})"), "manifest.json");
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code, "AssemblyVersionUnsupported");
    EXPECT_NE(m.error().message.find("56.0.0"), std::string::npos);
    auto older = manifest_from_json(OJson::parse(R"({"version":"36.0.0","artifacts":{}})"), "manifest.json");
    EXPECT_TRUE(older);
    auto garbage = manifest_from_json(OJson::parse(R"({"version":"latest"})"), "manifest.json");
    ASSERT_FALSE(garbage);
    EXPECT_EQ(garbage.error().code, "AssemblyVersionInvalid");
}

TEST(ManifestTest, ArtifactTypeNames) {
    EXPECT_EQ(to_string(ArtifactType::NestedCloudAssembly), "cdk:cloud-assembly");
    EXPECT_EQ(artifact_type_from_string("cdk:asset-manifest"), ArtifactType::AssetManifest);
    EXPECT_EQ(artifact_type_from_string("bogus"), ArtifactType::Unknown);
}

TEST(ManifestTest, MetadataOfManyPathsKeepsTheMapOrder) {
    MetadataMap metadata;
    for (int i = 0; i < 5000; ++i) {
        metadata["/Big/Resource" + std::to_string(i)] = {
            MetadataEntry{"aws:cdk:logicalId", "R" + std::to_string(i), {}}};
    }
    metadata["/Big/Topic"].push_back(MetadataEntry{"aws:cdk:warning", "careful", {"at a", "at b"}});
    const OJson j = metadata_to_json(metadata);
    // The same document built key by key with operator[], as before.
    OJson expected = OJson::object();
    for (const auto& [path, entries] : metadata) {
        OJson list = OJson::array();
        for (const auto& e : entries) {
            OJson item = OJson::object();
            item["type"] = e.type;
            item["data"] = OJson(e.data);
            if (!e.trace.empty()) item["trace"] = e.trace;
            list.push_back(item);
        }
        expected[path] = list;
    }
    EXPECT_EQ(j.dump(), expected.dump());
    auto back = metadata_from_json(j, "test");
    ASSERT_TRUE(back);
    EXPECT_EQ(back->size(), metadata.size());
    EXPECT_EQ(back->at("/Big/Topic")[0].trace, (std::vector<std::string>{"at a", "at b"}));
}

TEST(ManifestTest, ARepeatedArtifactIdKeepsItsFirstPositionAndLastValue) {
    AssemblyManifest m = sample();
    ArtifactManifest again;
    again.id = "App.assets";
    again.type = ArtifactType::Tree;
    again.properties = TreeProperties{"other.json"};
    m.artifacts.push_back(again);
    const OJson j = manifest_to_json(m);
    const auto& artifacts = j["artifacts"];
    ASSERT_EQ(artifacts.size(), 4U);
    EXPECT_EQ(artifacts.begin().key(), "App.assets");
    EXPECT_EQ(artifacts["App.assets"]["type"], "cdk:tree");
    EXPECT_EQ(artifacts["App.assets"]["properties"]["file"], "other.json");
    EXPECT_EQ((++artifacts.begin()).key(), "App");
}

} // namespace
} // namespace cdk::assembly
