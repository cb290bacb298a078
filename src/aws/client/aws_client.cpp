#include "aws/client/aws_client.hpp"

#include "aws/http/curl_http_client.hpp"
#include "aws/protocol/codec.hpp"
#include "aws/sigv4/signer.hpp"

#include <cctype>

namespace cdk::aws {

namespace {

/// Buckets that can be a DNS label (virtual-hosted style): no dots, lower case, 3-63 characters.
bool dns_compatible_bucket(const std::string& bucket) {
    if (bucket.size() < 3 || bucket.size() > 63) return false;
    for (const char c : bucket) {
        if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
              c == '-')) {
            return false;
        }
    }
    return true;
}

} // namespace

AwsClient::AwsClient(const protocol::ServiceModel& model, ClientConfig config)
    : model_(&model), config_(std::move(config)) {
    if (config_.endpoint.url.empty()) config_.endpoint = default_endpoint(model, config_.region);
    if (config_.endpoint.signing_region.empty()) config_.endpoint.signing_region = config_.region;
    while (!config_.endpoint.url.empty() && config_.endpoint.url.back() == '/')
        config_.endpoint.url.pop_back();
    if (!config_.http) config_.http = http::default_http_client();
}

Result<AwsClient> AwsClient::create(std::string_view service, ClientConfig config) {
    auto model = protocol::ServiceModel::get(service);
    if (!model) return model.error();
    return AwsClient(**model, std::move(config));
}

bool AwsClient::is_idempotent(std::string_view operation) const {
    const Json* op = model_->find_operation(operation);
    if (!op) return false;
    const std::string method = op->at("http").value("method", "POST");
    if (method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE") return true;
    for (const std::string_view prefix : {"Get", "List", "Describe", "Head", "BatchGet"}) {
        if (operation.starts_with(prefix)) return true;
    }
    if (op->contains("input")) {
        const Json& shape = model_->resolve(op->at("input"));
        if (shape.contains("members")) {
            for (const auto& [name, ref] : shape.at("members").items()) {
                if (ref.value("idempotencyToken", false)) return true;
            }
        }
    }
    return false;
}

Result<ClientRequest> AwsClient::build(std::string_view operation, const Json& input) const {
    auto request = protocol::serialize_request(*model_, operation, input);
    if (!request) return request;
    const auto url = parse_url(config_.endpoint.url);
    if (!url) {
        return make_error("InvalidEndpoint", "endpoint '" + config_.endpoint.url +
                                                 "' is not a URL; set it like https://host[:port]");
    }
    std::string authority = url->authority;
    std::string path = request->path;
    if (!config_.endpoint.path_style && input.contains("Bucket") && input["Bucket"].is_string()) {
        const std::string bucket = input["Bucket"].get<std::string>();
        const std::string prefix = "/" + bucket;
        if (dns_compatible_bucket(bucket) && path.starts_with(prefix)) {
            authority = bucket + "." + authority;
            path = path.substr(prefix.size());
            if (path.empty()) path.push_back('/');
        }
    }
    request->endpoint = url->scheme + "://" + authority;
    request->path = url->path + path;
    set_header(request->headers, "User-Agent", config_.user_agent);
    return request;
}

Result<Json> AwsClient::call(std::string_view operation, const Json& input) const {
    if (!config_.credentials) {
        return make_error("NoCredentials",
                          "no AWS credentials configured for " + model_->service() +
                              "; set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
    }
    auto base = build(operation, input);
    if (!base) return base.error();
    const bool s3 = model_->signing_name() == "s3";
    auto attempt = [&]() -> Result<HttpResponse> {
        auto creds = config_.credentials->credentials();
        if (!creds) return creds.error();
        ClientRequest request = *base;
        sigv4::sign_request(request, *creds,
                            {.region = config_.endpoint.signing_region,
                             .service = model_->signing_name(),
                             .path_mode = s3 ? sigv4::PathMode::S3 : sigv4::PathMode::Normalize,
                             .add_content_sha256_header = s3});
        return config_.http->send(request, config_.request_options);
    };
    auto error_code_of = [&](const HttpResponse& r) { return protocol::parse_error(*model_, r).code; };
    auto response = http::send_with_retry(config_.retry, is_idempotent(operation), attempt, error_code_of);
    if (!response) return response.error();
    return protocol::parse_response(*model_, operation, *response);
}

Result<std::string> AwsClient::presign(std::string_view operation, const Json& input,
                                       std::chrono::seconds expires) const {
    if (!config_.credentials) return make_error("NoCredentials", "no AWS credentials configured");
    auto request = build(operation, input);
    if (!request) return request.error();
    auto creds = config_.credentials->credentials();
    if (!creds) return creds.error();
    remove_header(request->headers, "User-Agent");
    const bool s3 = model_->signing_name() == "s3";
    sigv4::presign_request(*request, *creds,
                           {.region = config_.endpoint.signing_region,
                            .service = model_->signing_name(),
                            .path_mode = s3 ? sigv4::PathMode::S3 : sigv4::PathMode::Normalize,
                            .payload_mode = sigv4::PayloadMode::Unsigned},
                           expires);
    return request->url();
}

} // namespace cdk::aws
