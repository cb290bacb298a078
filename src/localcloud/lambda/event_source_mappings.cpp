#include "localcloud/lambda/event_source_mappings.hpp"

#include "core/parse_int.hpp"
#include "core/strings.hpp"
#include "localcloud/dynamodb/dynamodb_streams.hpp"
#include "localcloud/lambda/lambda_errors.hpp"
#include "localcloud/sqs/sqs_queue_ref.hpp"
#include "localcloud/state/ids.hpp"

#include <chrono>
#include <tuple>

namespace cdk::localcloud::lambda {

namespace esm {

Source source_of(const std::string& event_source_arn) {
    const auto parts = strings::split(event_source_arn, ":");
    if (parts.size() < 6 || parts[0] != "arn") return Source::Other;
    if (parts[2] == "sqs" && parts.size() == 6 && !parts[5].empty()) return Source::Sqs;
    if (parts[2] == "dynamodb" && dynamodb::streams::parse_arn(event_source_arn))
        return Source::DynamoDbStream;
    return Source::Other;
}

std::string mapping_arn(const std::string& region, const std::string& account, const std::string& uuid) {
    return "arn:aws:lambda:" + region + ":" + account + ":event-source-mapping:" + uuid;
}

Result<std::vector<Mapping>> all(Tx& tx) {
    auto index = tx.list(Scope{"", ""}, kIndexKind);
    if (!index) return index.error();
    std::vector<Mapping> out;
    for (const auto& [entry, unused] : *index) {
        (void)unused;
        const auto parts = strings::split(entry, "\n");
        if (parts.size() != 3) continue;
        auto doc = tx.get(Scope{parts[0], parts[1]}, kKind, parts[2]);
        if (!doc) return doc.error();
        if (!doc->has_value()) continue;
        out.push_back(Mapping{parts[0], parts[1], parts[2], std::move(**doc)});
    }
    return out;
}

} // namespace esm

namespace {

using esm::Source;

constexpr const char* kFunctionKind = "lambda:function";

Error mapping_not_found() {
    return not_found("The resource you requested does not exist.");
}

double now_seconds() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

long long int_in(const Json& in, const char* key, long long fallback) {
    if (!in.contains(key) || !in[key].is_number_integer()) return fallback;
    return in[key].get<long long>();
}

bool has_filters(const Json& in) {
    if (!in.contains("FilterCriteria") || !in["FilterCriteria"].is_object()) return false;
    const Json filters = in["FilterCriteria"].value("Filters", Json::array());
    return filters.is_array() && !filters.empty();
}

/// AWS: more than 10 messages a batch only with a batching window.
Result<void> check_sqs_batch(long long batch, long long window) {
    if (batch > 10 && window == 0) {
        return invalid_parameter("Maximum batch window in seconds must be greater than 0 if maximum batch "
                                 "size is greater than 10");
    }
    return ok();
}

iam::Context mapping_context(const LambdaCall& call, const std::string& function_arn) {
    iam::Context context = call.context;
    if (!function_arn.empty()) context[iam::context_key("lambda:FunctionArn")] = {function_arn};
    return context;
}

/// The stored mapping `uuid` in the caller's account and region, once `action` on it is authorized (with the
/// mapping's function as lambda:FunctionArn); a mapping that does not exist is refused after the
/// authorization, as Lambda refuses it.
Result<Json> authorized_mapping(CloudContext& cloud, Tx& tx, const LambdaCall& call, const std::string& uuid,
                                const char* action) {
    const std::string account = call.caller.account();
    auto found = tx.get(Scope{account, call.region}, esm::kKind, uuid);
    if (!found) return found.error();
    const std::string function_arn =
        found->has_value() ? (**found)["Configuration"].value("FunctionArn", "") : std::string{};
    if (auto a = cloud.iam.authorize(tx, call.caller, action, esm::mapping_arn(call.region, account, uuid),
                                     account, std::nullopt, iam::ResourcePolicyMode::None,
                                     mapping_context(call, function_arn), "AccessDeniedException");
        !a) {
        return a.error();
    }
    if (!found->has_value()) return mapping_not_found();
    return std::move(**found);
}

} // namespace

EventSourceMappings::EventSourceMappings(CloudContext& cloud) : cloud_(cloud), exec_(Executor::of(cloud)) {}

Result<EventSourceMappings::Target> EventSourceMappings::target(const LambdaCall& call,
                                                                const std::string& function_name) {
    const auto f = LambdaBackend::parse_ref(function_name, call.caller.account());
    return cloud_.store.read<Target>([&](Tx& tx) -> Result<Target> {
        const std::string unqualified = LambdaBackend::arn(call.region, f.account, f.name);
        auto found = tx.get(Scope{f.account, call.region}, kFunctionKind, f.name);
        if (!found) return found.error();
        if (!found->has_value()) return function_not_found(unqualified);
        const Json& fn = **found;
        if (!f.qualifier.empty() && f.qualifier != "$LATEST" &&
            !fn.value("Versions", Json::object()).contains(f.qualifier) &&
            !fn.value("Aliases", Json::object()).contains(f.qualifier)) {
            return function_not_found(unqualified + ":" + f.qualifier);
        }
        Target t;
        t.function_arn = f.qualifier.empty() ? unqualified : unqualified + ":" + f.qualifier;
        t.role = fn["Configuration"].value("Role", "");
        t.timeout = fn["Configuration"].value("Timeout", 3LL);
        t.name = f.name;
        t.account = f.account;
        return t;
    });
}

Result<std::uint64_t> EventSourceMappings::check_source(const Target& target, const std::string& source_arn,
                                                        const std::string& starting_position) {
    // The poller reads the source as the function's execution role, with the session invocations use.
    const std::string function_arn =
        LambdaBackend::arn(strings::split(target.function_arn, ":")[3], target.account, target.name);
    auto session =
        exec_->sessions.session(function_arn + " " + target.role, target.account, target.role, target.name);
    if (!session) {
        return invalid_parameter("The role defined for the function cannot be assumed by Lambda. (" +
                                 session.error().message + ")");
    }
    const auto parts = strings::split(source_arn, ":");
    const std::string region = parts[3];
    const std::string account = parts[4];
    iam::Context context;
    context[iam::context_key("aws:RequestedRegion")] = {region};
    if (esm::source_of(source_arn) == Source::Sqs) {
        return cloud_.store.read<std::uint64_t>([&](Tx& tx) -> Result<std::uint64_t> {
            auto queue = tx.get(Scope{account, region}, sqs::detail::kQueueKind, parts[5]);
            if (!queue) return queue.error();
            if (!queue->has_value()) {
                return invalid_parameter(
                    "Error occurred while ReceiveMessage. SQS Error Code: "
                    "AWS.SimpleQueueService.NonExistentQueue. "
                    "SQS Error Message: The specified queue does not exist for this wsdl version.");
            }
            const auto visibility =
                parse_int<long long>((**queue)["Attributes"].value("VisibilityTimeout", std::string("30")));
            if (visibility && *visibility < target.timeout) {
                return invalid_parameter(
                    "Queue visibility timeout: " + std::to_string(*visibility) +
                    " seconds is less than Function timeout: " + std::to_string(target.timeout) + " seconds");
            }
            const sqs::SqsCall as_role{session->caller, region, context};
            for (const char* action : {"ReceiveMessage", "DeleteMessage", "GetQueueAttributes"}) {
                if (!sqs::detail::authorize_queue(cloud_, tx, as_role, **queue,
                                                  std::string("sqs:") + action)) {
                    return invalid_parameter(
                        std::string("The provided execution role does not have permissions to "
                                    "call ") +
                        action + " on SQS");
                }
            }
            return std::uint64_t{0};
        });
    }
    const auto ref = dynamodb::streams::parse_arn(source_arn);
    return cloud_.store.read<std::uint64_t>([&](Tx& tx) -> Result<std::uint64_t> {
        const Scope scope{account, region};
        const auto now = std::chrono::system_clock::now();
        auto stream = dynamodb::streams::find(tx, scope, *ref, now);
        if (!stream) return stream.error();
        if (!stream->has_value()) return invalid_parameter("Stream not found: " + source_arn);
        for (const char* action : {"GetRecords", "GetShardIterator", "DescribeStream", "ListStreams"}) {
            if (!cloud_.iam.authorize(tx, session->caller, std::string("dynamodb:") + action, source_arn,
                                      account, std::nullopt, iam::ResourcePolicyMode::None, context)) {
                return invalid_parameter(
                    "Cannot access stream " + source_arn +
                    ". Please ensure the role can perform the GetRecords, GetShardIterator, "
                    "DescribeStream, and ListStreams Actions on your stream in IAM.");
            }
        }
        if (starting_position != "LATEST")
            return std::uint64_t{0}; // TRIM_HORIZON: the oldest retained record
        auto range = dynamodb::streams::range(tx, scope, **stream, now);
        if (!range) return range.error();
        return range->last + 1;
    });
}

Result<void> EventSourceMappings::check_destination(const Target& target, const Json& destination_config) {
    const std::string destination =
        destination_config.value("OnFailure", Json::object()).value("Destination", "");
    if (destination.empty()) return ok();
    const auto parts = strings::split(destination, ":");
    if (parts.size() != 6 || parts[0] != "arn" || parts[2] != "sqs") {
        return invalid_parameter("The destination ARN " + destination +
                                 " is not supported by localcloud: give an SQS queue ARN");
    }
    const std::string function_arn =
        LambdaBackend::arn(strings::split(target.function_arn, ":")[3], target.account, target.name);
    auto session =
        exec_->sessions.session(function_arn + " " + target.role, target.account, target.role, target.name);
    if (!session) return invalid_parameter("The role defined for the function cannot be assumed by Lambda.");
    iam::Context context;
    context[iam::context_key("aws:RequestedRegion")] = {parts[3]};
    auto checked = cloud_.store.read<bool>([&](Tx& tx) -> Result<bool> {
        auto queue = tx.get(Scope{parts[4], parts[3]}, sqs::detail::kQueueKind, parts[5]);
        if (!queue) return queue.error();
        if (!queue->has_value()) {
            return invalid_parameter(
                "Error occurred while SendMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. "
                "SQS Error Message: The specified queue does not exist for this wsdl version.");
        }
        if (!sqs::detail::authorize_queue(cloud_, tx, sqs::SqsCall{session->caller, parts[3], context},
                                          **queue, "sqs:SendMessage")) {
            return invalid_parameter(
                "The provided execution role does not have permissions to call SendMessage on SQS");
        }
        return true;
    });
    if (!checked) return checked.error();
    return ok();
}

Result<Json> EventSourceMappings::create(const LambdaCall& call, const Json& in) {
    const std::string source = in.value("EventSourceArn", "");
    if (source.empty()) return invalid_parameter("Unrecognized event source.");
    const Source kind = esm::source_of(source);
    if (kind == Source::Other) {
        return invalid_parameter(
            "Unrecognized event source: localcloud maps SQS queues and DynamoDB streams to "
            "functions, not " +
            source);
    }
    if (has_filters(in)) {
        return invalid_parameter("FilterCriteria is not supported by localcloud: its event source mappings "
                                 "deliver every record");
    }
    const bool sqs = kind == Source::Sqs;
    const std::string position = in.value("StartingPosition", "");
    if (sqs && (in.contains("StartingPosition") || in.contains("StartingPositionTimestamp")))
        return invalid_parameter("StartingPosition is not valid for SQS event sources.");
    if (!sqs) {
        if (position.empty()) {
            return invalid_parameter(
                "1 validation error detected: Value null at 'startingPosition' failed to "
                "satisfy constraint: Member must not be null.");
        }
        if (in.contains("StartingPositionTimestamp") && position != "AT_TIMESTAMP")
            return invalid_parameter("Timestamp only valid with StartingPosition AT_TIMESTAMP");
        if (position == "AT_TIMESTAMP")
            return invalid_parameter("Unsupported starting position for arn type: " + source);
    }
    const long long batch = int_in(in, "BatchSize", sqs ? 10 : 100);
    const long long window = int_in(in, "MaximumBatchingWindowInSeconds", 0);
    if (sqs) {
        if (auto c = check_sqs_batch(batch, window); !c) return c.error();
    }
    auto fn = target(call, in.value("FunctionName", ""));
    if (!fn) return fn.error();
    const std::string account = call.caller.account();
    auto authorized = cloud_.store.read<bool>([&](Tx& tx) -> Result<bool> {
        if (auto a = cloud_.iam.authorize(tx, call.caller, "lambda:CreateEventSourceMapping", "*", account,
                                          std::nullopt, iam::ResourcePolicyMode::None,
                                          mapping_context(call, fn->function_arn), "AccessDeniedException");
            !a) {
            return a.error();
        }
        return true;
    });
    if (!authorized) return authorized.error();
    auto cursor = check_source(*fn, source, position);
    if (!cursor) return cursor.error();
    if (!sqs && in.contains("DestinationConfig")) {
        if (auto d = check_destination(*fn, in["DestinationConfig"]); !d) return d.error();
    }

    const std::string uuid = random_uuid();
    Json config{{"UUID", uuid},
                {"BatchSize", batch},
                {"EventSourceArn", source},
                {"EventSourceMappingArn", esm::mapping_arn(call.region, account, uuid)},
                {"FunctionArn", fn->function_arn},
                {"FunctionResponseTypes", in.value("FunctionResponseTypes", Json::array())},
                {"LastModified", now_seconds()},
                {"MaximumBatchingWindowInSeconds", window},
                {"State", "Creating"},
                {"StateTransitionReason", sqs ? "USER_INITIATED" : "User action"}};
    if (in.contains("ScalingConfig")) config["ScalingConfig"] = in["ScalingConfig"];
    if (!sqs) {
        config["StartingPosition"] = position;
        config["LastProcessingResult"] = "No records processed";
        config["MaximumRetryAttempts"] = int_in(in, "MaximumRetryAttempts", -1);
        config["MaximumRecordAgeInSeconds"] = int_in(in, "MaximumRecordAgeInSeconds", -1);
        config["ParallelizationFactor"] = int_in(in, "ParallelizationFactor", 1);
        config["TumblingWindowInSeconds"] = int_in(in, "TumblingWindowInSeconds", 0);
        config["BisectBatchOnFunctionError"] = in.value("BisectBatchOnFunctionError", false);
        config["DestinationConfig"] =
            in.contains("DestinationConfig") ? in["DestinationConfig"] : Json{{"OnFailure", Json::object()}};
    }
    const Json doc{{"Configuration", config},
                   {"Enabled", in.value("Enabled", true)},
                   {"Tags", in.value("Tags", Json::object())}};
    const Scope scope{account, call.region};
    auto stored = cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto existing = tx.list(scope, esm::kKind);
        if (!existing) return existing.error();
        for (const auto& [id, m] : *existing) {
            const Json& c = m["Configuration"];
            if (c.value("EventSourceArn", "") == source && c.value("FunctionArn", "") == fn->function_arn) {
                return conflict("The event source arn (\" " + source + " \") and function (\" " + fn->name +
                                " \") provided mapping already exists. Please update or delete the existing "
                                "mapping with UUID " +
                                id);
            }
        }
        if (auto p = tx.put(scope, esm::kKind, uuid, doc); !p) return p.error();
        if (auto p = tx.put(Scope{"", ""}, esm::kIndexKind, account + "\n" + call.region + "\n" + uuid,
                            Json::object());
            !p) {
            return p.error();
        }
        if (!sqs) {
            if (auto p = tx.put(scope, esm::kCursorKind, uuid, Json{{"Next", *cursor}, {"Attempts", 0}}); !p)
                return p.error();
        }
        return true;
    });
    if (!stored) return stored.error();
    return config;
}

