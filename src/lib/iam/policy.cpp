#include "lib/iam/policy.hpp"

#include "lib/iam/feature_flags.hpp"
#include "lib/iam/role.hpp"
#include "tokens/lazy.hpp"
#include "tokens/token.hpp"

namespace cdk::iam {

Policy::Policy(Construct& scope, std::string_view id, const PolicyProps& props)
    : Construct(scope, id), document_(props.document) {
    document_.add_statements(props.statements);
    detail::warn_if_flag_enabled(*this, "@aws-cdk/aws-iam:minimizePolicies");
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
    resource_ = &make<CfnPolicy>(*this, "Resource", cfn);
    for (IRole* role : props.roles)
        role->attach_inline_policy(*this);
    node().add_validation([this] {
        std::vector<std::string> errors = document_.validate_for_identity_policy();
        if (roles_.empty()) errors.emplace_back("policy '" + node().id() + "' is not attached to any role");
        return errors;
    });
}

void Policy::add_statements(const std::vector<PolicyStatement>& statements) {
    document_.add_statements(statements);
}

void Policy::attach_to_role(IRole& role) {
    for (const IRole* r : roles_) {
        if (r == &role) return;
    }
    roles_.push_back(&role);
    role.attach_inline_policy(*this);
}

std::string Policy::policy_name() const {
    return resource_->ref();
}

} // namespace cdk::iam
