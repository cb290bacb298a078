#include "localcloud/lambda/event_source_poller.hpp"

#include "core/strings.hpp"
#include "localcloud/dynamodb/dynamodb_streams.hpp"
#include "localcloud/lambda/event_source_events.hpp"
#include "localcloud/lambda/lambda_backend.hpp"
#include "localcloud/sqs/sqs_backend.hpp"
#include "localcloud/state/ids.hpp"

#include <algorithm>
#include <set>

namespace cdk::localcloud::lambda {

namespace {

constexpr auto kTick = std::chrono::milliseconds(250);
/// A failed stream batch is tried again after this long (AWS backs off; a second keeps tests short).
constexpr auto kStreamRetryDelay = std::chrono::seconds(1);

long long now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool reports_item_failures(const Json& config) {
    for (const auto& t : config.value("FunctionResponseTypes", Json::array())) {
        if (t == "ReportBatchItemFailures") return true;
    }
    return false;
}

} // namespace

EventSourcePoller::EventSourcePoller(CloudContext& cloud)
    : cloud_(cloud), exec_(Executor::of(cloud)), thread_([this] { run(); }) {}

EventSourcePoller::~EventSourcePoller() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void EventSourcePoller::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, kTick, [this] { return stopping_; });
        if (stopping_) break;
        lock.unlock();
        // The top of a thread: nothing may escape it (it would end the server).
        try {
            tick();
        } catch (const std::exception&) {
        }
        lock.lock();
    }
}

void EventSourcePoller::tick() {
    auto mappings = cloud_.store.read<std::vector<esm::Mapping>>([](Tx& tx) { return esm::all(tx); });
    if (!mappings) return;
    std::set<std::string> live;
    for (const auto& m : *mappings) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
        }
        live.insert(m.uuid);
        const std::string state = settle(m);
        if (state != "Enabled") {
            queues_.erase(m.uuid); // received messages come back when their visibility ends
            continue;
        }
        const std::string source = m.doc["Configuration"].value("EventSourceArn", "");
        if (esm::source_of(source) == esm::Source::Sqs)
            poll_queue(m);
        else if (esm::source_of(source) == esm::Source::DynamoDbStream)
            poll_stream(m);
    }
    std::erase_if(queues_, [&](const auto& q) { return live.count(q.first) == 0; });
    std::erase_if(streams_, [&](const auto& s) { return live.count(s.first) == 0; });
}

std::string EventSourcePoller::settle(const esm::Mapping& m) {
    const std::string state = m.doc["Configuration"].value("State", "");
    if (state == "Enabled" || state == "Disabled") return state;
    const Scope scope{m.account, m.region};
    auto settled = cloud_.store.write<std::string>([&](Tx& tx) -> Result<std::string> {
        auto found = tx.get(scope, esm::kKind, m.uuid);
        if (!found) return found.error();
        if (!found->has_value()) return std::string("Deleted");
        Json doc = std::move(**found);
        const std::string now = doc["Configuration"].value("State", "");
        if (now == "Enabled" || now == "Disabled") return now;
        doc["Configuration"]["State"] = doc.value("Enabled", true) ? "Enabled" : "Disabled";
        if (auto p = tx.put(scope, esm::kKind, m.uuid, doc); !p) return p.error();
        return doc["Configuration"]["State"].get<std::string>();
    });
    return settled ? *settled : state;
}

Result<Caller> EventSourcePoller::role_of(const std::string& region, const std::string& function_arn) {
    const auto f = LambdaBackend::parse_ref(function_arn, "");
    auto role = cloud_.store.read<std::string>([&](Tx& tx) -> Result<std::string> {
        auto found = tx.get(Scope{f.account, region}, "lambda:function", f.name);
        if (!found) return found.error();
        if (!found->has_value()) return make_error("ResourceNotFoundException", "Function not found", 404);
        return (**found)["Configuration"].value("Role", "");
    });
    if (!role) return role.error();
    const std::string unqualified = LambdaBackend::arn(region, f.account, f.name);
    auto session = exec_->sessions.session(unqualified + " " + *role, f.account, *role, f.name);
    if (!session) return session.error();
    return session->caller;
}

