#include "lib/secretsmanager/secret.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/feature_flags.hpp"
#include "tokens/arn.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"

namespace cdk::secretsmanager {
namespace {

/// A secret known by name (CDK: Secret.fromSecretNameV2).
class ImportedSecret : public Construct, public ISecret {
public:
    ImportedSecret(Construct& scope, std::string_view id, std::string name)
        : Construct(scope, id), name_(std::move(name)) {}
    std::string secret_arn() const override {
        const Stack& stack = Stack::of(*this);
        return "arn:" + iam::detail::stack_partition(stack) + ":secretsmanager:" + stack.region() + ":" +
               stack.account() + ":secret:" + name_;
    }
    std::string secret_name() const override { return name_; }
    std::string arn_for_policies() const override { return secret_arn() + "-??????"; }
    Construct& secret_construct() override { return *this; }

private:
    std::string name_;
};

Json render_generator(const SecretStringGenerator& g, const Construct& scope) {
    if (g.secret_string_template.empty() != g.generate_string_key.empty()) {
        throw ValidationError("`secretStringTemplate` and `generateStringKey` must be specified together",
                              scope.node().path());
    }
    Json out = Json::object();
    if (!g.exclude_characters.empty()) out["ExcludeCharacters"] = g.exclude_characters;
    if (g.exclude_lowercase) out["ExcludeLowercase"] = *g.exclude_lowercase;
    if (g.exclude_numbers) out["ExcludeNumbers"] = *g.exclude_numbers;
    if (g.exclude_punctuation) out["ExcludePunctuation"] = *g.exclude_punctuation;
    if (g.exclude_uppercase) out["ExcludeUppercase"] = *g.exclude_uppercase;
    if (!g.generate_string_key.empty()) out["GenerateStringKey"] = g.generate_string_key;
    if (g.include_space) out["IncludeSpace"] = *g.include_space;
    if (g.password_length) out["PasswordLength"] = *g.password_length;
    if (g.require_each_included_type) out["RequireEachIncludedType"] = *g.require_each_included_type;
    if (!g.secret_string_template.empty()) out["SecretStringTemplate"] = g.secret_string_template;
    return out;
}

} // namespace

std::string ISecret::resource_account() const {
    return Stack::of(const_cast<ISecret*>(this)->secret_construct()).account();
}

iam::AddToResourcePolicyResult ISecret::add_to_resource_policy(const iam::PolicyStatement& /*statement*/) {
    return {};
}

iam::Grant ISecret::grant_read(const iam::IGrantable& grantee) {
    iam::Grant grant = iam::Grant::add_to_principal_or_resource(
        {.grantee = grantee,
         .actions = {"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"},
         .resource_arns = {arn_for_policies()},
         .resource = *this});
    if (kms::IKey* key = encryption_key()) key->grant_decrypt(grantee);
    return grant;
}

iam::Grant ISecret::grant_write(const iam::IGrantable& grantee) {
    iam::Grant grant = iam::Grant::add_to_principal_or_resource(
        {.grantee = grantee,
         .actions = {"secretsmanager:PutSecretValue", "secretsmanager:UpdateSecret",
                     "secretsmanager:UpdateSecretVersionStage"},
         .resource_arns = {arn_for_policies()},
         .resource = *this});
    if (kms::IKey* key = encryption_key()) key->grant_encrypt_decrypt(grantee);
    return grant;
}

Secret::Secret(Construct& scope, std::string_view id, const SecretProps& props)
    : Construct(scope, id), key_(props.encryption_key) {
    if (props.generate_secret_string && props.secret_string_value) {
        throw ValidationError("Cannot specify more than one of `generateSecretString`, `secretStringValue`, "
                              "`secretObjectValue`, and `secretStringBeta1`.",
                              node().path());
    }
    CfnSecretProps cfn;
    if (!props.description.empty()) cfn.description = props.description;
    if (key_ != nullptr) cfn.kms_key_id = key_->key_arn();
    if (props.secret_string_value) {
        cfn.secret_string = props.secret_string_value->to_string();
    } else {
        cfn.generate_secret_string = Prop<CfnSecretGenerateSecretStringProperty>::raw(
            render_generator(props.generate_secret_string.value_or(SecretStringGenerator{}), *this));
    }
    if (!props.secret_name.empty()) cfn.name = props.secret_name;
    resource_ = &make<CfnSecret>(*this, "Resource", cfn);
    resource_->apply_removal_policy(props.removal_policy.value_or(RemovalPolicy::Destroy));
}

std::string Secret::secret_name() const {
    // CDK parseSecretName: the name part of the ARN, without the random suffix.
    const ArnComponents parts = Arn::split(secret_arn(), ArnFormat::ColonResourceName);
    return Fn::select(0, Fn::split("-", parts.resource_name.value_or("")));
}

ISecret& Secret::from_secret_name_v2(Construct& scope, std::string_view id, const std::string& secret_name) {
    return make<ImportedSecret>(scope, id, secret_name);
}

} // namespace cdk::secretsmanager
