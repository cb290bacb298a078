// The scenario on localcloud through the built cdkpp: start localcloud with the four accounts and a fifth
// (444444444444, "other"), write their profiles, bootstrap, and deploy from the build account's
// credentials only. localcloud enforces trust and the cfn-exec role, so the errors a user can act on are
// real refusals here, not simulations.
#include "core/fs.hpp"
#include "core/json.hpp"
#include "tests/assembly/test_support.hpp"
#include "tests/e2e/cli_runner.hpp"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace cdk::e2e {
namespace {

using assembly::testing::TempDir;

const std::string kWhere = " --qualifier myapp --toolkit-stack-name CDKToolkit-myapp";
const std::string kTrustBuild = " --trust 999999999999 --cloudformation-execution-policies "
                                "arn:aws:iam::aws:policy/AdministratorAccess";

int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    const int port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

/// A running localcloud with profiles build/dev/test/prod/other, stopped at the end.
class LocalCloud {
public:
    explicit LocalCloud(const std::string& name) : dir_(name), port_(std::to_string(free_port())) {
        EXPECT_TRUE(fs::write_file_atomic(dir_.path() / "accounts.json", R"({"accounts": [
            {"id": "999999999999", "name": "build"}, {"id": "111111111111", "name": "dev"},
            {"id": "222222222222", "name": "test"}, {"id": "333333333333", "name": "prod"},
            {"id": "444444444444", "name": "other"}]})"));
        where_ = " --port " + port_ + " --data-dir " + shell_quote((dir_.path() / "data").string());
        env_ = "env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_PROFILE -u "
               "AWS_ENDPOINT_URL AWS_CONFIG_FILE=" +
               shell_quote((dir_.path() / "config").string()) +
               " AWS_SHARED_CREDENTIALS_FILE=" + shell_quote((dir_.path() / "credentials").string()) +
               " HOME=" + shell_quote(dir_.path().string()) + " ";
        const auto start = run_in(dir_.path(), cdkpp() + " local start --accounts accounts.json" + where_);
        EXPECT_EQ(start.exit_code, 0) << start.out << start.err;
        const auto profiles = run_in(dir_.path(), env_ + cdkpp() + " local profiles --write" + where_);
        EXPECT_EQ(profiles.exit_code, 0) << profiles.out << profiles.err;
        app_ = " -a " + shell_quote(std::string(CDK_BINARY_DIR) + "/bin/scenario_app") +
               " -c @aws-cdk/core:bootstrapQualifier=myapp -c scenario:otherAccount=444444444444 -o " +
               shell_quote((dir_.path() / "cdk.out").string());
    }
    ~LocalCloud() { (void)run_in(dir_.path(), cdkpp() + " local stop" + where_); }
    LocalCloud(const LocalCloud&) = delete;
    LocalCloud& operator=(const LocalCloud&) = delete;

    CliRun cdkpp_run(const std::string& args, bool with_app = false) const {
        return run_in(dir_.path(), env_ + cdkpp() + " " + args + (with_app ? app_ : "") + " </dev/null");
    }
    CliRun bootstrap(const std::string& profile, const std::string& account, const std::string& extra) const {
        return cdkpp_run("bootstrap aws://" + account + "/ap-southeast-2 --profile " + profile + kWhere +
                         extra);
    }
    /// Adds a profile with these (unknown to localcloud) keys at localcloud's endpoint.
    void add_profile(const std::string& name, const std::string& key) const {
        auto config = fs::read_file(dir_.path() / "config").value_or("");
        auto credentials = fs::read_file(dir_.path() / "credentials").value_or("");
        config += "\n[profile " + name +
                  "]\nregion = ap-southeast-2\nendpoint_url = http://127.0.0.1:" + port_ + "\n";
        credentials += "\n[" + name + "]\naws_access_key_id = " + key + "\naws_secret_access_key = x\n";
        EXPECT_TRUE(fs::write_file_atomic(dir_.path() / "config", config));
        EXPECT_TRUE(fs::write_file_atomic(dir_.path() / "credentials", credentials));
    }
    [[nodiscard]] const std::filesystem::path& path() const { return dir_.path(); }

private:
    TempDir dir_;
    std::string port_;
    std::string where_;
    std::string env_;
    std::string app_;
};

