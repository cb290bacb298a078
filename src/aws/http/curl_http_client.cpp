#include "aws/http/curl_http_client.hpp"

#include "aws/http/curl_api.hpp"
#include "core/strings.hpp"

#include <cstdlib>

namespace cdk::aws::http {

namespace {

size_t on_body(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* response = static_cast<HttpResponse*>(user);
    const std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {
        response->headers.clear(); // a new response (after 100 Continue or a redirect)
        return size * count;
    }
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) {
        response->headers.push_back({std::string(strings::trim(line.substr(0, colon))),
                                     std::string(strings::trim(line.substr(colon + 1)))});
    }
    return size * count;
}

Error transport_error(const CurlApi& api, CURLcode code, const ClientRequest& request, const char* detail) {
    std::string name;
    switch (code) {
    case CURLE_COULDNT_CONNECT: name = "ConnectionRefused"; break;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: name = "DnsFailure"; break;
    case CURLE_OPERATION_TIMEDOUT: name = "RequestTimeout"; break;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE: name = "TlsError"; break;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE: name = "ConnectionReset"; break;
    default: name = "HttpError";
    }
    std::string message =
        request.method + " " + request.endpoint + request.path + " failed: " + api.easy_strerror(code);
    if (detail && *detail) message += std::string(" (") + detail + ")";
    return make_error(name, message);
}

} // namespace

CurlHttpClient::CurlHttpClient() = default;

CurlHttpClient::~CurlHttpClient() {
    if (idle_.empty()) return; // nothing sent: libcurl may never have been loaded, and is not loaded now
    for (void* h : idle_)
        curl_api()->easy_cleanup(static_cast<CURL*>(h));
}

void* CurlHttpClient::acquire(const CurlApi& api) {
    {
        const std::lock_guard lock(mutex_);
        if (!idle_.empty()) {
            void* h = idle_.back();
            idle_.pop_back();
            return h;
        }
    }
    return api.easy_init();
}

void CurlHttpClient::release(void* handle) {
    const std::lock_guard lock(mutex_);
    idle_.push_back(handle);
}

Result<HttpResponse> CurlHttpClient::send(const ClientRequest& request, const RequestOptions& options) {
    const Result<CurlApi>& loaded = curl_api();
    if (!loaded) return loaded.error();
    const CurlApi& api = *loaded;
    CURL* curl = static_cast<CURL*>(acquire(api));
    if (!curl) return make_error("HttpError", "libcurl could not create a handle");
    api.easy_reset(curl); // keeps the connection cache, clears options
    const std::string url = request.url();
    HttpResponse response;
    char error_buffer[CURL_ERROR_SIZE] = {};
    api.easy_setopt(curl, CURLOPT_URL, url.c_str());
    api.easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    api.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    api.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
    api.easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
    api.easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    api.easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    api.easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    api.easy_setopt(curl, CURLOPT_HEADERDATA, &response);
    api.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    api.easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, nullptr);
    if (const char* bundle = std::getenv("AWS_CA_BUNDLE"); bundle && *bundle) {
        api.easy_setopt(curl, CURLOPT_CAINFO, bundle);
    }
    if (request.method == "HEAD") {
        api.easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (request.method == "GET") {
        api.easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else {
        api.easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
            api.easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
            api.easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        }
    }
    curl_slist* headers = nullptr;
    bool has_content_type = false;
    for (const auto& h : request.headers) {
        if (strings::to_lower(h.name) == "content-type") has_content_type = true;
        const std::string line = h.value.empty() ? h.name + ";" : h.name + ": " + h.value;
        headers = api.slist_append(headers, line.c_str());
    }
    headers = api.slist_append(headers, "Expect:");
    if (!has_content_type) headers = api.slist_append(headers, "Content-Type:");
    api.easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    const CURLcode code = api.easy_perform(curl);
    api.slist_free_all(headers);
    if (code != CURLE_OK) {
        Error e = transport_error(api, code, request, error_buffer);
        api.easy_cleanup(curl); // a failed connection is not worth keeping
        return e;
    }
    long status = 0;
    api.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    release(curl);
    return response;
}

std::shared_ptr<HttpClient> default_http_client() {
    static const std::shared_ptr<HttpClient> client = std::make_shared<CurlHttpClient>();
    return client;
}

} // namespace cdk::aws::http