void EventSourcePoller::poll_queue(const esm::Mapping& m) {
    const Json& config = m.doc["Configuration"];
    const std::string queue_arn = config["EventSourceArn"].get<std::string>();
    const auto parts = strings::split(queue_arn, ":");
    const std::string queue_region = parts[3];
    const std::string url = sqs::SqsBackend::url(queue_region, parts[4], parts[5]);
    const long long batch = config.value("BatchSize", 10LL);
    const long long window = config.value("MaximumBatchingWindowInSeconds", 0LL);
    QueueWatch& watch = queues_[m.uuid];
    const std::uint64_t generation = sqs::SqsBackend::message_generation(queue_arn);
    const bool worth = !watch.primed || generation != watch.generation ||
                       (watch.next_visible_ms != 0 && now_ms() >= watch.next_visible_ms);
    if (!worth && watch.pending.empty()) return;
    auto role = role_of(m.region, config["FunctionArn"].get<std::string>());
    if (!role) return; // no function (or its role refuses Lambda): the messages stay in the queue
    iam::Context context;
    context[iam::context_key("aws:RequestedRegion")] = {queue_region};
    const sqs::SqsCall as_role{*role, queue_region, context};
    sqs::SqsBackend queue(cloud_);
    if (worth && static_cast<long long>(watch.pending.size()) < batch) {
        sqs::ReceiveRequest request;
        request.max_messages = static_cast<int>(batch - static_cast<long long>(watch.pending.size()));
        request.system_attributes = {"All"};
        request.message_attributes = {"All"};
        auto received = queue.receive_messages(as_role, url, request);
        if (!received) return;
        watch.primed = true;
        watch.generation = generation;
        watch.next_visible_ms = received->next_visible_ms;
        if (watch.pending.empty() && !received->messages.empty())
            watch.pending_since = std::chrono::steady_clock::now();
        for (auto& message : received->messages)
            watch.pending.push_back(std::move(message));
    }
    if (watch.pending.empty()) return;
    if (window > 0 && static_cast<long long>(watch.pending.size()) < batch &&
        std::chrono::steady_clock::now() - watch.pending_since < std::chrono::seconds(window)) {
        return; // the batching window is still open
    }
    std::vector<Json> messages = std::move(watch.pending);
    watch.pending.clear();
    // Receive once more next tick whatever happens: more may wait (a full batch), and messages left after a
    // failure are counted in the next receive's next_visible_ms.
    watch.primed = false;
    std::vector<Json> records;
    std::set<std::string> ids;
    for (const auto& message : messages) {
        records.push_back(events::sqs_record(message, queue_arn, queue_region));
        ids.insert(message.value("MessageId", ""));
    }
    LambdaBackend backend(cloud_);
    auto outcome = backend.invoke_for_mapping(m.region, config["FunctionArn"].get<std::string>(),
                                              events::event_of(std::move(records)).dump());
    if (!outcome || !outcome->function_error.empty()) return; // left to their visibility timeout
    std::set<std::string> failed;
    if (reports_item_failures(config)) {
        auto reported = events::batch_item_failures(outcome->payload, ids);
        if (!reported) return; // an answer naming unknown items fails the whole batch, as on AWS
        failed = std::move(*reported);
    }
    std::vector<Json> entries;
    for (const auto& message : messages) {
        if (failed.count(message.value("MessageId", "")) != 0) continue;
        entries.push_back(Json{{"Id", "m" + std::to_string(entries.size())},
                               {"ReceiptHandle", message.value("ReceiptHandle", "")}});
        if (entries.size() == 10) {
            (void)queue.delete_messages(as_role, url, entries);
            entries.clear();
        }
    }
    if (!entries.empty()) (void)queue.delete_messages(as_role, url, entries);
}

