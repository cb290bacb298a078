#include "lib/kms/key.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/role.hpp"
#include "tokens/arn.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/token.hpp"

namespace cdk::kms {
namespace {

const std::vector<std::string> kDecryptActions = {"kms:Decrypt"};
const std::vector<std::string> kEncryptActions = {"kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"};

/// A key defined outside the app (CDK: Key.fromKeyArn); it has no policy to add to.
class ImportedKey : public Construct, public IKey {
public:
    ImportedKey(Construct& scope, std::string_view id, std::string arn)
        : Construct(scope, id), arn_(std::move(arn)) {
        const ArnComponents parts = Arn::split(arn_, ArnFormat::SlashResourceName);
        if (!Token::is_unresolved(arn_) && (parts.service != "kms" || !parts.resource_name)) {
            throw ValidationError("key ARN '" + arn_ + "' is not arn:<partition>:kms:<region>:<account>:key/<id>",
                                  node().path());
        }
        key_id_ = *parts.resource_name;
        account_ = parts.account;
    }
    std::string key_arn() const override { return arn_; }
    std::string key_id() const override { return key_id_; }
    Construct& key_construct() override { return *this; }
    std::string resource_account() const override { return account_; }
    iam::AddToResourcePolicyResult
    add_to_resource_policy(const iam::PolicyStatement& /*statement*/) override {
        return {};
    }

private:
    std::string arn_;
    std::string key_id_;
    std::string account_;
};

/// Whether the grantee is a role defined in another account than the key (CDK: isGranteeFromAnotherAccount).
bool grantee_in_other_account(const iam::IGrantable& grantee, const std::string& key_account) {
    const auto* role = dynamic_cast<const iam::Role*>(&grantee.grant_principal());
    if (role == nullptr) return false;
    const std::string& account = Stack::of(*role).account();
    if (account == key_account) return false;
    return Token::is_unresolved(account) != Token::is_unresolved(key_account) ||
           (!Token::is_unresolved(account) && account != key_account);
}

} // namespace

std::string IKey::resource_account() const {
    return Stack::of(const_cast<IKey*>(this)->key_construct()).account();
}

iam::Grant IKey::grant(const iam::IGrantable& grantee, const std::vector<std::string>& actions) {
    const bool cross = grantee_in_other_account(grantee, resource_account());
    if (cross) {
        return iam::Grant::add_to_principal_and_resource({.grantee = grantee,
                                                          .actions = actions,
                                                          .resource_arns = {key_arn()},
                                                          .resource = *this,
                                                          .resource_self_arns = {"*"}});
    }
    return iam::Grant::add_to_principal_or_resource({.grantee = grantee,
                                                     .actions = actions,
                                                     .resource_arns = {key_arn()},
                                                     .resource = *this,
                                                     .resource_self_arns = {"*"}});
}

iam::Grant IKey::grant_decrypt(const iam::IGrantable& grantee) {
    return grant(grantee, kDecryptActions);
}

iam::Grant IKey::grant_encrypt(const iam::IGrantable& grantee) {
    return grant(grantee, kEncryptActions);
}

iam::Grant IKey::grant_encrypt_decrypt(const iam::IGrantable& grantee) {
    std::vector<std::string> actions = kDecryptActions;
    actions.insert(actions.end(), kEncryptActions.begin(), kEncryptActions.end());
    return grant(grantee, actions);
}

Key::Key(Construct& scope, std::string_view id, const KeyProps& props) : Construct(scope, id) {
    // CDK default key policy (defaultKeyPolicies): the account root may administer and use the key.
    policy_.add_statements({iam::PolicyStatement(
        {.actions = {"kms:*"}, .principals = {iam::AccountRootPrincipal()}, .resources = {"*"}})});
    if (props.policy) policy_.add_statements(props.policy->statements());

    CfnKeyProps cfn{.key_policy = Prop<Json>::raw(policy_.to_json())};
    if (!props.description.empty()) cfn.description = props.description;
    if (props.enable_key_rotation) cfn.enable_key_rotation = *props.enable_key_rotation;
    if (props.enabled) cfn.enabled = *props.enabled;
    if (!props.key_spec.empty()) cfn.key_spec = props.key_spec;
    if (!props.key_usage.empty()) cfn.key_usage = props.key_usage;
    if (props.pending_window) {
        const double days = props.pending_window->to_days();
        if (days < 7 || days > 30) {
            throw ValidationError("pending_window of key '" + node().id() + "' is " +
                                      std::to_string(static_cast<int>(days)) +
                                      " days; it must be between 7 and 30",
                                  node().path());
        }
        cfn.pending_window_in_days = days;
    }
    resource_ = &make<CfnKey>(*this, "Resource", cfn);
    resource_->apply_removal_policy(props.removal_policy.value_or(RemovalPolicy::Retain));
    if (!props.alias.empty()) add_alias(props.alias);
    node().add_validation([this] { return policy_.validate_for_resource_policy(); });
}

IKey& Key::from_key_arn(Construct& scope, std::string_view id, const std::string& key_arn) {
    return make<ImportedKey>(scope, id, key_arn);
}

iam::AddToResourcePolicyResult Key::add_to_resource_policy(const iam::PolicyStatement& statement) {
    policy_.add_statements({statement});
    return {.statement_added = true, .policy_dependable = resource_};
}

Alias& Key::add_alias(const std::string& alias_name) {
    const std::string id = aliases_++ == 0 ? std::string("Alias") : "Alias" + alias_name;
    return make<Alias>(*this, id, AliasProps{.alias_name = alias_name, .target_key = this});
}

Alias::Alias(Construct& scope, std::string_view id, const AliasProps& props) : Construct(scope, id) {
    if (props.target_key == nullptr) {
        throw ValidationError("alias '" + node().id() + "' needs target_key", node().path());
    }
    std::string name = props.alias_name;
    if (!Token::is_unresolved(name)) {
        if (name.rfind("alias/", 0) != 0) name = "alias/" + name;
        if (name == "alias/" || name.rfind("alias/aws/", 0) == 0) {
            throw ValidationError("alias name '" + name + "' must not be empty or start with 'alias/aws/'",
                                  node().path());
        }
    }
    resource_ = &make<CfnAlias>(
        *this, "Resource", CfnAliasProps{.alias_name = name, .target_key_id = props.target_key->key_arn()});
    if (props.removal_policy) resource_->apply_removal_policy(*props.removal_policy);
}

} // namespace cdk::kms
