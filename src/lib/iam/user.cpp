#include "lib/iam/user.hpp"

#include "constructs/stack.hpp"
#include "tokens/errors.hpp"
#include "tokens/lazy.hpp"
#include "tokens/token.hpp"

#include <algorithm>

namespace cdk::iam {
namespace {

Prop<std::vector<std::string>> lazy_arns(const std::vector<ManagedPolicyReference>& policies) {
    return Prop<std::vector<std::string>>::raw(Lazy::uncached_any([&policies](ResolveContext&) {
        if (policies.empty()) return Token::undefined();
        Json arns = Json::array();
        for (const auto& p : policies)
            arns.push_back(p.managed_policy_arn);
        return arns;
    }));
}

void add_unique(std::vector<ManagedPolicyReference>& policies, const ManagedPolicyReference& policy) {
    const bool present = std::any_of(policies.begin(), policies.end(), [&](const auto& p) {
        return p.managed_policy_arn == policy.managed_policy_arn;
    });
    if (!present) policies.push_back(policy);
}

} // namespace

User::User(Construct& scope, std::string_view id, const UserProps& props)
    : Construct(scope, id), managed_policies_(props.managed_policies) {
    CfnUserProps cfn;
    cfn.groups = Prop<std::vector<std::string>>::raw(Lazy::uncached_any([this](ResolveContext&) {
        if (groups_.empty()) return Token::undefined();
        return Json(groups_);
    }));
    cfn.managed_policy_arns = lazy_arns(managed_policies_);
    if (!props.path.empty()) cfn.path = props.path;
    if (props.permissions_boundary) cfn.permissions_boundary = props.permissions_boundary->managed_policy_arn;
    if (!props.password.empty()) {
        CfnUserLoginProfileProperty login{.password = props.password};
        if (props.password_reset_required) login.password_reset_required = true;
        cfn.login_profile = login;
    } else if (props.password_reset_required) {
        throw ValidationError("user '" + node().id() + "': password_reset_required needs a password",
                              node().path());
    }
    if (!props.user_name.empty()) cfn.user_name = props.user_name;
    resource_ = &make<CfnUser>(*this, "Resource", cfn);
    for (Group* g : props.groups) {
        if (g == nullptr) throw ValidationError("user '" + node().id() + "': a group is null", node().path());
        add_to_group(*g);
    }
}

void User::add_to_group(Group& group) {
    const std::string name = group.group_name();
    if (std::find(groups_.begin(), groups_.end(), name) == groups_.end()) groups_.push_back(name);
}

void User::add_managed_policy(const ManagedPolicyReference& policy) {
    add_unique(managed_policies_, policy);
}

void User::attach_inline_policy(Policy& policy) {
    if (std::find(attached_policies_.begin(), attached_policies_.end(), &policy) != attached_policies_.end())
        return;
    attached_policies_.push_back(&policy);
    policy.attach_to_user(*this);
}

AddToPrincipalPolicyResult User::add_to_policy(const PolicyStatement& statement) {
    if (default_policy_ == nullptr) {
        default_policy_ = &make<Policy>(*this, "DefaultPolicy");
        default_policy_->attach_to_user(*this);
    }
    default_policy_->add_statements({statement});
    return {.statement_added = true, .policy_dependable = default_policy_};
}

PrincipalPolicyFragment User::policy_fragment() const {
    return {.principal_json = {{"AWS", Json::array({user_arn()})}}, .conditions = Json::object()};
}

std::optional<std::string> User::principal_account() const {
    return Stack::of(*this).account();
}

AddToPrincipalPolicyResult User::add_to_principal_policy(const PolicyStatement& statement) const {
    // A user is a construct owned by the app; grants reach it through const interfaces.
    return const_cast<User*>(this)->add_to_policy(statement);
}

std::shared_ptr<const IPrincipal> User::clone() const {
    return std::shared_ptr<const IPrincipal>(std::shared_ptr<const IPrincipal>(), this);
}

Group::Group(Construct& scope, std::string_view id, const GroupProps& props)
    : Construct(scope, id), managed_policies_(props.managed_policies) {
    CfnGroupProps cfn;
    if (!props.group_name.empty()) cfn.group_name = props.group_name;
    cfn.managed_policy_arns = lazy_arns(managed_policies_);
    if (!props.path.empty()) cfn.path = props.path;
    resource_ = &make<CfnGroup>(*this, "Resource", cfn);
}

void Group::add_managed_policy(const ManagedPolicyReference& policy) {
    add_unique(managed_policies_, policy);
}

void Group::attach_inline_policy(Policy& policy) {
    if (std::find(attached_policies_.begin(), attached_policies_.end(), &policy) != attached_policies_.end())
        return;
    attached_policies_.push_back(&policy);
    policy.attach_to_group(*this);
}

AddToPrincipalPolicyResult Group::add_to_policy(const PolicyStatement& statement) {
    if (default_policy_ == nullptr) {
        default_policy_ = &make<Policy>(*this, "DefaultPolicy");
        default_policy_->attach_to_group(*this);
    }
    default_policy_->add_statements({statement});
    return {.statement_added = true, .policy_dependable = default_policy_};
}

PrincipalPolicyFragment Group::policy_fragment() const {
    return {.principal_json = {{"AWS", Json::array({group_arn()})}}, .conditions = Json::object()};
}

std::optional<std::string> Group::principal_account() const {
    return Stack::of(*this).account();
}

AddToPrincipalPolicyResult Group::add_to_principal_policy(const PolicyStatement& statement) const {
    return const_cast<Group*>(this)->add_to_policy(statement);
}

std::shared_ptr<const IPrincipal> Group::clone() const {
    return std::shared_ptr<const IPrincipal>(std::shared_ptr<const IPrincipal>(), this);
}

} // namespace cdk::iam
