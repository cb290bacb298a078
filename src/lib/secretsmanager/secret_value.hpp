#pragma once

#include <string>

namespace cdk {

/// Options of SecretValue::secrets_manager (CDK: SecretsManagerSecretOptions).
struct SecretsManagerSecretOptions {
    /// A key of the secret's JSON value; the whole SecretString when empty.
    std::string json_field;
    /// The version stage (e.g. `AWSCURRENT`); not with `version_id`.
    std::string version_stage;
    /// The version id; not with `version_stage`.
    std::string version_id;
};

/// A secret resolved by CloudFormation at deploy time (CDK: SecretValue): a dynamic reference
/// (`{{resolve:secretsmanager:...}}`, `{{resolve:ssm-secure:...}}`) or, unsafely, a plain value.
/// `to_string()` is what goes into the template.
class SecretValue {
public:
    /// A Secrets Manager secret by name or ARN:
    /// `{{resolve:secretsmanager:<id>:SecretString:<json_field>:<version_stage>:<version_id>}}`.
    [[nodiscard]] static SecretValue secrets_manager(const std::string& secret_id,
                                                     const SecretsManagerSecretOptions& options = {});
    /// An SSM SecureString parameter: `{{resolve:ssm-secure:<name>}}` or
    /// `{{resolve:ssm-secure:<name>:<version>}}`.
    [[nodiscard]] static SecretValue ssm_secure(const std::string& parameter_name,
                                                const std::string& version = "");
    /// A value written into the template as is (visible to anyone who can read the template).
    [[nodiscard]] static SecretValue unsafe_plain_text(const std::string& secret);
    /// A CloudFormation dynamic reference `{{resolve:<service>:<key>}}`.
    [[nodiscard]] static SecretValue cfn_dynamic_reference(const std::string& service,
                                                           const std::string& key);

    /// The value as written into the template.
    [[nodiscard]] const std::string& to_string() const { return value_; }
    /// True when the value is plain text (unsafe_plain_text).
    [[nodiscard]] bool is_plain_text() const { return plain_text_; }

private:
    SecretValue(std::string value, bool plain_text) : value_(std::move(value)), plain_text_(plain_text) {}

    std::string value_;
    bool plain_text_ = false;
};

} // namespace cdk
