#include "lib/iam/policy_statement.hpp"

#include "tokens/errors.hpp"
#include "tokens/token.hpp"

#include <algorithm>

namespace cdk::iam {
namespace {

void push_unique(std::vector<std::string>& into, const std::vector<std::string>& values) {
    for (const auto& v : values) {
        if (std::find(into.begin(), into.end(), v) == into.end()) into.push_back(v);
    }
}

void check_action(const std::string& action) {
    if (Token::is_unresolved(action) || action == "*") return;
    const auto colon = action.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == action.size()) {
        throw ValidationError("action '" + action + "' is invalid: an action is '<service>:<name>' or '*'");
    }
}

Json list_json(const std::vector<std::string>& values) {
    return Json(values);
}

} // namespace

PolicyStatement::PolicyStatement(const PolicyStatementProps& props) : sid_(props.sid), effect_(props.effect) {
    add_actions(props.actions);
    add_not_actions(props.not_actions);
    add_principals(props.principals);
    add_not_principals(props.not_principals);
    add_resources(props.resources);
    add_not_resources(props.not_resources);
    if (!props.conditions.is_null()) add_conditions(props.conditions);
}

void PolicyStatement::add_actions(const std::vector<std::string>& actions) {
    if (!actions.empty() && !not_actions_.empty()) {
        throw ValidationError(
            "cannot add actions to a policy statement that has not_actions; use two statements");
    }
    for (const auto& a : actions)
        check_action(a);
    push_unique(actions_, actions);
}

void PolicyStatement::add_not_actions(const std::vector<std::string>& actions) {
    if (!actions.empty() && !actions_.empty()) {
        throw ValidationError(
            "cannot add not_actions to a policy statement that has actions; use two statements");
    }
    for (const auto& a : actions)
        check_action(a);
    push_unique(not_actions_, actions);
}

void PolicyStatement::add_resources(const std::vector<std::string>& arns) {
    if (!arns.empty() && !not_resources_.empty()) {
        throw ValidationError("cannot add resources to a policy statement that has not_resources");
    }
    push_unique(resources_, arns);
}

void PolicyStatement::add_not_resources(const std::vector<std::string>& arns) {
    if (!arns.empty() && !resources_.empty()) {
        throw ValidationError("cannot add not_resources to a policy statement that has resources");
    }
    push_unique(not_resources_, arns);
}

void PolicyStatement::add_principals(const std::vector<Principal>& principals) {
    if (!principals.empty() && !not_principal_.empty()) {
        throw ValidationError("cannot add principals to a policy statement that has not_principals");
    }
    for (const auto& p : principals) {
        const PrincipalPolicyFragment fragment = p->policy_fragment();
        detail::merge_principal(principal_, fragment.principal_json);
        add_principal_conditions(fragment.conditions);
        principals_.push_back(p);
    }
}

void PolicyStatement::add_not_principals(const std::vector<Principal>& principals) {
    if (!principals.empty() && !principal_.empty()) {
        throw ValidationError("cannot add not_principals to a policy statement that has principals");
    }
    for (const auto& p : principals) {
        const PrincipalPolicyFragment fragment = p->policy_fragment();
        detail::merge_principal(not_principal_, fragment.principal_json);
        add_principal_conditions(fragment.conditions);
        not_principals_.push_back(p);
    }
}

void PolicyStatement::add_any_principal() {
    add_principals({AnyPrincipal()});
}

void PolicyStatement::add_principal_conditions(const Json& conditions) {
    const std::string text = conditions.dump();
    if (!principal_conditions_json_) {
        principal_conditions_json_ = text;
    } else if (*principal_conditions_json_ != text) {
        throw ValidationError("all principals in a policy statement must have the same conditions (got '" +
                              *principal_conditions_json_ + "' and '" + text + "'); use several statements");
    }
    add_conditions(conditions);
}

void PolicyStatement::add_condition(const std::string& op, const Json& value) {
    if (!value.is_object() && !Token::is_unresolved(value)) {
        throw ValidationError("the value of condition operator '" + op + "' must be an object, got " +
                              value.dump());
    }
    Json& existing = condition_[op];
    if (existing.is_null() || !existing.is_object() || !value.is_object()) {
        existing = value;
    } else {
        for (const auto& [k, v] : value.items())
            existing[k] = v;
    }
}

void PolicyStatement::add_conditions(const Json& conditions) {
    for (const auto& [op, value] : conditions.items())
        add_condition(op, value);
}

void PolicyStatement::add_account_condition(const std::string& account_id) {
    add_condition("StringEquals", {{"sts:ExternalId", account_id}});
}

