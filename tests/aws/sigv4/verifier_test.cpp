#include "aws/sigv4/signer.hpp"
#include "aws/sigv4/verifier.hpp"
#include "core/hash.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <memory>

namespace cdk::aws::sigv4 {
namespace {

const Credentials kCreds{"AKIDLOCAL", "local-secret", "", std::nullopt};

/// What a server sees: the client's request minus the endpoint.
ClientRequest as_received(ClientRequest r) {
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
    EXPECT_EQ(parse_authorization_header("AWS4-HMAC-SHA256 Credential=AK/x, SignedHeaders=a, Signature=b")
                  .error()
                  .code,
              "IncompleteSignature");
    EXPECT_FALSE(parse_authorization_header("Basic abc"));
    EXPECT_FALSE(
        parse_authorization_header("AWS4-HMAC-SHA256 Credential=AK/1/r/s/aws4_request, Signature=b"));
}

TEST(VerifierTest, FailsOnUnsignedRequest) {
    ClientRequest r;
    EXPECT_EQ(parse_signature(r).error().code, "MissingAuthenticationToken");
}

TEST(VerifierTest, AcceptsS3RequestWithOddKey) {
    ClientRequest r;
    r.method = "PUT";
    r.endpoint = "http://localhost:9000";
    r.path = "/bucket/" + uri_encode("dir//a b/./c+d", false);
    r.query = "partNumber=1&uploadId=x%2By";
    r.body = "hello";
    sign_request(r, kCreds,
                 {.region = "ap-southeast-2",
                  .service = "s3",
                  .path_mode = PathMode::S3,
                  .add_content_sha256_header = true});
    const ClientRequest server = as_received(r);
    auto info = parse_signature(server);
    ASSERT_TRUE(info);
    EXPECT_TRUE(verify_signature(server, *info, "local-secret", PathMode::S3));
    EXPECT_FALSE(is_expired(*info, std::chrono::system_clock::now()));

    ClientRequest bad_body = server;
    bad_body.body = "HELLO";
    EXPECT_EQ(verify_signature(bad_body, *info, "local-secret", PathMode::S3).error().code,
              "XAmzContentSHA256Mismatch");
}

TEST(VerifierTest, UsesAGivenBodyHashForBodiesStreamedToDisk) {
    ClientRequest r;
    r.method = "POST";
    r.endpoint = "http://localhost:9000";
    r.path = "/";
    r.body = "Action=GetCallerIdentity&Version=2011-06-15";
    sign_request(r, kCreds, {.region = "us-east-1", .service = "sts"});
    ClientRequest server = as_received(r);
    const std::string body_hash = hash::sha256_hex(server.body);
    server.body.clear(); // the server kept the body on disk
    auto info = parse_signature(server);
    ASSERT_TRUE(info);
    EXPECT_TRUE(verify_signature(server, *info, "local-secret", PathMode::Normalize, body_hash));
    EXPECT_EQ(verify_signature(server, *info, "local-secret", PathMode::Normalize, hash::sha256_hex("other"))
                  .error()
                  .code,
              "SignatureDoesNotMatch");
}

TEST(VerifierTest, AcceptsPresignedAndDetectsExpiry) {
    ClientRequest r;
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
    const ClientRequest server = as_received(r);
    auto info = parse_signature(server);
    ASSERT_TRUE(info) << info.error().to_string();
    EXPECT_TRUE(info->presigned);
    EXPECT_EQ(info->security_token, "SESSION");
    EXPECT_TRUE(verify_signature(server, *info, "local-secret", PathMode::S3));
    EXPECT_FALSE(is_expired(*info, t0 + std::chrono::seconds(30)));
    EXPECT_TRUE(is_expired(*info, t0 + std::chrono::seconds(61)));

    ClientRequest other_key = server;
    other_key.path = "/bucket/other.txt";
    EXPECT_EQ(verify_signature(other_key, *info, "local-secret", PathMode::S3).error().code,
              "SignatureDoesNotMatch");
}

TEST(VerifierTest, HeaderSignedRequestSkew) {
    ClientRequest r;
    r.endpoint = "http://localhost:1";
    const auto t0 = *parse_amz_date("20260101T000000Z");
    sign_request(r, kCreds, {.region = "us-east-1", .service = "sts", .time = t0});
    auto info = parse_signature(as_received(r));
    ASSERT_TRUE(info);
    EXPECT_FALSE(is_expired(*info, t0 + std::chrono::minutes(5)));
    EXPECT_TRUE(is_expired(*info, t0 + std::chrono::minutes(16)));
}

TEST(VerifierTest, FailsOnUnsignedPayloadOutsideS3) {
    ClientRequest r;
    r.method = "POST";
    r.endpoint = "http://localhost:9000";
    r.body = "Action=GetCallerIdentity&Version=2011-06-15";
    set_header(r.headers, "x-amz-content-sha256", std::string(kUnsignedPayload));
    sign_request(r, kCreds, {.region = "us-east-1", .service = "sts"});
    const ClientRequest server = as_received(r);
    auto info = parse_signature(server);
    ASSERT_TRUE(info);
    // S3 takes the literal; every other service signs the body's own hash.
    EXPECT_TRUE(verify_signature(server, *info, "local-secret", PathMode::Normalize, {}, true));
    EXPECT_EQ(verify_signature(server, *info, "local-secret", PathMode::Normalize, {}, false).error().code,
              "SignatureDoesNotMatch");
}

/// An aws-chunked body whose chunk signatures chain from `info.signature`; `corrupt` zeroes one signature.
std::string aws_chunked(const SignatureInfo& info, const std::vector<std::string>& chunks, int corrupt = -1) {
    const std::string key = signing_key("local-secret", info.date_stamp, info.region, info.service);
    std::string previous = info.signature;
    std::string out;
    for (std::size_t i = 0; i < chunks.size(); ++i) {
        const std::string sts = "AWS4-HMAC-SHA256-PAYLOAD\n" + info.amz_date + "\n" + info.scope() + "\n" +
                                previous + "\n" + hash::sha256_hex("") + "\n" + hash::sha256_hex(chunks[i]);
        std::string sig = signature(key, sts);
        previous = sig;
        if (static_cast<int>(i) == corrupt) sig = std::string(64, '0');
        char size[32];
        std::snprintf(size, sizeof size, "%zx", chunks[i].size());
        out += std::string(size) + ";chunk-signature=" + sig + "\r\n" + chunks[i] + "\r\n";
    }
    return out;
}

TEST(VerifierTest, ChecksEveryChunkSignature) {
    SignatureInfo info;
    info.access_key_id = "AKIDLOCAL";
    info.date_stamp = "20250101";
    info.amz_date = "20250101T000000Z";
    info.region = "us-east-1";
    info.service = "s3";
    info.signature = std::string(64, 'a');
    const std::vector<std::string> chunks{std::string(8192, 'x'), "tail", ""};
    const auto source = [](const std::string& body) {
        auto pos = std::make_shared<std::size_t>(0);
        return [body, pos](char* out, std::size_t max) {
            const std::size_t n = std::min(max, body.size() - *pos);
            std::memcpy(out, body.data() + *pos, n);
            *pos += n;
            return n;
        };
    };
    EXPECT_TRUE(verify_chunk_signatures(source(aws_chunked(info, chunks)), info, "local-secret"));
    for (int bad = 0; bad < 3; ++bad) {
        EXPECT_EQ(verify_chunk_signatures(source(aws_chunked(info, chunks, bad)), info, "local-secret")
                      .error()
                      .code,
                  "SignatureDoesNotMatch")
            << "chunk " << bad;
    }
    EXPECT_EQ(verify_chunk_signatures(source(aws_chunked(info, chunks)), info, "other-secret").error().code,
              "SignatureDoesNotMatch");
    EXPECT_EQ(verify_chunk_signatures(source("zz;chunk-signature=00\r\n"), info, "local-secret").error().code,
              "IncompleteBody");
    EXPECT_EQ(verify_chunk_signatures(source(aws_chunked(info, chunks).substr(0, 100)), info, "local-secret")
                  .error()
                  .code,
              "IncompleteBody");
}

TEST(VerifierTest, ChecksTheTrailerSignatureOfTheTrailerForm) {
    SignatureInfo info;
    info.access_key_id = "AKIDLOCAL";
    info.date_stamp = "20250101";
    info.amz_date = "20250101T000000Z";
    info.region = "us-east-1";
    info.service = "s3";
    info.signature = std::string(64, 'b');
    const std::string key = signing_key("local-secret", info.date_stamp, info.region, info.service);
    std::string chunks = aws_chunked(info, {"payload", ""});
    chunks.resize(chunks.size() - 2); // the trailer takes the place of the final CRLF
    // The final chunk's signature, from which the trailer's chains.
    const std::string final_sig = chunks.substr(chunks.rfind('=') + 1, 64);
    const auto trailer = [&](const std::string& value, const std::string& signed_value) {
        const std::string sts = "AWS4-HMAC-SHA256-TRAILER\n" + info.amz_date + "\n" + info.scope() + "\n" +
                                final_sig + "\n" +
                                hash::sha256_hex("x-amz-checksum-crc32:" + signed_value + "\n");
        return chunks + "x-amz-checksum-crc32:" + value +
               "\r\nx-amz-trailer-signature:" + signature(key, sts) + "\r\n\r\n";
    };
    const auto source = [](const std::string& body) {
        auto pos = std::make_shared<std::size_t>(0);
        return [body, pos](char* out, std::size_t max) {
            const std::size_t n = std::min(max, body.size() - *pos);
            std::memcpy(out, body.data() + *pos, n);
            *pos += n;
            return n;
        };
    };
    EXPECT_TRUE(verify_chunk_signatures(source(trailer("sOO8/Q==", "sOO8/Q==")), info, "local-secret", true));
    // A trailer changed after signing, a missing signature, no trailer at all: refused.
    EXPECT_EQ(verify_chunk_signatures(source(trailer("AAAAAA==", "sOO8/Q==")), info, "local-secret", true)
                  .error()
                  .code,
              "SignatureDoesNotMatch");
    EXPECT_EQ(verify_chunk_signatures(source(chunks + "x-amz-checksum-crc32:sOO8/Q==\r\n\r\n"), info,
                                      "local-secret", true)
                  .error()
                  .code,
              "SignatureDoesNotMatch");
    EXPECT_EQ(verify_chunk_signatures(source(chunks), info, "local-secret", true).error().code,
              "IncompleteBody");
    // Without the trailer form the trailer is not read (the chunks alone are checked).
    EXPECT_TRUE(verify_chunk_signatures(source(trailer("AAAAAA==", "sOO8/Q==")), info, "local-secret"));
    // Bounded: no more than 16 trailer lines.
    std::string many = chunks;
    for (int i = 0; i < 40; ++i)
        many += "x-amz-meta-" + std::to_string(i) + ":v\r\n";
    EXPECT_EQ(verify_chunk_signatures(source(many + "\r\n"), info, "local-secret", true).error().code,
              "IncompleteBody");
}

TEST(VerifierTest, ParsesPresignedExpiresWithoutThrowing) {
    ClientRequest r;
    r.query =
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AK%2F20250101%2Fus-east-1%2Fs3%2Faws4_request"
        "&X-Amz-Date=20250101T000000Z&X-Amz-Expires=99999999999999999999&X-Amz-SignedHeaders=host"
        "&X-Amz-Signature=ab";
    EXPECT_EQ(parse_signature(r).error().code, "AuthorizationQueryParametersError");
}

} // namespace
} // namespace cdk::aws::sigv4
