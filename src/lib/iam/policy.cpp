#include "lib/iam/policy.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/role.hpp"
#include "lib/iam/user.hpp"
#include "tokens/errors.hpp"
#include "tokens/lazy.hpp"
#include "tokens/token.hpp"

namespace cdk::iam {

namespace detail {

namespace {
[[noreturn]] void needs_resource_policy(const Construct& policy) {
    throw ValidationError(
        "This grant operation needs to add a resource policy so needs access to a principal. "
        "Grant permissions to a Role or User, instead of a Policy.",
        policy.node().path());
}
} // namespace

PrincipalPolicyFragment PolicyGrantPrincipal::policy_fragment() const {
    needs_resource_policy(*policy_);
}

std::string PolicyGrantPrincipal::assume_role_action() const {
    needs_resource_policy(*policy_);
}

std::optional<std::string> PolicyGrantPrincipal::principal_account() const {
    return Stack::of(*policy_).account();
}

AddToPrincipalPolicyResult
PolicyGrantPrincipal::add_to_principal_policy(const PolicyStatement& statement) const {
    add_(statement);
    return {.statement_added = true, .policy_dependable = dependable_};
}

} // namespace detail

Policy::Policy(Construct& scope, std::string_view id, const PolicyProps& props)
    : Construct(scope, id), document_(props.document),
      grant_principal_(
          *this, [this](const PolicyStatement& s) { add_statements({s}); }, this) {
    document_.add_statements(props.statements);
    CfnPolicyProps cfn{.policy_document = Prop<Json>::raw(document_.to_json())};
    if (!props.policy_name.empty()) {
        cfn.policy_name = props.policy_name;
    } else {
        // CDK generatePolicyName: the last 128 characters of the resource's logical id.
        cfn.policy_name = Lazy::uncached_string([this] {
            const std::string logical_id = resource_->logical_id();
            return logical_id.size() > 128 ? logical_id.substr(logical_id.size() - 128) : logical_id;
        });
    }
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
    resource_ = &make<CfnPolicy>(*this, "Resource", cfn);
    // aws-cdk-lib's order: users, groups, roles.
    for (User* user : props.users)
        attach_to_user(*user);
    for (Group* group : props.groups)
        attach_to_group(*group);
    for (IRole* role : props.roles)
        role->attach_inline_policy(*this);
    node().add_validation([this] {
        std::vector<std::string> errors = document_.validate_for_identity_policy();
        if (roles_.empty() && users_.empty() && groups_.empty())
            errors.emplace_back("policy '" + node().id() + "' is not attached to any role, user or group");
        return errors;
    });
}

void Policy::add_statements(const std::vector<PolicyStatement>& statements) {
    document_.add_statements(statements);
}

void Policy::attach_to_role(IRole& role) {
    // aws-cdk-lib compares role ARNs, so the same role imported twice is attached once (aws-cdk 28101).
    for (const IRole* r : roles_) {
        if (r == &role || r->role_arn() == role.role_arn()) return;
    }
    roles_.push_back(&role);
    role.attach_inline_policy(*this);
}

void Policy::attach_to_user(User& user) {
    for (const User* u : users_) {
        if (u == &user || u->user_arn() == user.user_arn()) return;
    }
    users_.push_back(&user);
    user.attach_inline_policy(*this);
}

void Policy::attach_to_group(Group& group) {
    for (const Group* g : groups_) {
        if (g == &group || g->group_arn() == group.group_arn()) return;
    }
    groups_.push_back(&group);
    group.attach_inline_policy(*this);
}

std::string Policy::policy_name() const {
    return resource_->ref();
}

} // namespace cdk::iam
