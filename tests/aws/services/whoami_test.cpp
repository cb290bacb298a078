// `cdkpp whoami` end to end against moto_server: the library call, then the real binary with a profile
// that assumes a role into another account at the configured endpoint.
#include "aws/sts/whoami.hpp"
#include "aws/support/moto_server.hpp"
#include "core/fs.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>

namespace cdk::aws::sts {
namespace {

std::string run(const std::string& command, int& status) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    std::array<char, 4096> buf{};
    while (const size_t n = fread(buf.data(), 1, buf.size(), pipe))
        out.append(buf.data(), n);
    status = pclose(pipe);
    return out;
}

TEST(WhoamiTest, LibraryAndCliThroughAnAssumedRoleProfile) {
    const auto& moto = testing::MotoServer::instance();
    ASSERT_FALSE(moto.url().empty()) << moto.failure();
    const auto dir = std::filesystem::temp_directory_path() / ("cdkpp_whoami_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    ASSERT_TRUE(fs::write_file_atomic(dir / "credentials", "[build]\naws_access_key_id = AKIABUILD\n"
                                                           "aws_secret_access_key = buildsecret\n"));
    ASSERT_TRUE(fs::write_file_atomic(
        dir / "config", "[profile build]\nregion = ap-southeast-2\nendpoint_url = " + moto.url() +
                            "\n[profile dev]\nregion = ap-southeast-2\n"
                            "role_arn = arn:aws:iam::111111111111:role/cdk-deploy\n"
                            "source_profile = build\nendpoint_url = " +
                            moto.url() + "\n"));
    auth::SessionOptions options;
    options.profile = "dev";
    options.env =
        auth::Environment::from_map({{"AWS_CONFIG_FILE", (dir / "config").string()},
                                     {"AWS_SHARED_CREDENTIALS_FILE", (dir / "credentials").string()}});
    auto session = auth::Session::create(options);
    ASSERT_TRUE(session) << session.error().to_string();
    auto who = who_am_i(*session);
    ASSERT_TRUE(who) << who.error().to_string();
    EXPECT_EQ(who->identity.account, "111111111111");
    EXPECT_NE(who->credentials_source.find("role arn:aws:iam::111111111111:role/cdk-deploy"),
              std::string::npos);
    EXPECT_EQ(who->sts_endpoint, moto.url());

    const std::string env = "env -i PATH=/usr/bin:/bin HOME=" + dir.string() +
                            " AWS_CONFIG_FILE=" + (dir / "config").string() +
                            " AWS_SHARED_CREDENTIALS_FILE=" + (dir / "credentials").string() + " ";
    int status = 0;
    const std::string text = run(env + CDK_BINARY_DIR "/bin/cdkpp whoami --profile dev 2>&1", status);
    EXPECT_EQ(status, 0) << text;
    EXPECT_NE(text.find("account:     111111111111"), std::string::npos) << text;
    EXPECT_NE(text.find("profile 'build'"), std::string::npos) << text;
    const std::string json =
        run(env + CDK_BINARY_DIR "/bin/cdkpp whoami --profile build --json 2>&1", status);
    EXPECT_EQ(status, 0) << json;
    EXPECT_EQ(Json::parse(json)["account"], "123456789012");
    const std::string missing = run(env + CDK_BINARY_DIR "/bin/cdkpp whoami --profile ghost 2>&1", status);
    EXPECT_NE(status, 0);
    EXPECT_NE(missing.find("profile 'ghost'"), std::string::npos) << missing;
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace cdk::aws::sts
