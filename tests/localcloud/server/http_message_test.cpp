#include "localcloud/server/http_message.hpp"

#include <gtest/gtest.h>

#include <random>

namespace cdk::localcloud {
namespace {

int status_of(std::string_view head, const HeadLimits& limits = {}) {
    ServerRequest r;
    auto parsed = parse_request_head(head, limits, r);
    return parsed ? 0 : parsed.error().http_status;
}

TEST(HttpMessageTest, ParsesAHead) {
    ServerRequest r;
    auto head =
        parse_request_head("PUT /b/k?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 12\r\nX-Amz-Meta-A:  v \r\n"
                           "Expect: 100-continue",
                           {}, r);
    ASSERT_TRUE(head);
    EXPECT_EQ(r.method, "PUT");
    EXPECT_EQ(r.path, "/b/k");
    EXPECT_EQ(r.query, "x=1");
    EXPECT_EQ(r.header("x-amz-meta-a"), "v");
    EXPECT_EQ(head->content_length, 12u);
    EXPECT_TRUE(head->keep_alive);
    EXPECT_TRUE(head->expect_continue);
    EXPECT_FALSE(head->chunked);
}

TEST(HttpMessageTest, RefusesWhatCouldSmuggleAHeader) {
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nx-a: v\nX-Injected: yes"), 400); // bare LF
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nx-a: v\rX-Injected: yes"), 400); // bare CR
    EXPECT_EQ(status_of(std::string("GET / HTTP/1.1\r\nx-a: v\0w", 25)), 400);
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nx-a: v\r\n folded"), 400);
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nno colon"), 400);
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nbad name: v"), 400);
    EXPECT_EQ(status_of("GET /a b HTTP/1.1"), 400);
    EXPECT_EQ(status_of("GET / HTTP/2.0"), 505);
}

TEST(HttpMessageTest, RefusesBadFraming) {
    EXPECT_EQ(status_of("PUT / HTTP/1.1\r\nContent-Length: abc"), 400);
    EXPECT_EQ(status_of("PUT / HTTP/1.1\r\nContent-Length: -1"), 400);
    EXPECT_EQ(status_of("PUT / HTTP/1.1\r\nContent-Length: 99999999999999999999999"), 400);
    EXPECT_EQ(status_of("PUT / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2"), 400);
    EXPECT_EQ(status_of("PUT / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked"), 400);
    EXPECT_EQ(status_of("PUT / HTTP/1.1\r\nTransfer-Encoding: gzip"), 501);
}

TEST(HttpMessageTest, EnforcesHeadLimits) {
    const HeadLimits limits{.max_line = 100, .max_count = 3, .max_bytes = 1000};
    EXPECT_EQ(status_of("GET /" + std::string(200, 'a') + " HTTP/1.1", limits), 414);
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\nx: " + std::string(200, 'a'), limits), 431);
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\na: 1\r\nb: 2\r\nc: 3\r\nd: 4", limits), 431);
    EXPECT_EQ(status_of("GET / HTTP/1.1\r\na: 1\r\nb: 2\r\nc: 3", limits), 0);
    std::string big = "GET / HTTP/1.1";
    for (int i = 0; i < 20; ++i)
        big += "\r\nx: " + std::string(90, 'a');
    EXPECT_EQ(status_of(big, {.max_line = 100, .max_count = 100, .max_bytes = 1000}), 431);
}

TEST(HttpMessageTest, ChunkSizes) {
    EXPECT_EQ(parse_chunk_size("1a"), 26u);
    EXPECT_EQ(parse_chunk_size("1A;chunk-signature=ab"), 26u);
    EXPECT_EQ(parse_chunk_size("0"), 0u);
    EXPECT_EQ(parse_chunk_size("zz"), std::nullopt);
    EXPECT_EQ(parse_chunk_size("1ffffffffffffffffffff"), std::nullopt);
    EXPECT_EQ(parse_chunk_size("-1"), std::nullopt);
    EXPECT_EQ(parse_chunk_size(""), std::nullopt);
    EXPECT_EQ(parse_chunk_size("0x10"), std::nullopt);
}

TEST(HttpMessageTest, ResponseHeaderValuesCannotBreakTheHead) {
    EXPECT_EQ(response_header_value("a\r\nX-Injected: yes"), "a  X-Injected: yes");
    EXPECT_EQ(response_header_value("plain"), "plain");
}

/// A seeded mutation run over real heads (not coverage-guided): the parser never crashes, and a head it
/// accepts never carries a CR, LF or NUL in a header value, whatever the bytes.
TEST(HttpMessageTest, SurvivesMutatedHeads) {
    const std::vector<std::string> seeds{
        "PUT /bucket/key?partNumber=1&uploadId=x HTTP/1.1\r\nHost: 127.0.0.1:4566\r\nContent-Length: 10\r\n"
        "x-amz-content-sha256: UNSIGNED-PAYLOAD\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AK/20250101/"
        "us-east-1/s3/aws4_request, SignedHeaders=host, Signature=ab\r\nExpect: 100-continue",
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive",
        "GET /_localcloud/health HTTP/1.0\r\nConnection: close",
    };
    const std::string interesting[] = {"\r", "\n", "\r\n", "\0", ":", " ", "\t", "-1", "ffffffffffffffffffff",
                                       ";"};
    std::mt19937_64 rng(21);
    const HeadLimits limits{.max_line = 512, .max_count = 16, .max_bytes = 2048};
    int accepted = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string head = seeds[rng() % seeds.size()];
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits && !head.empty(); ++e) {
            const std::size_t at = rng() % head.size();
            switch (rng() % 4) {
            case 0: head[at] = static_cast<char>(rng() & 0xff); break;
            case 1: head.erase(at, 1 + rng() % 8); break;
            case 2: head.insert(at, interesting[rng() % std::size(interesting)]); break;
            default: head.insert(at, std::string(rng() % 600, 'a')); break;
            }
        }
        ServerRequest r;
        auto parsed = parse_request_head(head, limits, r);
        if (!parsed) {
            EXPECT_TRUE(parsed.error().http_status >= 400 && parsed.error().http_status < 600);
            continue;
        }
        ++accepted;
        EXPECT_LE(r.headers.size(), limits.max_count);
        for (const auto& [k, v] : r.headers) {
            EXPECT_EQ(v.find_first_of(std::string("\r\n\0", 3)), std::string::npos) << v;
            EXPECT_EQ(k.find_first_of(std::string("\r\n\0: ", 5)), std::string::npos) << k;
        }
        (void)parse_chunk_size(head.substr(0, 40));
    }
    EXPECT_GT(accepted, 100); // the mutations do not only produce garbage
}

} // namespace
} // namespace cdk::localcloud
