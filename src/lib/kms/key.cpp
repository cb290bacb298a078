#include "lib/kms/key.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/feature_flags.hpp"
#include "lib/iam/role.hpp"
#include "tokens/arn.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/token.hpp"

#include <algorithm>

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
            throw ValidationError("key ARN '" + arn_ +
                                      "' is not arn:<partition>:kms:<region>:<account>:key/<id>",
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

iam::Grant IKey::grant_admin(const iam::IGrantable& grantee) {
    return grant(grantee,
                 {"kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*",
                  "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource",
                  "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"});
}

iam::Grant IKey::grant_sign(const iam::IGrantable& grantee) {
    return grant(grantee, {"kms:Sign"});
}

iam::Grant IKey::grant_verify(const iam::IGrantable& grantee) {
    return grant(grantee, {"kms:Verify"});
}

iam::Grant IKey::grant_sign_verify(const iam::IGrantable& grantee) {
    return grant(grantee, {"kms:Sign", "kms:Verify"});
}

iam::Grant IKey::grant_generate_mac(const iam::IGrantable& grantee) {
    return grant(grantee, {"kms:GenerateMac"});
}

iam::Grant IKey::grant_verify_mac(const iam::IGrantable& grantee) {
    return grant(grantee, {"kms:VerifyMac"});
}

std::string to_string(KeySpec spec) {
    switch (spec) {
    case KeySpec::SymmetricDefault: return "SYMMETRIC_DEFAULT";
    case KeySpec::Rsa2048: return "RSA_2048";
    case KeySpec::Rsa3072: return "RSA_3072";
    case KeySpec::Rsa4096: return "RSA_4096";
    case KeySpec::EccNistP256: return "ECC_NIST_P256";
    case KeySpec::EccNistP384: return "ECC_NIST_P384";
    case KeySpec::EccNistP521: return "ECC_NIST_P521";
    case KeySpec::EccSecgP256k1: return "ECC_SECG_P256K1";
    case KeySpec::Hmac224: return "HMAC_224";
    case KeySpec::Hmac256: return "HMAC_256";
    case KeySpec::Hmac384: return "HMAC_384";
    case KeySpec::Hmac512: return "HMAC_512";
    case KeySpec::Sm2: return "SM2";
    case KeySpec::MlDsa44: return "ML_DSA_44";
    case KeySpec::MlDsa65: return "ML_DSA_65";
    case KeySpec::MlDsa87: return "ML_DSA_87";
    case KeySpec::EccNistEdwards25519: return "ECC_NIST_EDWARDS25519";
    }
    return "SYMMETRIC_DEFAULT";
}

std::string to_string(KeyUsage usage) {
    switch (usage) {
    case KeyUsage::EncryptDecrypt: return "ENCRYPT_DECRYPT";
    case KeyUsage::SignVerify: return "SIGN_VERIFY";
    case KeyUsage::GenerateVerifyMac: return "GENERATE_VERIFY_MAC";
    case KeyUsage::KeyAgreement: return "KEY_AGREEMENT";
    }
    return "ENCRYPT_DECRYPT";
}

namespace {

/// aws-cdk-lib's denyLists: the specs a usage does not allow.
bool spec_allowed(KeySpec spec, KeyUsage usage) {
    using S = KeySpec;
    const auto in = [spec](std::initializer_list<S> list) {
        return std::find(list.begin(), list.end(), spec) != list.end();
    };
    switch (usage) {
    case KeyUsage::EncryptDecrypt:
        return !in({S::EccNistP256, S::EccNistP384, S::EccNistP521, S::EccSecgP256k1, S::Hmac224, S::Hmac256,
                    S::Hmac384, S::Hmac512, S::MlDsa44, S::MlDsa65, S::MlDsa87});
    case KeyUsage::SignVerify:
        return !in({S::SymmetricDefault, S::Hmac224, S::Hmac256, S::Hmac384, S::Hmac512});
    case KeyUsage::GenerateVerifyMac:
        return !in({S::Rsa2048, S::Rsa3072, S::Rsa4096, S::EccNistP256, S::EccNistP384, S::EccNistP521,
                    S::EccSecgP256k1, S::SymmetricDefault, S::Sm2, S::MlDsa44, S::MlDsa65, S::MlDsa87});
    case KeyUsage::KeyAgreement:
        return !in({S::SymmetricDefault, S::Rsa2048, S::Rsa3072, S::Rsa4096, S::EccSecgP256k1, S::Hmac224,
                    S::Hmac256, S::Hmac384, S::Hmac512, S::MlDsa44, S::MlDsa65, S::MlDsa87});
    }
    return true;
}

} // namespace

Key::Key(Construct& scope, std::string_view id, const KeyProps& props) : Construct(scope, id) {
    const KeySpec spec = props.key_spec.value_or(KeySpec::SymmetricDefault);
    const KeyUsage usage = props.key_usage.value_or(KeyUsage::EncryptDecrypt);
    if (!spec_allowed(spec, usage)) {
        throw ValidationError("key spec '" + to_string(spec) + "' is not valid with usage '" +
                                  to_string(usage) + "'",
                              node().path());
    }
    const bool rotation = props.enable_key_rotation.value_or(false);
    const std::string spec_name = to_string(spec);
    if (spec_name.rfind("HMAC", 0) == 0 && rotation)
        throw ValidationError("key rotation cannot be enabled on HMAC keys", node().path());
    if (spec != KeySpec::SymmetricDefault && rotation)
        throw ValidationError("key rotation cannot be enabled on asymmetric keys", node().path());
    std::optional<bool> enable_rotation = props.enable_key_rotation;
    if (props.rotation_period) {
        if (props.enable_key_rotation == false) {
            throw ValidationError("rotation_period cannot be specified when enable_key_rotation is disabled",
                                  node().path());
        }
        const double days = props.rotation_period->to_days();
        if (days < 90 || days > 2560) {
            throw ValidationError("rotation_period must be between 90 and 2560 days, got " +
                                      std::to_string(static_cast<long long>(days)),
                                  node().path());
        }
        if (!enable_rotation) enable_rotation = true;
    }
    if (props.policy) {
        // A given policy replaces the default one (aws-cdk-lib: `props.policy ||
        // this.addDefaultAdminPolicy()`).
        policy_ = *props.policy;
    } else {
        // CDK default key policy (defaultKeyPolicies): the account root may administer and use the key.
        policy_.add_statements({iam::PolicyStatement(
            {.actions = {"kms:*"}, .principals = {iam::AccountRootPrincipal()}, .resources = {"*"}})});
    }

    CfnKeyProps cfn{.key_policy = Prop<Json>::raw(policy_.to_json())};
    if (!props.description.empty()) cfn.description = props.description;
    if (enable_rotation) cfn.enable_key_rotation = *enable_rotation;
    if (props.enabled) cfn.enabled = *props.enabled;
    if (props.key_spec) cfn.key_spec = to_string(*props.key_spec);
    if (props.key_usage) cfn.key_usage = to_string(*props.key_usage);
    if (props.multi_region) cfn.multi_region = *props.multi_region;
    if (props.rotation_period) cfn.rotation_period_in_days = props.rotation_period->to_days();
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
    for (const iam::IGrantable* admin : props.admins) {
        if (admin == nullptr)
            throw ValidationError("key '" + node().id() + "': an admin is null", node().path());
        grant_admin(*admin);
    }
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
    if (Token::is_unresolved(name)) {
        // CDK: a name starting with a literal gets the prefix unless that literal has it
        // (Tokenization.reverseString(...).firstValue without a first token).
        const auto fragments = detail::split_string(name);
        if (!fragments.empty() && fragments.front().token == nullptr && !fragments.front().literal.empty()) {
            const std::string& first = fragments.front().literal;
            if (first.rfind("alias/", 0) != 0) name = "alias/" + name;
        }
    } else {
        if (name.rfind("alias/", 0) != 0) name = "alias/" + name;
        if (name == "alias/" || name.rfind("alias/aws/", 0) == 0) {
            throw ValidationError("alias name '" + name + "' must not be empty or start with 'alias/aws/'",
                                  node().path());
        }
    }
    name_ = name;
    resource_ = &make<CfnAlias>(
        *this, "Resource", CfnAliasProps{.alias_name = name, .target_key_id = props.target_key->key_arn()});
    if (props.removal_policy) resource_->apply_removal_policy(*props.removal_policy);
}

std::string Alias::alias_name() const {
    return iam::detail::flag_enabled(*this, "@aws-cdk/aws-kms:aliasNameRef") ? resource_->ref() : name_;
}

} // namespace cdk::kms
