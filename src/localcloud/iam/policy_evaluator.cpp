#include "localcloud/iam/policy_evaluator.hpp"

#include "core/strings.hpp"
#include "localcloud/iam/condition_operators.hpp"

namespace cdk::localcloud::iam {

std::string context_key(std::string_view key) {
    return strings::to_lower(key);
}

namespace {

std::vector<std::string> as_list(const Json& v) {
    std::vector<std::string> out;
    if (v.is_string()) out.push_back(v.get<std::string>());
    if (v.is_array()) {
        for (const auto& e : v) {
            if (e.is_string()) out.push_back(e.get<std::string>());
        }
    }
    return out;
}

bool action_matches(const Json& patterns, std::string_view action) {
    for (const auto& p : as_list(patterns)) {
        if (wildcard_match(p, action, true)) return true;
    }
    return false;
}

bool resource_matches(const Json& patterns, std::string_view resource, const Context& context) {
    for (const auto& p : as_list(patterns)) {
        if (wildcard_match(substitute_variables(p, context), resource)) return true;
    }
    return false;
}

/// Account id of an ARN (`arn:aws:iam::123:role/x` → 123), or the input when it is a bare account id.
std::string arn_account(std::string_view arn) {
    const auto parts = strings::split(arn, ":");
    if (parts.size() >= 5 && parts[0] == "arn") return parts[4];
    return std::string(arn);
}

enum class PrincipalMatch { None, Account, Named };

PrincipalMatch match_principal_value(const std::string& value, const Principal& who) {
    // "*" names every principal: in a resource policy it grants on its own (its conditions restrict it),
    // as KMS's AWS-managed key policies rely on ({"AWS": "*"} with kms:CallerAccount and kms:ViaService).
    if (value == "*") return PrincipalMatch::Named;
    if (value.find(':') == std::string::npos) {
        return value == who.account && !who.account.empty() ? PrincipalMatch::Account : PrincipalMatch::None;
    }
    if (strings::ends_with(value, ":root")) {
        return arn_account(value) == who.account && !who.account.empty() ? PrincipalMatch::Account
                                                                         : PrincipalMatch::None;
    }
    if (value == who.arn || (!who.role_arn.empty() && value == who.role_arn)) return PrincipalMatch::Named;
    return PrincipalMatch::None;
}

PrincipalMatch match_principal(const Json& element, const Principal& who) {
    if (element.is_string())
        return element.get<std::string>() == "*" ? PrincipalMatch::Named : PrincipalMatch::None;
    if (!element.is_object()) return PrincipalMatch::None;
    PrincipalMatch best = PrincipalMatch::None;
    for (const auto& [type, values] : element.items()) {
        for (const auto& v : as_list(values)) {
            PrincipalMatch m = PrincipalMatch::None;
            if (type == "AWS")
                m = who.service.empty() ? match_principal_value(v, who) : PrincipalMatch::None;
            else if (type == "Service")
                m = (!who.service.empty() && v == who.service) ? PrincipalMatch::Named : PrincipalMatch::None;
            if (v == "*" && type == "AWS") m = PrincipalMatch::Named;
            if (m == PrincipalMatch::Named) return m;
            if (m == PrincipalMatch::Account) best = m;
        }
    }
    return best;
}

} // namespace

PolicyVerdict evaluate_policy(const Json& policy, std::string_view action, std::string_view resource,
                              const Context& context, const Principal* principal) {
    PolicyVerdict verdict;
    if (!policy.is_object()) return verdict;
    const auto found = policy.find("Statement");
    if (found == policy.end()) return verdict;
    // One statement may stand alone; the list is read where it is, never copied.
    Json single;
    const Json* statements = &*found;
    if (statements->is_object()) {
        single = Json::array({*statements});
        statements = &single;
    }
    for (const auto& st : *statements) {
        if (!st.is_object()) continue;
        PrincipalMatch pm = PrincipalMatch::Account;
        if (principal != nullptr) {
            if (st.contains("Principal")) {
                pm = match_principal(st["Principal"], *principal);
                if (pm == PrincipalMatch::None) continue;
            } else if (st.contains("NotPrincipal")) {
                if (match_principal(st["NotPrincipal"], *principal) != PrincipalMatch::None) continue;
            } else {
                continue;
            }
        }
        if (st.contains("Action")) {
            if (!action_matches(st["Action"], action)) continue;
        } else if (st.contains("NotAction")) {
            if (action_matches(st["NotAction"], action)) continue;
        } else {
            continue;
        }
        if (st.contains("Resource")) {
            if (!resource_matches(st["Resource"], resource, context)) continue;
        } else if (st.contains("NotResource")) {
            if (resource_matches(st["NotResource"], resource, context)) continue;
        } else if (principal == nullptr) {
            continue; // identity statements need a resource; resource policies may omit it (trust policies)
        }
        if (st.contains("Condition") && !evaluate_conditions(st["Condition"], context)) continue;
        if (st.value("Effect", "") == "Deny") {
            verdict.effect = Effect::Deny;
            verdict.principal_named = false;
            return verdict;
        }
        if (st.value("Effect", "") == "Allow") {
            verdict.effect = Effect::Allow;
            if (pm == PrincipalMatch::Named) verdict.principal_named = true;
        }
    }
    return verdict;
}

void add_principal_context(Context& context, const Principal& principal) {
    if (!principal.account.empty()) context[context_key("aws:PrincipalAccount")] = {principal.account};
    if (!principal.arn.empty()) {
        // For an assumed-role session aws:PrincipalArn is the role's ARN, as in AWS.
        context[context_key("aws:PrincipalArn")] = {principal.role_arn.empty() ? principal.arn
                                                                               : principal.role_arn};
    }
    if (!principal.service.empty()) context[context_key("aws:PrincipalServiceName")] = {principal.service};
    context[context_key("aws:PrincipalType")] = {principal.is_root             ? "Account"
                                                 : !principal.role_arn.empty() ? "AssumedRole"
                                                 : !principal.service.empty()  ? "Service"
                                                                               : "User"};
    const auto slash = principal.arn.rfind('/');
    if (principal.role_arn.empty() && slash != std::string::npos) {
        context[context_key("aws:username")] = {principal.arn.substr(slash + 1)};
    }
}

AuthorizationDecision authorize(const AuthorizationRequest& request) {
    const Principal& who = request.principal;
    const bool same_account = who.account == request.resource_account || request.resource_account.empty();
    AuthorizationDecision decision;
    auto deny = [&](std::string reason) {
        decision.allowed = false;
        decision.message = "User: " + who.arn + " is not authorized to perform: " + request.action +
                           " on resource: " + request.resource + " " + reason;
        return decision;
    };

    Effect identity = Effect::NotApplicable;
    if (who.is_root || !who.service.empty()) {
        identity = Effect::Allow;
    } else {
        for (const auto& policy : request.identity_policies) {
            const auto v =
                evaluate_policy(policy, request.action, request.resource, request.context, nullptr);
            if (v.effect == Effect::Deny) {
                return deny("with an explicit deny in an identity-based policy");
            }
            if (v.effect == Effect::Allow) identity = Effect::Allow;
        }
    }

    PolicyVerdict resource;
    if (request.resource_policy) {
        resource = evaluate_policy(*request.resource_policy, request.action, request.resource,
                                   request.context, &who);
        if (resource.effect == Effect::Deny) return deny("with an explicit deny in a resource-based policy");
    }
    const bool identity_allows = identity == Effect::Allow;
    const bool resource_allows = resource.effect == Effect::Allow;
    const std::string because_identity =
        "because no identity-based policy allows the " + request.action + " action";
    const std::string because_resource =
        "because no resource-based policy allows the " + request.action + " action";

    switch (request.mode) {
    case ResourcePolicyMode::None:
        if (!same_account) return deny(because_resource);
        if (!identity_allows) return deny(because_identity);
        break;
    case ResourcePolicyMode::Optional:
        if (same_account) {
            if (!identity_allows && !resource_allows) return deny(because_identity);
        } else {
            if (!resource_allows) return deny(because_resource);
            if (!identity_allows) return deny(because_identity);
        }
        break;
    case ResourcePolicyMode::Required:
        if (!resource_allows) return deny(because_resource);
        if (!(same_account && resource.principal_named) && !identity_allows) return deny(because_identity);
        break;
    }
    decision.allowed = true;
    return decision;
}

} // namespace cdk::localcloud::iam
