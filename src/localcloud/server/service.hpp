#pragma once

#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/iam/policy_evaluator.hpp"
#include "localcloud/protocol/protocol.hpp"
#include "localcloud/server/http_message.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cdk::localcloud {

/// Everything a service handler learns about one authenticated request.
struct RequestContext {
    ServerRequest& http;
    std::string request_id;
    std::string region;
    Caller caller;
    std::chrono::system_clock::time_point now;
    /// Global condition keys of the request (aws:CurrentTime, aws:SecureTransport, aws:SourceIp, …).
    iam::Context condition_context;
    /// Query-protocol parameters or other decoded input, filled by the service.
    std::map<std::string, std::string> params;
};

/// One emulated AWS service: a name (the SigV4 signing name), its wire protocol, and a handler.
/// Handlers return a response or an `Error` (aws code, message, http status); the dispatcher renders
/// errors in the service's protocol, so no handler writes an error body.
class Service {
public:
    virtual ~Service() = default;
    [[nodiscard]] virtual std::string_view name() const = 0;
    [[nodiscard]] virtual Protocol protocol() const = 0;
    /// XML namespace for Query-protocol error bodies.
    [[nodiscard]] virtual std::string_view xmlns() const { return {}; }
    [[nodiscard]] virtual Result<ServerResponse> handle(RequestContext& context) = 0;
};

/// The services a localcloud serves, by signing name.
class ServiceRegistry {
public:
    void add(std::unique_ptr<Service> service);
    [[nodiscard]] Service* find(std::string_view name) const;
    [[nodiscard]] std::vector<std::string> names() const;

private:
    std::vector<std::unique_ptr<Service>> services_;
};

} // namespace cdk::localcloud
