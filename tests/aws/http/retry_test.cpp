// Retries against the tests' own fault-injecting loopback server (429, 500, 503, connection reset, slow
// response), through the real libcurl client and the generic AWS client.
#include "aws/client/aws_client.hpp"
#include "aws/http/retry.hpp"
#include "aws/protocol/codec.hpp"
#include "aws/support/test_http_server.hpp"

#include <gtest/gtest.h>

#include <atomic>

namespace cdk::aws::http {
namespace {

using testing::Reply;
using testing::TestHttpServer;

const protocol::ServiceModel& sts_model() {
    return *protocol::ServiceModel::get("sts").value();
}

Reply identity_reply() {
    const auto r = protocol::serialize_response(
        sts_model(), "GetCallerIdentity",
        {{"Account", "999999999999"}, {"Arn", "arn:aws:iam::999999999999:user/ci"}, {"UserId", "AIDA"}},
        "req");
    return Reply{r.status, r.headers, r.body};
}

Reply error_reply(int status, const std::string& code) {
    const auto r =
        protocol::serialize_error(sts_model(), make_error(code, "injected " + code, status), "req");
    return Reply{r.status, r.headers, r.body};
}

AwsClient client_for(const TestHttpServer& server, RetryPolicy policy = {}) {
    ClientConfig config;
    config.region = "ap-southeast-2";
    config.endpoint = {server.url(), "ap-southeast-2", true, "test"};
    config.credentials =
        std::make_shared<StaticCredentialsProvider>(Credentials{"AKID", "SECRET", "", std::nullopt}, "test");
    if (!policy.sleep) policy.sleep = [](std::chrono::milliseconds) {};
    config.retry = policy;
    config.request_options = {std::chrono::milliseconds(1000), std::chrono::milliseconds(1500)};
    return AwsClient::create("sts", config).value();
}

Reply assume_role_reply() {
    const auto r = protocol::serialize_response(sts_model(), "AssumeRole",
                                                {{"Credentials",
                                                  {{"AccessKeyId", "ASIA"},
                                                   {"SecretAccessKey", "s"},
                                                   {"SessionToken", "t"},
                                                   {"Expiration", "2099-01-01T00:00:00Z"}}}},
                                                "req");
    return Reply{r.status, r.headers, r.body};
}

/// Replies with `faults` in order, then with `success`.
std::function<Reply(const ClientRequest&)> faults_then_ok(std::vector<Reply> faults,
                                                          Reply success = identity_reply()) {
    auto index = std::make_shared<std::atomic<size_t>>(0);
    return [faults, index, success](const ClientRequest&) {
        const size_t i = (*index)++;
        return i < faults.size() ? faults[i] : success;
    };
}

TEST(RetryTest, RecoversFromThrottlingAndUnavailable) {
    TestHttpServer server(
        faults_then_ok({error_reply(429, "Throttling"), error_reply(503, "ServiceUnavailable"),
                        error_reply(400, "ThrottlingException")}));
    auto out = client_for(server).call("GetCallerIdentity");
    ASSERT_TRUE(out) << out.error().to_string();
    EXPECT_EQ((*out)["Account"], "999999999999");
    EXPECT_EQ(server.request_count(), 4);
}

TEST(RetryTest, RecoversFromResetConnectionWhenIdempotent) {
    Reply reset;
    reset.reset = true;
    TestHttpServer server(faults_then_ok({reset, error_reply(500, "InternalError")}));
    auto out = client_for(server).call("GetCallerIdentity");
    ASSERT_TRUE(out) << out.error().to_string();
    EXPECT_EQ(server.request_count(), 3);
}

TEST(RetryTest, FailsWithoutRetryingNonIdempotentAfter500) {
    TestHttpServer server(faults_then_ok({error_reply(500, "InternalError")}));
    auto out = client_for(server).call("AssumeRole",
                                       {{"RoleArn", "arn:aws:iam::1:role/r"}, {"RoleSessionName", "s"}});
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, "InternalError");
    EXPECT_EQ(out.error().http_status, 500);
    EXPECT_EQ(server.request_count(), 1);
}

TEST(RetryTest, NonIdempotentStillRetriesThrottling) {
    TestHttpServer server(faults_then_ok({error_reply(400, "Throttling")}, assume_role_reply()));
    auto out = client_for(server).call("AssumeRole",
                                       {{"RoleArn", "arn:aws:iam::1:role/r"}, {"RoleSessionName", "s"}});
    EXPECT_EQ(server.request_count(), 2);
    ASSERT_TRUE(out) << out.error().to_string();
    EXPECT_EQ((*out)["Credentials"]["AccessKeyId"], "ASIA");
}

TEST(RetryTest, FailsClearlyAfterMaxAttempts) {
    TestHttpServer server([](const ClientRequest&) { return error_reply(503, "ServiceUnavailable"); });
    RetryPolicy policy;
    policy.max_attempts = 4;
    auto out = client_for(server, policy).call("GetCallerIdentity");
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, "ServiceUnavailable");
    EXPECT_EQ(out.error().request_id, "req");
    EXPECT_EQ(server.request_count(), 4);
}

