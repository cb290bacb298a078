#include "aws/auth/session.hpp"

#include "aws/http/curl_http_client.hpp"
#include "aws/protocol/model.hpp"
#include "core/parse_int.hpp"
#include "core/strings.hpp"

#include <set>

namespace cdk::aws::auth {

namespace {

bool is_true(const std::optional<std::string>& v) {
    return v && strings::to_lower(*v) == "true";
}

Endpoint custom(std::string url, const std::string& region, std::string source) {
    return Endpoint{std::move(url), region, true, std::move(source)};
}

struct ChainContext {
    const SharedConfig& config;
    const Environment& env;
    const std::string& session_region;
    const std::string& explicit_endpoint_url;
    std::shared_ptr<http::HttpClient> http;
    const http::RetryPolicy& retry;
};

std::optional<Credentials> env_credentials(const Environment& env) {
    auto id = env.non_empty("AWS_ACCESS_KEY_ID");
    auto secret = env.non_empty("AWS_SECRET_ACCESS_KEY");
    if (!id || !secret) return std::nullopt;
    return Credentials{*id, *secret, env.non_empty("AWS_SESSION_TOKEN").value_or(""), std::nullopt};
}

Result<std::shared_ptr<CredentialsProvider>>
profile_provider(const ChainContext& ctx, const std::string& name, std::set<std::string> visited);

Result<std::shared_ptr<CredentialsProvider>> static_profile(const ChainContext& ctx,
                                                            const std::string& name) {
    auto id = ctx.config.get(name, "aws_access_key_id");
    auto secret = ctx.config.get(name, "aws_secret_access_key");
    if (!id || !secret || id->empty() || secret->empty()) {
        return make_error("InvalidProfile", "profile '" + name +
                                                "' has aws_access_key_id without aws_secret_access_key "
                                                "(or the reverse); set both in " +
                                                ctx.config.credentials_path.string());
    }
    Credentials c{*id, *secret, ctx.config.get(name, "aws_session_token").value_or(""), std::nullopt};
    return std::shared_ptr<CredentialsProvider>(std::make_shared<StaticCredentialsProvider>(
        std::move(c),
        "profile '" + name + "' in " + ctx.config.source_of(name, "aws_access_key_id").string()));
}

Result<std::shared_ptr<CredentialsProvider>>
profile_provider(const ChainContext& ctx, const std::string& name, std::set<std::string> visited) {
    if (!ctx.config.has_profile(name)) {
        return make_error("ProfileNotFound", "profile '" + name + "' is in neither " +
                                                 ctx.config.config_path.string() + " nor " +
                                                 ctx.config.credentials_path.string());
    }
    if (visited.contains(name)) {
        return make_error("InvalidProfile", "profiles form a source_profile cycle through '" + name + "'");
    }
    visited.insert(name);
    if (auto role_arn = ctx.config.get(name, "role_arn")) {
        std::shared_ptr<CredentialsProvider> source;
        std::string source_words;
        if (auto source_profile = ctx.config.get(name, "source_profile")) {
            if (*source_profile == name && ctx.config.get(name, "aws_access_key_id")) {
                auto s = static_profile(ctx, name);
                if (!s) return s;
                source = *s;
            } else {
                auto s = profile_provider(ctx, *source_profile, visited);
                if (!s) return s;
                source = *s;
            }
            source_words = "source_profile '" + *source_profile + "'";
        } else if (auto credential_source = ctx.config.get(name, "credential_source")) {
            if (*credential_source != "Environment") {
                return make_error("InvalidProfile",
                                  "profile '" + name + "': credential_source '" + *credential_source +
                                      "' is not supported; use Environment or source_profile");
            }
            auto creds = env_credentials(ctx.env);
            if (!creds) {
                return make_error("NoCredentials", "profile '" + name +
                                                       "' uses credential_source Environment but "
                                                       "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set");
            }
            source = std::make_shared<StaticCredentialsProvider>(*creds, "environment variables");
            source_words = "credential_source Environment";
        } else {
            return make_error("InvalidProfile", "profile '" + name +
                                                    "' has role_arn but neither source_profile nor "
                                                    "credential_source");
        }
        AssumeRoleParams params;
        params.role_arn = *role_arn;
        params.session_name = ctx.config.get(name, "role_session_name").value_or("");
        params.external_id = ctx.config.get(name, "external_id").value_or("");
        if (auto d = ctx.config.get(name, "duration_seconds")) {
            const auto seconds = cdk::parse_int<int>(strings::trim(*d));
            if (!seconds) {
                return make_error("InvalidProfile", "profile '" + name +
                                                        "': duration_seconds must be a number, got '" + *d +
                                                        "'");
            }
            params.duration_seconds = *seconds;
        }
        // The role is assumed at the STS endpoint configured for this profile, in its region.
        const std::string region = ctx.config.get(name, "region").value_or(ctx.session_region);
        auto endpoint = resolve_endpoint("sts", region, ctx.config, name, ctx.env, ctx.explicit_endpoint_url);
        if (!endpoint) return endpoint.error();
        ClientConfig sts;
        sts.region = region;
        sts.endpoint = *endpoint;
        sts.http = ctx.http;
        sts.retry = ctx.retry;
        const std::string words = "role " + *role_arn + " assumed by profile '" + name + "' (" +
                                  source_words + ": " + source->describe() + ")";
        return std::shared_ptr<CredentialsProvider>(std::make_shared<AssumeRoleCredentialsProvider>(
            source, std::move(params), std::move(sts), words));
    }
    if (ctx.config.get(name, "aws_access_key_id") || ctx.config.get(name, "aws_secret_access_key")) {
        return static_profile(ctx, name);
    }
    if (auto process = ctx.config.get(name, "credential_process")) {
        return std::shared_ptr<CredentialsProvider>(std::make_shared<ProcessCredentialsProvider>(
            *process, "credential_process of profile '" + name + "' in " +
                          ctx.config.source_of(name, "credential_process").string()));
    }
    if (ctx.config.get(name, "sso_start_url") || ctx.config.get(name, "sso_session")) {
        return make_error("InvalidProfile",
                          "profile '" + name +
                              "' uses AWS IAM Identity Center (SSO), which cdkpp "
                              "does not support yet; use credential_process = aws configure "
                              "export-credentials --profile " +
                              name);
    }
    return make_error("NoCredentials", "profile '" + name +
                                           "' has no credentials (aws_access_key_id, role_arn or "
                                           "credential_process)");
}

} // namespace

Result<Endpoint> resolve_endpoint(std::string_view service, const std::string& region,
                                  const SharedConfig& config, const std::string& profile,
                                  const Environment& env, const std::string& explicit_url) {
    auto model = protocol::ServiceModel::get(service);
    if (!model) return model.error();
    if (!explicit_url.empty()) return custom(explicit_url, region, "--endpoint-url");
    const bool ignore = is_true(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) ||
                        is_true(config.get(profile, "ignore_configured_endpoint_urls"));
    if (!ignore) {
        const std::string service_id = (*model)->meta("serviceId");
        const std::string env_name =
            "AWS_ENDPOINT_URL_" + strings::to_upper(strings::replace_all(service_id, " ", "_"));
        if (auto url = env.non_empty(env_name)) return custom(*url, region, env_name);
        if (auto url = env.non_empty("AWS_ENDPOINT_URL")) return custom(*url, region, "AWS_ENDPOINT_URL");
        if (auto services = config.get(profile, "services")) {
            const auto it = config.services.find(*services);
            if (it != config.services.end()) {
                const std::string key = strings::to_lower(strings::replace_all(service_id, " ", "_"));
                const auto nested = it->second.nested.find(key);
                if (nested != it->second.nested.end()) {
                    const auto url = nested->second.find("endpoint_url");
                    if (url != nested->second.end() && !url->second.empty()) {
                        return custom(url->second, region,
                                      "[services " + *services + "] " + key + " in " +
                                          config.config_path.string());
                    }
                }
            }
        }
        if (auto url = config.get(profile, "endpoint_url"); url && !url->empty()) {
            return custom(*url, region, "endpoint_url of profile '" + profile + "'");
        }
    }
    return default_endpoint(**model, region);
}

Result<std::shared_ptr<CredentialsProvider>>
resolve_credentials(const SharedConfig& config, const Environment& env, const std::string& explicit_profile,
                    const std::string& region, const std::string& explicit_endpoint_url,
                    std::shared_ptr<http::HttpClient> http, const http::RetryPolicy& retry) {
    const ChainContext ctx{config, env, region, explicit_endpoint_url, std::move(http), retry};
    if (!explicit_profile.empty()) return profile_provider(ctx, explicit_profile, {});
    if (auto creds = env_credentials(env)) {
        return std::shared_ptr<CredentialsProvider>(std::make_shared<StaticCredentialsProvider>(
            *creds, std::string("environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY") +
                        (creds->session_token.empty() ? "" : "/AWS_SESSION_TOKEN")));
    }
    const auto env_profile = env.non_empty("AWS_PROFILE");
    const std::string profile =
        env_profile.value_or(env.non_empty("AWS_DEFAULT_PROFILE").value_or("default"));
    if (!config.has_profile(profile) && profile == "default") {
        // After the environment and the shared files, as the AWS SDKs: a container's credentials endpoint.
        auto full = env.non_empty("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        if (auto relative = env.non_empty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"))
            full = "http://169.254.170.2" + *relative;
        if (full) {
            return std::shared_ptr<CredentialsProvider>(std::make_shared<ContainerCredentialsProvider>(
                *full, env.non_empty("AWS_CONTAINER_AUTHORIZATION_TOKEN").value_or(""),
                env.non_empty("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE").value_or(""), ctx.http));
        }
        return make_error("NoCredentials", "no AWS credentials: AWS_ACCESS_KEY_ID is not set and there is no "
                                           "[default] profile in " +
                                               config.credentials_path.string() + " or " +
                                               config.config_path.string() + "; set one, or pass --profile");
    }
    return profile_provider(ctx, profile, {});
}

