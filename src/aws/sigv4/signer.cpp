#include "aws/sigv4/signer.hpp"

#include "core/hash.hpp"
#include "core/strings.hpp"

#include <ctime>

namespace cdk::aws::sigv4 {

namespace {

std::tm to_utc(std::chrono::system_clock::time_point time) {
    const std::time_t t = std::chrono::system_clock::to_time_t(time);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return tm;
}

std::string format_time(std::chrono::system_clock::time_point time, const char* pattern) {
    const std::tm tm = to_utc(time);
    char buf[32];
    const size_t n = std::strftime(buf, sizeof buf, pattern, &tm);
    return std::string(buf, n);
}

void ensure_host(ClientRequest& request) {
    if (find_header(request.headers, "host")) return;
    if (const auto url = parse_url(request.endpoint)) {
        const bool default_port = url->port == 0 || (url->scheme == "https" && url->port == 443) ||
                                  (url->scheme == "http" && url->port == 80);
        request.headers.push_back({"Host", default_port ? url->host : url->authority});
    }
}

std::vector<std::string> signable_header_names(const Headers& headers) {
    std::vector<std::string> names;
    for (const auto& h : headers) {
        std::string name = strings::to_lower(strings::trim(h.name));
        if (is_unsigned_header(name)) continue;
        names.push_back(std::move(name));
    }
    return names;
}

} // namespace

std::string format_amz_date(std::chrono::system_clock::time_point time) {
    return format_time(time, "%Y%m%dT%H%M%SZ");
}

std::string format_date_stamp(std::chrono::system_clock::time_point time) {
    return format_time(time, "%Y%m%d");
}

std::optional<std::chrono::system_clock::time_point> parse_amz_date(std::string_view text) {
    if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
    int v[6] = {};
    const int offsets[6] = {0, 4, 6, 9, 11, 13};
    const int widths[6] = {4, 2, 2, 2, 2, 2};
    for (int i = 0; i < 6; ++i) {
        for (int j = 0; j < widths[i]; ++j) {
            const char c = text[static_cast<size_t>(offsets[i]) + static_cast<size_t>(j)];
            if (c < '0' || c > '9') return std::nullopt;
            v[i] = v[i] * 10 + (c - '0');
        }
    }
    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 60)
        return std::nullopt;
    std::tm tm{};
    tm.tm_year = v[0] - 1900;
    tm.tm_mon = v[1] - 1;
    tm.tm_mday = v[2];
    tm.tm_hour = v[3];
    tm.tm_min = v[4];
    tm.tm_sec = v[5];
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string credential_scope(std::string_view date_stamp, std::string_view region, std::string_view service) {
    return std::string(date_stamp) + "/" + std::string(region) + "/" + std::string(service) + "/aws4_request";
}

std::string string_to_sign(std::string_view amz_date, std::string_view scope,
                           std::string_view canonical_request_text) {
    return std::string(kAlgorithm) + "\n" + std::string(amz_date) + "\n" + std::string(scope) + "\n" +
           hash::sha256_hex(canonical_request_text);
}

std::string signing_key(std::string_view secret_access_key, std::string_view date_stamp,
                        std::string_view region, std::string_view service) {
    const std::string k_date = hash::hmac_sha256("AWS4" + std::string(secret_access_key), date_stamp);
    const std::string k_region = hash::hmac_sha256(k_date, region);
    const std::string k_service = hash::hmac_sha256(k_region, service);
    return hash::hmac_sha256(k_service, "aws4_request");
}

std::string signature(std::string_view signing_key_bytes, std::string_view string_to_sign_text) {
    return strings::to_hex(hash::hmac_sha256(signing_key_bytes, string_to_sign_text));
}

bool is_unsigned_header(std::string_view lower_name) {
    return lower_name == "authorization" || lower_name == "user-agent" || lower_name == "expect" ||
           lower_name == "x-amzn-trace-id" || lower_name == "connection" || lower_name == "transfer-encoding";
}

SigningResult sign_request(ClientRequest& request, const Credentials& credentials,
                           const SigningParams& params) {
    const std::string amz_date = format_amz_date(params.time);
    const std::string date_stamp = format_date_stamp(params.time);
    remove_header(request.headers, "authorization");
    set_header(request.headers, "X-Amz-Date", amz_date);
    ensure_host(request);
    if (!credentials.session_token.empty()) {
        set_header(request.headers, "X-Amz-Security-Token", credentials.session_token);
    }
    std::string payload_hash;
    if (const auto existing = find_header(request.headers, "x-amz-content-sha256")) {
        payload_hash = *existing;
    } else {
        payload_hash = params.payload_mode == PayloadMode::Unsigned ? std::string(kUnsignedPayload)
                                                                    : hash::sha256_hex(request.body);
        if (params.add_content_sha256_header)
            set_header(request.headers, "x-amz-content-sha256", payload_hash);
    }
    const auto creq = canonical_request({.method = request.method,
                                         .wire_path = request.path,
                                         .wire_query = request.query,
                                         .headers = &request.headers,
                                         .signed_headers = signable_header_names(request.headers),
                                         .payload_hash = payload_hash,
                                         .path_mode = params.path_mode});
    const std::string scope = credential_scope(date_stamp, params.region, params.service);
    SigningResult out;
    out.canonical_request = creq.text;
    out.string_to_sign = string_to_sign(amz_date, scope, creq.text);
    out.signature =
        signature(signing_key(credentials.secret_access_key, date_stamp, params.region, params.service),
                  out.string_to_sign);
    out.authorization = std::string(kAlgorithm) + " Credential=" + credentials.access_key_id + "/" + scope +
                        ", SignedHeaders=" + creq.signed_headers + ", Signature=" + out.signature;
    request.headers.push_back({"Authorization", out.authorization});
    return out;
}

SigningResult presign_request(ClientRequest& request, const Credentials& credentials,
                              const SigningParams& params, std::chrono::seconds expires) {
    const std::string amz_date = format_amz_date(params.time);
    const std::string date_stamp = format_date_stamp(params.time);
    ensure_host(request);
    const std::string scope = credential_scope(date_stamp, params.region, params.service);
    request.add_query("X-Amz-Algorithm", kAlgorithm);
    request.add_query("X-Amz-Credential", credentials.access_key_id + "/" + scope);
    request.add_query("X-Amz-Date", amz_date);
    request.add_query("X-Amz-Expires", std::to_string(expires.count()));
    request.add_query("X-Amz-SignedHeaders", "host");
    if (!credentials.session_token.empty())
        request.add_query("X-Amz-Security-Token", credentials.session_token);
    const std::string payload_hash = params.payload_mode == PayloadMode::Unsigned
                                         ? std::string(kUnsignedPayload)
                                         : hash::sha256_hex(request.body);
    const auto creq = canonical_request({.method = request.method,
                                         .wire_path = request.path,
                                         .wire_query = request.query,
                                         .headers = &request.headers,
                                         .signed_headers = {"host"},
                                         .payload_hash = payload_hash,
                                         .path_mode = params.path_mode});
    SigningResult out;
    out.canonical_request = creq.text;
    out.string_to_sign = string_to_sign(amz_date, scope, creq.text);
    out.signature =
        signature(signing_key(credentials.secret_access_key, date_stamp, params.region, params.service),
                  out.string_to_sign);
    request.add_query("X-Amz-Signature", out.signature);
    return out;
}

} // namespace cdk::aws::sigv4
