#include "assembly/cloud_assembly.hpp"
#include "assembly/writer.hpp"
#include "core/fs.hpp"
#include "tests/assembly/test_support.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string_view>

namespace cdk::assembly {
namespace {

using testing::TempDir;

ArtifactManifest stack_artifact(const std::string& id, const std::string& display,
                                std::vector<std::string> deps = {}) {
    ArtifactManifest a;
    a.id = id;
    a.type = ArtifactType::CloudFormationStack;
    a.environment = "aws://111111111111/ap-southeast-2";
    StackProperties p;
    p.template_file = id + ".template.json";
    a.properties = p;
    a.dependencies = std::move(deps);
    if (!display.empty()) a.display_name = display;
    return a;
}

void write_stack(const std::filesystem::path& dir, const std::string& id) {
    ASSERT_TRUE(write_template(dir / (id + ".template.json"),
                               Json{{"Resources", {{"T", {{"Type", "AWS::SNS::Topic"}}}}}}));
}

TEST(CloudAssemblyTest, ReadsNestedAssembliesRecursively) {
    TempDir tmp("cdkpp_assembly_nested");
    const auto root = tmp.path();
    AssemblyManifest top;
    top.artifacts.push_back(stack_artifact("Root", ""));
    ArtifactManifest nested;
    nested.id = "assembly-Dev";
    nested.type = ArtifactType::NestedCloudAssembly;
    nested.properties = NestedAssemblyProperties{"assembly-Dev", "Dev"};
    top.artifacts.push_back(nested);
    write_stack(root, "Root");
    ASSERT_TRUE(write_assembly(root, top));

    AssemblyManifest dev;
    dev.artifacts.push_back(stack_artifact("DevService", "Dev/Service"));
    write_stack(root / "assembly-Dev", "DevService");
    ASSERT_TRUE(write_assembly(root / "assembly-Dev", dev));

    auto asm_ = read_assembly(root);
    ASSERT_TRUE(asm_) << asm_.error().to_string();
    ASSERT_EQ(asm_->stacks().size(), 1u);
    ASSERT_EQ(asm_->nested().size(), 1u);
    EXPECT_EQ(asm_->nested()[0].display_name(), "Dev");
    const auto all = asm_->stacks_recursively();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[1]->hierarchical_id, "Dev/Service");
    EXPECT_EQ(all[1]->stack_name, "DevService");
    EXPECT_EQ(all[1]->environment.account, "111111111111");
    EXPECT_EQ(all[1]->template_path, root / "assembly-Dev" / "DevService.template.json");
    auto tmpl = all[1]->read_template();
    ASSERT_TRUE(tmpl);
    EXPECT_EQ((*tmpl)["Resources"]["T"]["Type"], "AWS::SNS::Topic");
    EXPECT_EQ(asm_->find_stack("Dev/Service"), all[1]);
    EXPECT_EQ(asm_->find_stack("DevService"), all[1]);
    EXPECT_EQ(asm_->find_stack("Nope"), nullptr);

