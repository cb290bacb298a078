#include "localcloud/server/router.hpp"

#include <gtest/gtest.h>

namespace cdk::localcloud {
namespace {

ServerRequest request(std::string method, std::vector<std::pair<std::string, std::string>> headers,
                      std::string body = {}) {
    ServerRequest r;
    r.method = std::move(method);
    r.path = "/";
    r.headers = std::move(headers);
    r.body = std::move(body);
    return r;
}

TEST(RouterTest, TargetHeaderWinsOverScope) {
    EXPECT_EQ(route_service(request("POST", {{"x-amz-target", "AmazonSSM.GetParameter"}}), "s3"), "ssm");
    EXPECT_EQ(route_service(request("POST", {{"x-amz-target", "TrentService.Decrypt"}}), ""), "kms");
}

TEST(RouterTest, CredentialScopeThenHostThenQueryVersion) {
    EXPECT_EQ(route_service(request("POST", {}), "sts"), "sts");
    EXPECT_EQ(route_service(request("POST", {{"host", "iam.amazonaws.com"}}), ""), "iam");
    EXPECT_EQ(route_service(request("POST", {{"content-type", "application/x-www-form-urlencoded"}},
                                    "Action=GetCallerIdentity&Version=2011-06-15"),
                            ""),
              "sts");
    EXPECT_EQ(route_service(request("GET", {{"host", "b.s3.ap-southeast-2.amazonaws.com"}}), ""), "s3");
    EXPECT_EQ(route_service(request("GET", {}), ""), "s3");
}

} // namespace
} // namespace cdk::localcloud
