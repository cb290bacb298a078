#include "aws/http/curl_http_client.hpp"
#include "aws/support/test_http_server.hpp"

#include <gtest/gtest.h>

namespace cdk::aws::http {
namespace {

TEST(CurlHttpClientTest, SendsMethodPathQueryHeadersAndBody) {
    ClientRequest seen;
    testing::TestHttpServer server([&](const ClientRequest& r) {
        seen = r;
        return testing::Reply{201, {{"X-Reply", "yes"}}, "created"};
    });
    CurlHttpClient client;
    ClientRequest r;
    r.method = "PUT";
    r.endpoint = server.url();
    r.path = "/b/k%20x";
    r.query = "a=1&b";
    r.headers = {{"Content-Type", "text/plain"}, {"X-Amz-Meta-Owner", "me"}};
    r.body = std::string(3000, 'z');
    auto out = client.send(r, {});
    ASSERT_TRUE(out) << out.error().to_string();
    EXPECT_EQ(out->status, 201);
    EXPECT_EQ(out->body, "created");
    EXPECT_EQ(find_header(out->headers, "x-reply").value_or(""), "yes");
    EXPECT_EQ(seen.method, "PUT");
    EXPECT_EQ(seen.path, "/b/k%20x");
    EXPECT_EQ(seen.query, "a=1&b");
    EXPECT_EQ(seen.body.size(), 3000u);
    EXPECT_EQ(find_header(seen.headers, "content-type").value_or(""), "text/plain");
    EXPECT_FALSE(find_header(seen.headers, "expect")) << "no 100-continue round trip";
}

TEST(CurlHttpClientTest, HeadHasNoBody) {
    testing::TestHttpServer server([](const ClientRequest&) { return testing::Reply{404, {}, "ignored"}; });
    CurlHttpClient client;
    ClientRequest r;
    r.method = "HEAD";
    r.endpoint = server.url();
    auto out = client.send(r, {});
    ASSERT_TRUE(out);
    EXPECT_EQ(out->status, 404);
    EXPECT_TRUE(out->body.empty());
}

TEST(CurlHttpClientTest, FailsOnUnresolvableHost) {
    CurlHttpClient client;
    ClientRequest r;
    r.endpoint = "http://no-such-host.invalid";
    auto out = client.send(r, {std::chrono::milliseconds(2000), std::chrono::milliseconds(3000)});
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, "DnsFailure");
}

} // namespace
} // namespace cdk::aws::http