void EventSourcePoller::set_last_result(const esm::Mapping& m, const std::string& result) {
    if (m.doc["Configuration"].value("LastProcessingResult", "") == result) return;
    const Scope scope{m.account, m.region};
    (void)cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto found = tx.get(scope, esm::kKind, m.uuid);
        if (!found) return found.error();
        if (!found->has_value()) return false;
        Json doc = std::move(**found);
        doc["Configuration"]["LastProcessingResult"] = result;
        if (auto p = tx.put(scope, esm::kKind, m.uuid, doc); !p) return p.error();
        return true;
    });
}

void EventSourcePoller::send_on_failure(const esm::Mapping& m, const Caller& role,
                                        const std::vector<Json>& records, const std::string& shard_id,
                                        long long invocations, const Invocation* outcome) {
    const Json& config = m.doc["Configuration"];
    const std::string destination = config.value("DestinationConfig", Json::object())
                                        .value("OnFailure", Json::object())
                                        .value("Destination", "");
    const auto parts = strings::split(destination, ":");
    if (parts.size() != 6 || parts[2] != "sqs" || records.empty()) return;
    // The invocation record Lambda sends for a stream batch it gave up on.
    Json response{{"statusCode", 200}, {"executedVersion", outcome ? outcome->executed_version : "$LATEST"}};
    if (outcome && !outcome->function_error.empty()) response["functionError"] = outcome->function_error;
    const Json& first = records.front()["dynamodb"];
    const Json& last = records.back()["dynamodb"];
    const Json body{{"requestContext",
                     {{"requestId", random_uuid()},
                      {"functionArn", config.value("FunctionArn", "")},
                      {"condition", "RetryAttemptsExhausted"},
                      {"approximateInvokeCount", invocations}}},
                    {"responseContext", response},
                    {"version", "1.0"},
                    {"timestamp", dynamodb::iso8601_ms(std::chrono::system_clock::now())},
                    {"DDBStreamBatchInfo",
                     {{"shardId", shard_id},
                      {"startSequenceNumber", first.value("SequenceNumber", "")},
                      {"endSequenceNumber", last.value("SequenceNumber", "")},
                      {"approximateArrivalOfFirstRecord", first.value("ApproximateCreationDateTime", "")},
                      {"approximateArrivalOfLastRecord", last.value("ApproximateCreationDateTime", "")},
                      {"batchSize", records.size()},
                      {"streamArn", config.value("EventSourceArn", "")}}}};
    iam::Context context;
    context[iam::context_key("aws:RequestedRegion")] = {parts[3]};
    // Sent as the execution role, as Lambda sends it; a refusal loses the record (as on AWS).
    (void)sqs::SqsBackend(cloud_).send_messages(sqs::SqsCall{role, parts[3], context},
                                                sqs::SqsBackend::url(parts[3], parts[4], parts[5]),
                                                {Json{{"MessageBody", body.dump()}}});
}

