#include "localcloud/server/local_cloud.hpp"

#include "core/strings.hpp"
#include "localcloud/accounts/ensure_accounts.hpp"
#include "localcloud/auth/authenticator.hpp"
#include "localcloud/events/events_routes.hpp"
#include "localcloud/kms/kms_backend.hpp"
#include "localcloud/server/router.hpp"
#include "localcloud/services.hpp"
#include "localcloud/sqs/sqs_backend.hpp"
#include "localcloud/state/ids.hpp"

#include <fmt/format.h>

namespace cdk::localcloud {

LocalCloud::~LocalCloud() {
    // Scheduled EventBridge deliveries call other services: the scheduler stops before any is destroyed.
    events::stop_events_scheduler(services_);
}

Result<std::unique_ptr<LocalCloud>> LocalCloud::create(const ServerOptions& options) {
    std::unique_ptr<LocalCloud> cloud(new LocalCloud());
    cloud->options_ = options;
    std::error_code ec;
    for (const char* sub : {"objects", "tmp"}) {
        std::filesystem::create_directories(options.data_dir / sub, ec);
        if (ec) {
            return make_error("DataDirError", fmt::format("cannot create {}: {}; pass a writable --data-dir",
                                                          (options.data_dir / sub).string(), ec.message()));
        }
    }
    // Spool files of requests interrupted by a crash, and object files never renamed into place, are garbage.
    for (const auto& entry : std::filesystem::directory_iterator(options.data_dir / "tmp", ec)) {
        std::filesystem::remove(entry.path(), ec);
    }
    for (const auto& entry : std::filesystem::directory_iterator(options.data_dir / "objects", ec)) {
        if (entry.path().extension() == ".tmp") std::filesystem::remove(entry.path(), ec);
    }
    auto store = Store::open(options.data_dir / "state.db");
    if (!store) return store.error();
    cloud->store_ = std::move(*store);
    cloud->kms_ = std::make_unique<kms::KmsBackend>();
    cloud->cloud_ = std::unique_ptr<CloudContext>(new CloudContext{
        *cloud->store_, options.data_dir, options.data_dir / "objects", options.data_dir / "tmp",
        options.default_region, iam::IamBackend{}, cloud->kms_.get()});
    std::vector<AccountSpec> specs = default_accounts();
    if (options.accounts_file) {
        auto loaded = load_accounts(*options.accounts_file);
        if (!loaded) return loaded.error();
        specs = std::move(*loaded);
    }
    auto accounts = ensure_accounts(*cloud->store_, cloud->cloud_->iam, specs);
    if (!accounts) return accounts.error();
    cloud->accounts_ = std::move(*accounts);
    register_services(*cloud->cloud_, cloud->services_, cloud->providers_);
    HttpServer::Options http;
    http.host = options.host;
    http.port = options.port;
    http.spool_dir = options.data_dir / "tmp";
    LocalCloud* self = cloud.get();
    http.admit = [self](ServerRequest& r, bool large_body) { return self->admit(r, large_body); };
    cloud->server_ = std::make_unique<HttpServer>(http, [self](ServerRequest& r) { return self->handle(r); });
    return cloud;
}

void LocalCloud::stop() {
    server_->stop();
    sqs::SqsBackend::stop_waiting(); // long polls end now instead of holding their workers to the end
}

Result<void> LocalCloud::listen() {
    auto listening = server_->listen();
    if (listening) cloud_->port = server_->port();
    return listening;
}

namespace {

std::string region_from_host(const std::string& host) {
    // s3.<region>.amazonaws.com, <bucket>.s3.<region>.amazonaws.com, sts.<region>.amazonaws.com
    const auto parts = strings::split(host, ".");
    for (std::size_t i = 0; i + 2 < parts.size(); ++i) {
        if ((parts[i] == "s3" || parts[i] == "sts") && parts[i + 1].find('-') != std::string::npos) {
            return parts[i + 1];
        }
    }
    return {};
}

} // namespace

ServerResponse LocalCloud::handle(ServerRequest& request) {
    const std::string request_id = random_uuid();
    Service* service = nullptr;
    try {
        return dispatch(request, request_id, service);
    } catch (const std::exception& e) {
        return render_error(service != nullptr ? service->protocol() : Protocol::Query,
                            make_error("InternalFailure", std::string("localcloud bug: ") + e.what(), 500),
                            request_id, service != nullptr ? service->xmlns() : std::string_view{});
    }
}

ServerResponse LocalCloud::dispatch(ServerRequest& request, const std::string& request_id,
                                    Service*& service) {
    if (request.path == "/_localcloud/health") {
        ServerResponse r;
        r.body = Json{{"status", "running"},
                      {"services", services_.names()},
                      {"dataDir", options_.data_dir.string()}}
                     .dump();
        r.set_header("Content-Type", "application/json");
        return r;
    }
    for (const auto& [prefix, endpoint] : cloud_->internal_endpoints) {
        if (strings::starts_with(request.path, prefix)) return endpoint(request);
    }
    const aws::ClientRequest wire = to_sigv4_request(request);
    auto signature = aws::sigv4::parse_signature(wire);
    const std::string service_name = route_service(request, signature ? signature->service : std::string{});
    service = services_.find(service_name);
    if (service == nullptr) {
        return render_error(Protocol::Query,
                            make_error("UnknownService",
                                       "localcloud does not serve '" + service_name + "'; it serves " +
                                           strings::join(services_.names(), ", "),
                                       400),
                            request_id);
    }
    const Protocol protocol = service->protocol();
    if (!signature) {
        const bool missing = signature.error().code == "MissingAuthenticationToken";
        const Error e = missing
                            ? auth_error(protocol, AuthFailure::Missing,
                                         protocol == Protocol::RestXml
                                             ? "Anonymous access is not allowed: sign the request with SigV4"
                                             : "Request is missing Authentication Token")
                            : auth_error(protocol, AuthFailure::BadSignature, signature.error().message);
        return render_error(protocol, e, request_id, service->xmlns());
    }
    const auto now = std::chrono::system_clock::now();
    auto caller = store_->read<Caller>([&](Tx& tx) {
        return authenticate(tx, cloud_->iam, request, *signature, protocol, service_name, now);
    });
    if (!caller) return render_error(protocol, caller.error(), request_id, service->xmlns());
    RequestContext context{request, request_id, signature->region, std::move(*caller), now, {}, {}};
    if (context.region.empty()) context.region = region_from_host(request.header("host"));
    if (context.region.empty()) context.region = options_.default_region;
    context.condition_context[iam::context_key("aws:CurrentTime")] = {iso8601(now)};
    context.condition_context[iam::context_key("aws:EpochTime")] = {std::to_string(epoch_seconds(now))};
    context.condition_context[iam::context_key("aws:SecureTransport")] = {"false"};
    context.condition_context[iam::context_key("aws:SourceIp")] = {"127.0.0.1"};
    context.condition_context[iam::context_key("aws:RequestedRegion")] = {context.region};
    context.condition_context[iam::context_key("aws:userid")] = {context.caller.user_id};
    auto response = service->handle(context);
    if (!response) return render_error(protocol, response.error(), request_id, service->xmlns());
    return std::move(*response);
}

} // namespace cdk::localcloud