    auto marker = fs::read_file(root / "cdk.out");
    ASSERT_TRUE(marker);
    EXPECT_EQ(*marker, R"({"version":"55.0.0"})");
}

/// An assembly with `count` nested assemblies `assembly-S<i>` of one stack `S<i>` each, and a stack of its
/// own between every two of them.
void write_many_nested(const std::filesystem::path& root, int count) {
    AssemblyManifest top;
    for (int i = 0; i < count; ++i) {
        const std::string id = "S" + std::to_string(i);
        top.artifacts.push_back(stack_artifact("Top" + std::to_string(i), ""));
        write_stack(root, "Top" + std::to_string(i));
        ArtifactManifest nested;
        nested.id = "assembly-" + id;
        nested.type = ArtifactType::NestedCloudAssembly;
        nested.properties = NestedAssemblyProperties{"assembly-" + id, id};
        top.artifacts.push_back(nested);
        AssemblyManifest inner;
        inner.artifacts.push_back(stack_artifact(id, id + "/Service"));
        write_stack(root / ("assembly-" + id), id);
        ASSERT_TRUE(write_assembly(root / ("assembly-" + id), inner));
    }
    ASSERT_TRUE(write_assembly(root, top));
}

/// Reads `dir` with its nested assemblies read in parallel (from 8 on; the default is 500) and on one
/// thread: both must give the same result.
Result<CloudAssembly> read_both_ways(const std::filesystem::path& dir) {
    detail::set_parallel_nested_from(8);
    auto parallel = read_assembly(dir);
    detail::set_parallel_nested_from(0);
    auto sequential = read_assembly(dir);
    EXPECT_EQ(static_cast<bool>(parallel), static_cast<bool>(sequential));
    if (!parallel && !sequential) {
        EXPECT_EQ(parallel.error().to_string(), sequential.error().to_string());
    }
    if (parallel && sequential) {
        EXPECT_EQ(parallel->stacks_recursively().size(), sequential->stacks_recursively().size());
    }
    return parallel;
}

TEST(CloudAssemblyTest, ManyNestedAssembliesReadInParallelKeepManifestOrderAndFirstError) {
    TempDir tmp("cdkpp_assembly_many_nested");
    write_many_nested(tmp.path(), 24);
    auto a = read_both_ways(tmp.path());
    ASSERT_TRUE(a) << a.error().to_string();
    ASSERT_EQ(a->nested().size(), 24u);
    const auto all = a->stacks_recursively();
    ASSERT_EQ(all.size(), 48u);
    for (int i = 0; i < 24; ++i) {
        EXPECT_EQ(a->nested()[static_cast<std::size_t>(i)].display_name(), "S" + std::to_string(i));
        EXPECT_EQ(all[24 + static_cast<std::size_t>(i)]->hierarchical_id,
                  "S" + std::to_string(i) + "/Service");
    }
    // Two nested assemblies and a later top-level stack broken: the error is the first in manifest order,
    // as a sequential read reports it. (A missing template is not an error of reading: read_template()
    // reports it, as the stock cx-api does; see MissingTemplateIsReportedWhereItIsRead.)
    const auto break_manifest = [&](const std::filesystem::path& dir, const std::string& text) {
        ASSERT_TRUE(fs::write_file_atomic(dir / "manifest.json", text));
    };
    break_manifest(tmp.path() / "assembly-S17", R"({"version": "55.0.0", "artifacts": 17})");
    break_manifest(tmp.path() / "assembly-S5", R"({"version": "55.0.0", "artifacts": 5})");
    auto broken = read_both_ways(tmp.path());
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error().code, "ManifestMalformed");
    EXPECT_NE(broken.error().message.find("assembly-S5"), std::string::npos) << broken.error().message;
    EXPECT_NE(broken.error().message.find("artifacts must be an object, got 5"), std::string::npos)
        << broken.error().message;
    // A nested directory missing altogether is reported by the parent, naming it.
    std::filesystem::remove_all(tmp.path() / "assembly-S2");
    auto missing = read_both_ways(tmp.path());
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "AssemblyFileMissing");
    EXPECT_NE(missing.error().message.find("names nested assembly directory"), std::string::npos)
        << missing.error().message;
    EXPECT_NE(missing.error().message.find("assembly-S2"), std::string::npos) << missing.error().message;
    // A nested directory without its manifest is not a missing directory.
    std::filesystem::create_directory(tmp.path() / "assembly-S2");
    auto no_manifest = read_both_ways(tmp.path());
    ASSERT_FALSE(no_manifest);
    EXPECT_EQ(no_manifest.error().code, "AssemblyNotFound");
    EXPECT_NE(no_manifest.error().message.find("assembly-S2' is not a cloud assembly"), std::string::npos)
        << no_manifest.error().message;
}

TEST(CloudAssemblyTest, MissingDirectoryNamesTheFix) {
    auto a = read_assembly("/nonexistent/cdk.out");
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().code, "AssemblyNotFound");
    EXPECT_NE(a.error().message.find("/nonexistent/cdk.out"), std::string::npos);
    EXPECT_NE(a.error().message.find("synth"), std::string::npos);
}

