#include "assembly/writer.hpp"
#include "core/fs.hpp"
#include "core/hash.hpp"
#include "tests/assembly/test_support.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

namespace cdk::assembly {
namespace {

TEST(WriterTest, WritesInPlaceAndTruncates) {
    testing::TempDir tmp("cdkpp_writer_in_place");
    const auto file = tmp.path() / "Stack.template.json";
    ASSERT_TRUE(write_template(file, Json{{"Resources", {{"A", {{"Type", "AWS::SNS::Topic"}}}}}}));
    struct stat before {};
    ASSERT_EQ(::stat(file.c_str(), &before), 0);
    ASSERT_TRUE(write_template(file, Json::object())); // shorter: the old bytes must be gone
    struct stat after {};
    ASSERT_EQ(::stat(file.c_str(), &after), 0);
    EXPECT_EQ(before.st_ino, after.st_ino) << "the file is rewritten in place, not replaced";
    auto text = fs::read_file(file);
    ASSERT_TRUE(text);
    EXPECT_EQ(*text, "{}");
    // No temporary file left behind.
    int entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(tmp.path()))
        ++entries;
    EXPECT_EQ(entries, 1);
}

TEST(WriterTest, TemplateHashIsTheHashOfTheFile) {
    testing::TempDir tmp("cdkpp_writer_hash");
    const auto file = tmp.path() / "Stack.template.json";
    const Json tmpl{{"Resources", {{"A", {{"Type", "AWS::SNS::Topic"}, {"Properties", {{"N", "é\n"}}}}}}}};
    auto hash = write_template_sha256(file, tmpl);
    ASSERT_TRUE(hash) << hash.error().to_string();
    EXPECT_EQ(*hash, *hash::sha256_file_hex(file));
    EXPECT_EQ(*fs::read_file(file), tmpl.dump(1));
    nlohmann::ordered_json ordered{{"Z", 1}, {"A", 2}};
    auto ordered_hash = write_template_sha256(file, ordered);
    ASSERT_TRUE(ordered_hash);
    EXPECT_EQ(*ordered_hash, hash::sha256_hex("{\n \"Z\": 1,\n \"A\": 2\n}"));
    EXPECT_FALSE(write_template_sha256(tmp.path() / "Stack.template.json" / "x", tmpl));
}

TEST(WriterTest, CreatesMissingDirectories) {
    testing::TempDir tmp("cdkpp_writer_dirs");
    const auto dir = tmp.path() / "assembly-Dev" / "deeper";
    ASSERT_TRUE(write_assembly_marker(dir));
    auto text = fs::read_file(dir / kMarkerFile);
    ASSERT_TRUE(text);
    EXPECT_EQ(*text, R"({"version":"55.0.0"})");
}

TEST(WriterTest, ErrorNamesThePath) {
    testing::TempDir tmp("cdkpp_writer_error");
    ASSERT_TRUE(fs::write_file_atomic(tmp.path() / "plain", "x"));
    const auto file = tmp.path() / "plain" / "Stack.template.json"; // parent is a file
    auto r = write_json_file(file, Json::object());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "FileWriteError");
    EXPECT_NE(r.error().message.find(file.string()), std::string::npos) << r.error().message;
    const auto dir_file = tmp.path() / "adir";
    std::filesystem::create_directories(dir_file);
    auto r2 = write_json_file(dir_file, Json::object()); // a directory cannot be written
    ASSERT_FALSE(r2);
    EXPECT_NE(r2.error().message.find("cannot write '" + dir_file.string() + "'"), std::string::npos)
        << r2.error().message;
}

} // namespace
} // namespace cdk::assembly
