#include "aws/sigv4/verifier.hpp"

#include "aws/sigv4/signer.hpp"
#include "core/hash.hpp"

#include <gtest/gtest.h>

namespace cdk::aws::sigv4 {
namespace {

const Credentials kCreds{"AKIDLOCAL", "local-secret", "", std::nullopt};

/// What a server sees: the client's request minus the endpoint.
HttpRequest as_received(HttpRequest r) {
    r.endpoint.clear();
    return r;
}

TEST(VerifierTest, ParsesAuthorizationHeader) {
    auto info = parse_authorization_header(
        "AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/iam/aws4_request, SignedHeaders=Host;x-amz-date, "
        "Signature=abcd");
    ASSERT_TRUE(info);
    EXPECT_EQ(info->access_key_id, "AK");
    EXPECT_EQ(info->service, "iam");
    EXPECT_EQ(info->signed_headers, (std::vector<std::string>{"host", "x-amz-date"}));
    EXPECT_EQ(info->scope(), "20150830/us-east-1/iam/aws4_request");
}

TEST(VerifierTest, FailsOnMalformedAuthorization) {
    EXPECT_EQ(parse_authorization_header("AWS4-HMAC-SHA256 Credential=AK/x, SignedHeaders=a, Signature=b").error().code,
              "IncompleteSignature");
    EXPECT_FALSE(parse_authorization_header("Basic abc"));
    EXPECT_FALSE(parse_authorization_header("AWS4-HMAC-SHA256 Credential=AK/1/r/s/aws4_request, Signature=b"));
}

TEST(VerifierTest, FailsOnUnsignedRequest) {
    HttpRequest r;
    EXPECT_EQ(parse_signature(r).error().code, "MissingAuthenticationToken");
}

TEST(VerifierTest, AcceptsS3RequestWithOddKey) {
    HttpRequest r;
    r.method = "PUT";
    r.endpoint = "http://localhost:9000";
    r.path = "/bucket/" + uri_encode("dir//a b/./c+d", false);
    r.query = "partNumber=1&uploadId=x%2By";
    r.body = "hello";
    sign_request(r, kCreds,
                 {.region = "ap-southeast-2", .service = "s3", .path_mode = PathMode::S3, .add_content_sha256_header = true});
    const HttpRequest server = as_received(r);
    auto info = parse_signature(server);
    ASSERT_TRUE(info);
    EXPECT_TRUE(verify_signature(server, *info, "local-secret", PathMode::S3));
    EXPECT_FALSE(is_expired(*info, std::chrono::system_clock::now()));

    HttpRequest bad_body = server;
    bad_body.body = "HELLO";
    EXPECT_EQ(verify_signature(bad_body, *info, "local-secret", PathMode::S3).error().code, "XAmzContentSHA256Mismatch");
}

TEST(VerifierTest, UsesAGivenBodyHashForBodiesStreamedToDisk) {
    HttpRequest r;
    r.method = "POST";
    r.endpoint = "http://localhost:9000";
    r.path = "/";
    r.body = "Action=GetCallerIdentity&Version=2011-06-15";
    sign_request(r, kCreds, {.region = "us-east-1", .service = "sts"});
    HttpRequest server = as_received(r);
    const std::string body_hash = hash::sha256_hex(server.body);
    server.body.clear();  // the server kept the body on disk
    auto info = parse_signature(server);
    ASSERT_TRUE(info);
    EXPECT_TRUE(verify_signature(server, *info, "local-secret", PathMode::Normalize, body_hash));
    EXPECT_EQ(verify_signature(server, *info, "local-secret", PathMode::Normalize, hash::sha256_hex("other")).error().code,
              "SignatureDoesNotMatch");
}

TEST(VerifierTest, AcceptsPresignedAndDetectsExpiry) {
    HttpRequest r;
    r.endpoint = "http://localhost:9000";
    r.path = "/bucket/key.txt";
    const auto t0 = *parse_amz_date("20260101T000000Z");
    presign_request(r, {"AKIDLOCAL", "local-secret", "SESSION", std::nullopt},
                    {.region = "us-east-1",
                     .service = "s3",
                     .time = t0,
                     .path_mode = PathMode::S3,
                     .payload_mode = PayloadMode::Unsigned},
                    std::chrono::seconds(60));
    const HttpRequest server = as_received(r);
    auto info = parse_signature(server);
    ASSERT_TRUE(info) << info.error().to_string();
    EXPECT_TRUE(info->presigned);
    EXPECT_EQ(info->security_token, "SESSION");
    EXPECT_TRUE(verify_signature(server, *info, "local-secret", PathMode::S3));
    EXPECT_FALSE(is_expired(*info, t0 + std::chrono::seconds(30)));
    EXPECT_TRUE(is_expired(*info, t0 + std::chrono::seconds(61)));

    HttpRequest other_key = server;
    other_key.path = "/bucket/other.txt";
    EXPECT_EQ(verify_signature(other_key, *info, "local-secret", PathMode::S3).error().code, "SignatureDoesNotMatch");
}

TEST(VerifierTest, HeaderSignedRequestSkew) {
    HttpRequest r;
    r.endpoint = "http://localhost:1";
    const auto t0 = *parse_amz_date("20260101T000000Z");
    sign_request(r, kCreds, {.region = "us-east-1", .service = "sts", .time = t0});
    auto info = parse_signature(as_received(r));
    ASSERT_TRUE(info);
    EXPECT_FALSE(is_expired(*info, t0 + std::chrono::minutes(5)));
    EXPECT_TRUE(is_expired(*info, t0 + std::chrono::minutes(16)));
}

} // namespace
} // namespace cdk::aws::sigv4
