#include "aws/logs/logs_client.hpp"

namespace cdk::aws::logs {

Result<LogsClient> LogsClient::create(const auth::Session& session) {
    auto client = session.client("logs");
    if (!client) return client.error();
    return LogsClient(std::move(*client));
}

Result<LogPage> LogsClient::get_log_events(const std::string& group, const std::string& stream,
                                           const std::string& token) const {
    Json in{{"logGroupName", group}, {"logStreamName", stream}, {"startFromHead", true}};
    if (!token.empty()) in["nextToken"] = token;
    auto out = client_.call("GetLogEvents", in);
    if (!out) return out.error();
    LogPage page;
    for (const auto& e : (*out)["events"]) {
        page.events.push_back({e.value("timestamp", 0LL), e.value("message", "")});
    }
    page.next_forward_token = out->value("nextForwardToken", "");
    return page;
}

} // namespace cdk::aws::logs
