#include "aws/sigv4/signer.hpp"
#include "core/strings.hpp"

#include <gtest/gtest.h>

namespace cdk::aws::sigv4 {
namespace {

// Vectors from the Amazon S3 API reference ("Signature Calculations for the Authorization Header" and
// "Authenticating Requests: Using Query Parameters").
const Credentials kS3Example{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "",
                             std::nullopt};

TEST(SignerTest, AmzDateRoundTrip) {
    const auto t = parse_amz_date("20130524T000000Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(format_amz_date(*t), "20130524T000000Z");
    EXPECT_EQ(format_date_stamp(*t), "20130524");
    EXPECT_FALSE(parse_amz_date("2013-05-24T00:00:00Z"));
    EXPECT_FALSE(parse_amz_date("20131324T000000Z"));
}

TEST(SignerTest, S3GetObjectWithRange) {
    ClientRequest r;
    r.method = "GET";
    r.endpoint = "https://examplebucket.s3.amazonaws.com";
    r.path = "/test.txt";
    r.headers = {{"Range", "bytes=0-9"}};
    const auto result = sign_request(r, kS3Example,
                                     {.region = "us-east-1",
                                      .service = "s3",
                                      .time = *parse_amz_date("20130524T000000Z"),
                                      .path_mode = PathMode::S3,
                                      .add_content_sha256_header = true});
    EXPECT_EQ(result.signature, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    EXPECT_EQ(find_header(r.headers, "host").value_or(""), "examplebucket.s3.amazonaws.com");
    EXPECT_EQ(find_header(r.headers, "x-amz-content-sha256").value_or(""),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(SignerTest, S3PresignedGet) {
    ClientRequest r;
    r.endpoint = "https://examplebucket.s3.amazonaws.com";
    r.path = "/test.txt";
    const auto result = presign_request(r, kS3Example,
                                        {.region = "us-east-1",
                                         .service = "s3",
                                         .time = *parse_amz_date("20130524T000000Z"),
                                         .path_mode = PathMode::S3,
                                         .payload_mode = PayloadMode::Unsigned},
                                        std::chrono::seconds(86400));
    EXPECT_EQ(result.signature, "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
    EXPECT_NE(
        r.url().find("X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"),
        std::string::npos);
    EXPECT_TRUE(r.url().ends_with("&X-Amz-Signature=" + result.signature));
}

TEST(SignerTest, SessionTokenIsSignedHeader) {
    ClientRequest r;
    r.method = "POST";
    r.endpoint = "http://localhost:4566";
    r.body = "Action=GetCallerIdentity&Version=2011-06-15";
    const Credentials creds{"AKID", "SECRET", "TOKEN", std::nullopt};
    const auto result = sign_request(r, creds, {.region = "us-east-1", .service = "sts"});
    EXPECT_EQ(find_header(r.headers, "x-amz-security-token").value_or(""), "TOKEN");
    EXPECT_EQ(find_header(r.headers, "host").value_or(""), "localhost:4566");
    EXPECT_NE(result.authorization.find("SignedHeaders=host;x-amz-date;x-amz-security-token"),
              std::string::npos);
}

TEST(SignerTest, UnsignedPayloadAndUnsignedHeaders) {
    ClientRequest r;
    r.method = "PUT";
    r.endpoint = "https://s3.amazonaws.com";
    r.path = "/b/k";
    r.body = "data";
    r.headers = {{"User-Agent", "cdkpp"}};
    const auto result = sign_request(r, kS3Example,
                                     {.region = "us-east-1",
                                      .service = "s3",
                                      .path_mode = PathMode::S3,
                                      .payload_mode = PayloadMode::Unsigned,
                                      .add_content_sha256_header = true});
    EXPECT_TRUE(result.canonical_request.ends_with("\nUNSIGNED-PAYLOAD"));
    EXPECT_EQ(result.canonical_request.find("user-agent"), std::string::npos);
}

} // namespace
} // namespace cdk::aws::sigv4