TEST(CloudAssemblyTest, DirectoryWithoutManifest) {
    TempDir tmp("cdkpp_assembly_empty");
    auto a = read_assembly(tmp.path());
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().code, "AssemblyNotFound");
    EXPECT_NE(a.error().message.find("manifest.json"), std::string::npos);
}

TEST(CloudAssemblyTest, MalformedJsonNamesFileAndPosition) {
    TempDir tmp("cdkpp_assembly_malformed");
    ASSERT_TRUE(
        fs::write_file_atomic(tmp.path() / "manifest.json", R"({"version": "55.0.0", "artifacts": {)"));
    auto a = read_assembly(tmp.path());
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().code, "JsonMalformed");
    EXPECT_NE(a.error().message.find("manifest.json"), std::string::npos);
    EXPECT_NE(a.error().message.find("at byte"), std::string::npos) << a.error().message;
}

TEST(CloudAssemblyTest, UnknownMajorVersion) {
    TempDir tmp("cdkpp_assembly_version");
    ASSERT_TRUE(
        fs::write_file_atomic(tmp.path() / "manifest.json", R"({"version": "99.1.0", "artifacts": {}})"));
    auto a = read_assembly(tmp.path());
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().code, "AssemblyVersionUnsupported");
    EXPECT_NE(a.error().message.find("99.1.0"), std::string::npos);
    EXPECT_NE(a.error().message.find("upgrade cdkpp"), std::string::npos);
}

TEST(CloudAssemblyTest, MissingTemplateIsReportedWhereItIsRead) {
    // As the stock cx-api does, reading the assembly does not check templates (`cdkpp synth` and `list`
    // of many stacks do not stat each); reading the template names the file and the fix.
    TempDir tmp("cdkpp_assembly_notemplate");
    AssemblyManifest m;
    m.artifacts.push_back(stack_artifact("Gone", ""));
    ASSERT_TRUE(write_assembly(tmp.path(), m));
    auto a = read_assembly(tmp.path());
    ASSERT_TRUE(a) << a.error().to_string();
    ASSERT_EQ(a->stacks().size(), 1u);
    auto t = a->stacks()[0].read_template();
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().code, "AssemblyFileMissing");
    EXPECT_EQ(t.error().message, "'" + (tmp.path() / "manifest.json").string() +
                                     "': artifact 'Gone' names template '" +
                                     (tmp.path() / "Gone.template.json").string() +
                                     "', which does not exist; synthesize the app again (the assembly is "
                                     "incomplete or was partly deleted)");
}

TEST(CloudAssemblyTest, StacksShareTheManifestsPropertiesAndMetadata) {
    TempDir tmp("cdkpp_assembly_shared");
    AssemblyManifest m;
    ArtifactManifest s = stack_artifact("A", "");
    std::get<StackProperties>(s.properties).stack_name = "a-stack";
    s.metadata["/A"] = {MetadataEntry{"aws:cdk:warning", "inline", {}}};
    m.artifacts.push_back(s);
    write_stack(tmp.path(), "A");
    ASSERT_TRUE(write_assembly(tmp.path(), m));
    auto read = read_assembly(tmp.path());
    ASSERT_TRUE(read) << read.error().to_string();
    const CloudAssembly a = std::move(*read); // a move keeps the stacks' pointers into the manifest valid
    const StackArtifact& stack = a.stacks()[0];
    const ArtifactManifest* artifact = a.manifest().find_artifact("A");
    ASSERT_NE(artifact, nullptr);
    EXPECT_EQ(&stack.properties(), artifact->stack_properties());
    EXPECT_EQ(&stack.metadata(), &artifact->metadata);
    EXPECT_EQ(stack.properties().stack_name, "a-stack");
    EXPECT_EQ(stack.metadata().at("/A")[0].data, "inline");
    const StackArtifact by_hand;
    EXPECT_TRUE(by_hand.properties().template_file.empty());
    EXPECT_TRUE(by_hand.metadata().empty());
}

