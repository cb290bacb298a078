#include "aws/protocol/codec.hpp"
#include "aws/protocol/values.hpp"

#include <gtest/gtest.h>

namespace cdk::aws::protocol {
namespace {

const ServiceModel& model(const char* name) {
    return *ServiceModel::get(name).value();
}

Json without_metadata(Json j) {
    j.erase("ResponseMetadata");
    return j;
}

TEST(RestXmlCodecTest, PutObjectRoundTrip) {
    const auto& s3 = model("s3");
    const Json input{{"Bucket", "cdk-myapp-assets-1-r"},
                     {"Key", "dir/a b+c.json"},
                     {"Body", "{\"x\":1}"},
                     {"ContentType", "application/json"},
                     {"ServerSideEncryption", "aws:kms"},
                     {"Metadata", {{"owner", "me"}}}};
    auto request = serialize_request(s3, "PutObject", input);
    ASSERT_TRUE(request) << request.error().to_string();
    EXPECT_EQ(request->method, "PUT");
    EXPECT_EQ(request->path, "/cdk-myapp-assets-1-r/dir/a%20b%2Bc.json");
    EXPECT_EQ(request->body, "{\"x\":1}");
    EXPECT_EQ(find_header(request->headers, "content-type").value_or(""), "application/json");
    EXPECT_EQ(find_header(request->headers, "x-amz-server-side-encryption").value_or(""), "aws:kms");
    EXPECT_EQ(find_header(request->headers, "x-amz-meta-owner").value_or(""), "me");
    auto parsed = parse_request(s3, *request);
    ASSERT_TRUE(parsed) << parsed.error().to_string();
    EXPECT_EQ(parsed->operation, "PutObject");
    EXPECT_EQ(parsed->input, input);
}

TEST(RestXmlCodecTest, RoutesByQueryAndRequiredMembers) {
    const auto& s3 = model("s3");
    auto route = [&](const char* op, const Json& input) {
        auto request = serialize_request(s3, op, input);
        EXPECT_TRUE(request) << op;
        auto parsed = parse_request(s3, *request);
        EXPECT_TRUE(parsed) << op;
        return parsed ? parsed->operation : std::string("?");
    };
    const Json bucket{{"Bucket", "b"}};
    const Json object{{"Bucket", "b"}, {"Key", "k/x"}};
    EXPECT_EQ(route("ListBuckets", Json::object()), "ListBuckets");
    EXPECT_EQ(route("ListObjectsV2", bucket), "ListObjectsV2");
    EXPECT_EQ(route("ListObjects", bucket), "ListObjects");
    EXPECT_EQ(route("GetBucketLocation", bucket), "GetBucketLocation");
    EXPECT_EQ(route("HeadBucket", bucket), "HeadBucket");
    EXPECT_EQ(route("HeadObject", object), "HeadObject");
    EXPECT_EQ(route("GetObject", object), "GetObject");
    EXPECT_EQ(route("CreateMultipartUpload", object), "CreateMultipartUpload");
    Json part = object;
    part["UploadId"] = "u1";
    part["PartNumber"] = 2;
    part["Body"] = "data";
    EXPECT_EQ(route("UploadPart", part), "UploadPart");
    Json copy = object;
    copy["CopySource"] = "src/key";
    EXPECT_EQ(route("CopyObject", copy), "CopyObject");
    Json list_parts = object;
    list_parts["UploadId"] = "u1";
    EXPECT_EQ(route("ListParts", list_parts), "ListParts");
    EXPECT_EQ(route("AbortMultipartUpload", list_parts), "AbortMultipartUpload");
}

TEST(RestXmlCodecTest, ChecksumRequiredOperationsCarryContentMd5) {
    const auto& s3 = model("s3");
    auto request = serialize_request(
        s3, "DeleteObjects",
        {{"Bucket", "b"},
         {"Delete", {{"Objects", Json::array({Json{{"Key", "a"}}, Json{{"Key", "b"}}})}, {"Quiet", true}}}});
    ASSERT_TRUE(request);
    EXPECT_EQ(request->query, "delete");
    EXPECT_EQ(find_header(request->headers, "content-md5").value_or(""), content_md5(request->body));
    EXPECT_NE(request->body.find(
                  "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Object><Key>a</Key></Object>"),
              std::string::npos)
        << request->body;
    auto parsed = parse_request(s3, *request);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->input["Delete"]["Objects"].size(), 2u);
    EXPECT_EQ(parsed->input["Delete"]["Quiet"], true);
}

TEST(RestXmlCodecTest, ListObjectsV2ResponseRoundTrip) {
    const auto& s3 = model("s3");
    const Json output{
        {"Name", "b"},
        {"KeyCount", 2},
        {"IsTruncated", false},
        {"Contents",
         Json::array({Json{{"Key", "a.json"}, {"Size", 10}, {"LastModified", "2026-01-02T03:04:05Z"}},
                      Json{{"Key", "b.zip"}, {"Size", 20}, {"ETag", "\"e\""}}})}};
    const auto response = serialize_response(s3, "ListObjectsV2", output, "rid");
    EXPECT_NE(response.body.find("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"),
              std::string::npos);
    EXPECT_NE(response.body.find("<Contents><ETag>"), std::string::npos)
        << "flattened list: no wrapper element";
    auto parsed = parse_response(s3, "ListObjectsV2", response);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(without_metadata(*parsed), output);
    EXPECT_EQ((*parsed)["ResponseMetadata"]["RequestId"], "rid");
}

TEST(RestXmlCodecTest, BucketLocationIsTheRootElement) {
    const auto& s3 = model("s3");
    HttpResponse r{200, {}, R"(<?xml version="1.0" encoding="UTF-8"?>
<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">ap-southeast-2</LocationConstraint>)"};
    auto parsed = parse_response(s3, "GetBucketLocation", r);
    ASSERT_TRUE(parsed);
    EXPECT_EQ((*parsed)["LocationConstraint"], "ap-southeast-2");
    auto round = parse_response(
        s3, "GetBucketLocation",
        serialize_response(s3, "GetBucketLocation", {{"LocationConstraint", "eu-west-1"}}, "x"));
    ASSERT_TRUE(round);
    EXPECT_EQ((*round)["LocationConstraint"], "eu-west-1");
}

TEST(RestXmlCodecTest, HeadersAndPayloadsInResponses) {
    const auto& s3 = model("s3");
    const Json output{{"Body", "hello"},
                      {"ContentLength", 5},
                      {"ContentType", "text/plain"},
                      {"ETag", "\"abc\""},
                      {"LastModified", "2026-01-02T03:04:05Z"},
                      {"Metadata", {{"owner", "me"}}}};
    const auto response = serialize_response(s3, "GetObject", output, "x");
    EXPECT_EQ(find_header(response.headers, "last-modified").value_or(""), "Fri, 02 Jan 2026 03:04:05 GMT");
    EXPECT_EQ(response.body, "hello");
    auto parsed = parse_response(s3, "GetObject", response);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(without_metadata(*parsed), output);
}

// S3 writes its response timestamps with milliseconds, declares its namespace on every root (payload roots
// too) and the xsi namespace on a Grantee, whose type is an xsi:type attribute.
TEST(RestXmlCodecTest, S3ResponsesAsS3WritesThem) {
    const auto& s3 = model("s3");
    const auto listing =
        serialize_response(s3, "ListBuckets",
                           {{"Buckets", Json::array({Json{{"Name", "b"}, {"CreationDate", 1767323045}}})},
                            {"Owner", {{"ID", "1"}}}},
                           "x");
    EXPECT_NE(listing.body.find("<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"),
              std::string::npos);
    EXPECT_NE(listing.body.find("<Buckets><Bucket><CreationDate>2026-01-02T03:04:05.000Z</CreationDate>"),
              std::string::npos)
        << listing.body;
    const Json encryption{
        {"ServerSideEncryptionConfiguration",
         {{"Rules",
           Json::array({Json{{"ApplyServerSideEncryptionByDefault", {{"SSEAlgorithm", "AES256"}}}}})}}}};
    const auto enc = serialize_response(s3, "GetBucketEncryption", encryption, "x");
    EXPECT_NE(enc.body.find("<ServerSideEncryptionConfiguration "
                            "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule>"
                            "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm>"),
              std::string::npos)
        << enc.body;
    EXPECT_EQ(without_metadata(parse_response(s3, "GetBucketEncryption", enc).value()), encryption);
    const Json acl{{"Owner", {{"ID", "1"}}},
                   {"Grants", Json::array({Json{{"Grantee", {{"ID", "1"}, {"Type", "CanonicalUser"}}},
                                                {"Permission", "FULL_CONTROL"}}})}};
    const auto rendered = serialize_response(s3, "GetBucketAcl", acl, "x");
    EXPECT_NE(rendered.body.find("<AccessControlList><Grant><Grantee "
                                 "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                                 "xsi:type=\"CanonicalUser\"><ID>1</ID></Grantee>"),
              std::string::npos)
        << rendered.body;
    EXPECT_EQ(without_metadata(parse_response(s3, "GetBucketAcl", rendered).value()), acl);
}

TEST(RestXmlCodecTest, CreateBucketConfigurationPayload) {
    const auto& s3 = model("s3");
    const Json input{{"Bucket", "b"},
                     {"CreateBucketConfiguration", {{"LocationConstraint", "ap-southeast-2"}}}};
    auto request = serialize_request(s3, "CreateBucket", input);
    ASSERT_TRUE(request);
    EXPECT_NE(
        request->body.find("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                           "<LocationConstraint>ap-southeast-2</LocationConstraint>"),
        std::string::npos)
        << request->body;
    auto parsed = parse_request(s3, *request);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->input, input);
}

TEST(RestXmlCodecTest, FailsWithoutUriLabelOrRoute) {
    const auto& s3 = model("s3");
    EXPECT_EQ(serialize_request(s3, "GetObject", {{"Bucket", "b"}}).error().code, "MissingParameter");
    ClientRequest r;
    r.method = "PATCH";
    r.path = "/b";
    EXPECT_EQ(parse_request(s3, r).error().code, "MethodNotAllowed");
}

TEST(RestJsonCodecTest, LambdaInvokeRoundTrip) {
    const auto& lambda = model("lambda");
    const Json input{
        {"FunctionName", "my-fn"}, {"InvocationType", "RequestResponse"}, {"Payload", "{\"a\":1}"}};
    auto request = serialize_request(lambda, "Invoke", input);
    ASSERT_TRUE(request);
    EXPECT_EQ(request->path, "/2015-03-31/functions/my-fn/invocations");
    EXPECT_EQ(find_header(request->headers, "x-amz-invocation-type").value_or(""), "RequestResponse");
    EXPECT_EQ(request->body, "{\"a\":1}");
    auto parsed = parse_request(lambda, *request);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->operation, "Invoke");
    EXPECT_EQ(parsed->input, input);

