#include "toolkit/deploy/target_access.hpp"

#include "aws/ssm/ssm_client.hpp"
#include "core/parse_int.hpp"

#include <chrono>
#include <set>

namespace cdk::toolkit::deploy {

std::string qualifier_of_parameter(const std::string& name) {
    const std::string prefix = "/cdk-bootstrap/";
    const std::string suffix = "/version";
    if (name.rfind(prefix, 0) != 0 || name.size() <= prefix.size() + suffix.size()) return "";
    if (name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) return "";
    return name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
}

std::string bootstrap_command(const ResolvedEnvironment& env, const std::string& qualifier,
                              const std::string& trusted_account) {
    std::string cmd = "cdkpp bootstrap " + env.to_string();
    if (!qualifier.empty() && qualifier != "hnb659fds") {
        cmd += " --qualifier " + qualifier + " --toolkit-stack-name CDKToolkit-" + qualifier;
    }
    if (!trusted_account.empty() && trusted_account != env.account) {
        cmd += " --trust " + trusted_account + " --cloudformation-execution-policies arn:" + env.partition +
               ":iam::aws:policy/AdministratorAccess";
    }
    return cmd;
}

Result<TargetAccess> access_target(SessionPool& sessions, const ResolvedEnvironment& env,
                                   const RoleRequest& request) {
    auto base = sessions.for_region(env.region);
    if (!base) return base.error();
    if (!request.role_arn) return TargetAccess{*base, "", false};
    const std::string role = substitute_placeholders(*request.role_arn, env);
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    aws::auth::Session assumed =
        base->assume_role({.role_arn = role, .session_name = "aws-cdk-cdkpp-" + std::to_string(millis)});
    auto creds = assumed.credentials()->credentials();
    if (creds) return TargetAccess{assumed, role, false};

    Error error = explain_credentials_error(creds.error());
    if (error.code == "ExpiredCredentials") return error;
    auto caller = sessions.caller_account();
    if (!caller) return caller.error();
    if (*caller == env.account) return TargetAccess{*base, "", true};
    return make_error("TargetNotTrusted",
                      "cannot assume the " + request.purpose + " role " + role + " from account " + *caller +
                          " (" + error.code + "): account " + env.account + " does not trust " + *caller +
                          ": re-bootstrap it with --trust " + *caller +
                          " (or, if it is not bootstrapped with qualifier " + request.qualifier +
                          ", bootstrap it): " + bootstrap_command(env, request.qualifier, *caller));
}

Result<int> check_bootstrap_version(const aws::auth::Session& session, const ResolvedEnvironment& env,
                                    const std::string& parameter_name, int required,
                                    const std::string& caller_account) {
    auto ssm = aws::ssm::SsmClient::create(session);
    if (!ssm) return ssm.error();
    const std::string qualifier = qualifier_of_parameter(parameter_name);
    auto parameter = ssm->get_parameter(parameter_name);
    if (!parameter) return explain_credentials_error(parameter.error());
    if (!*parameter) {
        std::set<std::string> others;
        if (auto all = ssm->get_parameters_by_path("/cdk-bootstrap/")) {
            for (const auto& p : *all) {
                const std::string q = qualifier_of_parameter(p.name);
                if (!q.empty() && q != qualifier) others.insert(q);
            }
        }
        if (!others.empty()) {
            std::string list;
            for (const auto& q : others)
                list += (list.empty() ? "" : ", ") + q;
            return make_error("QualifierMismatch",
                              "environment " + env.to_string() + " is bootstrapped with qualifier " + list +
                                  ", but the app uses qualifier " + qualifier + " (SSM parameter " +
                                  parameter_name +
                                  " not found): set \"@aws-cdk/core:bootstrapQualifier\": \"" +
                                  *others.begin() + "\" in cdk.json, or bootstrap for the app's qualifier: " +
                                  bootstrap_command(env, qualifier, caller_account));
        }
        return make_error("NotBootstrapped", "environment " + env.to_string() +
                                                 " is not bootstrapped (SSM parameter " + parameter_name +
                                                 " not found): run " +
                                                 bootstrap_command(env, qualifier, caller_account));
    }
    const auto parsed = parse_int<int>((*parameter)->value);
    if (!parsed) {
        return make_error("BootstrapVersionUnreadable", "SSM parameter " + parameter_name + " holds '" +
                                                            (*parameter)->value + "', not a version number");
    }
    const int version = *parsed;
    if (version < required) {
        return make_error("BootstrapTooOld", "environment " + env.to_string() +
                                                 " is bootstrapped at version " + std::to_string(version) +
                                                 ", but this app requires version " +
                                                 std::to_string(required) + " or later: run " +
                                                 bootstrap_command(env, qualifier, caller_account));
    }
    return version;
}

} // namespace cdk::toolkit::deploy
