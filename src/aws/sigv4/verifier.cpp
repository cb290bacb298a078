#include "aws/sigv4/verifier.hpp"

#include "aws/sigv4/signer.hpp"
#include "core/hash.hpp"
#include "core/parse_int.hpp"
#include "core/strings.hpp"

#include <algorithm>
#include <optional>
#include <vector>

namespace cdk::aws::sigv4 {

namespace {

/// Whether `a` and `b` (same size) are equal, in a time that does not depend on where they differ.
bool equal_constant_time(std::string_view a, std::string_view b) {
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff = static_cast<unsigned char>(
            diff | (static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i])));
    }
    // Read through a volatile so the loop is not turned into an early-exit comparison.
    const volatile unsigned char result = diff;
    return result == 0;
}

Error incomplete(const std::string& what) {
    return make_error("IncompleteSignature", "authorization header " + what, 403);
}

Result<void> parse_credential(std::string_view credential, SignatureInfo& info) {
    const auto parts = strings::split(credential, "/");
    if (parts.size() != 5 || parts[4] != "aws4_request" || parts[0].empty()) {
        return make_error("IncompleteSignature",
                          "credential '" + std::string(credential) +
                              "' must look like ACCESSKEY/yyyymmdd/region/service/aws4_request",
                          403);
    }
    info.access_key_id = parts[0];
    info.date_stamp = parts[1];
    info.region = parts[2];
    info.service = parts[3];
    return ok();
}

std::vector<std::string> split_signed_headers(std::string_view text) {
    std::vector<std::string> names;
    for (auto& n : strings::split(text, ";")) {
        if (!n.empty()) names.push_back(strings::to_lower(n));
    }
    return names;
}

Result<SignatureInfo> parse_presigned(const ClientRequest& request) {
    SignatureInfo info;
    info.presigned = true;
    std::string algorithm;
    std::string credential;
    std::string signed_headers;
    std::string expires;
    for (const auto& p : parse_query(request.query)) {
        if (p.name == "X-Amz-Algorithm")
            algorithm = p.value;
        else if (p.name == "X-Amz-Credential")
            credential = p.value;
        else if (p.name == "X-Amz-Date")
            info.amz_date = p.value;
        else if (p.name == "X-Amz-Expires")
            expires = p.value;
        else if (p.name == "X-Amz-SignedHeaders")
            signed_headers = p.value;
        else if (p.name == "X-Amz-Signature")
            info.signature = p.value;
        else if (p.name == "X-Amz-Security-Token")
            info.security_token = p.value;
    }
    if (algorithm != kAlgorithm) {
        return make_error("AuthorizationQueryParametersError",
                          "X-Amz-Algorithm must be AWS4-HMAC-SHA256, got '" + algorithm + "'", 400);
    }
    if (info.signature.empty() || info.amz_date.empty() || signed_headers.empty() || expires.empty()) {
        return make_error(
            "AuthorizationQueryParametersError",
            "presigned URL needs X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders "
            "and X-Amz-Signature",
            400);
    }
    if (auto r = parse_credential(credential, info); !r) return r.error();
    info.signed_headers = split_signed_headers(signed_headers);
    const auto seconds = parse_int<std::int64_t>(expires);
    if (!seconds) {
        return make_error("AuthorizationQueryParametersError",
                          "X-Amz-Expires must be a number, got '" + expires + "'", 400);
    }
    info.expires = std::chrono::seconds(*seconds);
    return info;
}

} // namespace

std::string SignatureInfo::scope() const {
    return credential_scope(date_stamp, region, service);
}

Result<SignatureInfo> parse_authorization_header(std::string_view value) {
    value = strings::trim(value);
    if (!value.starts_with(kAlgorithm)) {
        return make_error("IncompleteSignature", "authorization header must start with AWS4-HMAC-SHA256",
                          403);
    }
    value.remove_prefix(kAlgorithm.size());
    SignatureInfo info;
    bool have_credential = false;
    bool have_headers = false;
    for (const auto& raw : strings::split(value, ",")) {
        const std::string_view part = strings::trim(raw);
        const auto eq = part.find('=');
        if (eq == std::string_view::npos) return incomplete("part '" + std::string(part) + "' has no '='");
        const std::string_view key = strings::trim(part.substr(0, eq));
        const std::string_view val = strings::trim(part.substr(eq + 1));
        if (key == "Credential") {
            if (auto r = parse_credential(val, info); !r) return r.error();
            have_credential = true;
        } else if (key == "SignedHeaders") {
            info.signed_headers = split_signed_headers(val);
            have_headers = true;
        } else if (key == "Signature") {
            info.signature = std::string(val);
        }
    }
    if (!have_credential) return incomplete("lacks Credential=");
    if (!have_headers) return incomplete("lacks SignedHeaders=");
    if (info.signature.empty()) return incomplete("lacks Signature=");
    return info;
}

