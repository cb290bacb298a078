// docs/localcloud-cloudformation.md's table of operations and resource types is generated from the code:
// this test renders it from a real localcloud's provider registry and compares. Run it with
// CDK_UPDATE_DOCS=1 to rewrite the block.
#include "localcloud/cloudformation/support_table.hpp"
#include "localcloud/server/local_cloud.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace cdk::localcloud::cloudformation {
namespace {

constexpr std::string_view kBegin = "<!-- BEGIN GENERATED: cloudformation-support "
                                    "(tests/localcloud/cloudformation/support_table_test.cpp) -->\n";
constexpr std::string_view kEnd = "<!-- END GENERATED -->";

TEST(CfnSupportTableTest, DocsListTheRegisteredTypesAndOperations) {
    const auto dir = std::filesystem::temp_directory_path() / ("lc-docs-" + std::to_string(::getpid()));
    ServerOptions options;
    options.data_dir = dir;
    options.port = 0;
    auto cloud = LocalCloud::create(options);
    ASSERT_TRUE(cloud) << cloud.error().to_string();
    const std::string table = render_support_table((*cloud)->providers());
    EXPECT_NE(table.find("`AWS::CDK::Metadata`"), std::string::npos);
    EXPECT_NE(table.find("`CreateChangeSet`"), std::string::npos);
    cloud->reset();
    std::filesystem::remove_all(dir);

    const std::filesystem::path doc =
        std::filesystem::path(CDK_SOURCE_DIR) / "docs" / "localcloud-cloudformation.md";
    std::ifstream in(doc);
    ASSERT_TRUE(in) << doc;
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    const auto begin = text.find(kBegin);
    const auto end = text.find(kEnd);
    ASSERT_NE(begin, std::string::npos);
    ASSERT_NE(end, std::string::npos);
    const std::string current = text.substr(begin + kBegin.size(), end - begin - kBegin.size());
    if (current != table && std::getenv("CDK_UPDATE_DOCS") != nullptr) {
        text.replace(begin + kBegin.size(), end - begin - kBegin.size(), table);
        std::ofstream(doc) << text;
        return;
    }
    EXPECT_EQ(current, table)
        << "docs/localcloud-cloudformation.md is out of date; run this test with CDK_UPDATE_DOCS=1";
}

} // namespace
} // namespace cdk::localcloud::cloudformation
