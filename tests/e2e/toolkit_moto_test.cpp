// bootstrap, deploy, diff and destroy through the built cdkpp against moto_server (a third-party AWS
// implementation), with the scenario app: profiles for a "build" account (moto's default 123456789012) and
// targets reached by assuming a role in them, as an organisation's admin would.
#include "aws/support/moto_server.hpp"
#include "core/fs.hpp"
#include "core/json.hpp"
#include "tests/assembly/test_support.hpp"
#include "tests/e2e/cli_runner.hpp"

#include <gtest/gtest.h>

namespace cdk::e2e {
namespace {

using assembly::testing::TempDir;

constexpr const char* kBuild = "123456789012";
const std::string kAdmin = " --cloudformation-execution-policies arn:aws:iam::aws:policy/AdministratorAccess";

/// A project directory with AWS profiles for moto and the scenario app.
class Project {
public:
    explicit Project(const std::string& name) : dir_(name) {
        const std::string url = aws::testing::MotoServer::instance().url();
        EXPECT_FALSE(url.empty()) << aws::testing::MotoServer::instance().failure();
        std::string config = "[profile build]\nregion = ap-southeast-2\n";
        for (const char* account : {"111111111111", "222222222222", "333333333333"}) {
            config += std::string("[profile ") + account +
                      "]\nregion = ap-southeast-2\nrole_arn = arn:aws:iam::" + account +
                      ":role/OrganizationAccountAccessRole\nsource_profile = build\n";
        }
        EXPECT_TRUE(fs::write_file_atomic(dir_.path() / "config", config));
        EXPECT_TRUE(fs::write_file_atomic(
            dir_.path() / "credentials",
            "[build]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n"));
        env_ = "env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_PROFILE "
               "AWS_ENDPOINT_URL=" +
               url + " AWS_CONFIG_FILE=" + shell_quote((dir_.path() / "config").string()) +
               " AWS_SHARED_CREDENTIALS_FILE=" + shell_quote((dir_.path() / "credentials").string()) +
               " HOME=" + shell_quote(dir_.path().string()) + " ";
        app_ = " -a " + shell_quote(std::string(CDK_BINARY_DIR) + "/bin/scenario_app") +
               " -c @aws-cdk/core:bootstrapQualifier=myapp -o " +
               shell_quote((dir_.path() / "cdk.out").string());
    }

