#include "localcloud/server/service_calls.hpp"

#include "aws/protocol/codec.hpp"
#include "core/json_reader.hpp"
#include "core/strings.hpp"
#include "localcloud/state/ids.hpp"

#include <fstream>

namespace cdk::localcloud {

namespace {

/// Percent-encodes an S3 key for a request path (every byte but unreserved ones and '/').
std::string encode_key(const std::string& key) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : key) {
        if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

Error service_missing(const std::string& name) {
    return make_error("ServiceUnavailable", "localcloud does not serve " + name, 503);
}

} // namespace

Result<ServerResponse> ServiceCalls::send(Service& service, ServerRequest& http) {
    const auto now = std::chrono::system_clock::now();
    RequestContext ctx{http, random_uuid(), region_, caller_, now, {}, {}};
    // The global keys the dispatcher sets for a request from a build on loopback.
    ctx.condition_context[iam::context_key("aws:CurrentTime")] = {iso8601(now)};
    ctx.condition_context[iam::context_key("aws:EpochTime")] = {std::to_string(epoch_seconds(now))};
    ctx.condition_context[iam::context_key("aws:SecureTransport")] = {service.name() == "s3" ? "true"
                                                                                             : "false"};
    ctx.condition_context[iam::context_key("aws:SourceIp")] = {"127.0.0.1"};
    ctx.condition_context[iam::context_key("aws:RequestedRegion")] = {region_};
    ctx.condition_context[iam::context_key("aws:userid")] = {caller_.user_id};
    for (const auto& [k, v] : extra_context_)
        ctx.condition_context[k] = v;
    return service.handle(ctx);
}

Result<Json> ServiceCalls::json_call(const std::string& name, const std::string& target, const Json& input) {
    Service* service = services_.find(name);
    if (service == nullptr) return service_missing(name);
    ServerRequest http;
    http.method = "POST";
    http.path = "/";
    http.target = "/";
    http.headers.emplace_back("x-amz-target", target);
    http.headers.emplace_back("content-type", "application/x-amz-json-1.1");
    http.headers.emplace_back("host", name + "." + region_ + ".amazonaws.com");
    http.body = input.dump();
    http.body_size = http.body.size();
    auto response = send(*service, http);
    if (!response) return response.error();
    if (response->status >= 300) {
        return make_error("ServiceError", name + " answered HTTP " + std::to_string(response->status), 500);
    }
    auto body = json::parse(response->body);
    if (!body) return make_error("ServiceError", name + " answered a body that is not JSON", 500);
    return std::move(*body);
}

Result<Json> ServiceCalls::call(const std::string& name, const std::string& operation, const Json& input) {
    auto model = aws::protocol::ServiceModel::get(name);
    if (!model) return model.error();
    const std::string signing = (**model).signing_name();
    Service* service = services_.find(signing);
    if (service == nullptr) return service_missing(signing);
    auto wire = aws::protocol::serialize_request(**model, operation, input);
    if (!wire) return wire.error();
    ServerRequest http;
    http.method = wire->method;
    http.path = wire->path;
    http.query = wire->query;
    http.target = wire->query.empty() ? wire->path : wire->path + "?" + wire->query;
    for (const auto& h : wire->headers)
        http.headers.emplace_back(strings::to_lower(h.name), h.value);
    http.headers.emplace_back("host", signing + "." + region_ + ".amazonaws.com");
    http.body = wire->body;
    http.body_size = http.body.size();
    auto response = send(*service, http);
    if (!response) return response.error();
    aws::HttpResponse r;
    r.status = response->status;
    for (const auto& [k, v] : response->headers)
        r.headers.push_back(aws::Header{k, v});
    r.body = response->body;
    return aws::protocol::parse_response(**model, operation, r);
}

Result<void> ServiceCalls::s3_get(const std::string& bucket, const std::string& key,
                                  const std::filesystem::path& to) {
    Service* s3 = services_.find("s3");
    if (s3 == nullptr) return service_missing("s3");
    ServerRequest http;
    http.method = "GET";
    http.path = "/" + bucket + "/" + encode_key(key);
    http.target = http.path;
    http.headers.emplace_back("host", "s3.amazonaws.com");
    auto response = send(*s3, http);
    if (!response) return response.error();
    if (response->status != 200) {
        return make_error("ServiceError", "S3 GetObject answered HTTP " + std::to_string(response->status),
                          500);
    }
    std::ofstream out(to, std::ios::binary | std::ios::trunc);
    if (response->body_file.empty() && response->open_file == nullptr) {
        out.write(response->body.data(), static_cast<std::streamsize>(response->body.size()));
    } else {
        char buf[65536];
        std::uint64_t done = 0;
        while (done < response->file_length) {
            const long n = response->open_file == nullptr
                               ? -1
                               : response->open_file->read_at(
                                     buf, std::min<std::uint64_t>(sizeof buf, response->file_length - done),
                                     response->file_offset + done);
            if (n <= 0)
                return make_error("ServiceError",
                                  "the object s3://" + bucket + "/" + key + " could not be read", 500);
            out.write(buf, n);
            done += static_cast<std::uint64_t>(n);
        }
    }
    out.close();
    if (!out) return make_error("InternalFailure", "cannot write " + to.string(), 500);
    return ok();
}

Result<void> ServiceCalls::s3_put(const std::string& bucket, const std::string& key,
                                  const std::filesystem::path& from, const std::string& content_type,
                                  const std::vector<std::pair<std::string, std::string>>& headers) {
    Service* s3 = services_.find("s3");
    if (s3 == nullptr) return service_missing("s3");
    std::error_code ec;
    const auto size = std::filesystem::file_size(from, ec);
    if (ec) return make_error("InternalFailure", "cannot read " + from.string() + ": " + ec.message(), 500);
    ServerRequest http;
    http.method = "PUT";
    http.path = "/" + bucket + "/" + encode_key(key);
    http.target = http.path;
    http.headers.emplace_back("host", "s3.amazonaws.com");
    http.headers.emplace_back("content-type", content_type);
    http.headers.emplace_back("content-length", std::to_string(size));
    for (const auto& [name, value] : headers)
        http.headers.emplace_back(name, value);
    http.body_file = from;
    http.body_size = size;
    auto response = send(*s3, http);
    if (!response) return response.error();
    if (response->status != 200) {
        return make_error("ServiceError", "S3 PutObject answered HTTP " + std::to_string(response->status),
                          500);
    }
    return ok();
}

} // namespace cdk::localcloud
