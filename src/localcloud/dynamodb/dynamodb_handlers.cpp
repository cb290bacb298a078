#include "aws/protocol/values.hpp"
#include "core/parse_int.hpp"
#include "core/strings.hpp"
#include "localcloud/dynamodb/cfn_global_table_provider.hpp"
#include "localcloud/dynamodb/cfn_table_provider.hpp"
#include "localcloud/dynamodb/dynamodb_backend.hpp"
#include "localcloud/dynamodb/dynamodb_routes.hpp"
#include "localcloud/dynamodb/dynamodb_streams.hpp"
#include "localcloud/protocol/model_service.hpp"
#include "localcloud/protocol/protocol.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace cdk::localcloud::dynamodb {

namespace {

/// How long after an item's TTL the sweeper deletes it (AWS: within a few days; here
/// `CDKPP_LOCALCLOUD_DYNAMODB_TTL_DELAY_S`, default 30 seconds).
std::chrono::seconds ttl_delay() {
    if (const char* env = std::getenv("CDKPP_LOCALCLOUD_DYNAMODB_TTL_DELAY_S")) {
        if (auto s = parse_int<long long>(env); s && *s >= 0) return std::chrono::seconds(*s);
    }
    return std::chrono::seconds(30);
}

/// The background sweeper: every second deletes the items whose TTL expired more than ttl_delay() ago
/// (REMOVE records from the DynamoDB service in their streams); every minute trims stream records past the
/// retention and drops expired disabled streams.
class Sweeper {
public:
    explicit Sweeper(Store& store) : store_(store), delay_(ttl_delay()), thread_([this] { run(); }) {}
    Sweeper(const Sweeper&) = delete;
    Sweeper& operator=(const Sweeper&) = delete;
    ~Sweeper() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        thread_.join();
    }

private:
    void run() {
        auto last_trim = std::chrono::steady_clock::now();
        const auto trim_every =
            std::min<std::chrono::milliseconds>(std::chrono::minutes(1), stream_retention() / 2);
        std::unique_lock lock(mutex_);
        while (!stopping_) {
            wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
            if (stopping_) break;
            lock.unlock();
            sweep();
            if (std::chrono::steady_clock::now() - last_trim >= trim_every) {
                last_trim = std::chrono::steady_clock::now();
                const auto now = std::chrono::system_clock::now();
                (void)store_.write<bool>([&](Tx& tx) -> Result<bool> {
                    if (auto r = streams::trim_all(tx, now); !r) return r.error();
                    return true;
                });
            }
            lock.lock();
        }
    }

    void sweep() {
        const auto now = std::chrono::system_clock::now();
        auto expired = store_.read<std::vector<DynamoBackend::Expired>>(
            [&](Tx& tx) { return DynamoBackend::find_expired(tx, now, delay_); });
        if (!expired || expired->empty()) return;
        (void)store_.write<std::size_t>(
            [&](Tx& tx) { return DynamoBackend::expire(tx, *expired, now, delay_); });
    }

    Store& store_;
    std::chrono::seconds delay_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

/// DynamoDB over JSON 1.0 (`DynamoDB_20120810.<Operation>`, model `dynamodb`) and DynamoDB Streams
/// (`DynamoDBStreams_20120810.<Operation>`, model `dynamodbstreams`): both sign as `dynamodb`, told apart by
/// the target.
class DynamoService final : public Service {
public:
    explicit DynamoService(CloudContext& cloud)
        : cloud_(cloud), backend_(cloud), streams_(cloud), sweeper_(cloud.store) {}

    [[nodiscard]] std::string_view name() const override { return "dynamodb"; }
    [[nodiscard]] Protocol protocol() const override { return Protocol::Json10; }

