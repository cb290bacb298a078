#include "lib/iam/managed_policy.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/role.hpp"
#include "tokens/aws.hpp"
#include "tokens/lazy.hpp"
#include "tokens/token.hpp"

namespace cdk::iam {

ManagedPolicy::ManagedPolicy(Construct& scope, std::string_view id, const ManagedPolicyProps& props)
    : Construct(scope, id), document_(props.document) {
    document_.add_statements(props.statements);
    CfnManagedPolicyProps cfn{.policy_document = Prop<Json>::raw(document_.to_json())};
    if (!props.description.empty()) cfn.description = props.description;
    if (!props.managed_policy_name.empty()) cfn.managed_policy_name = props.managed_policy_name;
    cfn.path = props.path.empty() ? std::string("/") : props.path;
    if (props.path.empty()) cfn.path.reset();
    cfn.roles = Prop<std::vector<std::string>>::raw(Lazy::uncached_any([this](ResolveContext&) {
        if (roles_.empty()) return Token::undefined();
        Json names = Json::array();
        for (const IRole* r : roles_)
            names.push_back(r->role_name());
        return names;
    }));
    resource_ = &make<CfnManagedPolicy>(*this, "Resource", cfn);
    for (IRole* role : props.roles)
        attach_to_role(*role);
    node().add_validation([this] { return document_.validate_for_identity_policy(); });
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
    return {"arn:" + Aws::PARTITION + ":iam::" + Stack::of(scope).account() + ":policy/" + name};
}

void ManagedPolicy::add_statements(const std::vector<PolicyStatement>& statements) {
    document_.add_statements(statements);
}

void ManagedPolicy::attach_to_role(IRole& role) {
    for (const IRole* r : roles_) {
        if (r == &role) return;
    }
    roles_.push_back(&role);
}

std::string ManagedPolicy::managed_policy_arn() const {
    return resource_->ref();
}

} // namespace cdk::iam