    const Json output{{"StatusCode", 200}, {"ExecutedVersion", "$LATEST"}, {"Payload", "\"ok\""}};
    const auto response = serialize_response(lambda, "Invoke", output, "rid");
    EXPECT_EQ(response.status, 200);
    auto out = parse_response(lambda, "Invoke", response);
    ASSERT_TRUE(out);
    EXPECT_EQ(without_metadata(*out), output);
}

TEST(RestJsonCodecTest, LambdaGetFunctionAndCreate) {
    const auto& lambda = model("lambda");
    const Json create{{"FunctionName", "f"},
                      {"Role", "arn:aws:iam::1:role/r"},
                      {"Runtime", "nodejs20.x"},
                      {"Handler", "index.handler"},
                      {"Code", {{"ZipFile", std::string("PK\x03\x04", 4)}}}};
    auto request = serialize_request(lambda, "CreateFunction", create);
    ASSERT_TRUE(request);
    EXPECT_EQ(request->path, "/2015-03-31/functions");
    EXPECT_EQ(Json::parse(request->body)["Code"]["ZipFile"], "UEsDBA==");
    auto parsed = parse_request(lambda, *request);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->operation, "CreateFunction");
    EXPECT_EQ(parsed->input, create);

    auto get = serialize_request(lambda, "GetFunction", {{"FunctionName", "f"}});
    ASSERT_TRUE(get);
    EXPECT_EQ(get->method, "GET");
    EXPECT_EQ(get->path, "/2015-03-31/functions/f");
    auto back = parse_request(lambda, *get);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->operation, "GetFunction");
}

} // namespace
} // namespace cdk::aws::protocol