void EventSourcePoller::poll_stream(const esm::Mapping& m) {
    const Json& config = m.doc["Configuration"];
    const std::string stream_arn = config["EventSourceArn"].get<std::string>();
    StreamWatch& watch = streams_[m.uuid];
    const auto now = std::chrono::steady_clock::now();
    if (now < watch.retry_at) return;
    std::string region;
    std::string account;
    const auto ref = dynamodb::streams::parse_arn(stream_arn, &region, &account);
    if (!ref) return;
    auto role = role_of(m.region, config["FunctionArn"].get<std::string>());
    if (!role) {
        set_last_result(m, "PROBLEM: Function call failed");
        return;
    }
    const long long batch_size = config.value("BatchSize", 100LL);
    struct Read {
        dynamodb::streams::Batch batch;
        std::uint64_t from = 0;
        long long attempts = 0;
        std::string shard_id;
    };
    const Scope mapping_scope{m.account, m.region};
    auto read = cloud_.store.read<Read>([&](Tx& tx) -> Result<Read> {
        iam::Context context;
        context[iam::context_key("aws:RequestedRegion")] = {region};
        if (auto a = cloud_.iam.authorize(tx, *role, "dynamodb:GetRecords", stream_arn, account, std::nullopt,
                                          iam::ResourcePolicyMode::None, context);
            !a) {
            return a.error();
        }
        auto cursor = tx.get(mapping_scope, esm::kCursorKind, m.uuid);
        if (!cursor) return cursor.error();
        Read r;
        if (cursor->has_value()) {
            r.from = (**cursor).value("Next", std::uint64_t{0});
            r.attempts = (**cursor).value("Attempts", 0LL);
        }
        auto batch =
            dynamodb::streams::read(tx, Scope{account, region}, *ref, r.from,
                                    static_cast<std::size_t>(batch_size), std::chrono::system_clock::now());
        if (!batch) return batch.error();
        r.batch = std::move(*batch);
        auto stream =
            dynamodb::streams::find(tx, Scope{account, region}, *ref, std::chrono::system_clock::now());
        if (stream && stream->has_value()) r.shard_id = (**stream).value("ShardId", "");
        return r;
    });
    if (!read) {
        if (read.error().code == "AccessDenied") set_last_result(m, "PROBLEM: Stream access denied");
        return;
    }
    const auto& records = read->batch.records;
    if (records.empty()) return;
    const long long window = config.value("MaximumBatchingWindowInSeconds", 0LL);
    if (window > 0 && static_cast<long long>(records.size()) < batch_size) {
        if (watch.window_at != read->from + 1) {
            watch.window_at = read->from + 1;
            watch.window_since = now;
        }
        if (now - watch.window_since < std::chrono::seconds(window)) return;
    }
    std::vector<Json> event_records;
    std::set<std::string> sequence_numbers;
    for (const auto& r : records) {
        event_records.push_back(events::dynamodb_record(r, stream_arn));
        sequence_numbers.insert(r["dynamodb"].value("SequenceNumber", ""));
    }
    LambdaBackend backend(cloud_);
    auto outcome = backend.invoke_for_mapping(m.region, config["FunctionArn"].get<std::string>(),
                                              events::event_of(std::move(event_records)).dump());
    bool success = outcome && outcome->function_error.empty();
    std::uint64_t next = read->batch.next;
    if (success && reports_item_failures(config)) {
        auto failed = events::batch_item_failures(outcome->payload, sequence_numbers);
        if (!failed) {
            success = false;
        } else if (!failed->empty()) {
            // Retried from the first failed record: the ones before it are done.
            std::uint64_t first = next;
            for (const auto& s : *failed) {
                if (auto c = dynamodb::streams::sequence_counter(s)) first = std::min(first, *c);
            }
            success = false;
            if (first > read->from) {
                next = first;
            }
        }
    }
    long long attempts = 0;
    std::uint64_t position = next;
    if (!success) {
        const long long max_retries = config.value("MaximumRetryAttempts", -1LL);
        attempts = read->attempts + 1;
        if (max_retries >= 0 && attempts > max_retries) {
            // Retries exhausted: the batch is skipped, its description sent to the on-failure destination.
            send_on_failure(m, *role, records, read->shard_id, attempts, outcome ? &*outcome : nullptr);
            attempts = 0;
            position = read->batch.next;
        } else {
            position = next != read->batch.next ? next : read->from;
            watch.retry_at = now + kStreamRetryDelay;
        }
    }
    (void)cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto mapping = tx.get(mapping_scope, esm::kKind, m.uuid);
        if (!mapping) return mapping.error();
        if (!mapping->has_value()) return false; // deleted meanwhile
        if (auto p = tx.put(mapping_scope, esm::kCursorKind, m.uuid,
                            Json{{"Next", position}, {"Attempts", attempts}});
            !p) {
            return p.error();
        }
        return true;
    });
    set_last_result(m, success ? "OK" : "PROBLEM: Function call failed");
}

} // namespace cdk::localcloud::lambda
