// The direct text writers (manifest_to_text, metadata_to_text, asset_manifest_to_text) against the
// reference: json::dump of the ordered_json the *_to_json functions build, byte for byte.
#include "assembly/asset_manifest.hpp"
#include "assembly/detail/json_file.hpp"
#include "assembly/manifest.hpp"
#include "assembly/writer.hpp"
#include "core/json_writer.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <limits>
#include <random>
#include <sstream>

namespace cdk::assembly {
namespace {

/// Strings a generated manifest draws from: plain, escapes, control bytes, unicode, invalid UTF-8.
const std::vector<std::string> kStrings = {
    "",
    "App",
    "/Stage/Stack/Resource",
    "quote \" backslash \\ slash /",
    "tab\tnew\nline\r\x01\x1f\x7f",
    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9a\x80",
    "bad \xff\xfe utf-8 \xc3",
    "${AWS::AccountId}",
    "arn:${AWS::Partition}:iam::111111111111:role/cdk-hnb659fds-deploy-role",
};

class Gen {
public:
    explicit Gen(unsigned seed) : rng_(seed) {}

    bool coin() { return (rng_() & 1U) != 0; }
    std::size_t upto(std::size_t n) { return rng_() % (n + 1); }
    std::string str() {
        return kStrings[rng_() % kStrings.size()] + (coin() ? std::to_string(rng_() % 100) : "");
    }
    template <typename T> std::optional<T> maybe(T v) {
        return coin() ? std::optional<T>(std::move(v)) : std::nullopt;
    }
    std::optional<std::string> maybe_str() { return maybe(str()); }
    std::vector<std::string> strs() {
        std::vector<std::string> v(upto(3));
        for (auto& s : v)
            s = str();
        return v;
    }
    std::map<std::string, std::string> str_map() {
        std::map<std::string, std::string> m;
        for (std::size_t i = upto(3); i > 0; --i)
            m[str()] = str();
        return m;
    }

    /// A JSON value of any type, nested up to `depth` levels.
    Json json(int depth) {
        switch (upto(depth > 0 ? 8 : 5)) {
        case 0: return nullptr;
        case 1: return coin();
        case 2: return static_cast<int>(rng_() % 2000) - 1000;
        case 3: return 0.1 * static_cast<double>(rng_() % 1000);
        case 4: return std::numeric_limits<std::uint64_t>::max() - rng_() % 10;
        case 5: return str();
        case 6: {
            Json a = Json::array();
            for (std::size_t i = upto(3); i > 0; --i)
                a.push_back(json(depth - 1));
            return a;
        }
        default: {
            Json o = Json::object();
            for (std::size_t i = upto(3); i > 0; --i)
                o[str()] = json(depth - 1);
            return o;
        }
        }
    }

    MetadataMap metadata() {
        MetadataMap m;
        for (std::size_t i = upto(4); i > 0; --i) {
            auto& entries = m[str()];
            for (std::size_t j = upto(3); j > 0; --j)
                entries.push_back(MetadataEntry{str(), coin() ? json(3) : Json(), strs()});
        }
        return m;
    }

    StackProperties stack_properties() {
        StackProperties p;
        p.template_file = str();
        p.parameters = str_map();
        p.tags = str_map();
        p.notification_arns = maybe(strs());
        p.stack_name = maybe_str();
        p.termination_protection = maybe(coin());
        p.assume_role_arn = maybe_str();
        p.assume_role_external_id = maybe_str();
        p.cloud_formation_execution_role_arn = maybe_str();
        if (coin())
            p.lookup_role = BootstrapRole{str(), maybe_str(), maybe(static_cast<int>(upto(30))), maybe_str()};
        p.stack_template_asset_object_url = maybe_str();
        p.requires_bootstrap_stack_version = maybe(static_cast<int>(upto(30)));
        p.bootstrap_stack_version_ssm_parameter = maybe_str();
        p.validate_on_synth = maybe(coin());
        p.additional_dependencies = strs();
        if (coin()) {
            Json extra = Json::object();
            for (std::size_t i = upto(2) + 1; i > 0; --i)
                extra["x" + str()] = json(2);
            // Now and then a key the manifest models: manifest_to_json replaces it in place.
            if (upto(5) == 0) extra[coin() ? "templateFile" : "stackName"] = json(1);
            p.extra = extra;
        }
        return p;
    }

