// cdkpp and the stock `cdk` print the same thing for the same assembly (label interop: runs node).
#include "tests/assembly/test_support.hpp"
#include "tests/e2e/cli_runner.hpp"

#include <gtest/gtest.h>

namespace cdk::e2e {
namespace {

using assembly::testing::fixture;
using assembly::testing::TempDir;

TEST(StockParityTest, SynthAndLsPrintWhatTheStockCliPrints) {
    TempDir dir("cdkpp_e2e_parity");
    const std::string app = " --app " + shell_quote(fixture("stock_nested").string());
    // Each stock run costs seconds: three runs cover YAML, JSON and the list format.
    for (const std::string& args :
         {std::string(" synth Dev/Api -e"), std::string(" synth Dev/Inner/Worker --json"),
          std::string(" ls 'Dev/*' --long")}) {
        const auto ours = run_in(dir.path(), cdkpp() + args + app);
        const auto stock = run_in(dir.path(), stock_cdk() + args + app);
        ASSERT_EQ(stock.exit_code, 0) << stock.err;
        EXPECT_EQ(ours.exit_code, 0) << ours.err;
        EXPECT_EQ(ours.out, stock.out) << "cdk" << args;
    }
}

} // namespace
} // namespace cdk::e2e
