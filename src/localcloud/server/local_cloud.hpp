#pragma once

#include "core/result.hpp"
#include "localcloud/accounts/accounts.hpp"
#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/http_server.hpp"
#include "localcloud/server/service.hpp"
#include "localcloud/state/store.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace cdk::localcloud {

namespace kms {
class KmsBackend;
}

/// How to run a localcloud.
struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 4566;
    std::filesystem::path data_dir;
    /// Accounts file; without one the scenario's four accounts are created.
    std::optional<std::filesystem::path> accounts_file;
    std::string default_region = "us-east-1";
};

/// A whole localcloud: store, services, HTTP server. `handle` is the dispatcher: health check,
/// routing, signature parsing, authentication, the service, and the one catch-all around all of them that
/// turns a bug (an exception from anywhere in the request) into that request's 500 InternalFailure.
class LocalCloud {
public:
    ~LocalCloud();
    LocalCloud(const LocalCloud&) = delete;
    LocalCloud& operator=(const LocalCloud&) = delete;

    /// Opens the data directory (store, migrations, accounts) and registers the services.
    [[nodiscard]] static Result<std::unique_ptr<LocalCloud>> create(const ServerOptions& options);

    [[nodiscard]] Result<void> listen();
    [[nodiscard]] int port() const { return server_->port(); }
    /// Serves until `stop()` (async-signal-safe).
    void serve() { server_->serve(); }
    void stop();

    /// Handles one request (the server calls this on its connection threads).
    ServerResponse handle(ServerRequest& request);
    /// Decides from a request's head, before its body is read, how large a body it may have (the routed
    /// service's limit) and, for a large body, whether it is read at all: an unsigned request is refused
    /// at once; an S3 request whose signature the head can prove is authenticated first (admission.cpp).
    Admission admit(ServerRequest& request, bool large_body);

    [[nodiscard]] const std::vector<AccountCredentials>& accounts() const { return accounts_; }
    /// The CloudFormation resource providers every service registered (for docs and `--list-supported`).
    [[nodiscard]] const cloudformation::ProviderRegistry& providers() const { return providers_; }

private:
    LocalCloud() = default;
    /// Everything `handle` does; `service` is set as soon as the request is routed, so that the catch in
    /// `handle` renders a bug in the service's protocol.
    ServerResponse dispatch(ServerRequest& request, const std::string& request_id, Service*& service);

    ServerOptions options_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<kms::KmsBackend> kms_;
    std::unique_ptr<CloudContext> cloud_;
    // providers_ before services_: the CloudFormation service's stack operations use the providers until
    // the service is destroyed, so the providers must outlive it.
    cloudformation::ProviderRegistry providers_;
    ServiceRegistry services_;
    std::unique_ptr<HttpServer> server_;
    std::vector<AccountCredentials> accounts_;
};

} // namespace cdk::localcloud