    ArtifactManifest artifact(std::size_t n) {
        ArtifactManifest a;
        a.id = str() + std::to_string(n);
        switch (upto(6)) {
        case 0:
            a.type = ArtifactType::CloudFormationStack;
            a.properties = stack_properties();
            break;
        case 1:
            a.type = ArtifactType::AssetManifest;
            a.properties = AssetManifestProperties{str(), maybe(static_cast<int>(upto(30))), maybe_str()};
            break;
        case 2:
            a.type = ArtifactType::Tree;
            a.properties = TreeProperties{str()};
            break;
        case 3:
            a.type = ArtifactType::NestedCloudAssembly;
            a.properties = NestedAssemblyProperties{str(), maybe_str()};
            break;
        case 4:
            a.type = ArtifactType::FeatureFlagReport;
            a.properties = json(3);
            break;
        case 5:
            a.type = ArtifactType::Unknown;
            a.type_name = str();
            a.properties = coin() ? json(2) : Json();
            break;
        default: a.type = ArtifactType::None; break;
        }
        a.environment = maybe_str();
        a.dependencies = strs();
        if (coin()) a.metadata = metadata();
        a.additional_metadata_file = maybe_str();
        a.display_name = maybe_str();
        return a;
    }

    AssemblyManifest manifest() {
        AssemblyManifest m;
        m.version = coin() ? std::string(kSchemaVersion) : str();
        for (std::size_t i = upto(6); i > 0; --i)
            m.artifacts.push_back(artifact(i));
        // Now and then a repeated id: the later artifact replaces the earlier one in place.
        if (!m.artifacts.empty() && upto(6) == 0) {
            m.artifacts.push_back(artifact(99));
            m.artifacts.back().id = m.artifacts.front().id;
        }
        for (std::size_t i = upto(2); i > 0; --i)
            m.missing.push_back(json(3));
        m.runtime_libraries = str_map();
        m.minimum_cli_version = maybe_str();
        return m;
    }

    template <typename Dest> void role(Dest& d) {
        d.region = maybe_str();
        d.assume_role_arn = maybe_str();
        d.assume_role_external_id = maybe_str();
        if (coin()) d.assume_role_additional_options = json(2);
    }

