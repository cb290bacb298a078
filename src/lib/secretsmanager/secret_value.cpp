#include "lib/secretsmanager/secret_value.hpp"

#include "tokens/errors.hpp"
#include "tokens/token.hpp"

namespace cdk {

SecretValue SecretValue::secrets_manager(const std::string& secret_id,
                                         const SecretsManagerSecretOptions& options) {
    if (secret_id.empty()) throw ValidationError("secrets_manager: the secret id must not be empty");
    if (!Token::is_unresolved(secret_id) && secret_id.rfind("arn:", 0) != 0 &&
        secret_id.find(':') != std::string::npos) {
        throw ValidationError("secrets_manager: a secret name must not contain ':', got '" + secret_id +
                              "'; pass the secret's ARN instead");
    }
    if (!options.version_stage.empty() && !options.version_id.empty()) {
        throw ValidationError(
            "secrets_manager: version_id and version_stage cannot be used together (secret '" + secret_id +
            "')");
    }
    // CDK: [secretId, 'SecretString', jsonField ?? '', versionStage ?? '', versionId ?? ''].join(':')
    const std::string key = secret_id + ":SecretString:" + options.json_field + ":" + options.version_stage +
                            ":" + options.version_id;
    return cfn_dynamic_reference("secretsmanager", key);
}

SecretValue SecretValue::ssm_secure(const std::string& parameter_name, const std::string& version) {
    if (parameter_name.empty()) throw ValidationError("ssm_secure: the parameter name must not be empty");
    return cfn_dynamic_reference("ssm-secure",
                                 version.empty() ? parameter_name : parameter_name + ":" + version);
}

SecretValue SecretValue::unsafe_plain_text(const std::string& secret) {
    return SecretValue(secret, true);
}

SecretValue SecretValue::cfn_dynamic_reference(const std::string& service, const std::string& key) {
    return SecretValue("{{resolve:" + service + ":" + key + "}}", false);
}

} // namespace cdk