Result<Json> EventSourceMappings::get(const LambdaCall& call, const std::string& uuid) {
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto found = authorized_mapping(cloud_, tx, call, uuid, "lambda:GetEventSourceMapping");
        if (!found) return found.error();
        return (*found)["Configuration"];
    });
}

Result<Json> EventSourceMappings::list(const LambdaCall& call, const Json& in) {
    const std::string account = call.caller.account();
    std::string function_filter;
    if (in.contains("FunctionName")) {
        const auto f = LambdaBackend::parse_ref(in["FunctionName"].get<std::string>(), account);
        function_filter = LambdaBackend::arn(call.region, f.account, f.name);
        if (!f.qualifier.empty()) function_filter += ":" + f.qualifier;
    }
    const std::string source_filter = in.value("EventSourceArn", "");
    const long long max_items = int_in(in, "MaxItems", 100);
    const std::string marker = in.value("Marker", "");
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        if (auto a = cloud_.iam.authorize(tx, call.caller, "lambda:ListEventSourceMappings", "*", account,
                                          std::nullopt, iam::ResourcePolicyMode::None, call.context,
                                          "AccessDeniedException");
            !a) {
            return a.error();
        }
        auto rows = tx.list(Scope{account, call.region}, esm::kKind, {}, marker);
        if (!rows) return rows.error();
        Json out{{"EventSourceMappings", Json::array()}};
        for (const auto& [id, m] : *rows) {
            const Json& c = m["Configuration"];
            if (!function_filter.empty() && c.value("FunctionArn", "") != function_filter) continue;
            if (!source_filter.empty() && c.value("EventSourceArn", "") != source_filter) continue;
            if (static_cast<long long>(out["EventSourceMappings"].size()) >= max_items) {
                out["NextMarker"] = out["EventSourceMappings"].back()["UUID"];
                break;
            }
            out["EventSourceMappings"].push_back(c);
        }
        return out;
    });
}

