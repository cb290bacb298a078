#include "lib/iam/role.hpp"

#include "constructs/annotations.hpp"
#include "constructs/aspects.hpp"
#include "constructs/stack.hpp"
#include "constructs/unique_id.hpp"
#include "lib/iam/feature_flags.hpp"
#include "tokens/arn.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/lazy.hpp"
#include "tokens/token.hpp"

namespace cdk::iam {
namespace {

/// The name of a role from its ARN's parts (`arn:aws:iam::1111:role/path/name` → `name`).
std::string role_name_from_arn(const ArnComponents& parts, const std::string& arn) {
    if (!parts.resource_name || parts.resource_name->empty()) {
        throw ValidationError("role ARN '" + arn +
                              "' has no resource name; expected arn:<partition>:iam::<account>:role/<name>");
    }
    if (Token::is_unresolved(*parts.resource_name)) return *parts.resource_name;
    const auto slash = parts.resource_name->rfind('/');
    return slash == std::string::npos ? *parts.resource_name : parts.resource_name->substr(slash + 1);
}

/// A role defined outside the app (CDK: Role.fromRoleArn's Import).
class ImportedRole : public Construct, public IRole {
public:
    ImportedRole(Construct& scope, std::string_view id, std::string arn, const FromRoleArnOptions& options)
        : Construct(scope, id), arn_(std::move(arn)), mutable_(options.mutable_) {
        const ArnComponents parts = Arn::split(arn_, ArnFormat::SlashResourceName);
        name_ = role_name_from_arn(parts, arn_);
        account_ = parts.account;
    }

    std::string role_arn() const override { return arn_; }
    std::string role_name() const override { return name_; }
    Construct& role_construct() override { return *this; }
    std::optional<std::string> principal_account() const override {
        if (account_.empty()) return std::nullopt;
        return account_;
    }
    std::string to_string() const override { return node().path(); }

    void attach_inline_policy(Policy& policy) override {
        if (mutable_) policy.attach_to_role(*this);
    }
    void add_managed_policy(const ManagedPolicyReference& /*policy*/) override {}
    AddToPrincipalPolicyResult add_to_policy(const PolicyStatement& statement) override {
        if (!mutable_) return {.statement_added = true, .policy_dependable = nullptr};
        if (policy_ == nullptr) {
            // With the flag aws-cdk-lib also names the policy after the id: `new Policy(this, id,
            // {policyName: id})`.
            const std::string id = default_policy_id();
            const bool unique = id != "Policy";
            policy_ = &make<Policy>(*this, id, PolicyProps{.policy_name = unique ? id : std::string()});
            attach_inline_policy(*policy_);
        }
        policy_->add_statements({statement});
        return {.statement_added = true, .policy_dependable = policy_};
    }

private:
    /// `Policy`, or with @aws-cdk/aws-iam:importedRoleStackSafeDefaultPolicyName `Policy<unique id>` (so two
    /// imports of one role in different stacks get different policy names), as aws-cdk-lib names it.
    std::string default_policy_id() const {
        const std::string prefix = "Policy";
        if (!detail::flag_enabled(*this, "@aws-cdk/aws-iam:importedRoleStackSafeDefaultPolicyName"))
            return prefix;
        std::vector<std::string> components;
        const auto scopes = node().scopes();
        for (size_t i = 1; i < scopes.size(); ++i)
            components.push_back(scopes[i]->node().id());
        constexpr size_t kMaxPolicyNameLen = 128;
        std::string id = prefix + make_unique_id(components);
        if (id.size() > kMaxPolicyNameLen)
            id = prefix + make_unique_resource_name(components, kMaxPolicyNameLen - prefix.size());
        return id;
    }

