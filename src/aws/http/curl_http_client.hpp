#pragma once

#include "aws/http/http_client.hpp"

#include <memory>
#include <mutex>
#include <vector>

namespace cdk::aws::http {

struct CurlApi;

/// HttpClient over libcurl: TLS with the system CA store (or AWS_CA_BUNDLE), connection reuse through a
/// pool of easy handles, proxies from http_proxy / https_proxy / no_proxy (libcurl reads them), no
/// `Expect: 100-continue`. Thread-safe: concurrent sends take different handles. libcurl is loaded on the
/// first send (see curl_api.hpp); a missing libcurl is a "MissingDependency" error of that send.
class CurlHttpClient final : public HttpClient {
public:
    CurlHttpClient();
    ~CurlHttpClient() override;
    CurlHttpClient(const CurlHttpClient&) = delete;
    CurlHttpClient& operator=(const CurlHttpClient&) = delete;

    [[nodiscard]] Result<HttpResponse> send(const ClientRequest& request,
                                            const RequestOptions& options) override;

private:
    void* acquire(const CurlApi& api);
    void release(void* handle);

    std::mutex mutex_;
    std::vector<void*> idle_;
};

/// The process-wide default client.
[[nodiscard]] std::shared_ptr<HttpClient> default_http_client();

} // namespace cdk::aws::http
