// Secrets Manager operations around the secrets: GetRandomPassword and the resource policies.
#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/secretsmanager/random_password.hpp"
#include "localcloud/secretsmanager/secrets_backend.hpp"
#include "localcloud/secretsmanager/secrets_errors.hpp"

namespace cdk::localcloud::secretsmanager {

Result<Json> SecretsBackend::get_random_password(Tx& tx, const SecretsCall& call, const Json& in) {
    if (auto a = authorize(tx, call, "secretsmanager:GetRandomPassword", "*", call.caller.account(), nullptr);
        !a) {
        return a.error();
    }
    PasswordOptions o;
    o.length = in.value("PasswordLength", 32LL);
    o.exclude_characters = in.value("ExcludeCharacters", "");
    o.exclude_numbers = in.value("ExcludeNumbers", false);
    o.exclude_punctuation = in.value("ExcludePunctuation", false);
    o.exclude_uppercase = in.value("ExcludeUppercase", false);
    o.exclude_lowercase = in.value("ExcludeLowercase", false);
    o.include_space = in.value("IncludeSpace", false);
    o.require_each_included_type = in.value("RequireEachIncludedType", true);
    auto password = random_password(o);
    if (!password) return password.error();
    return Json{{"RandomPassword", *password}};
}

Result<Json> SecretsBackend::put_resource_policy(Tx& tx, const SecretsCall& call, const Json& in) {
    auto found = find(tx, call, in.value("SecretId", ""), "secretsmanager:PutResourcePolicy");
    if (!found) return found.error();
    auto policy = iam::parse_policy_json(in.value("ResourcePolicy", ""));
    if (!policy || !policy->is_object() || !policy->contains("Statement")) {
        return malformed_policy("This resource policy contains a syntax error.");
    }
    if (in.value("BlockPublicPolicy", false)) {
        const Json statements = (*policy)["Statement"].is_array() ? (*policy)["Statement"]
                                                                  : Json::array({(*policy)["Statement"]});
        for (const auto& s : statements) {
            const Json principal = s.value("Principal", Json());
            const bool everyone =
                principal == "*" || (principal.is_object() && principal.value("AWS", Json()) == "*");
            if (s.value("Effect", "") == "Allow" && everyone && !s.contains("Condition")) {
                return make_error("PublicPolicyException",
                                  "This resource policy grants public access to the secret.", 400);
            }
        }
    }
    found->secret["ResourcePolicy"] = *policy;
    if (auto s = save(tx, *found); !s) return s.error();
    return Json{{"ARN", found->secret["ARN"]}, {"Name", found->secret["Name"]}};
}

Result<Json> SecretsBackend::get_resource_policy(Tx& tx, const SecretsCall& call, const Json& in) {
    auto found = find(tx, call, in.value("SecretId", ""), "secretsmanager:GetResourcePolicy");
    if (!found) return found.error();
    Json out{{"ARN", found->secret["ARN"]}, {"Name", found->secret["Name"]}};
    if (found->secret.contains("ResourcePolicy"))
        out["ResourcePolicy"] = found->secret["ResourcePolicy"].dump();
    return out;
}

Result<Json> SecretsBackend::delete_resource_policy(Tx& tx, const SecretsCall& call, const Json& in) {
    auto found = find(tx, call, in.value("SecretId", ""), "secretsmanager:DeleteResourcePolicy");
    if (!found) return found.error();
    found->secret.erase("ResourcePolicy");
    if (auto s = save(tx, *found); !s) return s.error();
    return Json{{"ARN", found->secret["ARN"]}, {"Name", found->secret["Name"]}};
}

} // namespace cdk::localcloud::secretsmanager