    std::string arn_;
    std::string name_;
    std::string account_;
    bool mutable_;
    Policy* policy_ = nullptr;
};

} // namespace

PrincipalPolicyFragment IRole::policy_fragment() const {
    return {.principal_json = {{"AWS", Json::array({role_arn()})}}, .conditions = Json::object()};
}

AddToPrincipalPolicyResult IRole::add_to_principal_policy(const PolicyStatement& statement) const {
    // A role is a construct owned by the app; grants reach it through const interfaces.
    return const_cast<IRole*>(this)->add_to_policy(statement);
}

std::shared_ptr<const IPrincipal> IRole::clone() const {
    return std::shared_ptr<const IPrincipal>(std::shared_ptr<const IPrincipal>(), this);
}

Grant IRole::grant(const IGrantable& grantee, const std::vector<std::string>& actions) const {
    return Grant::add_to_principal({.grantee = grantee, .actions = actions, .resource_arns = {role_arn()}});
}

Role::Role(Construct& scope, std::string_view id, const RoleProps& props)
    : Construct(scope, id), managed_policies_(props.managed_policies),
      inline_policies_(props.inline_policies) {
    if (!props.assumed_by) {
        throw ValidationError("role '" + node().id() +
                                  "' needs assumed_by (the principal trusted to assume it)",
                              node().path());
    }
    props.assumed_by->add_to_assume_role_policy(assume_role_policy_);
    if (!props.external_ids.empty()) {
        // CDK: the external ids are a condition on every trust statement.
        PolicyDocument with_ids;
        for (PolicyStatement s : assume_role_policy_.statements()) {
            s.add_condition("StringEquals", {{"sts:ExternalId", props.external_ids.size() == 1
                                                                    ? Json(props.external_ids.front())
                                                                    : Json(props.external_ids)}});
            with_ids.add_statements({s});
        }
        assume_role_policy_ = with_ids;
    }
    if (props.max_session_duration) {
        const double seconds = props.max_session_duration->to_seconds();
        if (seconds < 3600 || seconds > 43200) {
            throw ValidationError("max_session_duration of role '" + node().id() + "' is " +
                                      std::to_string(static_cast<long long>(seconds)) +
                                      " seconds; it must be between 3600 and 43200 (1 to 12 hours)",
                                  node().path());
        }
    }

    CfnRoleProps cfn{.assume_role_policy_document = Prop<Json>::raw(assume_role_policy_.to_json())};
    if (!props.description.empty()) cfn.description = props.description;
    cfn.managed_policy_arns = Prop<std::vector<std::string>>::raw(Lazy::uncached_any([this](ResolveContext&) {
        if (managed_policies_.empty()) return Token::undefined();
        Json arns = Json::array();
        for (const auto& p : managed_policies_)
            arns.push_back(p.managed_policy_arn);
        return arns;
    }));
    if (props.max_session_duration) cfn.max_session_duration = props.max_session_duration->to_seconds();
    if (!props.path.empty()) cfn.path = props.path;
    if (props.permissions_boundary) cfn.permissions_boundary = props.permissions_boundary->managed_policy_arn;
    cfn.policies = Prop<std::vector<CfnRolePolicyProperty>>::raw(Lazy::uncached_any([this](ResolveContext&) {
        if (inline_policies_.empty()) return Token::undefined();
        Json policies = Json::array();
        for (const auto& [name, document] : inline_policies_) {
            policies.push_back({{"PolicyDocument", document.to_json()}, {"PolicyName", name}});
        }
        return policies;
    }));
    if (!props.role_name.empty()) cfn.role_name = props.role_name;
    resource_ = &make<CfnRole>(*this, "Resource", cfn);

    // CDK: an aspect of the role merges its default policy's statements and moves what does not fit in an
    // inline policy into managed policies, before synthesis.
    class SplitLargePolicy : public IAspect {
    public:
        explicit SplitLargePolicy(Role& role) : role_(&role) {}
        void visit(Construct& node) override {
            if (&node == role_) role_->split_large_policy();
        }

    private:
        Role* role_;
    };
    Aspects::of(*this).add(std::make_shared<SplitLargePolicy>(*this));
}

void Role::split_large_policy() {
    // CDK: MAX_INLINE_SIZE, MAX_MANAGEDPOL_SIZE.
    constexpr size_t kMaxInlineSize = 10000;
    constexpr size_t kMaxManagedPolicySize = 6000;
    if (default_policy_ == nullptr || did_split_) return;
    did_split_ = true;
    std::vector<PolicyDocument> split_off =
        default_policy_->document().split_document(*this, kMaxInlineSize, kMaxManagedPolicySize);
    const size_t count = managed_policies_.size() + split_off.size();
    if (count > 20) {
        Annotations::of(*this).add_warning("Policy too large: " + std::to_string(count) +
                                           " exceeds the maximum of 20 managed policies attached to a Role");
    } else if (count > 10) {
        Annotations::of(*this).add_warning("Policy large: " + std::to_string(count) +
                                           " exceeds 10 managed policies attached to a Role, this requires a "
                                           "quota increase");
    }
    for (size_t i = 0; i < split_off.size(); ++i) {
        make<ManagedPolicy>(*this, "OverflowPolicy" + std::to_string(i + 1),
                            ManagedPolicyProps{.description = "Part of the policies for " + node().path(),
                                               .roles = {this},
                                               .document = split_off[i]});
    }
}

IRole& Role::from_role_arn(Construct& scope, std::string_view id, const std::string& role_arn,
                           const FromRoleArnOptions& options) {
    return make<ImportedRole>(scope, id, role_arn, options);
}

std::optional<std::string> Role::principal_account() const {
    return Stack::of(*this).account();
}

void Role::attach_inline_policy(Policy& policy) {
    for (const Policy* p : attached_policies_) {
        if (p == &policy) return;
    }
    attached_policies_.push_back(&policy);
    policy.attach_to_role(*this);
}

void Role::add_managed_policy(const ManagedPolicyReference& policy) {
    for (const auto& p : managed_policies_) {
        if (p.managed_policy_arn == policy.managed_policy_arn) return;
    }
    managed_policies_.push_back(policy);
}

AddToPrincipalPolicyResult Role::add_to_policy(const PolicyStatement& statement) {
    if (default_policy_ == nullptr) {
        default_policy_ = &make<Policy>(*this, "DefaultPolicy");
        attach_inline_policy(*default_policy_);
    }
    default_policy_->add_statements({statement});
    return {.statement_added = true, .policy_dependable = default_policy_};
}

} // namespace cdk::iam