Result<SignatureInfo> parse_signature(const ClientRequest& request) {
    if (const auto auth = find_header(request.headers, "authorization")) {
        auto info = parse_authorization_header(*auth);
        if (!info) return info;
        info->amz_date = find_header(request.headers, "x-amz-date").value_or("");
        if (info->amz_date.empty()) {
            return make_error("IncompleteSignature", "request is signed but has no X-Amz-Date header", 403);
        }
        info->security_token = find_header(request.headers, "x-amz-security-token").value_or("");
        return info;
    }
    if (request.query.find("X-Amz-Signature=") != std::string::npos ||
        request.query.find("X-Amz-Algorithm=") != std::string::npos) {
        return parse_presigned(request);
    }
    return make_error("MissingAuthenticationToken",
                      "request is not signed: no Authorization header and no "
                      "X-Amz-Signature query parameter",
                      403);
}

Result<void> verify_signature(const ClientRequest& request, const SignatureInfo& info,
                              std::string_view secret_access_key, PathMode path_mode,
                              std::string_view body_sha256, bool payload_literals) {
    const std::string body_hash =
        body_sha256.empty() ? hash::sha256_hex(request.body) : std::string(body_sha256);
    const auto declared = find_header(request.headers, "x-amz-content-sha256");
    // The body's own hash, except where S3 lets the client declare a literal (or a presigned URL has none).
    // Outside S3 the payload is always signed: the canonical request carries the body's own hash, so a
    // request signed with UNSIGNED-PAYLOAD (or a STREAMING- literal) does not match.
    std::string payload_hash = body_hash;
    if (declared && payload_literals) {
        payload_hash = *declared;
        const bool literal = payload_hash == kUnsignedPayload || payload_hash.starts_with("STREAMING-");
        if (!literal && payload_hash != body_hash) {
            return make_error("XAmzContentSHA256Mismatch",
                              "x-amz-content-sha256 '" + payload_hash + "' does not match the body's SHA-256",
                              400);
        }
    } else if (!declared && info.presigned) {
        payload_hash = std::string(kUnsignedPayload);
    }
    const auto creq = canonical_request({.method = request.method,
                                         .wire_path = request.path,
                                         .wire_query = request.query,
                                         .headers = &request.headers,
                                         .signed_headers = info.signed_headers,
                                         .payload_hash = payload_hash,
                                         .path_mode = path_mode,
                                         .exclude_query_param = info.presigned ? "X-Amz-Signature" : ""});
    const std::string sts = string_to_sign(info.amz_date, info.scope(), creq.text);
    const std::string expected =
        signature(signing_key(secret_access_key, info.date_stamp, info.region, info.service), sts);
    const bool same =
        expected.size() == info.signature.size() && equal_constant_time(expected, info.signature);
    if (!same) {
        return make_error(
            "SignatureDoesNotMatch",
            "the request signature we calculated does not match the signature you provided; check "
            "your secret access key and signing method. canonical request:\n" +
                creq.text + "\nstring to sign:\n" + sts,
            403);
    }
    return ok();
}

std::optional<std::pair<std::string, std::string>> parse_trailer_line(std::string_view line) {
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    return std::pair{strings::to_lower(strings::trim(line.substr(0, colon))),
                     std::string(strings::trim(line.substr(colon + 1)))};
}

