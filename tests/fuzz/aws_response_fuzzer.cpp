// libFuzzer target for everything in src/aws that reads bytes from the network: XML, response and error
// decoding for every protocol, request decoding (localcloud's direction) and SigV4 header parsing.
// Build and run with scripts/fuzz-aws (clang++ -fsanitize=fuzzer,address,undefined).
#include "aws/protocol/codec.hpp"
#include "aws/protocol/values.hpp"
#include "aws/protocol/xml.hpp"
#include "aws/sigv4/verifier.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

struct Target {
    const char* service;
    const char* operation;
};

constexpr Target kTargets[] = {
    {"sts", "AssumeRole"},
    {"sts", "GetCallerIdentity"},
    {"cloudformation", "DescribeStacks"},
    {"cloudformation", "DescribeStackEvents"},
    {"iam", "GetRole"},
    {"s3", "ListObjectsV2"},
    {"s3", "GetObject"},
    {"s3", "GetBucketLocation"},
    {"s3", "CompleteMultipartUpload"},
    {"ssm", "GetParameter"},
    {"kms", "Decrypt"},
    {"lambda", "Invoke"},
    {"lambda", "GetFunction"},
    {"codepipeline", "GetPipelineState"},
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace cdk::aws;
    if (size < 2) return 0;
    const Target& target = kTargets[data[0] % (sizeof kTargets / sizeof kTargets[0])];
    const int status = (data[1] & 1) ? 200 : 400 + (data[1] >> 1) % 104;
    const std::string text(reinterpret_cast<const char*>(data + 2), size - 2);
    const auto& model = *protocol::ServiceModel::get(target.service).value();

    HttpResponse response{
        status, {{"x-amz-meta-a", text.substr(0, 16)}, {"Last-Modified", text.substr(0, 29)}}, text};
    (void)protocol::parse_response(model, target.operation, response);
    (void)protocol::parse_error(model, response);
    (void)protocol::parse_xml(text);
    (void)protocol::base64_decode(text);
    (void)protocol::parse_timestamp(text);

    ClientRequest request;
    request.method = (data[1] & 2) ? "POST" : "GET";
    const auto nl = text.find('\n');
    request.path = "/" + text.substr(0, nl == std::string::npos ? 0 : nl);
    request.query = text.substr(0, 64);
    request.headers = {{"X-Amz-Target", text.substr(0, 40)},
                       {"Content-Type", "application/x-www-form-urlencoded"},
                       {"Authorization", text}};
    request.body = text;
    (void)protocol::parse_request(model, request);
    if (auto info = sigv4::parse_signature(request)) {
        (void)sigv4::verify_signature(request, *info, "secret", sigv4::PathMode::S3);
    }
    return 0;
}