TEST(RetryTest, SlowResponseTimesOutInBoundedTime) {
    Reply slow = identity_reply();
    slow.delay = std::chrono::milliseconds(3000);
    TestHttpServer server([slow](const ClientRequest&) { return slow; });
    RetryPolicy policy;
    policy.max_attempts = 10;
    policy.max_total = std::chrono::milliseconds(2500);
    const auto start = std::chrono::steady_clock::now();
    auto out = client_for(server, policy).call("GetCallerIdentity");
    const auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, "RequestTimeout");
    EXPECT_NE(out.error().message.find("gave up after 2 attempts"), std::string::npos) << out.error().message;
    EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST(RetryTest, ConnectionRefusedIsRetriedThenReported) {
    const int port = testing::free_port();
    ClientConfig config;
    config.endpoint = {"http://127.0.0.1:" + std::to_string(port), "us-east-1", true, "test"};
    config.credentials =
        std::make_shared<StaticCredentialsProvider>(Credentials{"A", "S", "", std::nullopt}, "t");
    int sleeps = 0;
    config.retry.max_attempts = 3;
    config.retry.sleep = [&](std::chrono::milliseconds) { ++sleeps; };
    auto out =
        AwsClient::create("sts", config)->call("AssumeRole", {{"RoleArn", "a"}, {"RoleSessionName", "s"}});
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, "ConnectionRefused");
    EXPECT_EQ(sleeps, 2);
}

TEST(RetryTest, BackoffIsFullJitterAndCapped) {
    RetryPolicy policy;
    policy.base_delay = std::chrono::milliseconds(100);
    policy.max_delay = std::chrono::milliseconds(1000);
    for (int attempt = 1; attempt <= 10; ++attempt) {
        for (int i = 0; i < 50; ++i) {
            const auto d = backoff_delay(policy, attempt);
            EXPECT_GE(d.count(), 0);
            EXPECT_LE(d.count(), std::min<long long>(1000, 100LL << (attempt - 1)));
        }
    }
}

TEST(RetryTest, Classification) {
    EXPECT_TRUE(is_retryable(make_error("ConnectionRefused", ""), "", false));
    EXPECT_FALSE(is_retryable(make_error("ConnectionReset", ""), "", false));
    EXPECT_TRUE(is_retryable(make_error("ConnectionReset", ""), "", true));
    EXPECT_FALSE(is_retryable(make_error("TlsError", ""), "", true));
    EXPECT_FALSE(is_retryable(HttpResponse{400, {}, ""}, "ValidationError", true));
    EXPECT_TRUE(is_retryable(HttpResponse{400, {}, ""}, "RequestLimitExceeded", false));
    EXPECT_FALSE(is_retryable(HttpResponse{200, {}, ""}, "", true));
}

} // namespace
} // namespace cdk::aws::http
