// cdkpp as a user outside this repository meets it (label e2e): `cmake --install` of this build into a
// temporary prefix, which is then moved (the package is relocatable); `cdkpp init` in empty directories
// outside the tree; the projects build with only the moved prefix on CMAKE_PREFIX_PATH and synthesize,
// driven by cdkpp and by the stock `cdk`. docs/packaging.md.
#include "core/fs.hpp"
#include "tests/assembly/test_support.hpp"
#include "tests/e2e/cli_runner.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>

namespace cdk::e2e {
namespace {

using assembly::testing::TempDir;
namespace stdfs = std::filesystem;

/// Every *.template.json under `dir`, by path relative to it.
std::map<std::string, std::string> templates_under(const stdfs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : stdfs::recursive_directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (e.is_regular_file() && name.ends_with(".template.json"))
            out[stdfs::relative(e.path(), dir).string()] = fs::read_file(e.path()).value_or("");
    }
    return out;
}

/// Files under `dir` whose bytes contain `needle`.
std::vector<std::string> files_containing(const stdfs::path& dir, const std::string& needle) {
    std::vector<std::string> hits;
    for (const auto& e : stdfs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        std::ifstream in(e.path(), std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (bytes.find(needle) != std::string::npos) hits.push_back(e.path().string());
    }
    return hits;
}

TEST(InstallTest, InitProjectsBuildAgainstTheMovedInstallAndSynthesize) {
    TempDir root("cdkpp_e2e_install");
    const auto staged = root.path() / "staged";
    const auto prefix = root.path() / "moved" / "cdkpp";
    const auto install = run_in(root.path(), "cmake --install " + shell_quote(CDK_BINARY_DIR) + " --prefix " +
                                                 shell_quote(staged.string()));
    ASSERT_EQ(install.exit_code, 0) << install.out << install.err;
    for (const auto& file :
         {"bin/cdkpp", "bin/localcloud", "lib/cmake/cdkpp/cdkpp-config.cmake",
          "lib/cmake/cdkpp/cdkpp-config-version.cmake", "lib/cmake/cdkpp/cdk_app.cmake",
          "include/cdkpp/lib/lambda/function.hpp", "include/cdkpp/core/result.hpp",
          "include/cdkpp/lib/athena/generated/cfn_athena.hpp", "share/cdkpp/l1/athena/cfn_athena.cpp",
          "lib/libcdk_lib_lambda.a", "lib/libcdk_l1_lambda.a", "lib/libcdk_l1_dynamodb.a"}) {
        EXPECT_TRUE(stdfs::exists(staged / file)) << file;
    }
    // Relocatable: nothing installed names the build directory; then the prefix moves.
    EXPECT_EQ(files_containing(staged, CDK_BINARY_DIR), std::vector<std::string>{});
    for (const auto& text : {"lib/cmake", "include", "share"})
        EXPECT_EQ(files_containing(staged / text, CDK_SOURCE_DIR), std::vector<std::string>{}) << text;
    stdfs::create_directories(prefix.parent_path());
    stdfs::rename(staged, prefix);

    // Only the moved prefix: not on PATH beyond its bin/, nothing of the build tree.
    const std::string env = "CMAKE_PREFIX_PATH=" + shell_quote(prefix.string()) + " ";
    const std::string installed = env + shell_quote((prefix / "bin" / "cdkpp").string());

    // The plain app: cdkpp and the stock cdk print the same template.
    const auto app = root.path() / "hello-app";
    stdfs::create_directories(app);
    const auto init = run_in(app, installed + " init app --language cpp");
    ASSERT_EQ(init.exit_code, 0) << init.err;
    for (const auto& file : {"CMakeLists.txt", "main.cpp", "cdk.json", ".gitignore", "README.md"})
        EXPECT_TRUE(stdfs::exists(app / file)) << file;
    EXPECT_TRUE(stdfs::exists(app / ".git")) << init.err;
    // As a user goes on: an L1 class of a namespace no installed module links (compiled on demand from the
    // installed sources) next to the template's stack.
    std::string main_cpp = fs::read_file(app / "main.cpp").value_or("");
    std::string cmake = fs::read_file(app / "CMakeLists.txt").value_or("");
    const std::string stack_line = "HelloAppStack stack(app, \"HelloAppStack\");";
    const std::string link_line = "PRIVATE cdkpp::synth cdkpp::lambda)";
    ASSERT_NE(main_cpp.find(stack_line), std::string::npos) << main_cpp;
    ASSERT_NE(cmake.find(link_line), std::string::npos) << cmake;
    main_cpp.replace(
        main_cpp.find(stack_line), stack_line.size(),
        stack_line + "\n        cdk::dynamodb::CfnTable table(stack, \"Table\", {.billing_mode = "
                     "\"PAY_PER_REQUEST\", .key_schema = {{{.attribute_name = \"pk\", .key_type = "
                     "\"HASH\"}}}});"
                     "\n        cdk::athena::CfnWorkGroup group(stack, \"WorkGroup\", {.name = \"hello\"});");
    main_cpp = "#include \"lib/athena/generated/cfn_athena.hpp\"\n#include "
               "\"lib/dynamodb/generated/cfn_dynamodb.hpp\"\n" +
               main_cpp;
    // DynamoDB's L1 is prebuilt (cdk_lib_dynamodb links it), Athena's is compiled here from the installed
    // sources: both are cdkpp::l1_<ns>.
    cmake.replace(cmake.find(link_line), link_line.size(),
                  "PRIVATE cdkpp::synth cdkpp::lambda cdkpp::l1_dynamodb cdkpp::l1_athena)");
    ASSERT_TRUE(fs::write_file_atomic(app / "main.cpp", main_cpp));
    ASSERT_TRUE(fs::write_file_atomic(app / "CMakeLists.txt", cmake));
    const auto synth = run_in(app, installed + " synth");
    ASSERT_EQ(synth.exit_code, 0) << synth.err;
    EXPECT_NE(synth.out.find("Type: AWS::Lambda::Function"), std::string::npos) << synth.out;
    EXPECT_NE(synth.out.find("Type: AWS::DynamoDB::Table"), std::string::npos) << synth.out;
    EXPECT_NE(synth.out.find("Type: AWS::Athena::WorkGroup"), std::string::npos) << synth.out;
    EXPECT_NE(synth.out.find("hello from hello-app"), std::string::npos) << synth.out;
    const auto stock = run_in(app, env + stock_cdk() + " synth");
    ASSERT_EQ(stock.exit_code, 0) << stock.err;
    EXPECT_EQ(stock.out, synth.out);

    // --pipeline: the reference scenario, the same templates as examples/scenario in this tree.
    const auto scenario = root.path() / "scenario";
    stdfs::create_directories(scenario);
    const auto init_pipeline =
        run_in(scenario, installed + " init app --language cpp --pipeline --generate-only");
    ASSERT_EQ(init_pipeline.exit_code, 0) << init_pipeline.err;
    EXPECT_FALSE(stdfs::exists(scenario / ".git"));
    const auto ours = run_in(scenario, installed + " synth --quiet -o out");
    ASSERT_EQ(ours.exit_code, 0) << ours.err;
    // Run in the init project so its cdk.json context (the recommended feature flags) applies to both.
    const auto in_tree = run_in(scenario, e2e::cdkpp() + " synth --quiet -o " +
                                              shell_quote((root.path() / "in-tree").string()) +
                                              " -c @aws-cdk/core:bootstrapQualifier=myapp --app " +
                                              shell_quote(std::string(CDK_BINARY_DIR) + "/bin/scenario_app"));
    ASSERT_EQ(in_tree.exit_code, 0) << in_tree.err;
    // The stages are the same; the PipelineStack differs only in how its synth step builds the app (in this
    // tree: scripts/build; the init project: `cdkpp synth`) and where its source comes from (cdk.json
    // context).
    auto expected = templates_under(root.path() / "in-tree");
    auto got = templates_under(scenario / "out");
    EXPECT_EQ(expected.size(), 7u);
    const std::string pipeline = "PipelineStack.template.json";
    ASSERT_EQ(got.count(pipeline), 1u);
    EXPECT_NE(got[pipeline].find("MultiAccountPipeline"), std::string::npos);
    EXPECT_NE(got[pipeline].find("OWNER"), std::string::npos);
    EXPECT_NE(got[pipeline].find("cdkpp synth"), std::string::npos);
    expected.erase(pipeline);
    got.erase(pipeline);
    EXPECT_EQ(got, expected);
}

} // namespace
} // namespace cdk::e2e
