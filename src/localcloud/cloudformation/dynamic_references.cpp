#include "localcloud/cloudformation/dynamic_references.hpp"

#include "core/json_reader.hpp"
#include "core/random.hpp"
#include "core/strings.hpp"
#include "localcloud/secretsmanager/secrets_backend.hpp"
#include "localcloud/server/cfn_support.hpp"
#include "localcloud/ssm/ssm_backend.hpp"

namespace cdk::localcloud::cloudformation {

namespace {

constexpr std::string_view kOpen = "{{resolve:";
constexpr std::string_view kClose = "}}";

Error reference_error(std::string message) {
    return make_error("ValidationError", std::move(message), 400);
}

/// How CloudFormation reports a failed call to another service on the resource.
Error service_error(const std::string& service, const Error& e) {
    return reference_error(e.message + " (Service: " + service +
                           "; Status Code: " + std::to_string(e.http_status == 0 ? 400 : e.http_status) +
                           "; Error Code: " + e.code + "; Request ID: " + random_uuid() + "; Proxy: null)");
}

/// Resolves the references of one stack resource, each in its own read transaction.
class Resolver {
public:
    Resolver(CloudContext& cloud, const Caller& caller, const Scope& scope) : cloud_(cloud) {
        request_.account = scope.account;
        request_.region = scope.region;
        request_.caller = caller;
    }

    Result<Json> walk(const Json& v) {
        if (v.is_string()) {
            auto s = substitute(v.get_ref<const std::string&>());
            if (!s) return s.error();
            return Json(*s);
        }
        if (!v.is_object() && !v.is_array()) return v;
        Json out = v;
        for (auto it = out.begin(); it != out.end(); ++it) {
            auto r = walk(*it);
            if (!r) return r.error();
            *it = std::move(*r);
        }
        return out;
    }

private:
    Result<std::string> substitute(const std::string& text) {
        std::string out;
        std::size_t pos = 0;
        while (true) {
            const std::size_t open = text.find(kOpen, pos);
            if (open == std::string::npos) break;
            const std::size_t close = text.find(kClose, open + kOpen.size());
            if (close == std::string::npos) break; // not a reference: left as written, as CloudFormation does
            out += text.substr(pos, open - pos);
            auto value = resolve(text.substr(open + kOpen.size(), close - open - kOpen.size()));
            if (!value) return value.error();
            out += *value;
            pos = close + kClose.size();
        }
        return out + text.substr(pos);
    }

    Result<std::string> resolve(const std::string& reference) {
        const auto colon = reference.find(':');
        const std::string service = reference.substr(0, colon);
        const std::string rest = colon == std::string::npos ? "" : reference.substr(colon + 1);
        if (service == "secretsmanager") return secret(rest);
        if (service == "ssm" || service == "ssm-secure") return parameter(rest, service == "ssm-secure");
        return reference_error("Unsupported dynamic reference service: " + service +
                               " (expected secretsmanager, ssm or ssm-secure)");
    }

    Result<std::string> secret(const std::string& rest) {
        std::vector<std::string> parts = strings::split(rest, ":");
        // An ARN is seven colon-separated parts of its own.
        const std::size_t id_parts = strings::starts_with(rest, "arn:") ? 7 : 1;
        if (rest.empty() || parts.size() < id_parts || parts.size() > id_parts + 4) {
            return reference_error(
                "Incorrect format for secretsmanager dynamic reference: {{resolve:secretsmanager:" + rest +
                "}}");
        }
        std::vector<std::string> id(parts.begin(), parts.begin() + static_cast<std::ptrdiff_t>(id_parts));
        std::vector<std::string> opt(parts.begin() + static_cast<std::ptrdiff_t>(id_parts), parts.end());
        opt.resize(4);
        const std::string secret_id = strings::join(id, ":");
        if (!opt[0].empty() && opt[0] != "SecretString") {
            return reference_error(
                "Incorrect format for secretsmanager dynamic reference: the secret value part must "
                "be SecretString, got " +
                opt[0]);
        }
        if (!opt[2].empty() && !opt[3].empty()) {
            return reference_error(
                "You can't specify both a version stage and a version id in a secretsmanager "
                "dynamic reference.");
        }
        Json in{{"SecretId", secret_id}};
        if (!opt[2].empty()) in["VersionStage"] = opt[2];
        if (!opt[3].empty()) in["VersionId"] = opt[3];
        secretsmanager::SecretsBackend backend(cloud_);
        const secretsmanager::SecretsCall call{request_.caller, request_.region, cfn::call_context(request_)};
        auto value = cloud_.store.read<Json>([&](Tx& tx) { return backend.get_secret_value(tx, call, in); });
        if (!value) return service_error("AWSSecretsManager", value.error());
        if (!value->contains("SecretString")) {
            return reference_error("The secret " + secret_id +
                                   " holds a SecretBinary; dynamic references read SecretString only.");
        }
        const std::string text = (*value)["SecretString"];
        if (opt[1].empty()) return text;
        auto doc = json::parse(text, json::ParseLimits{64, 65536});
        if (!doc || !doc->is_object()) {
            return reference_error("Could not parse SecretString JSON of secret " + secret_id);
        }
        if (!doc->contains(opt[1])) {
            return reference_error("Could not find SecretKey " + opt[1] + " in secret " + secret_id);
        }
        const Json& v = (*doc)[opt[1]];
        return v.is_string() ? v.get<std::string>() : v.dump();
    }

    Result<std::string> parameter(const std::string& rest, bool secure) {
        const std::string kind = secure ? "ssm-secure" : "ssm";
        if (rest.empty() || strings::split(rest, ":").size() > 2) {
            return reference_error("Incorrect format for " + kind + " dynamic reference: {{resolve:" + kind +
                                   ":" + rest + "}}");
        }
        ssm::SsmBackend backend(cloud_);
        cfn::ProviderCall call(request_);
        auto p =
            cloud_.store.read<Json>([&](Tx& tx) { return backend.get(tx, call.context(), rest, secure); });
        if (!p) {
            if (p.error().code == "ParameterNotFound") {
                return reference_error("Parameters: [" + rest + "] cannot be found.");
            }
            return service_error("AWSSimpleSystemsManagement", p.error());
        }
        const std::string type = (*p)["Type"];
        if (secure && type != "SecureString") {
            return reference_error("Parameter " + rest + " is of type " + type +
                                   "; use {{resolve:ssm:...}} for String and StringList parameters.");
        }
        if (!secure && type == "SecureString") {
            return reference_error("Parameter " + rest +
                                   " is a SecureString; use {{resolve:ssm-secure:...}} to reference it.");
        }
        return (*p)["Value"].get<std::string>();
    }

    CloudContext& cloud_;
    ResourceRequest request_;
};

} // namespace

bool has_dynamic_reference(const Json& value) {
    if (value.is_string()) return value.get_ref<const std::string&>().find(kOpen) != std::string::npos;
    if (value.is_object() || value.is_array()) {
        for (const auto& v : value) {
            if (has_dynamic_reference(v)) return true;
        }
    }
    return false;
}

Result<Json> resolve_dynamic_references(CloudContext& cloud, const Caller& caller, const Scope& scope,
                                        const Json& properties) {
    if (!has_dynamic_reference(properties)) return properties;
    Resolver resolver(cloud, caller, scope);
    return resolver.walk(properties);
}

} // namespace cdk::localcloud::cloudformation
