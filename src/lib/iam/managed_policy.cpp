#include "lib/iam/managed_policy.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/feature_flags.hpp"
#include "lib/iam/role.hpp"
#include "lib/iam/user.hpp"
#include "tokens/aws.hpp"
#include "tokens/lazy.hpp"
#include "tokens/token.hpp"

namespace cdk::iam {

ManagedPolicy::ManagedPolicy(Construct& scope, std::string_view id, const ManagedPolicyProps& props)
    : Construct(scope, id), document_(props.document),
      grant_principal_(
          *this, [this](const PolicyStatement& s) { add_statements({s}); }, this) {
    document_.add_statements(props.statements);
    CfnManagedPolicyProps cfn{.policy_document = Prop<Json>::raw(document_.to_json())};
    // aws-cdk-lib always renders both (`props.description || ''`, `props.path || '/'`); both are create-only.
    cfn.description = props.description;
    if (!props.managed_policy_name.empty()) cfn.managed_policy_name = props.managed_policy_name;
    cfn.path = props.path.empty() ? std::string("/") : props.path;
    cfn.roles = Prop<std::vector<std::string>>::raw(Lazy::uncached_any([this](ResolveContext&) {
        if (roles_.empty()) return Token::undefined();
        Json names = Json::array();
        for (const IRole* r : roles_)
            names.push_back(r->role_name());
        return names;
    }));
    cfn.users = Prop<std::vector<std::string>>::raw(Lazy::uncached_any([this](ResolveContext&) {
        if (users_.empty()) return Token::undefined();
        Json names = Json::array();
        for (const User* u : users_)
            names.push_back(u->user_name());
        return names;
    }));
    cfn.groups = Prop<std::vector<std::string>>::raw(Lazy::uncached_any([this](ResolveContext&) {
        if (groups_.empty()) return Token::undefined();
        Json names = Json::array();
        for (const Group* g : groups_)
            names.push_back(g->group_name());
        return names;
    }));
    resource_ = &make<CfnManagedPolicy>(*this, "Resource", cfn);
    // aws-cdk-lib's order: users, groups, roles.
    for (User* user : props.users)
        attach_to_user(*user);
    for (Group* group : props.groups)
        attach_to_group(*group);
    for (IRole* role : props.roles)
        attach_to_role(*role);
    node().add_validation([this] {
        std::vector<std::string> errors;
        if (document_.is_empty())
            errors.emplace_back("managed policy '" + node().id() +
                                "' is empty; add statements to the policy");
        const std::vector<std::string> more = document_.validate_for_identity_policy();
        errors.insert(errors.end(), more.begin(), more.end());
        return errors;
    });
}

ManagedPolicyReference ManagedPolicy::from_aws_managed_policy_name(const std::string& name) {
    return {"arn:" + Aws::PARTITION + ":iam::aws:policy/" + name};
}

ManagedPolicyReference ManagedPolicy::from_managed_policy_arn(Construct& /*scope*/, std::string_view /*id*/,
                                                              const std::string& arn) {
    return {arn};
}

ManagedPolicyReference ManagedPolicy::from_managed_policy_name(Construct& scope, std::string_view /*id*/,
                                                               const std::string& name) {
    return {"arn:" + detail::stack_partition(scope) + ":iam::" + Stack::of(scope).account() + ":policy/" +
            name};
}

void ManagedPolicy::add_statements(const std::vector<PolicyStatement>& statements) {
    document_.add_statements(statements);
}

void ManagedPolicy::attach_to_role(IRole& role) {
    // aws-cdk-lib compares role ARNs, so the same role imported twice is attached once (aws-cdk 28101).
    for (const IRole* r : roles_) {
        if (r == &role || r->role_arn() == role.role_arn()) return;
    }
    roles_.push_back(&role);
}

void ManagedPolicy::attach_to_user(User& user) {
    for (const User* u : users_) {
        if (u == &user || u->user_arn() == user.user_arn()) return;
    }
    users_.push_back(&user);
}

void ManagedPolicy::attach_to_group(Group& group) {
    for (const Group* g : groups_) {
        if (g == &group || g->group_arn() == group.group_arn()) return;
    }
    groups_.push_back(&group);
}

std::string ManagedPolicy::managed_policy_arn() const {
    return resource_->ref();
}

} // namespace cdk::iam
