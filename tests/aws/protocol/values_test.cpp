#include "aws/protocol/values.hpp"

#include <gtest/gtest.h>

namespace cdk::aws::protocol {
namespace {

TEST(ValuesTest, Base64RoundTrip) {
    EXPECT_EQ(base64_encode(""), "");
    EXPECT_EQ(base64_encode("f"), "Zg==");
    EXPECT_EQ(base64_encode("fo"), "Zm8=");
    EXPECT_EQ(base64_encode("foo"), "Zm9v");
    EXPECT_EQ(base64_decode("Zm9vYmFy").value(), "foobar");
    EXPECT_EQ(base64_decode("Zm9v\nYg==").value(), "foob");
    const std::string bytes("\x00\xff\x10", 3);
    EXPECT_EQ(base64_decode(base64_encode(bytes)).value(), bytes);
}

TEST(ValuesTest, FailsOnBadBase64) {
    EXPECT_FALSE(base64_decode("Zm9v!"));
    EXPECT_FALSE(base64_decode("Zg==Zg"));
}

TEST(ValuesTest, TimestampsInEveryWireFormat) {
    const double t = 1767323045; // 2026-01-02T03:04:05Z
    EXPECT_EQ(parse_timestamp("2026-01-02T03:04:05Z").value(), t);
    EXPECT_EQ(parse_timestamp("2026-01-02T03:04:05.000Z").value(), t);
    EXPECT_EQ(parse_timestamp("2026-01-02T04:04:05+01:00").value(), t);
    EXPECT_EQ(parse_timestamp("Fri, 02 Jan 2026 03:04:05 GMT").value(), t);
    EXPECT_EQ(parse_timestamp("1767323045").value(), t);
    EXPECT_DOUBLE_EQ(parse_timestamp("1767323045.25").value(), t + 0.25);
    EXPECT_EQ(format_iso8601(t), "2026-01-02T03:04:05Z");
    EXPECT_EQ(format_iso8601(t + 0.5), "2026-01-02T03:04:05.500Z");
    EXPECT_EQ(format_http_date(t), "Fri, 02 Jan 2026 03:04:05 GMT");
    EXPECT_FALSE(parse_timestamp("yesterday"));
}

TEST(ValuesTest, ContentMd5AndUuid) {
    EXPECT_EQ(content_md5(""), "1B2M2Y8AsgTpgAmY7PhCfg==");
    const std::string a = random_uuid();
    EXPECT_EQ(a.size(), 36u);
    EXPECT_EQ(a[14], '4');
    EXPECT_NE(a, random_uuid());
}

} // namespace
} // namespace cdk::aws::protocol