    /// `cdkpp ARGS` with the project's AWS settings (the app options added for app verbs).
    CliRun cdkpp_run(const std::string& args, bool with_app = false) const {
        return run_in(dir_.path(), env_ + cdkpp() + " " + args + (with_app ? app_ : "") + " </dev/null");
    }
    CliRun bootstrap(const std::string& account, const std::string& extra) const {
        return cdkpp_run("bootstrap aws://" + account + "/ap-southeast-2 --profile " + account + " " + extra);
    }
    [[nodiscard]] const std::filesystem::path& path() const { return dir_.path(); }

private:
    TempDir dir_;
    std::string env_;
    std::string app_;
};

TEST(ToolkitMotoTest, BootstrapDeployDiffDestroyAndRerun) {
    Project p("cdkpp_e2e_moto_flow");
    const auto boot =
        p.bootstrap("111111111111", "--qualifier myapp --toolkit-stack-name CDKToolkit-myapp --trust " +
                                        std::string(kBuild) + kAdmin);
    ASSERT_EQ(boot.exit_code, 0) << boot.out << boot.err;
    EXPECT_NE(boot.out.find("Trusted accounts for deployment: " + std::string(kBuild)), std::string::npos)
        << boot.out;

    // Re-running is an idempotent update: nothing to change, trust kept from the deployed stack.
    const auto again =
        p.bootstrap("111111111111", "--qualifier myapp --toolkit-stack-name CDKToolkit-myapp --json");
    ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
    const Json again_json = Json::parse(again.out);
    EXPECT_EQ(again_json[0]["noOp"], true) << again.out;
    EXPECT_NE(again.err.find("Trusted accounts for deployment: " + std::string(kBuild)), std::string::npos)
        << again.err;

    const auto deploy =
        p.cdkpp_run("deploy Dev/LambdaStack --profile build --require-approval never -O outputs.json", true);
    ASSERT_EQ(deploy.exit_code, 0) << deploy.out << deploy.err;
    EXPECT_NE(deploy.out.find("publishing"), std::string::npos) << deploy.out;
    EXPECT_NE(deploy.out.find("[1/1] Dev/LambdaStack | "), std::string::npos) << deploy.out;
    EXPECT_NE(deploy.out.find("CREATE_COMPLETE | AWS::CloudFormation::Stack | Dev-LambdaStack"),
              std::string::npos);
    const auto outputs = fs::read_file(p.path() / "outputs.json");
    ASSERT_TRUE(outputs);
    EXPECT_TRUE(Json::parse(*outputs).contains("Dev-LambdaStack")) << *outputs;

    const auto redeploy =
        p.cdkpp_run("deploy Dev/LambdaStack --profile build --require-approval never --json", true);
    ASSERT_EQ(redeploy.exit_code, 0) << redeploy.out << redeploy.err;
    EXPECT_EQ(Json::parse(redeploy.out)["stacks"][0]["noOp"], true) << redeploy.out;
    EXPECT_EQ(redeploy.err.find("publishing"), std::string::npos) << "the template asset is already there";

    const auto same = p.cdkpp_run("diff Dev/LambdaStack --profile build --fail", true);
    EXPECT_EQ(same.exit_code, 0) << same.out << same.err;
    EXPECT_NE(same.out.find("There were no differences"), std::string::npos) << same.out;
    const auto same_security =
        p.cdkpp_run("diff Dev/LambdaStack --profile build --security-only --fail", true);
    EXPECT_EQ(same_security.exit_code, 0) << same_security.out << same_security.err;
    EXPECT_NE(same_security.out.find("No changes that broaden permissions"), std::string::npos)
        << same_security.out;

    const auto destroy = p.cdkpp_run("destroy Dev/LambdaStack --profile build --force", true);
    ASSERT_EQ(destroy.exit_code, 0) << destroy.out << destroy.err;
    const auto differs = p.cdkpp_run("diff Dev/LambdaStack --profile build --fail", true);
    EXPECT_EQ(differs.exit_code, 1) << differs.out << differs.err;
    EXPECT_NE(differs.out.find("IAM Statement Changes"), std::string::npos) << differs.out;
    EXPECT_NE(differs.out.find("[+] AWS::Lambda::Function Function"), std::string::npos) << differs.out;
    // --security-only: the new function's role (its trust policy, the basic execution policy) broadens
    // permissions; only the IAM table is shown.
    const auto broadens = p.cdkpp_run("diff Dev/LambdaStack --profile build --security-only --fail", true);
    EXPECT_EQ(broadens.exit_code, 1) << broadens.out << broadens.err;
    EXPECT_NE(broadens.out.find("IAM Statement Changes"), std::string::npos) << broadens.out;
    EXPECT_NE(broadens.out.find("potentially sensitive changes"), std::string::npos) << broadens.out;
    EXPECT_EQ(broadens.out.find("AWS::Lambda::Function"), std::string::npos) << broadens.out;
    const auto broadens_json =
        p.cdkpp_run("diff Dev/LambdaStack --profile build --security-only --json", true);
    EXPECT_EQ(broadens_json.exit_code, 0) << broadens_json.out << broadens_json.err;
    const Json j = Json::parse(broadens_json.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << broadens_json.out;
    EXPECT_EQ(j["stacks"][0]["diff"]["permissionsBroadened"], true) << broadens_json.out;
    EXPECT_FALSE(j["stacks"][0]["diff"].contains("changes")) << broadens_json.out;
}

TEST(ToolkitMotoTest, FailsWhenNotBootstrappedNamingTheCommand) {
    Project p("cdkpp_e2e_moto_unbootstrapped");
    const auto deploy = p.cdkpp_run("deploy Prod/LambdaStack --profile build --require-approval never", true);
    EXPECT_EQ(deploy.exit_code, 1) << deploy.out << deploy.err;
    EXPECT_NE(deploy.err.find("NotBootstrapped"), std::string::npos) << deploy.err;
    EXPECT_NE(deploy.err.find(
                  "cdkpp bootstrap aws://333333333333/ap-southeast-2 --qualifier myapp --toolkit-stack-name "
                  "CDKToolkit-myapp --trust 123456789012 --cloudformation-execution-policies"),
              std::string::npos)
        << deploy.err;
}

TEST(ToolkitMotoTest, FailsWhenTheQualifiersDiffer) {
    Project p("cdkpp_e2e_moto_qualifier");
    const auto boot = p.bootstrap("222222222222", "--trust " + std::string(kBuild) + kAdmin);
    ASSERT_EQ(boot.exit_code, 0) << boot.out << boot.err;
    const auto deploy = p.cdkpp_run("deploy Test/LambdaStack --profile build --require-approval never", true);
    EXPECT_EQ(deploy.exit_code, 1) << deploy.out << deploy.err;
    EXPECT_NE(deploy.err.find("QualifierMismatch"), std::string::npos) << deploy.err;
    EXPECT_NE(deploy.err.find("bootstrapped with qualifier hnb659fds, but the app uses qualifier myapp"),
              std::string::npos)
        << deploy.err;
}

/// An old bootstrap: just the version parameter at 5 (below the app's required 6) and its output.
constexpr const char* kOldBootstrapTemplate =
    R"({"Parameters": {"Qualifier": {"Type": "String", "Default": "hnb659fds"},
      "BootstrapVariant": {"Type": "String", "Default": "AWS CDK: Default Resources"}},
      "Resources": {"CdkBootstrapVersion": {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String",
        "Name": {"Fn::Sub": "/cdk-bootstrap/${Qualifier}/version"}, "Value": "5"}}},
      "Outputs": {"BootstrapVersion": {"Value": "5"}}})";

