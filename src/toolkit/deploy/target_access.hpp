#pragma once

#include "aws/auth/session.hpp"
#include "core/result.hpp"
#include "toolkit/environments.hpp"

#include <optional>
#include <string>

namespace cdk::toolkit::deploy {

/// A session acting in a target environment.
struct TargetAccess {
    aws::auth::Session session;
    std::string role_arn;   ///< the role assumed; empty when acting with the current credentials
    bool fell_back = false; ///< the role could not be assumed; same-account credentials are used instead
};

/// What the role is for, in messages ("deploy", "file-publishing", "lookup").
struct RoleRequest {
    std::optional<std::string> role_arn; ///< with placeholders; nullopt: the current credentials
    std::string purpose;
    std::string qualifier; ///< the app's qualifier, for the bootstrap command in messages
};

/// Assumes the manifest's role (placeholders substituted) from the current credentials, and checks that
/// it worked. When it does not: in the caller's own account the CDK CLI carries on with the current
/// credentials (so do we, `fell_back`); across accounts it is `TargetNotTrusted`, saying that the account
/// does not trust the caller's account and giving the `cdkpp bootstrap ... --trust` command that fixes it
/// (or bootstraps it, when it is not bootstrapped with this qualifier).
[[nodiscard]] Result<TargetAccess> access_target(SessionPool& sessions, const ResolvedEnvironment& env,
                                                 const RoleRequest& request);

/// The qualifier in a bootstrap version parameter name (`/cdk-bootstrap/<q>/version`), or empty.
[[nodiscard]] std::string qualifier_of_parameter(const std::string& name);

/// The command that bootstraps `env` for an app with `qualifier`, trusted by `trusted_account` when it
/// is another account: `cdkpp bootstrap aws://A/R --qualifier Q --trust T --cloudformation-execution-policies
/// ...`.
[[nodiscard]] std::string bootstrap_command(const ResolvedEnvironment& env, const std::string& qualifier,
                                            const std::string& trusted_account);

/// Checks the bootstrap version parameter as the CLI does before deploying: missing parameter means not
/// bootstrapped (`NotBootstrapped`, with the command) or bootstrapped under another qualifier
/// (`QualifierMismatch`, naming both); a version below `required` is `BootstrapTooOld`.
[[nodiscard]] Result<int> check_bootstrap_version(const aws::auth::Session& session,
                                                  const ResolvedEnvironment& env,
                                                  const std::string& parameter_name, int required,
                                                  const std::string& caller_account);

} // namespace cdk::toolkit::deploy
