#include "lib/iam/principals.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/feature_flags.hpp"
#include "lib/iam/policy_document.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/resolvable.hpp"
#include "tokens/token.hpp"

#include <algorithm>
#include <atomic>
#include <regex>

namespace cdk::iam {
namespace {

/// A token resolved against the stack it is used in (CDK: StackDependentToken).
class StackDependentToken : public IResolvable {
public:
    /// `outside_stack`, when not empty, is the value resolved outside a stack (instead of an error).
    explicit StackDependentToken(std::function<std::string(const Stack&)> fn, std::string outside_stack = "")
        : fn_(std::move(fn)), outside_stack_(std::move(outside_stack)) {}
    Json resolve(ResolveContext& context) const override {
        const Stack* stack = context.scope() == nullptr ? nullptr : Stack::try_of(*context.scope());
        if (stack != nullptr) return Json(fn_(*stack));
        if (!outside_stack_.empty()) return Json(outside_stack_);
        throw ValidationError("a stack-dependent principal was resolved outside a stack");
    }
    std::string display_hint() const override { return "StackDependent"; }
    bool stable_across_passes() const override { return true; }

private:
    std::function<std::string(const Stack&)> fn_;
    std::string outside_stack_;
};

std::string stack_account_token() {
    static const std::string token =
        Token::as_string(std::make_shared<StackDependentToken>([](const Stack& s) { return s.account(); }));
    return token;
}

/// The partition of the stack the principal is resolved in (aws-cdk-lib's AccountPrincipal:
/// `arn:${stack.partition}:iam::<account>:root`, a literal with @aws-cdk/core:enablePartitionLiterals).
std::string stack_partition_token() {
    static const std::string token = Token::as_string(std::make_shared<StackDependentToken>(
        [](const Stack& s) { return detail::stack_partition(s); }, Aws::PARTITION));
    return token;
}

void default_add_to_assume_role(const IPrincipal& principal, PolicyDocument& document) {
    document.add_statements(
        {PolicyStatement({.actions = {principal.assume_role_action()}, .principals = {principal}})});
}

} // namespace

AddToPrincipalPolicyResult IPrincipal::add_to_principal_policy(const PolicyStatement& /*statement*/) const {
    return {};
}

void IPrincipal::add_to_assume_role_policy(PolicyDocument& document) const {
    default_add_to_assume_role(*this, document);
}

ServicePrincipal::ServicePrincipal(std::string service, Json conditions)
    : service_(std::move(service)), conditions_(std::move(conditions)) {}

PrincipalPolicyFragment ServicePrincipal::policy_fragment() const {
    return {.principal_json = {{"Service", Json::array({service_})}}, .conditions = conditions_};
}

std::shared_ptr<const IPrincipal> ServicePrincipal::clone() const {
    return std::make_shared<ServicePrincipal>(*this);
}

std::optional<std::string> ServicePrincipal::dedupe_string() const {
    // CDK: `ServicePrincipal:${service}:${JSON.stringify(opts)}`.
    const Json opts = conditions_.empty() ? Json::object() : Json{{"conditions", conditions_}};
    return "ServicePrincipal:" + service_ + ":" + opts.dump();
}

ArnPrincipal::ArnPrincipal(std::string arn) : arn_(std::move(arn)) {}

PrincipalPolicyFragment ArnPrincipal::policy_fragment() const {
    return {.principal_json = {{"AWS", Json::array({arn_})}}, .conditions = Json::object()};
}

std::optional<std::string> ArnPrincipal::principal_account() const {
    if (Token::is_unresolved(arn_)) return std::nullopt;
    // arn:partition:service:region:account:resource
    size_t pos = 0;
    for (int i = 0; i < 4; ++i) {
        pos = arn_.find(':', pos);
        if (pos == std::string::npos) return std::nullopt;
        ++pos;
    }
    const size_t end = arn_.find(':', pos);
    if (end == std::string::npos || end == pos) return std::nullopt;
    return arn_.substr(pos, end - pos);
}

std::shared_ptr<const IPrincipal> ArnPrincipal::clone() const {
    return std::make_shared<ArnPrincipal>(*this);
}

std::optional<std::string> ArnPrincipal::dedupe_string() const {
    return "ArnPrincipal:" + arn_;
}

PrincipalWithConditions ArnPrincipal::in_organization(const std::string& organization_id) const {
    return PrincipalWithConditions(*this, {{"StringEquals", {{"aws:PrincipalOrgID", organization_id}}}});
}

AccountPrincipal::AccountPrincipal(std::string account_id)
    : ArnPrincipal("arn:" + stack_partition_token() + ":iam::" + account_id + ":root"),
      account_id_(std::move(account_id)) {
    static std::atomic<std::uint64_t> next{0};
    instance_ = ++next;
}

std::optional<std::string> AccountPrincipal::dedupe_string() const {
    return "ArnPrincipal:" + arn_ + "#" + std::to_string(instance_);
}

std::shared_ptr<const IPrincipal> AccountPrincipal::clone() const {
    return std::make_shared<AccountPrincipal>(*this);
}

AccountRootPrincipal::AccountRootPrincipal() : AccountPrincipal(stack_account_token()) {}

std::shared_ptr<const IPrincipal> AccountRootPrincipal::clone() const {
    return std::make_shared<AccountRootPrincipal>(*this);
}

std::shared_ptr<const IPrincipal> AnyPrincipal::clone() const {
    return std::make_shared<AnyPrincipal>(*this);
}

PrincipalPolicyFragment StarPrincipal::policy_fragment() const {
    return {.principal_json = {{"LiteralString", Json::array({"*"})}}, .conditions = Json::object()};
}

std::shared_ptr<const IPrincipal> StarPrincipal::clone() const {
    return std::make_shared<StarPrincipal>(*this);
}

OrganizationPrincipal::OrganizationPrincipal(std::string organization_id)
    : organization_id_(std::move(organization_id)) {
    static const std::regex pattern("^o-[a-z0-9]{10,32}$");
    if (!Token::is_unresolved(organization_id_) && !std::regex_match(organization_id_, pattern)) {
        throw ValidationError(
            "expected Organization ID must match regex pattern ^o-[a-z0-9]{10,32}$, received " +
            organization_id_);
    }
}

PrincipalPolicyFragment OrganizationPrincipal::policy_fragment() const {
    return {.principal_json = {{"AWS", Json::array({"*"})}},
            .conditions = {{"StringEquals", {{"aws:PrincipalOrgID", organization_id_}}}}};
}

std::shared_ptr<const IPrincipal> OrganizationPrincipal::clone() const {
    return std::make_shared<OrganizationPrincipal>(*this);
}

std::optional<std::string> OrganizationPrincipal::dedupe_string() const {
    return "OrganizationPrincipal:" + organization_id_;
}

PrincipalWithConditions& PrincipalWithConditions::add_condition(const std::string& op, const Json& value) {
    // CDK: addCondition merges the keys of an existing operator (Object.assign).
    Json& target = conditions_[op];
    if (target.is_object() && value.is_object()) {
        for (const auto& [key, v] : value.items())
            target[key] = v;
    } else {
        target = value;
    }
    return *this;
}

PrincipalWithConditions& PrincipalWithConditions::add_conditions(const Json& conditions) {
    for (const auto& [op, value] : conditions.items())
        add_condition(op, value);
    return *this;
}

PrincipalWithConditions::PrincipalWithConditions(const IPrincipal& principal, Json conditions)
    : wrapped_(principal.clone()), conditions_(std::move(conditions)) {}

PrincipalPolicyFragment PrincipalWithConditions::policy_fragment() const {
    PrincipalPolicyFragment fragment = wrapped_->policy_fragment();
    // CDK: mergeConditions — operators merge key by key; the same key twice is an error.
    for (const auto& [op, keys] : conditions_.items()) {
        Json& target = fragment.conditions[op];
        if (target.is_null()) {
            target = keys;
            continue;
        }
        if (Token::is_unresolved(keys) || Token::is_unresolved(target)) {
            throw ValidationError("multiple \"" + op + "\" conditions of principal " + to_string() +
                                  " cannot be merged if one of them contains an unresolved token");
        }
        // `{...existing, ...condition}`: a key given again takes the new value.
        for (const auto& [key, value] : keys.items())
            target[key] = value;
    }
    return fragment;
}

std::shared_ptr<const IPrincipal> PrincipalWithConditions::clone() const {
    return std::make_shared<PrincipalWithConditions>(*this);
}

std::optional<std::string> PrincipalWithConditions::dedupe_string() const {
    // CDK: appendDedupe(JSON.stringify(conditions)), none when the wrapped principal has none.
    const auto inner = wrapped_->dedupe_string();
    if (!inner) return std::nullopt;
    return "PrincipalWithConditions:" + *inner + ":" + conditions_.dump();
}

PrincipalWithConditions with_conditions(const IPrincipal& principal, Json conditions) {
    return PrincipalWithConditions(principal, std::move(conditions));
}

CompositePrincipal::CompositePrincipal(std::vector<Principal> principals) {
    if (principals.empty()) {
        throw ValidationError("a CompositePrincipal needs at least one principal, got none");
    }
    assume_role_action_ = principals.front()->assume_role_action();
    add_principals(std::move(principals));
}

CompositePrincipal& CompositePrincipal::add_principals(std::vector<Principal> principals) {
    for (auto& p : principals)
        principals_.push_back(std::move(p));
    return *this;
}

PrincipalPolicyFragment CompositePrincipal::policy_fragment() const {
    PrincipalPolicyFragment out;
    for (const auto& p : principals_) {
        const PrincipalPolicyFragment fragment = p->policy_fragment();
        if (!fragment.conditions.empty()) {
            throw ValidationError("components of a CompositePrincipal must not have conditions, got " +
                                  fragment.conditions.dump() + " on " + p->to_string() +
                                  "; use separate statements instead");
        }
        detail::merge_principal(out.principal_json, fragment.principal_json);
    }
    return out;
}

void CompositePrincipal::add_to_assume_role_policy(PolicyDocument& document) const {
    for (const auto& p : principals_)
        default_add_to_assume_role(p.get(), document);
}

std::string CompositePrincipal::to_string() const {
    std::string out = "CompositePrincipal(";
    for (size_t i = 0; i < principals_.size(); ++i)
        out += (i ? ", " : "") + principals_[i]->to_string();
    return out + ")";
}

std::shared_ptr<const IPrincipal> CompositePrincipal::clone() const {
    return std::make_shared<CompositePrincipal>(*this);
}

std::optional<std::string> CompositePrincipal::dedupe_string() const {
    std::string out = "CompositePrincipal[";
    for (size_t i = 0; i < principals_.size(); ++i) {
        const auto inner = principals_[i]->dedupe_string();
        if (!inner) return std::nullopt;
        out += (i ? "," : "") + *inner;
    }
    return out + "]";
}

namespace detail {

void merge_principal(Json& target, const Json& source) {
    for (const auto& [key, values] : source.items()) {
        Json& list = target[key];
        if (list.is_null()) list = Json::array();
        const Json items = values.is_array() ? values : Json::array({values});
        for (const auto& v : items) {
            if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
        }
    }
}

std::string stack_account_root_arn() {
    return "arn:" + stack_partition_token() + ":iam::" + stack_account_token() + ":root";
}

std::string stack_account(const Construct& scope) {
    return Stack::of(scope).account();
}

} // namespace detail
} // namespace cdk::iam