TEST(ToolkitLocalcloudTest, UntrustedTargetRefusesTheDeploymentNamingTheMissingTrust) {
    LocalCloud cloud("cdkpp_e2e_lc_trust");
    const auto build = cloud.bootstrap("build", "999999999999", "");
    ASSERT_EQ(build.exit_code, 0) << build.out << build.err;
    const auto other = cloud.bootstrap("other", "444444444444", "");
    ASSERT_EQ(other.exit_code, 0) << other.out << other.err;
    const auto again = cloud.bootstrap("other", "444444444444", " --json");
    ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
    EXPECT_EQ(Json::parse(again.out)[0]["noOp"], true) << again.out;

    const auto deploy =
        cloud.cdkpp_run("deploy Other/LambdaStack --profile build --require-approval never", true);
    EXPECT_EQ(deploy.exit_code, 1) << deploy.out << deploy.err;
    EXPECT_NE(
        deploy.err.find("account 444444444444 does not trust 999999999999: re-bootstrap it with --trust "
                        "999999999999"),
        std::string::npos)
        << deploy.err;
    EXPECT_NE(deploy.err.find("TargetNotTrusted"), std::string::npos) << deploy.err;
}

// `--untrust` as the stock CLI: the account leaves the deployed stack's trust lists, the others and the
// execution policies stay; deployments from it are refused until `--trust` adds it back.
TEST(ToolkitLocalcloudTest, UntrustTakesTheAccountOutOfTheDeployedTrustAndTrustPutsItBack) {
    LocalCloud cloud("cdkpp_e2e_lc_untrust");
    ASSERT_EQ(cloud.bootstrap("build", "999999999999", "").exit_code, 0);
    const auto trusted =
        cloud.bootstrap("other", "444444444444",
                        " --trust 999999999999,111111111111 --cloudformation-execution-policies "
                        "arn:aws:iam::aws:policy/AdministratorAccess");
    ASSERT_EQ(trusted.exit_code, 0) << trusted.out << trusted.err;
    const auto untrust = cloud.bootstrap("other", "444444444444", " --untrust 999999999999");
    ASSERT_EQ(untrust.exit_code, 0) << untrust.out << untrust.err;
    const auto said = untrust.out + untrust.err;
    EXPECT_NE(said.find("Trusted accounts for deployment: 111111111111"), std::string::npos) << said;
    EXPECT_NE(said.find("Execution policies: arn:aws:iam::aws:policy/AdministratorAccess"), std::string::npos)
        << said;

    const auto refused =
        cloud.cdkpp_run("deploy Other/LambdaStack --profile build --require-approval never", true);
    EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
    EXPECT_NE(
        refused.err.find("account 444444444444 does not trust 999999999999: re-bootstrap it with --trust "
                         "999999999999"),
        std::string::npos)
        << refused.err;

    const auto both =
        cloud.bootstrap("other", "444444444444", " --trust 999999999999 --untrust 999999999999");
    EXPECT_EQ(both.exit_code, 1) << both.out << both.err;
    EXPECT_NE(both.err.find("Accounts cannot be both trusted and untrusted. Found: 999999999999"),
              std::string::npos)
        << both.err;

    const auto retrust = cloud.bootstrap("other", "444444444444", " --trust 999999999999");
    ASSERT_EQ(retrust.exit_code, 0) << retrust.out << retrust.err;
    const auto deploy =
        cloud.cdkpp_run("deploy Other/LambdaStack --profile build --require-approval never", true);
    EXPECT_EQ(deploy.exit_code, 0) << deploy.out << deploy.err;
}

