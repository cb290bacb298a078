#include "aws/auth/providers.hpp"

#include "aws/protocol/values.hpp"
#include "core/fs.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"

#include <array>
#include <cstdio>
#include <sys/wait.h>

namespace cdk::aws::auth {

namespace {

std::optional<std::chrono::system_clock::time_point> parse_expiration(const Json& value) {
    if (!value.is_string()) return std::nullopt;
    const auto seconds = protocol::parse_timestamp(value.get<std::string>());
    if (!seconds) return std::nullopt;
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::duration<double>(*seconds)));
}

} // namespace

bool needs_refresh(const Credentials& credentials, std::chrono::system_clock::time_point now) {
    return credentials.expiration && now + kRefreshBeforeExpiry >= *credentials.expiration;
}

ProcessCredentialsProvider::ProcessCredentialsProvider(std::string command, std::string description)
    : command_(std::move(command)), description_(std::move(description)) {}

Result<Credentials> ProcessCredentialsProvider::credentials() {
    const std::lock_guard lock(mutex_);
    if (cached_ && !needs_refresh(*cached_, std::chrono::system_clock::now())) return *cached_;
    FILE* pipe = popen(command_.c_str(), "r");
    if (!pipe)
        return make_error("CredentialProcessFailed", "could not start credential_process '" + command_ + "'");
    std::string output;
    std::array<char, 4096> buffer{};
    while (const size_t n = fread(buffer.data(), 1, buffer.size(), pipe))
        output.append(buffer.data(), n);
    const int status = pclose(pipe);
    if (status != 0) {
        return make_error("CredentialProcessFailed", "credential_process '" + command_ +
                                                         "' exited with status " +
                                                         std::to_string(WEXITSTATUS(status)));
    }
    const Json doc = Json::parse(output, nullptr, false);
    if (!doc.is_object() || doc.value("Version", 0) != 1 || !doc.contains("AccessKeyId") ||
        !doc.contains("SecretAccessKey")) {
        return make_error("CredentialProcessFailed",
                          "credential_process '" + command_ +
                              "' must print JSON with Version 1, AccessKeyId and SecretAccessKey");
    }
    Credentials c;
    c.access_key_id = doc.value("AccessKeyId", "");
    c.secret_access_key = doc.value("SecretAccessKey", "");
    c.session_token = doc.value("SessionToken", "");
    if (doc.contains("Expiration")) c.expiration = parse_expiration(doc["Expiration"]);
    cached_ = c;
    return c;
}

ContainerCredentialsProvider::ContainerCredentialsProvider(std::string uri, std::string token,
                                                           std::string token_file,
                                                           std::shared_ptr<http::HttpClient> http)
    : uri_(std::move(uri)), token_(std::move(token)), token_file_(std::move(token_file)),
      http_(std::move(http)) {}

Result<Credentials> ContainerCredentialsProvider::credentials() {
    const std::lock_guard lock(mutex_);
    if (cached_ && !needs_refresh(*cached_, std::chrono::system_clock::now())) return *cached_;
    auto failed = [&](const std::string& why) {
        return make_error("ContainerCredentialsFailed", "container credentials from " + uri_ + ": " + why);
    };
    const auto url = parse_url(uri_);
    if (!url || (url->scheme != "http" && url->scheme != "https")) return failed("not an http(s) URL");
    const bool loopback = url->host == "localhost" || url->host == "[::1]" ||
                          strings::starts_with(url->host, "127.") || url->host == "169.254.170.2" ||
                          url->host == "169.254.170.23";
    if (url->scheme == "http" && !loopback)
        return failed("plain http is allowed only to loopback or 169.254.170.2");
    std::string token = token_;
    if (!token_file_.empty()) {
        auto text = fs::read_file(token_file_);
        if (!text) return failed("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + token_file_);
        token = std::string(strings::trim(*text));
    }
    ClientRequest request;
    request.method = "GET";
    request.endpoint = url->scheme + "://" + url->authority;
    const auto path_start = uri_.find('/', url->scheme.size() + 3);
    request.path = path_start == std::string::npos ? "/" : uri_.substr(path_start);
    if (const auto q = request.path.find('?'); q != std::string::npos) {
        request.query = request.path.substr(q + 1);
        request.path.erase(q);
    }
    if (!token.empty()) request.headers.push_back({"Authorization", token});
    request.headers.push_back({"Accept", "application/json"});
    auto response = http_->send(
        request, http::RequestOptions{std::chrono::milliseconds(2000), std::chrono::milliseconds(5000)});
    if (!response) return failed(response.error().message);
    if (response->status != 200) {
        return failed("HTTP " + std::to_string(response->status) + " " + response->body.substr(0, 200));
    }
    const Json doc = Json::parse(response->body, nullptr, false);
    if (!doc.is_object() || !doc.value("AccessKeyId", Json()).is_string() ||
        !doc.value("SecretAccessKey", Json()).is_string()) {
        return failed("the answer is not JSON with AccessKeyId and SecretAccessKey");
    }
    Credentials c;
    c.access_key_id = doc["AccessKeyId"].get<std::string>();
    c.secret_access_key = doc["SecretAccessKey"].get<std::string>();
    c.session_token = doc.value("Token", "");
    if (doc.contains("Expiration")) c.expiration = parse_expiration(doc["Expiration"]);
    cached_ = c;
    return c;
}

AssumeRoleCredentialsProvider::AssumeRoleCredentialsProvider(std::shared_ptr<CredentialsProvider> source,
                                                             AssumeRoleParams params, ClientConfig sts_config,
                                                             std::string description)
    : source_(std::move(source)), params_(std::move(params)), sts_config_(std::move(sts_config)),
      description_(std::move(description)) {
    sts_config_.credentials = source_;
}

Result<Credentials> AssumeRoleCredentialsProvider::credentials() {
    const std::lock_guard lock(mutex_);
    const auto now = std::chrono::system_clock::now();
    if (cached_ && !needs_refresh(*cached_, now)) return *cached_;
    auto sts = AwsClient::create("sts", sts_config_);
    if (!sts) return sts.error();
    Json input{{"RoleArn", params_.role_arn}, {"DurationSeconds", params_.duration_seconds}};
    input["RoleSessionName"] =
        params_.session_name.empty()
            ? "cdkpp-" +
                  std::to_string(
                      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count())
            : params_.session_name;
    if (!params_.external_id.empty()) input["ExternalId"] = params_.external_id;
    auto out = sts->call("AssumeRole", input);
    ++assume_count_;
    if (!out) {
        Error e = out.error();
        e.message =
            "could not assume role " + params_.role_arn + " with " + source_->describe() + ": " + e.message;
        return e;
    }
    const Json& c = (*out)["Credentials"];
    if (!c.is_object()) return make_error("InvalidResponse", "AssumeRole answered without Credentials");
    Credentials creds;
    creds.access_key_id = c.value("AccessKeyId", "");
    creds.secret_access_key = c.value("SecretAccessKey", "");
    creds.session_token = c.value("SessionToken", "");
    if (c.contains("Expiration")) creds.expiration = parse_expiration(c["Expiration"]);
    cached_ = creds;
    return creds;
}

} // namespace cdk::aws::auth
