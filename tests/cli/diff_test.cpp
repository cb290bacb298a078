// `cdkpp diff` arguments and its view (--security-only, --fail).
#include "apps/cli/arguments/deploy.hpp"
#include "apps/cli/views/deploy.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace cdk::cli {
namespace {

DiffArguments parse(std::vector<std::string> words) {
    DiffArguments args;
    CLI::App app{"test", "cdkpp"};
    add_diff_arguments(app, args);
    std::vector<std::string> reversed(words.rbegin(), words.rend());
    app.parse(reversed);
    return args;
}

TEST(DiffArgumentsTest, SecurityOnlyAndFail) {
    const DiffArguments args = parse({"diff", "BroadeningStack/Dev/*", "--security-only", "--fail"});
    EXPECT_EQ(args.stacks, std::vector<std::string>{"BroadeningStack/Dev/*"});
    EXPECT_TRUE(args.security_only);
    EXPECT_TRUE(args.fail);
    const DiffArguments plain = parse({"diff"});
    EXPECT_FALSE(plain.security_only);
    EXPECT_FALSE(plain.fail);
}

toolkit::StackDiff stack_diff(const std::string& id, const char* before, const char* after) {
    return {id, id, toolkit::diff::diff_templates(Json::parse(before), Json::parse(after)), std::nullopt};
}

const char* kEmpty = R"({"Resources": {}})";
const char* kRole = R"({"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {
    "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
    "Principal": {"Service": "lambda.amazonaws.com"}}]}}}}})";
const char* kQueue = R"({"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}})";

TEST(DiffViewTest, SecurityOnlyShowsOnlyBroadeningStacksAndTheirSecurityTables) {
    std::ostringstream out, err;
    render_diff(out, err, {stack_diff("S/Dev/App", kEmpty, kRole), stack_diff("S/Dev/Queue", kEmpty, kQueue)},
                false, true);
    const std::string text = out.str();
    EXPECT_NE(text.find("potentially sensitive changes"), std::string::npos) << text;
    EXPECT_NE(text.find("Stack S/Dev/App\nIAM Statement Changes"), std::string::npos) << text;
    EXPECT_EQ(text.find("AWS::IAM::Role"), std::string::npos) << "no resource list: " << text;
    EXPECT_NE(text.find("Stack S/Dev/Queue\nNo changes that broaden permissions"), std::string::npos) << text;
    EXPECT_EQ(text.find("AWS::SQS::Queue"), std::string::npos) << text;
}

TEST(DiffViewTest, FullDiffListsTheResources) {
    std::ostringstream out, err;
    render_diff(out, err, {stack_diff("S/Dev/Queue", kEmpty, kQueue)}, false, false);
    EXPECT_NE(out.str().find("[+] AWS::SQS::Queue Q"), std::string::npos) << out.str();
}

TEST(DiffViewTest, SecurityOnlyJsonLeavesOutTheElementChanges) {
    std::ostringstream out, err;
    render_diff(out, err, {stack_diff("S/Dev/App", kEmpty, kRole)}, true, true);
    const Json j = Json::parse(out.str());
    EXPECT_EQ(j["stacks"][0]["diff"]["permissionsBroadened"], true) << out.str();
    EXPECT_FALSE(j["stacks"][0]["diff"].contains("changes")) << out.str();
}

} // namespace
} // namespace cdk::cli