TEST(CloudAssemblyTest, MissingNestedAssemblyDirectory) {
    TempDir tmp("cdkpp_assembly_nonested");
    AssemblyManifest m;
    ArtifactManifest nested;
    nested.id = "assembly-Dev";
    nested.type = ArtifactType::NestedCloudAssembly;
    nested.properties = NestedAssemblyProperties{"assembly-Dev", "Dev"};
    m.artifacts.push_back(nested);
    ASSERT_TRUE(write_assembly(tmp.path(), m));
    auto a = read_assembly(tmp.path());
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().code, "AssemblyFileMissing");
    EXPECT_NE(a.error().message.find("assembly-Dev"), std::string::npos);
}

TEST(CloudAssemblyTest, DependencyOnUnlistedArtifact) {
    TempDir tmp("cdkpp_assembly_baddep");
    AssemblyManifest m;
    m.artifacts.push_back(stack_artifact("A", "", {"Ghost"}));
    write_stack(tmp.path(), "A");
    ASSERT_TRUE(write_assembly(tmp.path(), m));
    auto a = read_assembly(tmp.path());
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().code, "ManifestMalformed");
    EXPECT_NE(a.error().message.find("'Ghost'"), std::string::npos);
}

TEST(CloudAssemblyTest, MergesInlineAndFileMetadata) {
    TempDir tmp("cdkpp_assembly_metadata");
    AssemblyManifest m;
    ArtifactManifest s = stack_artifact("A", "");
    s.metadata["/A"] = {MetadataEntry{"aws:cdk:warning", "inline", {}}};
    s.additional_metadata_file = "A.metadata.json";
    m.artifacts.push_back(s);
    write_stack(tmp.path(), "A");
    MetadataMap file;
    file["/A"] = {MetadataEntry{"aws:cdk:error", "from file", {}}};
    file["/A/T"] = {MetadataEntry{"aws:cdk:logicalId", "T", {}}};
    ASSERT_TRUE(write_json_file(tmp.path() / "A.metadata.json", metadata_to_json(file)));
    ASSERT_TRUE(write_assembly(tmp.path(), m));
    auto a = read_assembly(tmp.path());
    ASSERT_TRUE(a) << a.error().to_string();
    auto md = a->read_metadata(*a->manifest().find_artifact("A"));
    ASSERT_TRUE(md) << md.error().to_string();
    ASSERT_EQ((*md)["/A"].size(), 2u);
    EXPECT_EQ((*md)["/A"][1].data, "from file");
    EXPECT_EQ((*md)["/A/T"][0].type, "aws:cdk:logicalId");
}

/// An assembly of one stack "A" whose metadata file has the text `metadata_text`.
Result<CloudAssembly> assembly_with_metadata_file(const TempDir& tmp, const std::string& metadata_text,
                                                  MetadataMap inline_metadata = {}) {
    AssemblyManifest m;
    ArtifactManifest s = stack_artifact("A", "");
    s.metadata = std::move(inline_metadata);
    s.additional_metadata_file = "A.metadata.json";
    m.artifacts.push_back(s);
    EXPECT_TRUE(write_template(tmp.path() / "A.template.json", Json::object()));
    EXPECT_TRUE(fs::write_file_atomic(tmp.path() / "A.metadata.json", metadata_text));
    EXPECT_TRUE(write_assembly(tmp.path(), m));
    return read_assembly(tmp.path());
}

constexpr std::array<std::string_view, 3> kAnnotations{"aws:cdk:error", "aws:cdk:warning", "aws:cdk:info"};

TEST(CloudAssemblyTest, MetadataOfTypesFindsAnnotationsInTheFile) {
    TempDir tmp("cdkpp_assembly_annotations");
    MetadataMap file;
    for (int i = 0; i < 50; ++i)
        file["/A/R" + std::to_string(i)] = {MetadataEntry{"aws:cdk:logicalId", "R" + std::to_string(i), {}}};
    file["/A/R7"].push_back(MetadataEntry{"aws:cdk:warning", "careful", {}});
    auto a = assembly_with_metadata_file(
        tmp, metadata_to_json(file).dump(2),
        {{"/A", {MetadataEntry{"aws:cdk:info", "inline", {}}, MetadataEntry{"aws:cdk:logicalId", "X", {}}}}});
    ASSERT_TRUE(a) << a.error().to_string();
    auto md = a->stacks()[0].read_metadata_of_types(kAnnotations);
    ASSERT_TRUE(md) << md.error().to_string();
    ASSERT_EQ(md->size(), 2U); // logical-id-only paths are left out
    ASSERT_EQ(md->at("/A").size(), 1U);
    EXPECT_EQ(md->at("/A")[0].data, "inline");
    ASSERT_EQ(md->at("/A/R7").size(), 1U);
    EXPECT_EQ(md->at("/A/R7")[0].type, "aws:cdk:warning");
    EXPECT_EQ(md->at("/A/R7")[0].data, "careful");
}

