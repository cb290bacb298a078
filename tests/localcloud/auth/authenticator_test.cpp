#include "localcloud/auth/authenticator.hpp"

#include <gtest/gtest.h>

namespace cdk::localcloud {
namespace {

aws::sigv4::SignatureInfo signed_for(std::string service, bool presigned = false) {
    aws::sigv4::SignatureInfo info;
    info.presigned = presigned;
    info.access_key_id = "AK";
    info.date_stamp = "20250101";
    info.amz_date = "20250101T120000Z";
    info.region = "us-east-1";
    info.service = std::move(service);
    info.signed_headers = {"host", "x-amz-content-sha256", "x-amz-date"};
    info.signature = std::string(64, 'a');
    info.expires = std::chrono::seconds(presigned ? 300 : 0);
    return info;
}

ServerRequest s3_put() {
    ServerRequest r;
    r.method = "PUT";
    r.path = "/b/k";
    r.headers = {
        {"host", "h"}, {"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}, {"x-amz-date", "20250101T120000Z"}};
    return r;
}

std::string code_of(const Result<void>& r) {
    return r ? std::string("ok") : r.error().code;
}

TEST(AuthenticatorTest, AcceptsAWellFormedSignature) {
    EXPECT_EQ(code_of(check_signature_shape(s3_put(), signed_for("s3"), Protocol::RestXml, "s3")), "ok");
    EXPECT_EQ(code_of(check_signature_shape(s3_put(), signed_for("s3", true), Protocol::RestXml, "s3")),
              "ok");
}

TEST(AuthenticatorTest, FailsWhenTheScopeDateIsNotTheRequestDate) {
    auto info = signed_for("s3");
    info.date_stamp = "20241231";
    EXPECT_EQ(code_of(check_signature_shape(s3_put(), info, Protocol::RestXml, "s3")),
              "AuthorizationHeaderMalformed");
    info.presigned = true;
    EXPECT_EQ(code_of(check_signature_shape(s3_put(), info, Protocol::RestXml, "s3")),
              "AuthorizationQueryParametersError");
    auto sts = signed_for("sts");
    sts.date_stamp = "20241231";
    EXPECT_EQ(code_of(check_signature_shape({}, sts, Protocol::Query, "sts")), "SignatureDoesNotMatch");
    auto ssm = signed_for("ssm");
    ssm.date_stamp = "20241231";
    EXPECT_EQ(code_of(check_signature_shape({}, ssm, Protocol::Json11, "ssm")), "InvalidSignatureException");
}

TEST(AuthenticatorTest, FailsWhenTheScopeNamesAnotherService) {
    EXPECT_EQ(code_of(check_signature_shape(s3_put(), signed_for("sts"), Protocol::RestXml, "s3")),
              "AuthorizationHeaderMalformed");
    EXPECT_EQ(code_of(check_signature_shape(s3_put(), signed_for("sts", true), Protocol::RestXml, "s3")),
              "AuthorizationQueryParametersError");
    EXPECT_EQ(code_of(check_signature_shape({}, signed_for("kms"), Protocol::Json11, "ssm")),
              "InvalidSignatureException");
    EXPECT_EQ(code_of(check_signature_shape({}, signed_for("iam"), Protocol::Query, "sts")),
              "SignatureDoesNotMatch");
}

TEST(AuthenticatorTest, FailsOnUnsignedAmzHeadersOnS3Only) {
    ServerRequest r = s3_put();
    r.headers.push_back({"x-amz-copy-source", "/b/other"});
    const auto refused = check_signature_shape(r, signed_for("s3"), Protocol::RestXml, "s3");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "AccessDenied");
    EXPECT_NE(refused.error().message.find("x-amz-copy-source"), std::string::npos);
    EXPECT_EQ(code_of(check_signature_shape(r, signed_for("s3", true), Protocol::RestXml, "s3")),
              "AccessDenied");
    r.headers.push_back({"x-amz-target", "x"});
    EXPECT_EQ(code_of(check_signature_shape(r, signed_for("ssm"), Protocol::Json11, "ssm")), "ok");
}

TEST(AuthenticatorTest, FailsOnPresignedExpiryOutsideAWeek) {
    auto info = signed_for("s3", true);
    info.expires = std::chrono::seconds(604800);
    EXPECT_EQ(code_of(check_signature_shape(s3_put(), info, Protocol::RestXml, "s3")), "ok");
    info.expires = std::chrono::seconds(604801);
    EXPECT_EQ(code_of(check_signature_shape(s3_put(), info, Protocol::RestXml, "s3")),
              "AuthorizationQueryParametersError");
    info.expires = std::chrono::seconds(-1);
    EXPECT_EQ(code_of(check_signature_shape(s3_put(), info, Protocol::RestXml, "s3")),
              "AuthorizationQueryParametersError");
}

} // namespace
} // namespace cdk::localcloud
