#include "localcloud/auth/authenticator.hpp"

#include "aws/sigv4/signer.hpp"

namespace cdk::localcloud {

aws::HttpRequest to_sigv4_request(const HttpRequest& request) {
    aws::HttpRequest out;
    out.method = request.method;
    out.path = request.path;
    out.query = request.query;
    for (const auto& [k, v] : request.headers) out.headers.push_back({k, v});
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

Result<Caller> authenticate(Tx& tx, iam::IamBackend& iam, const HttpRequest& request,
                            const aws::sigv4::SignatureInfo& info, Protocol protocol,
                            std::chrono::system_clock::time_point now) {
    const bool s3 = protocol == Protocol::RestXml;
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
        if (key.value("Expiration", 0LL) <= std::chrono::duration_cast<std::chrono::seconds>(
                                                 now.time_since_epoch()).count()) {
            return auth_error(protocol, AuthFailure::ExpiredToken,
                              s3 ? "The provided token has expired."
                                 : "The security token included in the request is expired");
        }
    }
    if (aws::sigv4::is_expired(info, now)) {
        if (info.presigned && s3) return make_error("AccessDenied", "Request has expired", 403);
        return auth_error(protocol, AuthFailure::Skewed,
                          s3 ? "The difference between the request time and the current time is too large."
                             : "Signature expired: " + info.amz_date +
                                   " is now earlier than the allowed window (15 minutes around the server time)");
    }
    const auto mode = s3 ? aws::sigv4::PathMode::S3 : aws::sigv4::PathMode::Normalize;
    auto verified = aws::sigv4::verify_signature(to_sigv4_request(request), info, key.value("SecretAccessKey", ""),
                                                 mode, request.body_sha256);
    if (!verified) {
        if (verified.error().code == "SignatureDoesNotMatch") {
            return auth_error(protocol, AuthFailure::BadSignature,
                              "The request signature we calculated does not match the signature you provided. "
                              "Check your AWS Secret Access Key and signing method. Consult the service "
                              "documentation for details.");
        }
        return verified.error();
    }
    return caller_from_key(key);
}

} // namespace cdk::localcloud
