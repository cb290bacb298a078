#include "localcloud/auth/authenticator.hpp"

#include "aws/sigv4/signer.hpp"
#include "core/strings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace cdk::localcloud {

aws::ClientRequest to_sigv4_request(const ServerRequest& request) {
    aws::ClientRequest out;
    out.method = request.method;
    out.path = request.path;
    out.query = request.query;
    for (const auto& [k, v] : request.headers)
        out.headers.push_back({k, v});
    if (request.body_file.empty()) out.body = request.body;
    return out;
}

Caller caller_from_key(const Json& record) {
    Caller c;
    c.access_key_id = record.value("AccessKeyId", "");
    c.type = record.value("Type", "user");
    c.principal.account = record.value("Account", "");
    c.principal.arn = record.value("Arn", "");
    c.principal.role_arn = record.value("RoleArn", "");
    c.principal.is_root = c.type == "root";
    c.user_id = record.value("UserId", "");
    c.user_name = record.value("UserName", "");
    c.role_name = record.value("RoleName", "");
    c.session_name = record.value("SessionName", "");
    c.session_token = record.value("SessionToken", "");
    c.chain_depth = record.value("ChainDepth", 0);
    return c;
}

namespace {

constexpr std::int64_t kMaxPresignedSeconds = 7 * 24 * 3600;

/// Checks the aws-chunked body's chunk signatures, reading it from memory or its spool file.
Result<void> check_chunks(const ServerRequest& request, const aws::sigv4::SignatureInfo& info,
                          std::string_view secret, bool signed_trailer) {
    std::FILE* file = nullptr;
    if (!request.body_file.empty()) {
        file = std::fopen(request.body_file.c_str(), "rb");
        if (file == nullptr)
            return make_error("InternalError", "the request body's spool file is missing", 500);
    }
    std::size_t pos = 0;
    auto read = [&](char* out, std::size_t max) -> std::size_t {
        if (file != nullptr) return std::fread(out, 1, max, file);
        const std::size_t n = std::min(max, request.body.size() - pos);
        std::memcpy(out, request.body.data() + pos, n);
        pos += n;
        return n;
    };
    auto result = aws::sigv4::verify_chunk_signatures(read, info, secret, signed_trailer);
    if (file != nullptr) std::fclose(file);
    return result;
}

} // namespace

Result<void> check_signature_shape(const ServerRequest& request, const aws::sigv4::SignatureInfo& info,
                                   Protocol protocol, std::string_view service) {
    const bool s3 = protocol == Protocol::RestXml;
    const auto malformed = [&](const std::string& what) {
        if (info.presigned) {
            return make_error("AuthorizationQueryParametersError",
                              "Error parsing the X-Amz-Credential parameter; " + what, 400);
        }
        return make_error("AuthorizationHeaderMalformed", "The authorization header is malformed; " + what,
                          400);
    };
    if (info.amz_date.substr(0, 8) != info.date_stamp) {
        if (s3) {
            if (info.presigned) {
                return make_error("AuthorizationQueryParametersError",
                                  "Invalid credential date. Date is not the same as X-Amz-Date.", 400);
            }
            return malformed("Invalid credential date. Date is not the same as X-Amz-Date.");
        }
        return auth_error(
            protocol, AuthFailure::BadSignature,
            fmt::format("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
                        "from HTTP: '{}' != '{}', from '{}'.",
                        info.date_stamp, info.amz_date.substr(0, 8), info.amz_date));
    }
    if (info.service != service) {
        if (s3)
            return malformed(fmt::format("incorrect service \"{}\". This endpoint belongs to \"{}\".",
                                         info.service, service));
        return auth_error(protocol, AuthFailure::BadSignature,
                          fmt::format("Credential should be scoped to correct service: '{}'. ", service));
    }
    if (info.presigned && (info.expires.count() < 0 || info.expires.count() > kMaxPresignedSeconds)) {
        return make_error(
            "AuthorizationQueryParametersError",
            info.expires.count() < 0
                ? "X-Amz-Expires must be non-negative"
                : "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires "
                  "must be less than 604800 seconds",
            400);
    }
    if (s3) {
        std::vector<std::string> unsigned_headers;
        for (const auto& [name, value] : request.headers) {
            if (!name.starts_with("x-amz-")) continue;
            if (std::find(info.signed_headers.begin(), info.signed_headers.end(), name) !=
                info.signed_headers.end()) {
                continue;
            }
            if (std::find(unsigned_headers.begin(), unsigned_headers.end(), name) == unsigned_headers.end()) {
                unsigned_headers.push_back(name);
            }
        }
        if (!unsigned_headers.empty()) {
            return make_error("AccessDenied",
                              "There were headers present in the request which were not signed: " +
                                  strings::join(unsigned_headers, ", "),
                              403);
        }
    }
    return ok();
}

