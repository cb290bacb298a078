// Credential chain, region and endpoint resolution with real files in temp dirs. Assume-role chains go
// over HTTP to a loopback STS stub built on the shared protocol codec and SigV4 verifier.
#include "aws/auth/session.hpp"
#include "aws/protocol/codec.hpp"
#include "aws/sigv4/verifier.hpp"
#include "aws/support/test_http_server.hpp"
#include "core/fs.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <mutex>

namespace cdk::aws::auth {
namespace {

namespace stdfs = std::filesystem;

class SessionTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ =
            stdfs::temp_directory_path() / ("cdkpp_auth_" + std::to_string(::getpid()) + "_" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        stdfs::create_directories(dir_);
    }
    void TearDown() override { stdfs::remove_all(dir_); }

    void write(const std::string& name, const std::string& text) {
        ASSERT_TRUE(fs::write_file_atomic(dir_ / name, text));
    }

    std::map<std::string, std::string> files_env() const {
        return {{"AWS_CONFIG_FILE", (dir_ / "config").string()},
                {"AWS_SHARED_CREDENTIALS_FILE", (dir_ / "credentials").string()},
                {"HOME", dir_.string()}};
    }
    Result<Session> session(std::map<std::string, std::string> extra = {}, SessionOptions options = {}) {
        auto env = files_env();
        for (auto& [k, v] : extra)
            env[k] = v;
        options.env = Environment::from_map(env);
        options.retry.sleep = [](std::chrono::milliseconds) {};
        return Session::create(std::move(options));
    }

    stdfs::path dir_;
};

/// A loopback STS that answers AssumeRole for any role, recording who asked (access key) for what.
struct StsStub {
    struct Call {
        std::string access_key;
        Json input;
    };
    std::mutex mutex;
    std::vector<Call> calls;
    testing::TestHttpServer server{[this](const ClientRequest& r) { return handle(r); }};

