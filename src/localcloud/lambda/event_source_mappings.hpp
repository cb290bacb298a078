#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/lambda/lambda_backend.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/state/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cdk::localcloud::lambda {

/// Event source mappings (docs/localcloud-lambda.md, "Event source mappings"): a function subscribed to an
/// SQS queue or a DynamoDB stream. The API (CreateEventSourceMapping, Get, List, Update, Delete) keeps them
/// in the store, per account and region; the poller (event_source_poller.hpp) moves their State and feeds
/// their functions.
///
/// Store: `lambda:esm` / `<UUID>` in the mapping's account and region ({Configuration: the API's
/// EventSourceMappingConfiguration, Enabled}); `lambda:esm-index` / `<account>\n<region>\n<UUID>` in the
/// global scope (what the poller walks); `lambda:esm-cursor` / `<UUID>` (a stream mapping's position: {Next:
/// the sequence counter to read from, Attempts: failed invocations of the batch there}).
namespace esm {

inline constexpr const char* kKind = "lambda:esm";
inline constexpr const char* kIndexKind = "lambda:esm-index";
inline constexpr const char* kCursorKind = "lambda:esm-cursor";

/// What kind of source an ARN names.
enum class Source { Sqs, DynamoDbStream, Other };
[[nodiscard]] Source source_of(const std::string& event_source_arn);

/// The mapping's ARN: `arn:aws:lambda:<region>:<account>:event-source-mapping:<uuid>`.
[[nodiscard]] std::string mapping_arn(const std::string& region, const std::string& account,
                                      const std::string& uuid);

/// A mapping as the poller sees it.
struct Mapping {
    std::string account;
    std::string region;
    std::string uuid;
    Json doc; ///< {Configuration, Enabled}
};

/// Every mapping of every account (the poller's walk), in UUID order.
[[nodiscard]] Result<std::vector<Mapping>> all(Tx& tx);

} // namespace esm

/// The event source mapping API over the store. Each method authorizes `lambda:<Action>` as the call's caller
/// (on the mapping's ARN; List on `*`), as the Lambda API does.
class EventSourceMappings {
public:
    explicit EventSourceMappings(CloudContext& cloud);

    /// CreateEventSourceMapping: checks the source (an SQS queue or a DynamoDB stream that exists), the
    /// function, and that the function's execution role may read the source (sqs:ReceiveMessage,
    /// DeleteMessage, GetQueueAttributes; dynamodb:GetRecords, GetShardIterator, DescribeStream,
    /// ListStreams), then stores the mapping in State `Creating`.
    [[nodiscard]] Result<Json> create(const LambdaCall& call, const Json& input);
    [[nodiscard]] Result<Json> get(const LambdaCall& call, const std::string& uuid);
    /// ListEventSourceMappings with its optional FunctionName and EventSourceArn filters and Marker/MaxItems
    /// paging: {EventSourceMappings, NextMarker?}.
    [[nodiscard]] Result<Json> list(const LambdaCall& call, const Json& input);
    /// UpdateEventSourceMapping: State `Updating` (`Enabling`/`Disabling` when Enabled changes).
    [[nodiscard]] Result<Json> update(const LambdaCall& call, const Json& input);
    /// DeleteEventSourceMapping: the mapping is gone at once; the answer shows it `Deleting`.
    [[nodiscard]] Result<Json> remove(const LambdaCall& call, const std::string& uuid);

private:
    /// The function a FunctionName names, in the caller's region: {arn (qualified as given), role, name}.
    struct Target {
        std::string function_arn;
        std::string role;
        std::string name;
        std::string account;
        long long timeout =
            3; ///< the function's Timeout (an SQS queue's visibility timeout may not be shorter)
    };
    Result<Target> target(const LambdaCall& call, const std::string& function_name);
    /// The source exists and the function's role may read it (AWS's refusal otherwise). For a stream, the
    /// cursor of `starting_position` is returned.
    Result<std::uint64_t> check_source(const Target& target, const std::string& source_arn,
                                       const std::string& starting_position);
    /// An OnFailure destination (an SQS queue) the function's role may send to, as AWS checks it at create.
    Result<void> check_destination(const Target& target, const Json& destination_config);

    CloudContext& cloud_;
    std::shared_ptr<Executor> exec_;
};

} // namespace cdk::localcloud::lambda
