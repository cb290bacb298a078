#pragma once

#include "cfn/cfn_resource.hpp"
#include "cfn/duration.hpp"
#include "constructs/construct.hpp"
#include "lib/iam/grant.hpp"
#include "lib/iam/policy_document.hpp"
#include "lib/kms/generated/cfn_kms.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cdk::kms {

class Alias;

/// A KMS key, created here or imported (CDK: IKey). Grants go to the grantee's policy in the same account
/// and to the key policy otherwise.
class IKey : public iam::IResourceWithPolicy {
public:
    [[nodiscard]] virtual std::string key_arn() const = 0;
    [[nodiscard]] virtual std::string key_id() const = 0;
    [[nodiscard]] virtual Construct& key_construct() = 0;

    /// `actions` on this key (CDK: grant).
    iam::Grant grant(const iam::IGrantable& grantee, const std::vector<std::string>& actions);
    /// `kms:Decrypt`.
    iam::Grant grant_decrypt(const iam::IGrantable& grantee);
    /// `kms:Encrypt`, `kms:ReEncrypt*`, `kms:GenerateDataKey*`.
    iam::Grant grant_encrypt(const iam::IGrantable& grantee);
    /// Both of the above.
    iam::Grant grant_encrypt_decrypt(const iam::IGrantable& grantee);
    /// The key administration actions (`kms:Create*`, `kms:Describe*`, ...).
    iam::Grant grant_admin(const iam::IGrantable& grantee);
    /// `kms:Sign`.
    iam::Grant grant_sign(const iam::IGrantable& grantee);
    /// `kms:Verify`.
    iam::Grant grant_verify(const iam::IGrantable& grantee);
    /// `kms:Sign`, `kms:Verify`.
    iam::Grant grant_sign_verify(const iam::IGrantable& grantee);
    /// `kms:GenerateMac`.
    iam::Grant grant_generate_mac(const iam::IGrantable& grantee);
    /// `kms:VerifyMac`.
    iam::Grant grant_verify_mac(const iam::IGrantable& grantee);
    [[nodiscard]] std::string resource_account() const override;
};

/// The key material of a key (CDK: KeySpec).
enum class KeySpec {
    SymmetricDefault,
    Rsa2048,
    Rsa3072,
    Rsa4096,
    EccNistP256,
    EccNistP384,
    EccNistP521,
    EccSecgP256k1,
    Hmac224,
    Hmac256,
    Hmac384,
    Hmac512,
    Sm2,
    MlDsa44,
    MlDsa65,
    MlDsa87,
    EccNistEdwards25519
};
/// `SYMMETRIC_DEFAULT`, `RSA_2048`, `HMAC_256`, ... as CloudFormation spells them.
[[nodiscard]] std::string to_string(KeySpec spec);

/// What a key is for (CDK: KeyUsage).
enum class KeyUsage { EncryptDecrypt, SignVerify, GenerateVerifyMac, KeyAgreement };
/// `ENCRYPT_DECRYPT`, `SIGN_VERIFY`, `GENERATE_VERIFY_MAC`, `KEY_AGREEMENT`.
[[nodiscard]] std::string to_string(KeyUsage usage);

/// Props of a Key (CDK: KeyProps).
struct KeyProps {
    std::string description;
    /// An alias created with the key (`alias/` is prepended when missing).
    std::string alias;
    std::optional<bool> enable_key_rotation;
    /// Between 90 and 2560 days; turns rotation on unless `enable_key_rotation` is false (an error then).
    std::optional<Duration> rotation_period;
    std::optional<bool> enabled;
    /// The key policy; default: the CDK's (`kms:*` for the account root). A given document is used as it is,
    /// without that statement, as aws-cdk-lib does.
    std::optional<iam::PolicyDocument> policy;
    /// Principals granted the key administration actions (CDK: admins).
    std::vector<const iam::IGrantable*> admins;
    std::optional<bool> multi_region;
    std::optional<Duration> pending_window;
    /// Default RETAIN, as the CDK.
    std::optional<RemovalPolicy> removal_policy;
    /// Default SymmetricDefault (not rendered).
    std::optional<KeySpec> key_spec;
    /// Default EncryptDecrypt (not rendered).
    std::optional<KeyUsage> key_usage;
};

/// A customer managed KMS key (CDK: Key), rendered as `AWS::KMS::Key` with the CDK's default key policy
/// (the account root may do `kms:*`, feature flag `@aws-cdk/aws-kms:defaultKeyPolicies` as in aws-cdk-lib
/// v2).
class Key : public Construct, public IKey {
public:
    Key(Construct& scope, std::string_view id, const KeyProps& props = {});

    /// An existing key by ARN (`arn:<partition>:kms:<region>:<account>:key/<id>`).
    [[nodiscard]] static IKey& from_key_arn(Construct& scope, std::string_view id,
                                            const std::string& key_arn);

    [[nodiscard]] std::string key_arn() const override { return resource_->attr_arn(); }
    [[nodiscard]] std::string key_id() const override { return resource_->ref(); }
    [[nodiscard]] Construct& key_construct() override { return *this; }
    iam::AddToResourcePolicyResult add_to_resource_policy(const iam::PolicyStatement& statement) override;
    /// Adds an alias child `Alias` (the first) or `Alias<name>`.
    Alias& add_alias(const std::string& alias_name);
    [[nodiscard]] iam::PolicyDocument& policy() { return policy_; }
    [[nodiscard]] CfnKey& resource() { return *resource_; }

private:
    iam::PolicyDocument policy_;
    CfnKey* resource_ = nullptr;
    int aliases_ = 0;
};

/// Props of an Alias (CDK: AliasProps).
struct AliasProps {
    std::string alias_name;
    IKey* target_key = nullptr;
    std::optional<RemovalPolicy> removal_policy;
};

/// A KMS alias (CDK: Alias), rendered as `AWS::KMS::Alias`.
class Alias : public Construct {
public:
    Alias(Construct& scope, std::string_view id, const AliasProps& props);
    /// The alias name as given (with `alias/`), or with @aws-cdk/aws-kms:aliasNameRef the resource's `Ref`
    /// (which makes users depend on the alias), as aws-cdk-lib returns it.
    [[nodiscard]] std::string alias_name() const;

private:
    std::string name_;
    CfnAlias* resource_ = nullptr;
};

} // namespace cdk::kms
