#include "localcloud/sts/role_sessions.hpp"

#include "core/strings.hpp"
#include "localcloud/state/ids.hpp"
#include "localcloud/sts/sts_backend.hpp"

namespace cdk::localcloud::sts {

namespace {

constexpr int kSessionSeconds = 3600;
constexpr auto kRefreshBefore = std::chrono::minutes(15);

ServerResponse json_response(int status, const Json& body) {
    ServerResponse r;
    r.status = status;
    r.body = body.dump();
    r.set_header("Content-Type", "application/json");
    return r;
}

} // namespace

Result<RoleSession> RoleSessions::assume(const std::string& account, const std::string& role_arn,
                                         const std::string& session_name) {
    const auto now = std::chrono::system_clock::now();
    return cloud_.store.write<RoleSession>([&](Tx& tx) -> Result<RoleSession> {
        StsBackend sts(cloud_.iam);
        AssumeRoleRequest request;
        request.role_arn = role_arn;
        request.session_name = session_name;
        request.duration_seconds = kSessionSeconds;
        iam::Context context;
        context[iam::context_key("aws:CurrentTime")] = {iso8601(now)};
        context[iam::context_key("aws:SourceAccount")] = {account};
        auto session = sts.assume_role_as_service(tx, service_principal_, account, request, context, now);
        if (!session) return session.error();
        RoleSession out;
        out.account = account;
        out.role_arn = role_arn;
        out.session_name = session_name;
        out.access_key_id = session->credentials.access_key_id;
        out.secret_access_key = session->credentials.secret_access_key;
        out.session_token = session->credentials.session_token;
        out.expiration = session->credentials.expiration;
        out.expires = now + std::chrono::seconds(kSessionSeconds);
        out.caller = session->caller;
        return out;
    });
}

Result<std::string> RoleSessions::open(const std::string& account, const std::string& role_arn,
                                       const std::string& session_name) {
    auto session = assume(account, role_arn, session_name);
    if (!session) return session.error();
    const std::string token = strings::to_hex(random_bytes(32));
    std::lock_guard lock(mutex_);
    sessions_[token] = std::move(*session);
    return token;
}

Result<RoleSession> RoleSessions::session(const std::string& key, const std::string& account,
                                          const std::string& role_arn, const std::string& session_name) {
    {
        std::lock_guard lock(mutex_);
        auto it = sessions_.find(key);
        if (it != sessions_.end() && it->second.role_arn == role_arn && it->second.account == account &&
            it->second.expires - std::chrono::system_clock::now() > kRefreshBefore) {
            return it->second;
        }
    }
    auto fresh = assume(account, role_arn, session_name);
    if (!fresh) return fresh.error();
    std::lock_guard lock(mutex_);
    sessions_[key] = *fresh;
    return fresh;
}

Result<RoleSession> RoleSessions::current(const std::string& token) {
    std::unique_lock lock(mutex_);
    auto it = sessions_.find(token);
    if (it == sessions_.end()) return make_error("AccessDenied", "unknown or expired credentials token", 403);
    if (it->second.expires - std::chrono::system_clock::now() > kRefreshBefore) return it->second;
    const RoleSession old = it->second;
    lock.unlock();
    auto fresh = assume(old.account, old.role_arn, old.session_name);
    if (!fresh) return fresh.error();
    lock.lock();
    it = sessions_.find(token);
    if (it == sessions_.end()) return make_error("AccessDenied", "the session has been closed", 403);
    it->second = std::move(*fresh);
    return it->second;
}

Result<Caller> RoleSessions::caller(const std::string& token) {
    auto s = current(token);
    if (!s) return s.error();
    return s->caller;
}

void RoleSessions::close(const std::string& token) {
    std::lock_guard lock(mutex_);
    sessions_.erase(token);
}

ServerResponse RoleSessions::handle(const ServerRequest& request) {
    if (request.method != "GET") return json_response(405, {{"message", "use GET"}});
    const std::string token = request.header("authorization");
    if (token.empty()) return json_response(401, {{"message", "Authorization token missing"}});
    auto s = current(token);
    if (!s) return json_response(s.error().http_status, {{"message", s.error().message}});
    return json_response(200, {{"AccessKeyId", s->access_key_id},
                               {"SecretAccessKey", s->secret_access_key},
                               {"Token", s->session_token},
                               {"Expiration", s->expiration},
                               {"RoleArn", s->role_arn}});
}

} // namespace cdk::localcloud::sts