Result<Json> EventSourceMappings::update(const LambdaCall& call, const Json& in) {
    const std::string uuid = in.value("UUID", "");
    const std::string account = call.caller.account();
    const Scope scope{account, call.region};
    auto current = get(call, uuid);
    if (!current) return current.error();
    if (has_filters(in)) {
        return invalid_parameter("FilterCriteria is not supported by localcloud: its event source mappings "
                                 "deliver every record");
    }
    const bool sqs = esm::source_of((*current)["EventSourceArn"].get<std::string>()) == Source::Sqs;
    std::optional<Target> moved_to;
    if (in.contains("FunctionName")) {
        auto fn = target(call, in["FunctionName"].get<std::string>());
        if (!fn) return fn.error();
        if (fn->function_arn != (*current)["FunctionArn"].get<std::string>()) {
            // The new function's role must read the source as well.
            if (auto c = check_source(*fn, (*current)["EventSourceArn"].get<std::string>(), "TRIM_HORIZON");
                !c)
                return c.error();
            moved_to = *fn;
        }
    }
    return cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
        auto found = tx.get(scope, esm::kKind, uuid);
        if (!found) return found.error();
        if (!found->has_value()) return mapping_not_found();
        Json doc = std::move(**found);
        Json& config = doc["Configuration"];
        if (auto a = cloud_.iam.authorize(tx, call.caller, "lambda:UpdateEventSourceMapping",
                                          esm::mapping_arn(call.region, account, uuid), account, std::nullopt,
                                          iam::ResourcePolicyMode::None,
                                          mapping_context(call, config.value("FunctionArn", "")),
                                          "AccessDeniedException");
            !a) {
            return a.error();
        }
        const long long batch = int_in(in, "BatchSize", config["BatchSize"].get<long long>());
        const long long window = int_in(in, "MaximumBatchingWindowInSeconds",
                                        config["MaximumBatchingWindowInSeconds"].get<long long>());
        if (sqs) {
            if (auto c = check_sqs_batch(batch, window); !c) return c.error();
        }
        config["BatchSize"] = batch;
        config["MaximumBatchingWindowInSeconds"] = window;
        if (in.contains("FunctionResponseTypes"))
            config["FunctionResponseTypes"] = in["FunctionResponseTypes"];
        if (in.contains("ScalingConfig")) config["ScalingConfig"] = in["ScalingConfig"];
        if (!sqs) {
            for (const char* k :
                 {"MaximumRetryAttempts", "MaximumRecordAgeInSeconds", "ParallelizationFactor",
                  "TumblingWindowInSeconds", "BisectBatchOnFunctionError", "DestinationConfig"}) {
                if (in.contains(k)) config[k] = in[k];
            }
        }
        if (moved_to) config["FunctionArn"] = moved_to->function_arn;
        const bool enabled = doc.value("Enabled", true);
        if (in.contains("Enabled") && in["Enabled"].get<bool>() != enabled) {
            doc["Enabled"] = in["Enabled"].get<bool>();
            config["State"] = doc["Enabled"].get<bool>() ? "Enabling" : "Disabling";
        } else {
            config["State"] = "Updating";
        }
        config["LastModified"] = now_seconds();
        if (auto p = tx.put(scope, esm::kKind, uuid, doc); !p) return p.error();
        return config;
    });
}

Result<Json> EventSourceMappings::remove(const LambdaCall& call, const std::string& uuid) {
    const std::string account = call.caller.account();
    const Scope scope{account, call.region};
    return cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
        auto found = authorized_mapping(cloud_, tx, call, uuid, "lambda:DeleteEventSourceMapping");
        if (!found) return found.error();
        Json config = (*found)["Configuration"];
        for (const auto& [s, kind, name] :
             {std::tuple{scope, esm::kKind, uuid},
              std::tuple{Scope{"", ""}, esm::kIndexKind, account + "\n" + call.region + "\n" + uuid},
              std::tuple{scope, esm::kCursorKind, uuid}}) {
            if (auto e = tx.erase(s, kind, name); !e) return e.error();
        }
        config["State"] = "Deleting";
        config["LastModified"] = now_seconds();
        return config;
    });
}

} // namespace cdk::localcloud::lambda
