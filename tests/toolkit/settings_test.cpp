#include "core/fs.hpp"
#include "tests/assembly/test_support.hpp"
#include "toolkit/settings.hpp"

#include <gtest/gtest.h>

namespace cdk::toolkit {
namespace {

using assembly::testing::TempDir;

TEST(SettingsTest, ReadsProjectUserAndSavedContext) {
    TempDir proj("cdkpp_settings_proj");
    TempDir home("cdkpp_settings_home");
    ASSERT_TRUE(fs::write_file_atomic(proj.path() / "cdk.json",
                                      R"({"app":"build/bin/app","output":"out","context":{"a":1}})"));
    ASSERT_TRUE(fs::write_file_atomic(home.path() / ".cdk.json", R"({"app":"ignored","context":{"u":2}})"));
    ASSERT_TRUE(fs::write_file_atomic(proj.path() / "cdk.context.json", R"({"saved":3})"));
    auto s = load_project_settings(proj.path(), home.path());
    ASSERT_TRUE(s) << s.error().to_string();
    EXPECT_EQ(s->app, "build/bin/app");
    EXPECT_EQ(s->output, "out");
    EXPECT_EQ(s->project_context["a"], 1);
    EXPECT_EQ(s->user_context["u"], 2);
    EXPECT_EQ(s->saved_context["saved"], 3);
}

TEST(SettingsTest, MissingFilesAreEmpty) {
    TempDir proj("cdkpp_settings_empty");
    auto s = load_project_settings(proj.path(), std::nullopt);
    ASSERT_TRUE(s);
    EXPECT_FALSE(s->app);
    EXPECT_TRUE(s->project_context.empty());
}

TEST(SettingsTest, MalformedFileIsNamed) {
    TempDir proj("cdkpp_settings_bad");
    ASSERT_TRUE(fs::write_file_atomic(proj.path() / "cdk.json", R"({"app": )"));
    auto s = load_project_settings(proj.path(), std::nullopt);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, "SettingsMalformed");
    EXPECT_NE(s.error().message.find("cdk.json"), std::string::npos);
    ASSERT_TRUE(fs::write_file_atomic(proj.path() / "cdk.json", R"({"app": 3})"));
    auto t = load_project_settings(proj.path(), std::nullopt);
    ASSERT_FALSE(t);
    EXPECT_NE(t.error().message.find("\"app\" must be a string"), std::string::npos);
}

} // namespace
} // namespace cdk::toolkit