    testing::Reply handle(const ClientRequest& r) {
        const auto& model = *protocol::ServiceModel::get("sts").value();
        auto parsed = protocol::parse_request(model, r);
        auto sig = sigv4::parse_signature(r);
        const std::lock_guard lock(mutex);
        if (!parsed || !sig) return {400, {}, "bad"};
        calls.push_back({sig->access_key_id, parsed->input});
        const std::string role = parsed->input.value("RoleArn", "");
        const std::string account = role.substr(13, 12);
        const Json out{
            {"Credentials",
             {{"AccessKeyId", "ASIA-" + account + "-" + std::to_string(calls.size())},
              {"SecretAccessKey", "secret"},
              {"SessionToken", "token"},
              {"Expiration", "2099-01-01T00:00:00Z"}}},
            {"AssumedRoleUser",
             {{"Arn", "arn:aws:sts::" + account + ":assumed-role/x/y"}, {"AssumedRoleId", "AROA"}}}};
        auto resp = protocol::serialize_response(model, "AssumeRole", out, "rid");
        return {resp.status, resp.headers, resp.body};
    }
};

TEST_F(SessionTest, EnvironmentKeysWinUnlessProfileIsExplicit) {
    write("credentials", "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = filesecret\n"
                         "[other]\naws_access_key_id = OTHERKEY\naws_secret_access_key = othersecret\n");
    auto s = session({{"AWS_ACCESS_KEY_ID", "ENVKEY"},
                      {"AWS_SECRET_ACCESS_KEY", "envsecret"},
                      {"AWS_SESSION_TOKEN", "tok"}});
    ASSERT_TRUE(s) << s.error().to_string();
    auto c = s->credentials()->credentials();
    EXPECT_EQ(c->access_key_id, "ENVKEY");
    EXPECT_EQ(c->session_token, "tok");
    EXPECT_NE(describe_credentials_source(*s).find("environment variables"), std::string::npos);

    auto p = session({{"AWS_ACCESS_KEY_ID", "ENVKEY"}, {"AWS_SECRET_ACCESS_KEY", "envsecret"}},
                     {.profile = "other"});
    ASSERT_TRUE(p);
    EXPECT_EQ(p->credentials()->credentials()->access_key_id, "OTHERKEY");
    EXPECT_NE(describe_credentials_source(*p).find("profile 'other' in " + (dir_ / "credentials").string()),
              std::string::npos);

    auto by_env_profile = session({{"AWS_PROFILE", "other"}});
    ASSERT_TRUE(by_env_profile);
    EXPECT_EQ(by_env_profile->credentials()->credentials()->access_key_id, "OTHERKEY");
}

TEST_F(SessionTest, RegionPrecedence) {
    write("config", "[default]\nregion = eu-west-1\n[profile p]\nregion = ap-southeast-2\n");
    write("credentials", "[default]\naws_access_key_id=A\naws_secret_access_key=S\n[p]\naws_access_key_id="
                         "A\naws_secret_access_key=S\n");
    EXPECT_EQ(session()->region(), "eu-west-1");
    EXPECT_EQ(session({}, {.profile = "p"})->region(), "ap-southeast-2");
    EXPECT_EQ(session({{"AWS_DEFAULT_REGION", "us-west-2"}})->region(), "us-west-2");
    EXPECT_EQ(session({{"AWS_DEFAULT_REGION", "us-west-2"}, {"AWS_REGION", "ca-central-1"}})->region(),
              "ca-central-1");
    EXPECT_EQ(session({{"AWS_REGION", "ca-central-1"}}, {.region = "sa-east-1"})->region(), "sa-east-1");
}

TEST_F(SessionTest, EndpointPrecedence) {
    write("config",
          "[default]\nregion = ap-southeast-2\nendpoint_url = http://profile:1\nservices = local\n"
          "[services local]\ns3 =\n  endpoint_url = http://services-s3:2\n"
          "[profile plain]\nregion = cn-north-1\n"
          "[profile ignoring]\nendpoint_url = http://x:1\nignore_configured_endpoint_urls = true\n");
    write("credentials",
          "[default]\naws_access_key_id=A\naws_secret_access_key=S\n[plain]\naws_access_key_id=A\n"
          "aws_secret_access_key=S\n[ignoring]\naws_access_key_id=A\naws_secret_access_key=S\n");
    auto s = session();
    ASSERT_TRUE(s);
    EXPECT_EQ(s->endpoint_for("s3")->url, "http://services-s3:2");
    EXPECT_EQ(s->endpoint_for("sts")->url, "http://profile:1");
    EXPECT_TRUE(s->endpoint_for("s3")->path_style);
    auto env =
        session({{"AWS_ENDPOINT_URL", "http://all:3"}, {"AWS_ENDPOINT_URL_CLOUDFORMATION", "http://cfn:4"}});
    EXPECT_EQ(env->endpoint_for("cloudformation")->url, "http://cfn:4");
    EXPECT_EQ(env->endpoint_for("cloudformation")->source, "AWS_ENDPOINT_URL_CLOUDFORMATION");
    EXPECT_EQ(env->endpoint_for("s3")->url, "http://all:3");
    auto ignored =
        session({{"AWS_ENDPOINT_URL", "http://all:3"}, {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}});
    EXPECT_EQ(ignored->endpoint_for("s3")->url, "https://s3.ap-southeast-2.amazonaws.com");
    EXPECT_FALSE(ignored->endpoint_for("s3")->path_style);
    EXPECT_EQ(session({}, {.profile = "ignoring"})->endpoint_for("ssm")->url,
              "https://ssm.us-east-1.amazonaws.com");
    auto explicit_url = session({{"AWS_ENDPOINT_URL", "http://all:3"}}, {.endpoint_url = "http://cli:5"});
    EXPECT_EQ(explicit_url->endpoint_for("ssm")->url, "http://cli:5");

    auto cn = session({}, {.profile = "plain"});
    EXPECT_EQ(cn->endpoint_for("ssm")->url, "https://ssm.cn-north-1.amazonaws.com.cn");
    EXPECT_EQ(cn->endpoint_for("iam")->url, "https://iam.cn-north-1.amazonaws.com.cn");
    EXPECT_EQ(session({}, {.profile = "plain", .region = "us-gov-west-1"})->endpoint_for("iam")->url,
              "https://iam.us-gov.amazonaws.com");
    auto global = session({}, {.profile = "plain", .region = "eu-west-1"})->endpoint_for("iam");
    EXPECT_EQ(global->url, "https://iam.amazonaws.com");
    EXPECT_EQ(global->signing_region, "us-east-1");
    EXPECT_EQ(partition_of("us-gov-east-1").name, "aws-us-gov");
}

TEST_F(SessionTest, ChainedRoleProfilesAssumeAtTheConfiguredEndpointAndCache) {
    StsStub sts;
    write(
        "config",
        "[profile build]\nregion = ap-southeast-2\n"
        "[profile deploy]\nrole_arn = arn:aws:iam::111111111111:role/deploy\nsource_profile = build\n"
        "endpoint_url = " +
            sts.server.url() +
            "\n"
            "[profile prod]\nrole_arn = arn:aws:iam::333333333333:role/admin\nsource_profile = deploy\n"
            "external_id = ext-42\nduration_seconds = 900\nrole_session_name = me\nregion = ap-southeast-2\n"
            "endpoint_url = " +
            sts.server.url() + "\n");
    write("credentials", "[build]\naws_access_key_id = BUILDKEY\naws_secret_access_key = buildsecret\n");
    auto s = session({}, {.profile = "prod"});
    ASSERT_TRUE(s) << s.error().to_string();
    auto c = s->credentials()->credentials();
    ASSERT_TRUE(c) << c.error().to_string();
    EXPECT_EQ(c->access_key_id, "ASIA-333333333333-2");
    ASSERT_EQ(sts.calls.size(), 2u);
    EXPECT_EQ(sts.calls[0].access_key, "BUILDKEY");
    EXPECT_EQ(sts.calls[0].input["RoleArn"], "arn:aws:iam::111111111111:role/deploy");
    EXPECT_EQ(sts.calls[1].access_key, "ASIA-111111111111-1");
    EXPECT_EQ(sts.calls[1].input["RoleArn"], "arn:aws:iam::333333333333:role/admin");
    EXPECT_EQ(sts.calls[1].input["ExternalId"], "ext-42");
    EXPECT_EQ(sts.calls[1].input["DurationSeconds"], 900);
    EXPECT_EQ(sts.calls[1].input["RoleSessionName"], "me");
    // Cached: no new AssumeRole until shortly before expiry.
    ASSERT_TRUE(s->credentials()->credentials());
    EXPECT_EQ(sts.calls.size(), 2u);
    const std::string words = describe_credentials_source(*s);
    EXPECT_NE(words.find("arn:aws:iam::333333333333:role/admin"), std::string::npos) << words;
    EXPECT_NE(words.find("source_profile 'deploy'"), std::string::npos) << words;
    EXPECT_NE(words.find("profile 'build'"), std::string::npos) << words;
}

TEST_F(SessionTest, ExpiringCredentialsAreRefreshed) {
    Credentials c{"A", "S", "T", std::chrono::system_clock::now() + std::chrono::minutes(4)};
    EXPECT_TRUE(needs_refresh(c, std::chrono::system_clock::now()));
    c.expiration = std::chrono::system_clock::now() + std::chrono::minutes(30);
    EXPECT_FALSE(needs_refresh(c, std::chrono::system_clock::now()));
    c.expiration.reset();
    EXPECT_FALSE(needs_refresh(c, std::chrono::system_clock::now()));
}

TEST_F(SessionTest, CredentialProcess) {
    write("helper.sh",
          "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"PROCKEY\", \"SecretAccessKey\": \"ps\", "
          "\"SessionToken\": \"pt\", \"Expiration\": \"2099-01-01T00:00:00Z\"}'\n");
    stdfs::permissions(dir_ / "helper.sh", stdfs::perms::owner_all);
    write("config", "[default]\ncredential_process = " + (dir_ / "helper.sh").string() +
                        "\n"
                        "[profile broken]\ncredential_process = sh -c 'exit 3'\n");
    auto s = session();
    ASSERT_TRUE(s) << s.error().to_string();
    auto c = s->credentials()->credentials();
    ASSERT_TRUE(c) << c.error().to_string();
    EXPECT_EQ(c->access_key_id, "PROCKEY");
    EXPECT_EQ(c->session_token, "pt");
    ASSERT_TRUE(c->expiration);
    auto broken = session({}, {.profile = "broken"});
    ASSERT_TRUE(broken);
    auto fail = broken->credentials()->credentials();
    ASSERT_FALSE(fail);
    EXPECT_EQ(fail.error().code, "CredentialProcessFailed");
    EXPECT_NE(fail.error().message.find("status 3"), std::string::npos);
}

TEST_F(SessionTest, ContainerCredentialsEndpointAfterTheSharedFiles) {
    std::mutex mutex;
    std::vector<std::string> auths;
    testing::TestHttpServer endpoint([&](const ClientRequest& r) {
        const std::lock_guard lock(mutex);
        auths.push_back(find_header(r.headers, "Authorization").value_or(""));
        if (r.path != "/creds" || auths.back() != "tok-1")
            return testing::Reply{403, {}, "{\"message\":\"no\"}"};
        return testing::Reply{
            200,
            {},
            "{\"AccessKeyId\": \"CONTKEY\", \"SecretAccessKey\": \"cs\", \"Token\": \"ct\", "
            "\"Expiration\": \"2099-01-01T00:00:00Z\", \"RoleArn\": \"arn:aws:iam::1:role/r\"}"};
    });
    const std::string uri = endpoint.url() + "/creds";
    auto s = session(
        {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", uri}, {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "tok-1"}});
    ASSERT_TRUE(s) << s.error().to_string();
    EXPECT_EQ(s->credentials()->describe(), "container credentials from " + uri);
    for (int i = 0; i < 2; ++i) { // cached until shortly before 2099
        auto c = s->credentials()->credentials();
        ASSERT_TRUE(c) << c.error().to_string();
        EXPECT_EQ(c->access_key_id, "CONTKEY");
        EXPECT_EQ(c->session_token, "ct");
        ASSERT_TRUE(c->expiration);
    }
    EXPECT_EQ(endpoint.request_count(), 1);
    // The token from a file; a wrong token is the endpoint's refusal, with its status.
    write("token", "tok-2\n");
    auto wrong = session({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", uri},
                          {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", (dir_ / "token").string()}});
    ASSERT_TRUE(wrong);
    auto refused = wrong->credentials()->credentials();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "ContainerCredentialsFailed");
    EXPECT_NE(refused.error().message.find("HTTP 403"), std::string::npos) << refused.error().message;
    EXPECT_EQ(auths.back(), "tok-2");
    // Plain http to another host is refused before anything is sent; static keys in the environment win.
    auto remote = session({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/creds"}});
    ASSERT_TRUE(remote);
    EXPECT_EQ(remote->credentials()->credentials().error().code, "ContainerCredentialsFailed");
    auto env = session({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", uri},
                        {"AWS_ACCESS_KEY_ID", "ENVKEY"},
                        {"AWS_SECRET_ACCESS_KEY", "es"}});
    ASSERT_TRUE(env);
    EXPECT_EQ(env->credentials()->credentials()->access_key_id, "ENVKEY");
    EXPECT_EQ(endpoint.request_count(), 2);
}

TEST_F(SessionTest, FailsOnMissingCycleAndIncompleteProfiles) {
    write("config", "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
                    "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n"
                    "[profile norole]\nrole_arn = arn:aws:iam::1:role/x\n"
                    "[profile half]\naws_access_key_id = A\n");
    EXPECT_EQ(session({}, {.profile = "a"}).error().code, "InvalidProfile");
    EXPECT_EQ(session({}, {.profile = "nope"}).error().code, "ProfileNotFound");
    EXPECT_EQ(session({}, {.profile = "norole"}).error().code, "InvalidProfile");
    EXPECT_EQ(session({}, {.profile = "half"}).error().code, "InvalidProfile");
    auto none = session();
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, "NoCredentials");
    EXPECT_EQ(session({{"AWS_PROFILE", "ghost"}}).error().code, "ProfileNotFound");
}

TEST_F(SessionTest, DefaultFilesUnderHome) {
    stdfs::create_directories(dir_ / ".aws");
    write(".aws/credentials", "[default]\naws_access_key_id = HOMEKEY\naws_secret_access_key = s\n");
    auto env = std::map<std::string, std::string>{{"HOME", dir_.string()}};
    SessionOptions options;
    options.env = Environment::from_map(env);
    auto s = Session::create(options);
    ASSERT_TRUE(s) << s.error().to_string();
    EXPECT_EQ(s->credentials()->credentials()->access_key_id, "HOMEKEY");
}

} // namespace
} // namespace cdk::aws::auth
