#pragma once

#include "aws/auth/session.hpp"
#include "aws/client/aws_client.hpp"

#include <string>
#include <vector>

namespace cdk::aws::logs {

/// One CloudWatch Logs event.
struct LogEvent {
    long long timestamp = 0; ///< milliseconds since the epoch
    std::string message;
};

/// A page of events and the token that continues after it.
struct LogPage {
    std::vector<LogEvent> events;
    std::string next_forward_token;
};

/// Typed client for Amazon CloudWatch Logs: reading a stream.
class LogsClient {
public:
    explicit LogsClient(AwsClient client) : client_(std::move(client)) {}
    [[nodiscard]] static Result<LogsClient> create(const auth::Session& session);

    /// GetLogEvents from the head (or after `token`): one page.
    [[nodiscard]] Result<LogPage> get_log_events(const std::string& group, const std::string& stream,
                                                 const std::string& token) const;

    [[nodiscard]] const AwsClient& raw() const { return client_; }

private:
    AwsClient client_;
};

} // namespace cdk::aws::logs