Result<Caller> authenticate(Tx& tx, iam::IamBackend& iam, const ServerRequest& request,
                            const aws::sigv4::SignatureInfo& info, Protocol protocol,
                            std::string_view service, std::chrono::system_clock::time_point now,
                            AuthStage stage) {
    const bool s3 = protocol == Protocol::RestXml;
    if (auto shape = check_signature_shape(request, info, protocol, service); !shape) return shape.error();
    auto record = iam.find_access_key(tx, info.access_key_id);
    if (!record) return record.error();
    if (!record->has_value() || (**record).value("Status", "Active") != "Active") {
        return auth_error(protocol, AuthFailure::UnknownKey,
                          s3 ? "The AWS Access Key Id you provided does not exist in our records."
                             : "The security token included in the request is invalid.");
    }
    const Json& key = **record;
    const std::string token = key.value("SessionToken", "");
    if (!token.empty()) {
        if (info.security_token != token) {
            return auth_error(protocol, AuthFailure::InvalidToken,
                              s3 ? "The provided token is malformed or otherwise invalid."
                                 : "The security token included in the request is invalid.");
        }
        if (key.value("Expiration", 0LL) <=
            std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count()) {
            return auth_error(protocol, AuthFailure::ExpiredToken,
                              s3 ? "The provided token has expired."
                                 : "The security token included in the request is expired");
        }
    }
    if (aws::sigv4::is_expired(info, now)) {
        if (info.presigned && s3) return make_error("AccessDenied", "Request has expired", 403);
        return auth_error(
            protocol, AuthFailure::Skewed,
            s3 ? "The difference between the request time and the current time is too large."
               : "Signature expired: " + info.amz_date +
                     " is now earlier than the allowed window (15 minutes around the server time)");
    }
    const auto mode = s3 ? aws::sigv4::PathMode::S3 : aws::sigv4::PathMode::Normalize;
    const std::string declared = request.header("x-amz-content-sha256");
    // Before the body is read, the declared hash stands for it; the full check after the body compares them.
    const std::string body_hash =
        stage == AuthStage::Head && s3 && !declared.empty() ? declared : request.body_sha256;
    const std::string secret = key.value("SecretAccessKey", "");
    auto verified =
        aws::sigv4::verify_signature(to_sigv4_request(request), info, secret, mode, body_hash, s3);
    if (!verified) {
        if (verified.error().code == "SignatureDoesNotMatch") {
            return auth_error(
                protocol, AuthFailure::BadSignature,
                "The request signature we calculated does not match the signature you provided. "
                "Check your AWS Secret Access Key and signing method. Consult the service "
                "documentation for details.");
        }
        return verified.error();
    }
    if (s3 && stage == AuthStage::Full && declared.starts_with("STREAMING-AWS4-HMAC-SHA256-PAYLOAD")) {
        const bool signed_trailer = declared == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
        if (auto chunks = check_chunks(request, info, secret, signed_trailer); !chunks) {
            if (chunks.error().code != "SignatureDoesNotMatch") return chunks.error();
            return auth_error(
                protocol, AuthFailure::BadSignature,
                "The request signature we calculated does not match the signature you provided. "
                "Check your AWS Secret Access Key and signing method. Consult the service "
                "documentation for details.");
        }
    }
    return caller_from_key(key);
}

} // namespace cdk::localcloud