// Asset publishing relies on the bucket's AWS-managed key policy (Principal "*" within conditions) granting
// on its own, as KMS does.
TEST(ToolkitLocalcloudTest, FailedStackListsTheFailedResourcesAndReasons) {
    LocalCloud cloud("cdkpp_e2e_lc_failed");
    // The cfn-exec role may only read: creating the function's service role must fail as that role.
    const auto test = cloud.bootstrap("test", "222222222222",
                                      " --trust 999999999999 --cloudformation-execution-policies "
                                      "arn:aws:iam::aws:policy/ReadOnlyAccess");
    ASSERT_EQ(test.exit_code, 0) << test.out << test.err;
    const auto deploy =
        cloud.cdkpp_run("deploy Test/LambdaStack --profile build --require-approval never", true);
    EXPECT_EQ(deploy.exit_code, 1) << deploy.out << deploy.err;
    EXPECT_NE(deploy.err.find("StackDeployFailed"), std::string::npos) << deploy.err;
    EXPECT_NE(deploy.err.find("FunctionServiceRole675BB04A (AWS::IAM::Role) CREATE_FAILED"),
              std::string::npos)
        << deploy.err;
}

TEST(ToolkitLocalcloudTest, FailsWithInvalidCredentialsSayingHowToRenewThem) {
    LocalCloud cloud("cdkpp_e2e_lc_expired");
    cloud.add_profile("stale", "AKIAEXPIREDEXPIRED00");
    const auto deploy =
        cloud.cdkpp_run("deploy Dev/LambdaStack --profile stale --require-approval never", true);
    EXPECT_EQ(deploy.exit_code, 1) << deploy.out << deploy.err;
    EXPECT_NE(deploy.err.find("ExpiredCredentials"), std::string::npos) << deploy.err;
    EXPECT_NE(deploy.err.find("expired or not valid"), std::string::npos) << deploy.err;
}

/// The whole scenario: bootstrap four accounts, deploy to three from the build account, invoke each function.
TEST(ToolkitLocalcloudTest, DeploysTheScenarioToDevTestProdFromTheBuildAccount) {
    LocalCloud cloud("cdkpp_e2e_lc_scenario");
    ASSERT_EQ(cloud.bootstrap("build", "999999999999", "").exit_code, 0);
    for (const auto& [profile, account] :
         {std::pair{"dev", "111111111111"}, std::pair{"test", "222222222222"},
          std::pair{"prod", "333333333333"}}) {
        const auto boot = cloud.bootstrap(profile, account, kTrustBuild);
        ASSERT_EQ(boot.exit_code, 0) << boot.out << boot.err;
    }
    const auto deploy = cloud.cdkpp_run("deploy 'Dev/*' 'Test/*' 'Prod/*' --concurrency 3 --profile build "
                                        "--require-approval never -O outputs.json --json",
                                        true);
    ASSERT_EQ(deploy.exit_code, 0) << deploy.out << deploy.err;
    const auto outputs = fs::read_file(cloud.path() / "outputs.json");
    ASSERT_TRUE(outputs);
    const Json o = Json::parse(*outputs);
    for (const char* stack : {"Dev-LambdaStack", "Test-LambdaStack", "Prod-LambdaStack"}) {
        EXPECT_TRUE(o.contains(stack)) << *outputs;
    }
    const auto redeploy = cloud.cdkpp_run(
        "deploy 'Dev/*' 'Test/*' 'Prod/*' --profile build --require-approval never --json", true);
    ASSERT_EQ(redeploy.exit_code, 0) << redeploy.out << redeploy.err;
    for (const auto& s : Json::parse(redeploy.out)["stacks"])
        EXPECT_EQ(s["noOp"], true) << redeploy.out;
}