    Result<ServerResponse> handle(RequestContext& ctx) override {
        if (strings::starts_with(ctx.http.header("x-amz-target"), "DynamoDBStreams_20120810.")) {
            return serve_model_request("dynamodbstreams", ctx, [&](const std::string& op, const Json& in) {
                return call_streams(ctx, op, in);
            });
        }
        Json cancellation;
        auto response = serve_model_request("dynamodb", ctx, [&](const std::string& op, const Json& in) {
            return call(ctx, op, in, cancellation);
        });
        if (response || !cancellation.is_array()) return response;
        // TransactionCanceledException carries its reasons, one per item in order.
        ServerResponse r = render_error(Protocol::Json10, response.error(), ctx.request_id);
        Json body = Json::parse(r.body);
        Json reasons = Json::array();
        for (Json reason : cancellation) {
            if (reason.contains("Item")) {
                Json item = Json::object();
                for (const auto& [k, v] : reason["Item"].items())
                    item[k] = wire_value(v);
                reason["Item"] = item;
            }
            reasons.push_back(reason);
        }
        body["CancellationReasons"] = reasons;
        body["Message"] = body["message"];
        r.body = body.dump();
        return r;
    }

private:
    Result<Json> call_streams(RequestContext& ctx, const std::string& op, const Json& in) {
        using Method = Result<Json> (DynamoStreamsApi::*)(Tx&, RequestContext&, const Json&);
        static const std::map<std::string, Method, std::less<>> kOperations = {
            {"ListStreams", &DynamoStreamsApi::list_streams},
            {"DescribeStream", &DynamoStreamsApi::describe_stream},
            {"GetShardIterator", &DynamoStreamsApi::get_shard_iterator},
            {"GetRecords", &DynamoStreamsApi::get_records},
        };
        const auto it = kOperations.find(op);
        if (it == kOperations.end()) {
            return make_error("UnknownOperationException",
                              "dynamodbstreams operation " + op + " is not implemented by localcloud", 400);
        }
        const Method method = it->second;
        return cloud_.store.read<Json>([&](Tx& tx) { return (streams_.*method)(tx, ctx, in); });
    }

    Result<Json> call(RequestContext& ctx, const std::string& op, const Json& in, Json& cancellation) {
        using Method = Result<Json> (DynamoBackend::*)(Tx&, RequestContext&, const Json&);
        static const std::map<std::string, std::pair<Method, bool>, std::less<>> kOperations = {
            {"CreateTable", {&DynamoBackend::create_table, false}},
            {"DescribeTable", {&DynamoBackend::describe_table, true}},
            {"DeleteTable", {&DynamoBackend::delete_table, false}},
            {"ListTables", {&DynamoBackend::list_tables, true}},
            {"UpdateTable", {&DynamoBackend::update_table, false}},
            {"UpdateTimeToLive", {&DynamoBackend::update_time_to_live, false}},
            {"DescribeTimeToLive", {&DynamoBackend::describe_time_to_live, true}},
            {"PutItem", {&DynamoBackend::put_item, false}},
            {"GetItem", {&DynamoBackend::get_item, true}},
            {"DeleteItem", {&DynamoBackend::delete_item, false}},
            {"UpdateItem", {&DynamoBackend::update_item, false}},
            {"Query", {&DynamoBackend::query, true}},
            {"Scan", {&DynamoBackend::scan, true}},
            {"BatchWriteItem", {&DynamoBackend::batch_write, false}},
            {"BatchGetItem", {&DynamoBackend::batch_get, true}},
            {"TransactGetItems", {&DynamoBackend::transact_get, true}},
        };
        // The legacy parameters (before expressions) and parallel scans are not served: refused rather than
        // ignored, so that a condition is never silently dropped.
        for (const char* legacy :
             {"Expected", "KeyConditions", "AttributeUpdates", "QueryFilter", "ScanFilter", "AttributesToGet",
              "ConditionalOperator", "Segment", "TotalSegments"}) {
            if (in.contains(legacy)) {
                return make_error("ValidationException",
                                  std::string(legacy) + " is not supported by localcloud; use expressions",
                                  400);
            }
        }
        if (op == "TransactWriteItems") {
            return cloud_.store.write<Json>([&](Tx& tx) {
                cancellation = Json();
                return backend_.transact_write(tx, ctx, in, cancellation);
            });
        }
        const auto it = kOperations.find(op);
        if (it == kOperations.end()) {
            return make_error("UnknownOperationException",
                              "dynamodb operation " + op + " is not implemented by localcloud", 400);
        }
        const Method method = it->second.first;
        auto run = [&](Tx& tx) { return (backend_.*method)(tx, ctx, in); };
        return it->second.second ? cloud_.store.read<Json>(run) : cloud_.store.write<Json>(run);
    }

    CloudContext& cloud_;
    DynamoBackend backend_;
    DynamoStreamsApi streams_;
    Sweeper sweeper_;
};

} // namespace

void register_dynamodb(CloudContext& cloud, ServiceRegistry& services,
                       cloudformation::ProviderRegistry& providers) {
    add_service<DynamoService, CfnTableProvider, CfnGlobalTableProvider>(cloud, services, providers);
}

} // namespace cdk::localcloud::dynamodb
