// docs/localcloud-providers.md lists every resource type the registry holds: this test compares the doc's
// table with ProviderRegistry::types() of a registry filled by register_services.
#include "support/provider_fixture.hpp"

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace cdk::localcloud::testing {
namespace {

using ProviderDocTest = ProviderTest;

TEST_F(ProviderDocTest, DocTableListsExactlyTheRegisteredTypes) {
    std::ifstream in(std::filesystem::path(CDK_SOURCE_DIR) / "docs" / "localcloud-providers.md");
    ASSERT_TRUE(in);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    std::set<std::string> documented;
    static const std::regex kRow(R"(\n\| `(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)` \|)");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kRow); it != std::sregex_iterator(); ++it) {
        documented.insert((*it)[1].str());
    }
    const auto types = providers_.types();
    const std::set<std::string> registered(types.begin(), types.end());
    EXPECT_EQ(documented, registered) << "update the table in docs/localcloud-providers.md";
    EXPECT_GE(registered.size(), 15U);
}

} // namespace
} // namespace cdk::localcloud::testing