/// `cdkpp publish-assets` (what a pipeline's Assets stage runs): one asset of a manifest to one destination,
/// acting as that target's file-publishing role, assumed from the build account's credentials.
TEST(ToolkitLocalcloudTest, PublishAssetsPublishesSelectedAssetsWithTheTargetsPublishingRole) {
    LocalCloud cloud("cdkpp_e2e_lc_publish");
    ASSERT_EQ(cloud.bootstrap("dev", "111111111111", kTrustBuild).exit_code, 0);
    ASSERT_EQ(cloud.bootstrap("other", "444444444444", "").exit_code, 0);
    auto destination = [](const std::string& account, const std::string& key) {
        return Json{{"bucketName", "cdk-myapp-assets-" + account + "-ap-southeast-2"},
                    {"objectKey", key},
                    {"region", "ap-southeast-2"},
                    {"assumeRoleArn", "arn:${AWS::Partition}:iam::" + account +
                                          ":role/cdk-myapp-file-publishing-role-" + account +
                                          "-ap-southeast-2"}};
    };
    const Json manifest = {
        {"version", "55.0.0"},
        {"files",
         {{"aaa",
           {{"displayName", "Config"},
            {"source", {{"path", "asset.aaa.txt"}, {"packaging", "file"}}},
            {"destinations",
             {{"111111111111-ap-southeast-2-1", destination("111111111111", "aaa.txt")},
              {"444444444444-ap-southeast-2-1", destination("444444444444", "aaa.txt")}}}}},
          {"ddd",
           {{"source", {{"path", "asset.ddd"}, {"packaging", "zip"}}},
            {"destinations", {{"111111111111-ap-southeast-2-2", destination("111111111111", "ddd.zip")}}}}}}},
        {"dockerImages", Json::object()}};
    const auto dir = cloud.path() / "assembly-PipelineStack-Dev";
    std::filesystem::create_directories(dir / "asset.ddd" / "sub");
    ASSERT_TRUE(fs::write_file_atomic(dir / "Stack.assets.json", manifest.dump(2)));
    ASSERT_TRUE(fs::write_file_atomic(dir / "asset.aaa.txt", "config"));
    ASSERT_TRUE(fs::write_file_atomic(dir / "asset.ddd" / "sub" / "index.js", "exports.handler = 1;"));
    const std::string path = " --path assembly-PipelineStack-Dev/Stack.assets.json";

    const auto first =
        cloud.cdkpp_run("publish-assets" + path + " aaa:111111111111-ap-southeast-2-1 --profile build");
    ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
    EXPECT_NE(first.out.find("published 1 asset(s), 0 already there (aws://111111111111/ap-southeast-2)"),
              std::string::npos)
        << first.out;
    EXPECT_NE(
        first.err.find("publishing Config to s3://cdk-myapp-assets-111111111111-ap-southeast-2/aaa.txt"),
        std::string::npos)
        << first.err;
    // The object is in the bucket now: publishing again finds it (HeadObject) and uploads nothing.
    const auto again = cloud.cdkpp_run("publish-assets" + path +
                                       " aaa:111111111111-ap-southeast-2-1 --profile build --json");
    ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
    EXPECT_EQ(Json::parse(again.out)["skipped"], 1) << again.out;
    EXPECT_EQ(Json::parse(again.out)["uploaded"], 0) << again.out;
    // A directory asset by its id alone (every destination of it), zipped.
    const auto zipped = cloud.cdkpp_run("publish-assets" + path + " ddd --profile build --json");
    ASSERT_EQ(zipped.exit_code, 0) << zipped.out << zipped.err;
    EXPECT_EQ(Json::parse(zipped.out)["uploaded"], 1) << zipped.out;
    // A target that does not trust the build account refuses, naming the missing trust.
    const auto untrusted =
        cloud.cdkpp_run("publish-assets" + path + " aaa:444444444444-ap-southeast-2-1 --profile build");
    EXPECT_EQ(untrusted.exit_code, 1) << untrusted.out << untrusted.err;
    EXPECT_NE(untrusted.err.find("TargetNotTrusted"), std::string::npos) << untrusted.err;
    EXPECT_NE(untrusted.err.find("--trust 999999999999"), std::string::npos) << untrusted.err;
    // A selector that is not in the manifest names what is.
    const auto missing = cloud.cdkpp_run("publish-assets" + path + " zzz --profile build");
    EXPECT_EQ(missing.exit_code, 1) << missing.out << missing.err;
    EXPECT_NE(missing.err.find("AssetNotFound"), std::string::npos) << missing.err;
}

} // namespace
} // namespace cdk::e2e
