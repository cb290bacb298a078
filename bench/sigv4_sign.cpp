// Google Benchmark: SigV4 signing and verification of a typical CloudFormation query request, and the
// query codec's serialise+parse round trip (the per-call overhead the client adds besides the network).
#include "aws/protocol/codec.hpp"
#include "aws/sigv4/signer.hpp"
#include "aws/sigv4/verifier.hpp"

#include <benchmark/benchmark.h>

namespace {

using namespace cdk::aws;

ClientRequest sample_request() {
    const auto& model = *protocol::ServiceModel::get("cloudformation").value();
    ClientRequest r =
        protocol::serialize_request(model, "DescribeStackEvents", {{"StackName", "Prod"}}).value();
    r.endpoint = "https://cloudformation.ap-southeast-2.amazonaws.com";
    return r;
}

const Credentials kCreds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "token", std::nullopt};

void BM_SignRequest(benchmark::State& state) {
    const ClientRequest base = sample_request();
    for (auto _ : state) {
        ClientRequest r = base;
        auto result =
            sigv4::sign_request(r, kCreds, {.region = "ap-southeast-2", .service = "cloudformation"});
        benchmark::DoNotOptimize(result);
    }
}
BENCHMARK(BM_SignRequest);

void BM_VerifyRequest(benchmark::State& state) {
    ClientRequest r = sample_request();
    sigv4::sign_request(r, kCreds, {.region = "ap-southeast-2", .service = "cloudformation"});
    r.endpoint.clear();
    for (auto _ : state) {
        auto info = sigv4::parse_signature(r);
        auto ok = sigv4::verify_signature(r, *info, kCreds.secret_access_key, sigv4::PathMode::Normalize);
        benchmark::DoNotOptimize(ok);
    }
}
BENCHMARK(BM_VerifyRequest);

void BM_QueryCodecRoundTrip(benchmark::State& state) {
    const auto& model = *protocol::ServiceModel::get("cloudformation").value();
    cdk::Json events = cdk::Json::array();
    for (int i = 0; i < 50; ++i) {
        events.push_back({{"EventId", "e" + std::to_string(i)},
                          {"StackName", "Prod"},
                          {"StackId", "id"},
                          {"LogicalResourceId", "Bucket"},
                          {"ResourceStatus", "CREATE_COMPLETE"},
                          {"Timestamp", "2026-01-02T03:04:05Z"}});
    }
    const HttpResponse response =
        protocol::serialize_response(model, "DescribeStackEvents", {{"StackEvents", events}}, "rid");
    for (auto _ : state) {
        auto parsed = protocol::parse_response(model, "DescribeStackEvents", response);
        benchmark::DoNotOptimize(parsed);
    }
}
BENCHMARK(BM_QueryCodecRoundTrip);

} // namespace

BENCHMARK_MAIN();