TEST(ToolkitMotoTest, FailsWhenTheBootstrapIsTooOld) {
    Project p("cdkpp_e2e_moto_too_old");
    ASSERT_TRUE(fs::write_file_atomic(p.path() / "old.json", kOldBootstrapTemplate));
    const auto old = p.bootstrap(
        "333333333333", "--qualifier myapp --toolkit-stack-name CDKToolkit-myapp --template old.json");
    ASSERT_EQ(old.exit_code, 0) << old.out << old.err;
    const auto too_old =
        p.cdkpp_run("deploy Prod/LambdaStack --profile build --require-approval never", true);
    EXPECT_EQ(too_old.exit_code, 1);
    EXPECT_NE(too_old.err.find("BootstrapTooOld"), std::string::npos) << too_old.err;
    EXPECT_NE(too_old.err.find(
                  "bootstrapped at version 5, but this app requires version 6 or later: run cdkpp bootstrap "
                  "aws://333333333333/ap-southeast-2 --qualifier myapp"),
              std::string::npos)
        << too_old.err;
}

TEST(ToolkitMotoTest, RefusesADowngradeUnlessForced) {
    Project p("cdkpp_e2e_moto_downgrade");
    ASSERT_TRUE(fs::write_file_atomic(p.path() / "old.json", kOldBootstrapTemplate));
    const std::string where = "--qualifier myapp --toolkit-stack-name CDKToolkit-myapp";
    const auto current = p.bootstrap("333333333333", where + " --trust " + std::string(kBuild) + kAdmin);
    ASSERT_EQ(current.exit_code, 0) << current.out << current.err;
    const auto downgrade = p.bootstrap("333333333333", where + " --template old.json");
    EXPECT_EQ(downgrade.exit_code, 1) << downgrade.out;
    EXPECT_NE(downgrade.err.find("already at version 33; not downgrading it to version 5 (use --force"),
              std::string::npos)
        << downgrade.err;
    EXPECT_NE(downgrade.err.find("BootstrapDowngrade"), std::string::npos);
    const auto deploy = p.cdkpp_run("deploy Prod/LambdaStack --profile build --require-approval never", true);
    EXPECT_EQ(deploy.exit_code, 0) << deploy.out << deploy.err;
}

TEST(ToolkitMotoTest, FailsForTrustWithoutExecutionPoliciesAsTheCdkDoes) {
    Project p("cdkpp_e2e_moto_trust_policies");
    const auto boot = p.bootstrap("111111111111", "--trust " + std::string(kBuild));
    EXPECT_EQ(boot.exit_code, 1) << boot.out;
    EXPECT_NE(boot.err.find("Please pass '--cloudformation-execution-policies' when using '--trust'"),
              std::string::npos)
        << boot.err;
}

TEST(ToolkitMotoTest, BootstrapsSeveralEnvironmentsInOneCall) {
    Project p("cdkpp_e2e_moto_many");
    // The caller's own account and region twice (two regions), concurrently.
    const auto boot = p.cdkpp_run("bootstrap aws://123456789012/ap-southeast-2 aws://123456789012/us-east-1 "
                                  "--profile build --json");
    ASSERT_EQ(boot.exit_code, 0) << boot.out << boot.err;
    const Json results = Json::parse(boot.out);
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[0]["environment"], "aws://123456789012/ap-southeast-2");
    EXPECT_EQ(results[1]["environment"], "aws://123456789012/us-east-1");
    EXPECT_EQ(results[1]["version"], 33);
    const auto wrong = p.cdkpp_run("bootstrap aws://111111111111/ap-southeast-2 --profile build");
    EXPECT_EQ(wrong.exit_code, 1);
    EXPECT_NE(wrong.err.find("credentials in use belong to account 123456789012, not 111111111111"),
              std::string::npos)
        << wrong.err;
}

TEST(ToolkitMotoTest, ShowTemplatePrintsTheBootstrapTemplate) {
    Project p("cdkpp_e2e_moto_show");
    const auto show = p.cdkpp_run("bootstrap --show-template --json");
    ASSERT_EQ(show.exit_code, 0) << show.err;
    const Json t = Json::parse(show.out);
    EXPECT_EQ(t["Outputs"]["BootstrapVersion"]["Value"], "33");
    const auto yaml = p.cdkpp_run("bootstrap --show-template");
    EXPECT_NE(yaml.out.find("CdkBootstrapVersion:"), std::string::npos);
}

} // namespace
} // namespace cdk::e2e