    AssetManifest asset_manifest() {
        AssetManifest m;
        m.version = str();
        for (std::size_t i = upto(3); i > 0; --i) {
            FileAsset a;
            a.display_name = maybe_str();
            a.source.path = maybe_str();
            a.source.executable = maybe(strs());
            if (coin()) a.source.packaging = coin() ? FilePackaging::Zip : FilePackaging::File;
            for (std::size_t j = upto(2); j > 0; --j) {
                FileDestination d{str(), str(), {}, {}, {}, {}};
                role(d);
                a.destinations[str()] = d;
            }
            m.files[str()] = a;
        }
        for (std::size_t i = upto(2); i > 0; --i) {
            DockerImageAsset a;
            a.display_name = maybe_str();
            if (coin()) a.source = json(2);
            for (std::size_t j = upto(2); j > 0; --j) {
                DockerImageDestination d{str(), str(), {}, {}, {}, {}};
                role(d);
                a.destinations[str()] = d;
            }
            m.docker_images[str()] = a;
        }
        return m;
    }

private:
    std::mt19937 rng_;
};

TEST(TextOutputTest, ManifestTextEqualsTheDumpedJson) {
    for (unsigned seed = 0; seed < 500; ++seed) {
        const AssemblyManifest m = Gen(seed).manifest();
        ASSERT_EQ(manifest_to_text(m), json::dump(manifest_to_json(m), 2)) << "seed " << seed;
    }
}

TEST(TextOutputTest, MetadataTextEqualsTheDumpedJson) {
    EXPECT_EQ(metadata_to_text({}), "{}");
    for (unsigned seed = 0; seed < 500; ++seed) {
        const MetadataMap m = Gen(seed).metadata();
        ASSERT_EQ(metadata_to_text(m), json::dump(metadata_to_json(m), 2)) << "seed " << seed;
    }
}

TEST(TextOutputTest, AssetManifestTextEqualsTheDumpedJson) {
    for (unsigned seed = 0; seed < 500; ++seed) {
        const AssetManifest m = Gen(seed).asset_manifest();
        ASSERT_EQ(asset_manifest_to_text(m), json::dump(asset_manifest_to_json(m), 2)) << "seed " << seed;
    }
}

TEST(TextOutputTest, EmptyManifestAndAssetManifest) {
    EXPECT_EQ(manifest_to_text(AssemblyManifest{}), "{\n  \"version\": \"55.0.0\",\n  \"artifacts\": {}\n}");
    EXPECT_EQ(asset_manifest_to_text(AssetManifest{}),
              "{\n  \"version\": \"55.0.0\",\n  \"files\": {},\n  \"dockerImages\": {}\n}");
}

std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The stock CDK's own assembly, read and written back: the direct writers give the same bytes as the
// JSON route, and (where the model keeps everything) the same bytes as aws-cdk-lib wrote.
TEST(TextOutputTest, StockAssemblyFilesRoundTrip) {
    int checked = 0;
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(testing::fixture("stock_nested"))) {
        const auto& path = entry.path();
        const std::string name = path.filename().string();
        if (!entry.is_regular_file() || !name.ends_with(".json")) continue;
        auto json = detail::read_json_file(path);
        ASSERT_TRUE(json) << path;
        if (name == "manifest.json") {
            auto m = manifest_from_json(*json, path.string());
            ASSERT_TRUE(m) << path;
            EXPECT_EQ(manifest_to_text(*m), json::dump(manifest_to_json(*m), 2)) << path;
            ++checked;
        } else if (name.ends_with(".assets.json")) {
            auto m = asset_manifest_from_json(*json, path.string());
            ASSERT_TRUE(m) << path;
            EXPECT_EQ(asset_manifest_to_text(*m), json::dump(asset_manifest_to_json(*m), 2)) << path;
            EXPECT_EQ(asset_manifest_to_text(*m), read_text(path)) << path;
            ++checked;
        } else if (name.ends_with(".metadata.json")) {
            auto m = metadata_from_json(*json, path.string());
            ASSERT_TRUE(m) << path;
            EXPECT_EQ(metadata_to_text(*m), json::dump(metadata_to_json(*m), 2)) << path;
            ++checked;
        }
    }
    EXPECT_GE(checked, 10);
}

TEST(TextOutputTest, WritersWriteTheText) {
    const testing::TempDir dir("cdkpp_text_output_test");
    const AssemblyManifest m = Gen(4).manifest();
    ASSERT_TRUE(write_manifest(dir.path(), m));
    EXPECT_EQ(read_text(dir.path() / "manifest.json"), manifest_to_text(m));
    const AssetManifest a = Gen(5).asset_manifest();
    ASSERT_TRUE(write_asset_manifest(dir.path() / "S.assets.json", a));
    EXPECT_EQ(read_text(dir.path() / "S.assets.json"), asset_manifest_to_text(a));
    const MetadataMap md = Gen(6).metadata();
    ASSERT_TRUE(write_metadata_file(dir.path() / "S.metadata.json", md));
    EXPECT_EQ(read_text(dir.path() / "S.metadata.json"), json::dump(metadata_to_json(md), 2));
}

// ---- Reading back: manifest_from_text (a flat document read straight into the model) against the
// reference, manifest_from_json of the parsed document: the same manifest, or the same error word for word.

void expect_same_reading(const std::string& text, const std::string& context) {
    const std::filesystem::path path = "/out/assembly-Dev/manifest.json";
    const auto reference = [&]() -> Result<AssemblyManifest> {
        auto json = detail::parse_json_text(text, path);
        if (!json) return json.error();
        return manifest_from_json(*json, path.string());
    }();
    const auto ours = manifest_from_text(text, path);
    ASSERT_EQ(static_cast<bool>(ours), static_cast<bool>(reference))
        << context << "\n"
        << text << "\n"
        << (ours ? reference.error().to_string() : ours.error().to_string());
    if (reference) {
        ASSERT_EQ(manifest_to_text(*ours), manifest_to_text(*reference)) << context << "\n" << text;
        ASSERT_EQ(json::dump(manifest_to_json(*ours), 2), json::dump(manifest_to_json(*reference), 2))
            << context;
    } else {
        ASSERT_EQ(ours.error().code, reference.error().code) << context << "\n" << text;
        ASSERT_EQ(ours.error().message, reference.error().message) << context << "\n" << text;
    }
}

void collect_values(nlohmann::ordered_json& j, std::vector<nlohmann::ordered_json*>& out) {
    out.push_back(&j);
    if (j.is_object() || j.is_array()) {
        for (auto& v : j)
            collect_values(v, out);
    }
}

TEST(TextOutputTest, ManifestFromTextReadsLikeManifestFromJson) {
    for (unsigned seed = 0; seed < 500; ++seed) {
        const AssemblyManifest m = Gen(seed).manifest();
        expect_same_reading(manifest_to_text(m), "seed " + std::to_string(seed));
        if (HasFatalFailure()) return;
    }
}

TEST(TextOutputTest, ManifestFromTextReportsTheSameErrorsAsManifestFromJson) {
    // A value somewhere in a generated manifest replaced by one of another type, removed, or given a sibling:
    // every type check, required field and nested path of the reader is met (and floats and repeated keys,
    // which the flat document leaves to the general parser).
    using OJson = nlohmann::ordered_json;
    const std::vector<OJson> kReplacements = {5,
                                              -7,
                                              "s",
                                              true,
                                              nullptr,
                                              OJson::array(),
                                              OJson::object(),
                                              OJson::parse(R"([1, "a", {"b": null}])"),
                                              OJson::parse(R"({"k": 1, "type": "x"})"),
                                              1.5,
                                              OJson::parse(R"({"type": "aws:cdk:info", "data": {"n": 2.5}})"),
                                              "55.0.0",
                                              "99.0.0"};
    std::mt19937 rng(4242);
    int errors = 0;
    for (unsigned seed = 0; seed < 1500; ++seed) {
        OJson doc = OJson::parse(manifest_to_text(Gen(seed).manifest()));
        if (doc.contains("version") && rng() % 3 != 0) doc["version"] = kSchemaVersion;
        for (unsigned edits = 1 + rng() % 2; edits > 0; --edits) {
            std::vector<OJson*> values;
            collect_values(doc, values);
            OJson* target = values[rng() % values.size()];
            switch (rng() % 4) {
            case 0:
                if (target->is_object() && !target->empty()) {
                    target->erase(target->begin()); // a required field gone
                    break;
                }
                [[fallthrough]];
            case 1:
                if (target->is_object()) {
                    (*target)["zz" + std::to_string(rng() % 3)] = kReplacements[rng() % kReplacements.size()];
                    break;
                }
                [[fallthrough]];
            default: *target = kReplacements[rng() % kReplacements.size()]; break;
            }
        }
        std::string text = doc.dump(rng() % 2 == 0 ? 2 : -1);
        if (rng() % 8 == 0) {
            // A repeated key in the text (nlohmann keeps the first position and the last value).
            const auto at = text.find("\"type\":");
            if (at != std::string::npos) text.insert(at, "\"type\": \"cdk:tree\", ");
        }
        expect_same_reading(text, "seed " + std::to_string(seed));
        if (HasFatalFailure()) return;
        if (!manifest_from_text(text, "m.json")) ++errors;
    }
    EXPECT_GT(errors, 300); // most edits break the manifest
}

TEST(TextOutputTest, ManifestFromTextReportsMalformedJsonLikeParseJsonText) {
    std::mt19937 rng(77);
    static const char kBytes[] = {'"', '\\', ',', ':', '{',    '}',    '[',   ']',
                                  '0', '-',  '.', ' ', '\x01', '\xc3', '\xff'};
    for (unsigned seed = 0; seed < 600; ++seed) {
        std::string text = manifest_to_text(Gen(seed).manifest());
        for (unsigned edits = 1 + rng() % 2; edits > 0 && !text.empty(); --edits) {
            const auto at = rng() % text.size();
            switch (rng() % 3) {
            case 0: text[at] = kBytes[rng() % sizeof kBytes]; break;
            case 1: text.erase(at, 1); break;
            default: text.insert(at, 1, kBytes[rng() % sizeof kBytes]); break;
            }
        }
        expect_same_reading(text, "seed " + std::to_string(seed));
        if (HasFatalFailure()) return;
    }
}

} // namespace
} // namespace cdk::assembly
