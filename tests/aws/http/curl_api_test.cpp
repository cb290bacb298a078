#include "aws/http/curl_api.hpp"

#include <gtest/gtest.h>

namespace cdk::aws::http {
namespace {

TEST(CurlApiTest, LoadsEveryFunctionFromTheSystemLibcurl) {
    const Result<CurlApi>& api = curl_api();
    ASSERT_TRUE(api) << api.error().to_string();
    EXPECT_NE(api->easy_init, nullptr);
    EXPECT_NE(api->slist_free_all, nullptr);
    EXPECT_STREQ(api->easy_strerror(CURLE_OK), "No error");
    CURL* handle = api->easy_init();
    ASSERT_NE(handle, nullptr);
    api->easy_cleanup(handle);
    EXPECT_EQ(&curl_api(), &api) << "loaded once per process";
}

TEST(CurlApiTest, AMissingLibraryNamesItAndTheFix) {
    const Result<CurlApi> api = load_curl_api("libcurl-cdkpp-absent.so.4");
    ASSERT_FALSE(api);
    EXPECT_EQ(api.error().code, "MissingDependency");
    EXPECT_NE(api.error().message.find("libcurl-cdkpp-absent.so.4"), std::string::npos)
        << api.error().message;
    EXPECT_NE(api.error().message.find("apt-get install libcurl4"), std::string::npos) << api.error().message;
}

TEST(CurlApiTest, ALibraryWithoutTheFunctionsNamesTheFirstMissingOne) {
    const Result<CurlApi> api = load_curl_api("libz.so.1"); // loads, but is not libcurl
    ASSERT_FALSE(api);
    EXPECT_EQ(api.error().code, "MissingDependency");
    EXPECT_NE(api.error().message.find("no symbol curl_global_init"), std::string::npos)
        << api.error().message;
}

} // namespace
} // namespace cdk::aws::http