Result<Session> Session::create(const SessionOptions& options) {
    auto config = SharedConfig::load(options.env);
    if (!config) return config.error();
    Session s;
    s.config_ = std::make_shared<const SharedConfig>(std::move(*config));
    s.env_ = options.env;
    s.http_ = options.http ? options.http : http::default_http_client();
    s.retry_ = options.retry;
    s.endpoint_url_ = options.endpoint_url;
    s.profile_ = !options.profile.empty()
                     ? options.profile
                     : options.env.non_empty("AWS_PROFILE")
                           .value_or(options.env.non_empty("AWS_DEFAULT_PROFILE").value_or("default"));
    if (!options.region.empty()) {
        s.region_ = options.region;
        s.region_source_ = "--region";
    } else if (auto r = options.env.non_empty("AWS_REGION")) {
        s.region_ = *r;
        s.region_source_ = "AWS_REGION";
    } else if (auto r2 = options.env.non_empty("AWS_DEFAULT_REGION")) {
        s.region_ = *r2;
        s.region_source_ = "AWS_DEFAULT_REGION";
    } else if (auto r3 = s.config_->get(s.profile_, "region")) {
        s.region_ = *r3;
        s.region_source_ = "profile '" + s.profile_ + "'";
    } else {
        s.region_ = "us-east-1";
        s.region_source_ = "default (no region configured)";
    }
    auto creds = resolve_credentials(*s.config_, s.env_, options.profile, s.region_, s.endpoint_url_, s.http_,
                                     s.retry_);
    if (!creds) return creds.error();
    s.credentials_ = *creds;
    return s;
}

Result<Endpoint> Session::endpoint_for(std::string_view service) const {
    return resolve_endpoint(service, region_, *config_, profile_, env_, endpoint_url_);
}

Result<ClientConfig> Session::client_config(std::string_view service) const {
    auto endpoint = endpoint_for(service);
    if (!endpoint) return endpoint.error();
    ClientConfig c;
    c.region = region_;
    c.endpoint = *endpoint;
    c.credentials = credentials_;
    c.http = http_;
    c.retry = retry_;
    return c;
}

Result<AwsClient> Session::client(std::string_view service) const {
    auto config = client_config(service);
    if (!config) return config.error();
    return AwsClient::create(service, std::move(*config));
}

Session Session::assume_role(AssumeRoleParams params) const {
    Session s = *this;
    auto sts = client_config("sts");
    ClientConfig sts_config = sts ? *sts : ClientConfig{};
    const std::string words = "role " + params.role_arn + " assumed with " + credentials_->describe();
    s.credentials_ = std::make_shared<AssumeRoleCredentialsProvider>(credentials_, std::move(params),
                                                                     std::move(sts_config), words);
    return s;
}

std::string describe_credentials_source(const Session& session) {
    return session.credentials()->describe();
}

} // namespace cdk::aws::auth
