#pragma once

#include "core/json.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cdk::localcloud::iam {

/// Who makes a request, as the policy evaluator sees it.
struct Principal {
    std::string account;
    /// The caller's ARN: `arn:aws:iam::A:root`, `arn:aws:iam::A:user/N`, `arn:aws:sts::A:assumed-role/R/S`.
    std::string arn;
    /// For an assumed-role session: the role's ARN (`arn:aws:iam::A:role/path/R`).
    std::string role_arn;
    /// For a service principal: e.g. `cloudformation.amazonaws.com`.
    std::string service;
    bool is_root = false;
};

/// Request context keys (matched case-insensitively) to their values; multi-valued keys have several.
using Context = std::map<std::string, std::vector<std::string>>;

/// Lower-cases a context key: keys compare case-insensitively.
[[nodiscard]] std::string context_key(std::string_view key);

/// What one policy says about one request.
enum class Effect { NotApplicable, Allow, Deny };

struct PolicyVerdict {
    Effect effect = Effect::NotApplicable;
    /// For resource policies: whether an Allow named the principal itself (its ARN or role ARN), not just its
    /// account.
    bool principal_named = false;
};

/// Evaluates one policy document. `principal` is null for identity-based policies (no Principal element);
/// for resource-based policies statements apply only when their Principal/NotPrincipal matches it.
[[nodiscard]] PolicyVerdict evaluate_policy(const Json& policy, std::string_view action,
                                            std::string_view resource, const Context& context,
                                            const Principal* principal);

/// How a resource policy participates.
enum class ResourcePolicyMode {
    /// No resource policy exists for the resource type (IAM, SSM): only the identity side, same account only.
    None,
    /// Resource policy may grant on its own within the account (S3 bucket policies).
    Optional,
    /// Resource policy must allow (role trust policies, KMS key policies); an account-level grant delegates
    /// to the account's identity policies.
    Required,
};

/// Everything the evaluator needs for one authorization decision.
struct AuthorizationRequest {
    Principal principal;
    std::string action;
    std::string resource;
    std::string resource_account;
    /// The caller's identity-based policies (ignored for root, which is allowed everything in its account).
    std::vector<Json> identity_policies;
    std::optional<Json> resource_policy;
    ResourcePolicyMode mode = ResourcePolicyMode::None;
    Context context;
};

struct AuthorizationDecision {
    bool allowed = false;
    /// AWS-worded AccessDenied message when denied.
    std::string message;
};

/// Explicit Deny anywhere wins; then Allow as the mode requires (cross-account needs both the identity and
/// the resource side); otherwise an implicit deny. The message names the principal, action, resource and
/// reason.
[[nodiscard]] AuthorizationDecision authorize(const AuthorizationRequest& request);

/// The standard context keys for a principal: aws:PrincipalAccount, aws:PrincipalArn, aws:userid …
void add_principal_context(Context& context, const Principal& principal);

} // namespace cdk::localcloud::iam
