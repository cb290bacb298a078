#include "aws/protocol/codec.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"
#include "localcloud/protocol/base64.hpp"
#include "localcloud/protocol/protocol.hpp"

#include <gtest/gtest.h>

namespace cdk::localcloud {
namespace {

TEST(ProtocolTest, QueryErrorHasErrorResponseShape) {
    const auto r = render_error(Protocol::Query, make_error("AccessDenied", "no <way>", 403), "rid",
                                "https://sts.amazonaws.com/doc/2011-06-15/");
    EXPECT_EQ(r.status, 403);
    EXPECT_NE(r.body.find(
                  "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender"
                  "</Type><Code>AccessDenied</Code><Message>no &lt;way&gt;</Message></Error><RequestId>rid"),
              std::string::npos);
}

TEST(ProtocolTest, JsonErrorCarriesTypeHeaderAndBody) {
    const auto r = render_error(Protocol::Json11, make_error("ParameterNotFound", "gone", 400), "rid");
    EXPECT_EQ(Json::parse(r.body)["__type"], "ParameterNotFound");
    bool header = false;
    for (const auto& [k, v] : r.headers)
        header = header || (k == "x-amzn-ErrorType" && v == "ParameterNotFound");
    EXPECT_TRUE(header);
}

TEST(ProtocolTest, AuthErrorsUseEachProtocolsVocabulary) {
    EXPECT_EQ(auth_error(Protocol::RestXml, AuthFailure::UnknownKey, "m").code, "InvalidAccessKeyId");
    EXPECT_EQ(auth_error(Protocol::Query, AuthFailure::UnknownKey, "m").code, "InvalidClientTokenId");
    EXPECT_EQ(auth_error(Protocol::Json11, AuthFailure::UnknownKey, "m").code, "UnrecognizedClientException");
    EXPECT_EQ(auth_error(Protocol::RestXml, AuthFailure::Skewed, "m").code, "RequestTimeTooSkewed");
    EXPECT_EQ(auth_error(Protocol::Query, AuthFailure::Skewed, "m").code, "SignatureDoesNotMatch");
    EXPECT_EQ(auth_error(Protocol::Json11, AuthFailure::ExpiredToken, "m").code, "ExpiredTokenException");
}

TEST(ProtocolTest, S3PayloadsReadByTheModel) {
    const auto& s3 = *aws::protocol::ServiceModel::get("s3").value();
    const auto del =
        aws::protocol::parse_xml_payload(s3, "Delete",
                                         "<Delete><Object><Key>a&amp;b</Key></Object><Object><Key>c</Key></"
                                         "Object><Quiet>true</Quiet></Delete>");
    ASSERT_TRUE(del) << del.error().to_string();
    EXPECT_EQ(*del, Json::parse(R"({"Objects":[{"Key":"a&b"},{"Key":"c"}],"Quiet":true})"));
    const auto cfg =
        aws::protocol::parse_xml_payload(s3, "CreateBucketConfiguration",
                                         "<CreateBucketConfiguration xmlns=\"x\"><LocationConstraint>"
                                         "ap-southeast-2</LocationConstraint></CreateBucketConfiguration>");
    ASSERT_TRUE(cfg);
    EXPECT_EQ((*cfg)["LocationConstraint"], "ap-southeast-2");
    // A Delete without objects, or a part number that is not a number, does not validate.
    EXPECT_EQ(aws::protocol::parse_xml_payload(s3, "Delete", "<Delete/>").error().code, "MalformedXML");
    EXPECT_EQ(
        aws::protocol::parse_xml_payload(s3, "CompletedMultipartUpload",
                                         "<CompleteMultipartUpload><Part><PartNumber>one</PartNumber></Part>"
                                         "</CompleteMultipartUpload>")
            .error()
            .code,
        "MalformedXML");
    // A document of the shape under another root is not that payload.
    EXPECT_EQ(aws::protocol::parse_xml_payload(s3, "Delete", "<Remove><Object><Key>k</Key></Object></Remove>",
                                               "Delete")
                  .error()
                  .code,
              "MalformedXML");
}

// `&#zz;` made std::stoul throw out of a store transaction, which then stayed open (500 StoreError forever).
TEST(ProtocolTest, S3PayloadRefusesReferencesThatNameNoCharacter) {
    const auto& s3 = *aws::protocol::ServiceModel::get("s3").value();
    const auto good = aws::protocol::parse_xml_payload(
        s3, "Delete", "<Delete><Object><Key>&#65;&#x42;&#x1F600;&amp;</Key></Object></Delete>");
    ASSERT_TRUE(good);
    EXPECT_EQ((*good)["Objects"][0]["Key"], "AB\xF0\x9F\x98\x80&");
    for (const char* bad : {"&#zz;", "&#;", "&#x;", "&#xD800;", "&#0;", "&#x110000;", "&#99999999999;",
                            "a\xFF"
                            "b"}) {
        const auto r = aws::protocol::parse_xml_payload(
            s3, "Delete", std::string("<Delete><Object><Key>") + bad + "</Key></Object></Delete>");
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, "MalformedXML") << bad;
        EXPECT_EQ(r.error().http_status, 400);
    }
}

// Invalid UTF-8 in a message (an Authorization header quoted back) made nlohmann's dump throw type_error 316
// while rendering a JSON error, outside any try: the whole server died.
TEST(ProtocolTest, RenderErrorIsTotalOnInvalidUtf8) {
    const Error e = make_error("InvalidSignatureException", "bad header 'AWS4\xFF\xFE'", 400);
    for (Protocol p :
         {Protocol::Query, Protocol::Json10, Protocol::Json11, Protocol::RestXml, Protocol::RestJson}) {
        const ServerResponse r = render_error(p, e, "id");
        EXPECT_EQ(r.status, 400);
        EXPECT_TRUE(strings::valid_utf8(r.body)) << to_string(p);
        EXPECT_NE(r.body.find("InvalidSignatureException"), std::string::npos);
    }
}

TEST(ProtocolTest, Base64RoundTripAndFailsOnGarbage) {
    for (const std::string& s :
         std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff", 2)}) {
        auto d = base64_decode(base64_encode(s));
        ASSERT_TRUE(d);
        EXPECT_EQ(*d, s);
    }
    EXPECT_FALSE(base64_decode("abc"));
}

} // namespace
} // namespace cdk::localcloud
