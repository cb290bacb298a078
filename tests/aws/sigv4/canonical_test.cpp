#include "aws/sigv4/canonical.hpp"

#include <gtest/gtest.h>

namespace cdk::aws::sigv4 {
namespace {

TEST(CanonicalTest, UriEncodeKeepsUnreservedOnly) {
    EXPECT_EQ(uri_encode("a-b_c.d~e", true), "a-b_c.d~e");
    EXPECT_EQ(uri_encode("a b+c/d", true), "a%20b%2Bc%2Fd");
    EXPECT_EQ(uri_encode("a b/c", false), "a%20b/c");
    EXPECT_EQ(uri_encode("\xE1\x88\xB4", true), "%E1%88%B4");
}

TEST(CanonicalTest, UriDecodeLeavesPlusAndMalformed) {
    EXPECT_EQ(uri_decode("a%20b+c"), "a b+c");
    EXPECT_EQ(uri_decode("%zz%4"), "%zz%4");
    EXPECT_EQ(uri_decode("%2f"), "/");
}

TEST(CanonicalTest, NormalizePath) {
    EXPECT_EQ(normalize_path(""), "/");
    EXPECT_EQ(normalize_path("//example//"), "/example/");
    EXPECT_EQ(normalize_path("/example/.."), "/");
    EXPECT_EQ(normalize_path("/a/b/../c"), "/a/c");
    EXPECT_EQ(normalize_path("/./example"), "/example");
    EXPECT_EQ(normalize_path("/../../x"), "/x");
}

TEST(CanonicalTest, NonS3PathIsEncodedTwiceS3Once) {
    EXPECT_EQ(canonical_uri("/my%20key", PathMode::Normalize), "/my%2520key");
    EXPECT_EQ(canonical_uri("/bucket/my%20key", PathMode::S3), "/bucket/my%20key");
    // S3 never normalises: dot segments and double slashes are part of object keys.
    EXPECT_EQ(canonical_uri("/bucket//a/./b", PathMode::S3), "/bucket//a/./b");
    // A client that left a reserved character raw still canonicalises like one that encoded it.
    EXPECT_EQ(canonical_uri("/bucket/a:b", PathMode::S3), canonical_uri("/bucket/a%3Ab", PathMode::S3));
}

TEST(CanonicalTest, QuerySortedByNameThenValue) {
    EXPECT_EQ(canonical_query("b=2&a=2&a=1&c"), "a=1&a=2&b=2&c=");
    EXPECT_EQ(canonical_query("X-Amz-Signature=abc&a=1", "X-Amz-Signature"), "a=1");
    EXPECT_EQ(canonical_query("k=a+b%2Fc"), "k=a%2Bb%2Fc");
}

TEST(CanonicalTest, HeaderValuesTrimmedFoldedAndJoined) {
    EXPECT_EQ(canonical_header_value("  a   b\t\tc  "), "a b c");
    const Headers headers{{"X-B", " 2 "}, {"x-a", "1"}, {"X-B", "3"}};
    const auto all = canonical_headers(headers);
    EXPECT_EQ(all.block, "x-a:1\nx-b:2,3\n");
    EXPECT_EQ(all.signed_headers, "x-a;x-b");
    const auto some = canonical_headers(headers, {"x-b", "x-missing"});
    EXPECT_EQ(some.block, "x-b:2,3\nx-missing:\n");
    EXPECT_EQ(some.signed_headers, "x-b;x-missing");
}

} // namespace
} // namespace cdk::aws::sigv4