TEST(CloudAssemblyTest, MetadataOfTypesDoesNotParseAFileWithoutThem) {
    TempDir tmp("cdkpp_assembly_no_annotations");
    // Not even valid JSON: read_metadata() fails on it, so a success proves the file was not parsed.
    const std::string text = R"({"/A/T":[{"type":"aws:cdk:logicalId","data":"T"}],)";
    auto a = assembly_with_metadata_file(tmp, text);
    ASSERT_TRUE(a) << a.error().to_string();
    const auto& stack = a->stacks()[0];
    auto full = stack.read_metadata();
    ASSERT_FALSE(full);
    EXPECT_EQ(full.error().code, "JsonMalformed");
    auto md = stack.read_metadata_of_types(kAnnotations);
    ASSERT_TRUE(md) << md.error().to_string();
    EXPECT_TRUE(md->empty());
}

TEST(CloudAssemblyTest, MetadataOfTypesSkipsAnEscapedBackslashBeforeU) {
    TempDir tmp("cdkpp_assembly_escaped_backslash");
    // A backslash escaped as \\ followed by a plain 'u' spells no type; invalid JSON, so not parsed.
    auto a =
        assembly_with_metadata_file(tmp, R"({"/A/T":[{"type":"aws:cdk:logicalId","data":"C:\\users"}],)");
    ASSERT_TRUE(a) << a.error().to_string();
    auto md = a->stacks()[0].read_metadata_of_types(kAnnotations);
    ASSERT_TRUE(md) << md.error().to_string();
    EXPECT_TRUE(md->empty());
    // A type name after all the other keys is found.
    TempDir end("cdkpp_assembly_type_at_end");
    auto b = assembly_with_metadata_file(end, R"({"/A":[{"data":"x","type":"aws:cdk:info"}]})");
    ASSERT_TRUE(b) << b.error().to_string();
    auto found = b->stacks()[0].read_metadata_of_types(kAnnotations);
    ASSERT_TRUE(found) << found.error().to_string();
    ASSERT_EQ(found->size(), 1U);
    EXPECT_EQ(found->at("/A")[0].type, "aws:cdk:info");
}

TEST(CloudAssemblyTest, MetadataOfTypesParsesWhenAnEscapeCouldSpellAType) {
    TempDir tmp("cdkpp_assembly_escaped_annotation");
    // "aws:cdk:error" with its first letter escaped.
    auto a = assembly_with_metadata_file(tmp, R"({"/A":[{"type":"\u0061ws:cdk:error","data":"escaped"}]})");
    ASSERT_TRUE(a) << a.error().to_string();
    auto md = a->stacks()[0].read_metadata_of_types(kAnnotations);
    ASSERT_TRUE(md) << md.error().to_string();
    ASSERT_EQ(md->size(), 1U);
    EXPECT_EQ(md->at("/A")[0].type, "aws:cdk:error");
    // A malformed file that could hold one is still reported.
    TempDir bad("cdkpp_assembly_bad_annotation");
    auto b = assembly_with_metadata_file(bad, R"({"/A":[{"type":"aws:cdk:warning"},)");
    ASSERT_TRUE(b) << b.error().to_string();
    auto err = b->stacks()[0].read_metadata_of_types(kAnnotations);
    ASSERT_FALSE(err);
    EXPECT_EQ(err.error().code, "JsonMalformed");
}

} // namespace
} // namespace cdk::assembly