namespace {

/// The trailer chunk of STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER: `name:value` lines up to an empty one,
/// one of them x-amz-trailer-signature, the HMAC of "AWS4-HMAC-SHA256-TRAILER", the date, the scope, the
/// final chunk's signature and the SHA-256 of the other trailers canonicalized as headers are
/// ("name:value\n", sorted by lower-case name).
template <typename NextLine>
Result<void> verify_trailer(NextLine& next_line, const std::string& key, const SignatureInfo& info,
                            const std::string& scope, const std::string& previous) {
    std::vector<std::pair<std::string, std::string>> trailers;
    std::string claimed;
    while (true) {
        const auto line = next_line();
        if (!line) return make_error("IncompleteBody", "malformed aws-chunked trailer", 400);
        if (line->empty()) break;
        auto trailer = parse_trailer_line(*line);
        if (!trailer || trailers.size() == kMaxTrailers) {
            return make_error("IncompleteBody", "malformed aws-chunked trailer", 400);
        }
        if (trailer->first == "x-amz-trailer-signature") {
            claimed = std::move(trailer->second);
        } else {
            trailers.push_back(std::move(*trailer));
        }
    }
    std::sort(trailers.begin(), trailers.end());
    std::string canonical;
    for (const auto& [name, value] : trailers)
        canonical += name + ":" + value + "\n";
    const std::string sts = "AWS4-HMAC-SHA256-TRAILER\n" + info.amz_date + "\n" + scope + "\n" + previous +
                            "\n" + hash::sha256_hex(canonical);
    const std::string expected = signature(key, sts);
    if (expected.size() != claimed.size() || !equal_constant_time(expected, claimed)) {
        return make_error("SignatureDoesNotMatch",
                          "the trailer signature we calculated does not match the signature you provided",
                          403);
    }
    return ok();
}

} // namespace

Result<void> verify_chunk_signatures(const ByteSource& read, const SignatureInfo& info,
                                     std::string_view secret_access_key, bool signed_trailer) {
    const std::string key = signing_key(secret_access_key, info.date_stamp, info.region, info.service);
    const std::string empty_hash = hash::sha256_hex("");
    const std::string scope = info.scope();
    std::string previous = info.signature;
    std::string buffer;
    std::size_t pos = 0;
    bool eof = false;
    char block[65536];
    const auto more = [&] {
        if (eof) return false;
        const std::size_t n = read(block, sizeof block);
        if (n == 0) {
            eof = true;
            return false;
        }
        buffer.erase(0, pos);
        pos = 0;
        buffer.append(block, n);
        return true;
    };
    const auto framing = [] { return make_error("IncompleteBody", "malformed aws-chunked body", 400); };
    const auto mismatch = [] {
        return make_error("SignatureDoesNotMatch",
                          "the chunk signature we calculated does not match the signature you provided", 403);
    };
    // The next CRLF-terminated line (at most 4 KiB), or nullopt for broken framing. Valid until more().
    const auto next_line = [&]() -> std::optional<std::string_view> {
        std::size_t eol = std::string::npos;
        while ((eol = buffer.find("\r\n", pos)) == std::string::npos) {
            if (buffer.size() - pos > 4096 || !more()) return std::nullopt;
        }
        const std::string_view line = std::string_view(buffer).substr(pos, eol - pos);
        pos = eol + 2;
        return line;
    };
    while (true) {
        const auto next = next_line();
        if (!next) return framing();
        const std::string_view line = *next;
        const std::size_t semi = line.find(';');
        if (semi == std::string_view::npos) return framing();
        const auto size = parse_int<std::uint64_t>(line.substr(0, semi), 16);
        constexpr std::string_view kTag = "chunk-signature=";
        const std::string_view ext = line.substr(semi + 1);
        if (!size || !ext.starts_with(kTag)) return framing();
        const std::string claimed(ext.substr(kTag.size()));
        hash::Sha256 chunk_hash;
        std::uint64_t left = *size;
        while (left > 0) {
            if (pos == buffer.size() && !more()) return framing();
            const std::size_t n =
                static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer.size() - pos));
            chunk_hash.update(std::string_view(buffer).substr(pos, n));
            pos += n;
            left -= n;
        }
        const std::string sts = "AWS4-HMAC-SHA256-PAYLOAD\n" + info.amz_date + "\n" + scope + "\n" +
                                previous + "\n" + empty_hash + "\n" + chunk_hash.hex();
        const std::string expected = signature(key, sts);
        if (expected.size() != claimed.size() || !equal_constant_time(expected, claimed)) return mismatch();
        previous = expected;
        if (*size == 0) {
            if (!signed_trailer) return ok();
            return verify_trailer(next_line, key, info, scope, previous);
        }
        while (buffer.size() - pos < 2) {
            if (!more()) return framing();
        }
        if (buffer.compare(pos, 2, "\r\n") != 0) return framing();
        pos += 2;
    }
}

bool is_expired(const SignatureInfo& info, std::chrono::system_clock::time_point now,
                std::chrono::seconds max_skew) {
    const auto signed_at = parse_amz_date(info.amz_date);
    if (!signed_at) return true;
    if (info.presigned) return now > *signed_at + info.expires || *signed_at > now + max_skew;
    return *signed_at + max_skew < now || *signed_at > now + max_skew;
}

} // namespace cdk::aws::sigv4