Json PolicyStatement::to_statement_json() const {
    return detail::normalize_statement({{"Action", list_json(actions_)},
                                        {"NotAction", list_json(not_actions_)},
                                        {"Condition", condition_},
                                        {"Effect", effect_ == Effect::Allow ? "Allow" : "Deny"},
                                        {"Principal", principal_},
                                        {"NotPrincipal", not_principal_},
                                        {"Resource", list_json(resources_)},
                                        {"NotResource", list_json(not_resources_)},
                                        {"Sid", sid_.empty() ? Json() : Json(sid_)}});
}

PolicyStatementProps PolicyStatement::to_props() const {
    return {.sid = sid_,
            .effect = effect_,
            .actions = actions_,
            .not_actions = not_actions_,
            .principals = principals_,
            .not_principals = not_principals_,
            .resources = resources_,
            .not_resources = not_resources_,
            .conditions = condition_};
}

size_t PolicyStatement::estimate_size(size_t arn_estimate) const {
    constexpr size_t kActionEstimate = 20;
    size_t size = std::string(R"("Effect": ")").size() + (effect_ == Effect::Allow ? 5 : 4) + 2;
    const auto count = [&](std::string_view key, const std::vector<std::string>& values, size_t token_size) {
        if (values.empty()) return;
        size += key.size() + 5;
        for (const auto& v : values)
            size += (Token::is_unresolved(v) ? token_size : v.size()) + 3;
    };
    count("Action", actions_, kActionEstimate);
    count("NotAction", not_actions_, kActionEstimate);
    count("Resource", resources_, arn_estimate);
    count("NotResource", not_resources_, arn_estimate);
    size += principals_.size() * arn_estimate;
    size += not_principals_.size() * arn_estimate;
    // JSON.stringify(conditions): `{}` when there are none.
    size += condition_.dump().size();
    return size;
}

std::vector<std::string> PolicyStatement::validate_for_any_policy() const {
    std::vector<std::string> errors;
    if (actions_.empty() && not_actions_.empty()) {
        errors.emplace_back("a PolicyStatement must specify at least one 'action' or 'notAction'.");
    }
    return errors;
}

std::vector<std::string> PolicyStatement::validate_for_identity_policy() const {
    auto errors = validate_for_any_policy();
    if (has_principal()) {
        errors.emplace_back(
            "a PolicyStatement used in an identity-based policy cannot specify any IAM principals.");
    }
    if (!has_resource()) {
        errors.emplace_back(
            "a PolicyStatement used in an identity-based policy must specify at least one resource.");
    }
    return errors;
}

std::vector<std::string> PolicyStatement::validate_for_resource_policy() const {
    auto errors = validate_for_any_policy();
    if (!has_principal()) {
        errors.emplace_back(
            "a PolicyStatement used in a resource-based policy must specify at least one IAM principal.");
    }
    return errors;
}

namespace detail {
namespace {

/// CDK _norm: undefined for empty, the single element for one, the (unique) list otherwise.
Json norm(const Json& values) {
    if (values.is_null()) return Token::undefined();
    if (values.is_array()) {
        if (values.empty()) return Token::undefined();
        if (values.size() == 1) return values[0];
        Json unique = Json::array();
        for (const auto& v : values) {
            if (std::find(unique.begin(), unique.end(), v) == unique.end()) unique.push_back(v);
        }
        return unique;
    }
    if (values.is_object() && values.empty()) return Token::undefined();
    return values;
}

Json norm_principal(const Json& principal) {
    if (!principal.is_object() || principal.empty()) return Token::undefined();
    if (principal.contains("LiteralString")) return principal["LiteralString"][0];
    Json result = Json::object();
    for (const auto& [key, value] : principal.items()) {
        Json v = norm(value);
        if (!v.is_discarded()) result[key] = v;
    }
    return result;
}

} // namespace

Json normalize_statement(const Json& s) {
    Json out = Json::object();
    const auto put = [&](const char* key, Json value) {
        if (!value.is_discarded() && !value.is_null()) out[key] = std::move(value);
    };
    put("Action", norm(s.value("Action", Json())));
    put("NotAction", norm(s.value("NotAction", Json())));
    put("Condition", norm(s.value("Condition", Json())));
    put("Effect", norm(s.value("Effect", Json())));
    put("Principal", norm_principal(s.value("Principal", Json())));
    put("NotPrincipal", norm_principal(s.value("NotPrincipal", Json())));
    put("Resource", norm(s.value("Resource", Json())));
    put("NotResource", norm(s.value("NotResource", Json())));
    put("Sid", norm(s.value("Sid", Json())));
    return out;
}

} // namespace detail
} // namespace cdk::iam
