#include "lib/iam/grant.hpp"

#include "constructs/construct.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

namespace cdk::iam {

Grant Grant::add_to_principal(const GrantOnPrincipalOptions& options) {
    Grant grant;
    grant.grantee_ = options.grantee.grant_principal().to_string();
    PolicyStatement statement(
        {.actions = options.actions, .resources = options.resource_arns, .conditions = options.conditions});
    const AddToPrincipalPolicyResult added =
        options.grantee.grant_principal().add_to_principal_policy(statement);
    if (!added.statement_added) return grant;
    grant.principal_statement_ = statement;
    if (added.policy_dependable != nullptr) grant.dependables_.push_back(added.policy_dependable);
    return grant;
}

Grant Grant::add_to_principal_or_resource(const GrantWithResourceOptions& options) {
    Grant grant = add_to_principal({.grantee = options.grantee,
                                    .actions = options.actions,
                                    .resource_arns = options.resource_arns,
                                    .conditions = options.conditions});
    const auto account = options.grantee.grant_principal().principal_account();
    const bool same = account && detail::same_account(options.resource.resource_account(), *account);
    if (grant.success() && same) return grant;

    PolicyStatement statement(
        {.actions = options.actions,
         .principals = {Principal(options.grantee.grant_principal())},
         .resources = options.resource_self_arns.empty() ? options.resource_arns : options.resource_self_arns,
         .conditions = options.conditions});
    const AddToResourcePolicyResult result = options.resource.add_to_resource_policy(statement);
    Grant out;
    out.grantee_ = grant.grantee_;
    out.resource_statement_ = statement;
    if (result.statement_added && result.policy_dependable != nullptr) {
        out.dependables_.push_back(result.policy_dependable);
    }
    return out;
}

Grant Grant::add_to_principal_and_resource(const GrantWithResourceOptions& options) {
    Grant grant = add_to_principal({.grantee = options.grantee,
                                    .actions = options.actions,
                                    .resource_arns = options.resource_arns,
                                    .conditions = options.conditions});
    PolicyStatement statement(
        {.actions = options.actions,
         .principals = {Principal(options.grantee.grant_principal())},
         .resources = options.resource_self_arns.empty() ? options.resource_arns : options.resource_self_arns,
         .conditions = options.conditions});
    const AddToResourcePolicyResult result = options.resource.add_to_resource_policy(statement);
    grant.resource_statement_ = statement;
    if (result.statement_added && result.policy_dependable != nullptr) {
        grant.dependables_.push_back(result.policy_dependable);
    }
    return grant;
}

void Grant::apply_before(const std::vector<Construct*>& constructs) const {
    for (Construct* c : constructs) {
        for (Construct* d : dependables_)
            c->node().add_dependency(*d);
    }
}

void Grant::assert_success() const {
    if (!success()) {
        throw ValidationError("the permissions for " + grantee_ +
                              " could not be added: it has no policy and the resource has none either; "
                              "grant to a role or give the resource a policy");
    }
}

namespace detail {

bool same_account(const std::string& a, const std::string& b) {
    const bool ua = Token::is_unresolved(a);
    const bool ub = Token::is_unresolved(b);
    if (ua && ub) return true;
    if (ua || ub) return false;
    return a == b;
}

} // namespace detail
} // namespace cdk::iam
