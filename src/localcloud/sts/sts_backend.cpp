#include "localcloud/sts/sts_backend.hpp"

#include "core/strings.hpp"
#include "localcloud/auth/authenticator.hpp"
#include "localcloud/iam/iam_errors.hpp"
#include "localcloud/state/ids.hpp"

#include <regex>

namespace cdk::localcloud::sts {

Result<AssumedRole> StsBackend::assume_role(Tx& tx, const Caller& caller, const AssumeRoleRequest& request,
                                            const iam::Context& context,
                                            std::chrono::system_clock::time_point now) {
    static const std::regex kRoleArn(R"(^arn:aws[a-z-]*:iam::([0-9]{12}):role/(?:[^/]+/)*([\w+=,.@-]+)$)");
    static const std::regex kSessionName(R"(^[\w+=,.@-]{2,64}$)");
    std::smatch m;
    if (!std::regex_match(request.role_arn, m, kRoleArn)) {
        return iam::validation_error("RoleArn '" + request.role_arn +
                                     "' is not a role ARN "
                                     "(arn:aws:iam::<account>:role/<name>)");
    }
    if (!std::regex_match(request.session_name, kSessionName)) {
        return iam::validation_error(
            "1 validation error detected: Value '" + request.session_name +
            "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy "
            "regular expression pattern: [\\w+=,.@-]*");
    }
    if (caller.type == "root") {
        return iam::access_denied("Roles may not be assumed by root accounts.");
    }
    const std::string account = m[1];
    const std::string role_name = m[2];
    auto role = iam_.get(tx, iam::EntityKind::Role, account, role_name);
    const std::string denied_prefix = "User: " + caller.arn() +
                                      " is not authorized to perform: sts:AssumeRole on "
                                      "resource: " +
                                      request.role_arn;
    if (!role) {
        if (role.error().code == "NoSuchEntity") return iam::access_denied(denied_prefix);
        return role.error();
    }
    if ((*role)["Arn"] != request.role_arn) return iam::access_denied(denied_prefix);
    iam::Context ctx = context;
    iam::add_role_tag_context(ctx, *role);
    if (!request.external_id.empty()) ctx[iam::context_key("sts:ExternalId")] = {request.external_id};
    ctx[iam::context_key("sts:RoleSessionName")] = {request.session_name};
    auto allowed =
        iam_.authorize(tx, caller, "sts:AssumeRole", request.role_arn, account,
                       (*role)["AssumeRolePolicyDocument"], iam::ResourcePolicyMode::Required, ctx);
    if (!allowed) return allowed.error();

    const int max_duration = (*role).value("MaxSessionDuration", 3600);
    if (request.duration_seconds < 900) {
        return iam::validation_error(
            "1 validation error detected: Value '" + std::to_string(request.duration_seconds) +
            "' at 'durationSeconds' failed to satisfy constraint: Member must have value "
            "greater than or equal to 900");
    }
    if (caller.chain_depth >= 1 && request.duration_seconds > 3600) {
        return iam::validation_error(
            "The requested DurationSeconds exceeds the 1 hour session limit for roles "
            "assumed by role chaining.");
    }
    if (request.duration_seconds > max_duration) {
        return iam::validation_error(
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }

    AssumedRole out;
    out.access_key_id = random_id("ASIA", 20);
    out.secret_access_key = random_secret();
    out.session_token = "LCST" + strings::to_hex(random_bytes(48));
    const auto expires = now + std::chrono::seconds(request.duration_seconds);
    out.expiration = iso8601(expires);
    out.assumed_role_id = (*role)["RoleId"].get<std::string>() + ":" + request.session_name;
    out.arn = "arn:aws:sts::" + account + ":assumed-role/" + role_name + "/" + request.session_name;
    const Json record{{"AccessKeyId", out.access_key_id},
                      {"SecretAccessKey", out.secret_access_key},
                      {"SessionToken", out.session_token},
                      {"Expiration", epoch_seconds(expires)},
                      {"Account", account},
                      {"Type", "session"},
                      {"Arn", out.arn},
                      {"RoleArn", request.role_arn},
                      {"RoleName", role_name},
                      {"SessionName", request.session_name},
                      {"UserId", out.assumed_role_id},
                      {"ChainDepth", caller.chain_depth + 1},
                      {"SourceArn", caller.arn()},
                      {"Status", "Active"}};
    if (auto r = iam_.put_access_key(tx, out.access_key_id, record); !r) return r.error();
    return out;
}

Result<ServiceSession> StsBackend::assume_role_as_service(Tx& tx, const std::string& service,
                                                          const std::string& account,
                                                          const AssumeRoleRequest& request,
                                                          const iam::Context& context,
                                                          std::chrono::system_clock::time_point now) {
    Caller principal;
    principal.type = "service";
    principal.principal.service = service;
    principal.principal.account = account;
    principal.principal.arn = service;
    auto assumed = assume_role(tx, principal, request, context, now);
    if (!assumed) return assumed.error();
    auto record = iam_.find_access_key(tx, assumed->access_key_id);
    if (!record) return record.error();
    if (!*record)
        return iam::access_denied("the session of " + request.role_arn + " vanished as it was issued");
    return ServiceSession{std::move(*assumed), caller_from_key(**record)};
}

} // namespace cdk::localcloud::sts
