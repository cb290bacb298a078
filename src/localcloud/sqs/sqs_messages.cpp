// SQS messages: send, receive (visibility, redrive, FIFO groups), delete, change visibility, purge, and the
// long-poll waiters. Every operation is one store transaction; messages are store rows, so they survive
// restarts.
#include "core/hash.hpp"
#include "core/json_reader.hpp"
#include "core/md5.hpp"
#include "core/parse_int.hpp"
#include "core/strings.hpp"
#include "localcloud/iam/iam_backend.hpp"
#include "localcloud/kms/kms_backend.hpp"
#include "localcloud/protocol/base64.hpp"
#include "localcloud/sqs/sqs_backend.hpp"
#include "localcloud/sqs/sqs_errors.hpp"
#include "localcloud/sqs/sqs_queue_ref.hpp"
#include "localcloud/state/ids.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <regex>
#include <set>

namespace cdk::localcloud::sqs {

using detail::kCounterKind;
using detail::kDedupKind;
using detail::kMessageKind;
using detail::kQueueKind;

namespace {

long long now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Error invalid_value(const std::string& message) {
    return make_error("InvalidParameterValue", message, 400);
}

Error receipt_invalid(const std::string& handle) {
    return make_error("ReceiptHandleIsInvalid",
                      "The input receipt handle \"" + handle + "\" is not a valid receipt handle.", 400);
}

long long attr_int(const Json& attributes, const char* name, long long fallback) {
    const auto v = parse_int<long long>(attributes.value(name, ""));
    return v ? *v : fallback;
}

std::string md5_hex(std::string_view data) {
    return strings::to_hex(hash::md5(data));
}

/// SQS's MD5 of message attributes: for each attribute by name, the name, the data type (each as a 4-byte
/// big-endian length and the bytes), a transport byte (1 string/number, 2 binary) and the value (length,
/// bytes).
void put_length_prefixed(std::string& out, std::string_view bytes) {
    const auto n = static_cast<std::uint32_t>(bytes.size());
    out += static_cast<char>((n >> 24) & 0xff);
    out += static_cast<char>((n >> 16) & 0xff);
    out += static_cast<char>((n >> 8) & 0xff);
    out += static_cast<char>(n & 0xff);
    out += bytes;
}

/// `attributes` as stored: name -> {DataType, StringValue | Binary (base64)}.
std::string md5_of_attributes(const Json& attributes) {
    std::string buffer;
    for (const auto& [name, value] : attributes.items()) { // Json objects iterate sorted by key
        put_length_prefixed(buffer, name);
        put_length_prefixed(buffer, value.value("DataType", ""));
        if (value.contains("Binary")) {
            buffer += static_cast<char>(2);
            auto raw = base64_decode(value["Binary"].get<std::string>());
            put_length_prefixed(buffer, raw ? *raw : std::string());
        } else {
            buffer += static_cast<char>(1);
            put_length_prefixed(buffer, value.value("StringValue", ""));
        }
    }
    return md5_hex(buffer);
}

/// The characters SQS accepts in a body and in string attribute values: #x9 | #xA | #xD | #x20-#xD7FF |
/// #xE000-#xFFFD | #x10000-#x10FFFF (the input is valid UTF-8: the protocol layer checked it).
bool valid_message_characters(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::uint32_t cp = 0;
        std::size_t n = 1;
        if (c < 0x80)
            cp = c;
        else if ((c >> 5) == 0x6)
            cp = c & 0x1f, n = 2;
        else if ((c >> 4) == 0xe)
            cp = c & 0x0f, n = 3;
        else
            cp = c & 0x07, n = 4;
        if (i + n > text.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
        i += n;
        const bool ok = cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
                        (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
        if (!ok) return false;
    }
    return true;
}

Error invalid_contents() {
    return make_error("InvalidMessageContents",
                      "Invalid characters found. Valid unicode characters are #x9 | #xA | "
                      "#xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF",
                      400);
}

/// Checks message attributes (MessageAttributes, or the system ones) as SQS does and returns them in stored
/// form; `size` grows by what they count toward the message size (name, type and value bytes).
Result<Json> checked_attributes(const Json& given, bool system, std::size_t& size) {
    Json out = Json::object();
    if (!given.is_object()) return out;
    if (given.size() > 10) {
        return invalid_value("Number of message attributes [" + std::to_string(given.size()) +
                             "] exceeds the allowed maximum [10].");
    }
    static const std::regex kName(R"(^[A-Za-z0-9_.-]{1,256}$)");
    static const std::regex kType(R"(^(String|Number|Binary)(\.[^\s]{1,249})?$)");
    for (const auto& [name, value] : given.items()) {
        if (system && name != "AWSTraceHeader") {
            return invalid_value("Message system attribute name '" + name + "' is invalid.");
        }
        if (!std::regex_match(name, kName) || name.front() == '.' || name.back() == '.' ||
            name.find("..") != std::string::npos) {
            return invalid_value(
                "Message (user) attribute name '" + name +
                "' is invalid. Names may contain "
                "alphanumerics, hyphens, underscores and periods, cannot start or end with a period "
                "or hold two in a row, and are at most 256 characters.");
        }
        const std::string lower = strings::to_lower(name);
        if (!system && (strings::starts_with(lower, "aws.") || strings::starts_with(lower, "amazon."))) {
            return invalid_value("Message (user) attribute name '" + name +
                                 "' is invalid. The AWS. and Amazon. "
                                 "prefixes are reserved.");
        }
        const std::string type = value.value("DataType", "");
        if (type.empty()) {
            return invalid_value("The message attribute '" + name +
                                 "' must contain non-empty message attribute type.");
        }
        if (!std::regex_match(type, kType) || type.size() > 256) {
            return invalid_value("The type of message (user) attribute '" + name +
                                 "' is invalid. You must use only "
                                 "the following supported type prefixes: Binary, Number, String.");
        }
        Json stored{{"DataType", type}};
        size += name.size() + type.size();
        if (strings::starts_with(type, "Binary")) {
            if (!value.contains("BinaryValue") || value["BinaryValue"].get<std::string>().empty()) {
                return invalid_value("The message attribute '" + name +
                                     "' with type 'Binary' must use field "
                                     "'Binary'.");
            }
            const std::string raw = value["BinaryValue"].get<std::string>();
            size += raw.size();
            stored["Binary"] = base64_encode(raw);
        } else {
            if (!value.contains("StringValue") || value["StringValue"].get<std::string>().empty()) {
                return invalid_value("The message attribute '" + name +
                                     "' must contain non-empty message attribute "
                                     "value for message attribute type '" +
                                     type.substr(0, type.find('.')) + "'.");
            }
            const std::string text = value["StringValue"].get<std::string>();
            if (!valid_message_characters(text)) return invalid_contents();
            if (strings::starts_with(type, "Number")) {
                static const std::regex kNumber(R"(^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$)");
                if (!std::regex_match(text, kNumber) || text.size() > 40) {
                    return invalid_value("Can't cast the value of message (user) attribute '" + name +
                                         "' to a number.");
                }
            }
            size += text.size();
            stored["StringValue"] = text;
        }
        out[name] = stored;
    }
    return out;
}

/// Attributes in the model's output form (BinaryValue as raw bytes).
Json output_attributes(const Json& stored) {
    Json out = Json::object();
    for (const auto& [name, value] : stored.items()) {
        Json v{{"DataType", value["DataType"]}};
        if (value.contains("Binary")) {
            auto raw = base64_decode(value["Binary"].get<std::string>());
            v["BinaryValue"] = raw ? *raw : std::string();
        } else {
            v["StringValue"] = value["StringValue"];
        }
        out[name] = v;
    }
    return out;
}

std::string seq_name(const std::string& queue, unsigned long long seq) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%020llu", seq);
    return queue + "/" + buf;
}

/// The receipt handle of one receive: which message (queue, sequence) and this receive's token.
struct Receipt {
    std::string account;
    std::string queue;
    std::string seq;
    std::string token;
};

std::string receipt_handle(const std::string& account, const std::string& message_name,
                           const std::string& token) {
    return base64_encode(account + "/" + message_name + "/" + token);
}

std::optional<Receipt> parse_receipt(const std::string& handle) {
    auto raw = base64_decode(handle);
    if (!raw) return std::nullopt;
    const auto parts = strings::split(*raw, "/");
    if (parts.size() != 4 || parts[2].size() != 20 || parts[3].empty()) return std::nullopt;
    return Receipt{parts[0], parts[1], parts[2], parts[3]};
}

/// The queue row, authorized for `action`.
Result<Json> load_queue(CloudContext& cloud, Tx& tx, const SqsCall& call, const detail::QueueRef& ref,
                        const std::string& action) {
    auto found = tx.get(Scope{ref.account, call.region}, kQueueKind, ref.name);
    if (!found) return found.error();
    if (!found->has_value()) return queue_does_not_exist();
    if (auto a = detail::authorize_queue(cloud, tx, call, **found, action); !a) return a.error();
    return std::move(**found);
}

/// The next sequence number of a queue (its counter row).
Result<unsigned long long> next_sequence(Tx& tx, const Scope& scope, const std::string& queue) {
    auto counter = tx.get(scope, kCounterKind, queue);
    if (!counter) return counter.error();
    Json c = counter->has_value() ? std::move(**counter) : Json{{"Next", 1}};
    const auto seq = c.value("Next", 1ULL);
    c["Next"] = seq + 1;
    if (auto p = tx.put(scope, kCounterKind, queue, c); !p) return p.error();
    return seq;
}

std::string kms_key_of(const Json& queue) {
    return queue["Attributes"].value("KmsMasterKeyId", "");
}

/// The caller's right to use the queue's KMS key (SSE-KMS): SQS asks KMS as the caller, through SQS, and an
/// answer other than yes is a KMS.* error of the call.
Result<Json> queue_key(CloudContext& cloud, Tx& tx, const SqsCall& call, const Json& queue) {
    const std::string ref = kms_key_of(queue);
    const std::string account = queue["Account"].get<std::string>();
    if (cloud.kms == nullptr) return make_error("KMS.NotFoundException", "KMS is not served", 400);
    if (ref == "alias/aws/sqs") {
        if (auto k = cloud.kms->ensure_aws_managed_key(tx, account, call.region, "sqs"); !k) return k.error();
    }
    auto key = cloud.kms->resolve_key(tx, account, call.region, ref);
    if (!key) return make_error("KMS.NotFoundException", key.error().message, 400);
    return key;
}

Error kms_error(const Error& e) {
    if (strings::starts_with(e.code, "KMS.")) return e;
    return make_error("KMS." + e.code, e.message, 400);
}

/// Encrypts a body under the queue's key as the caller (kms:GenerateDataKey through SQS).
Result<std::string> seal_body(CloudContext& cloud, Tx& tx, const SqsCall& call, const Json& queue,
                              const std::string& body) {
    auto key = queue_key(cloud, tx, call, queue);
    if (!key) return key.error();
    const Json context{{"aws:sqs:arn", queue["Attributes"]["QueueArn"]}};
    auto sealed = cloud.kms->encrypt(tx, cloud.iam, call.caller, call.region,
                                     (*key)["Arn"].get<std::string>(), body, context, call.context,
                                     "sqs." + call.region + ".amazonaws.com", "kms:GenerateDataKey");
    if (!sealed) return kms_error(sealed.error());
    return base64_encode(*sealed);
}

Result<std::string> open_body(CloudContext& cloud, Tx& tx, const SqsCall& call, const Json& queue,
                              const Json& message) {
    if (!message.contains("Sealed")) return message.value("Body", "");
    auto raw = base64_decode(message["Sealed"].get<std::string>());
    if (!raw) return make_error("InternalError", "a stored SQS message body is corrupt", 500);
    const Json context{{"aws:sqs:arn", queue["Attributes"]["QueueArn"]}};
    auto opened = cloud.kms->decrypt(tx, cloud.iam, call.caller, *raw, context, call.context,
                                     "sqs." + call.region + ".amazonaws.com");
    if (!opened) return kms_error(opened.error());
    return opened->plaintext;
}

struct RedrivePolicy {
    std::string target_arn;
    long long max_receive_count = 0;
};

std::optional<RedrivePolicy> redrive_of(const Json& queue) {
    const std::string text = queue["Attributes"].value("RedrivePolicy", "");
    if (text.empty()) return std::nullopt;
    auto parsed = json::parse(text);
    if (!parsed || !parsed->is_object()) return std::nullopt;
    RedrivePolicy p;
    p.target_arn = parsed->value("deadLetterTargetArn", "");
    const Json& count = (*parsed)["maxReceiveCount"];
    if (count.is_number_integer())
        p.max_receive_count = count.get<long long>();
    else if (count.is_string())
        p.max_receive_count = parse_int<long long>(count.get<std::string>()).value_or(0);
    if (p.target_arn.empty() || p.max_receive_count < 1) return std::nullopt;
    return p;
}

bool entry_id_valid(const std::string& id) {
    static const std::regex kId(R"(^[A-Za-z0-9_-]{1,80}$)");
    return std::regex_match(id, kId);
}

/// The entries of a SendMessage, DeleteMessage or ChangeMessageVisibility call, single or batch. A single
/// call is one entry without an `Id`; a batch call's entries are checked as AWS checks them before any entry
/// runs (1-10 entries, ids `[A-Za-z0-9_-]{1,80}`, distinct). `request_entry` names the batch's entry type in
/// the EmptyBatchRequest message.
struct Entries {
    const std::vector<Json>& entries;
    bool batch;

    static Result<Entries> of(const std::vector<Json>& entries, const std::string& request_entry) {
        Entries e{entries, entries.size() != 1 || entries.front().contains("Id")};
        if (!e.batch) return e;
        if (entries.empty()) {
            return make_error("EmptyBatchRequest",
                              "There should be at least one " + request_entry + " in the request.", 400);
        }
        if (entries.size() > 10) {
            return make_error("TooManyEntriesInBatchRequest",
                              "Maximum number of entries per request are 10. You "
                              "have sent " +
                                  std::to_string(entries.size()) + ".",
                              400);
        }
        std::set<std::string> seen;
        for (const auto& entry : entries) {
            const std::string id = entry.value("Id", "");
            if (!entry_id_valid(id)) {
                return make_error("InvalidBatchEntryId",
                                  "A batch entry id can only contain alphanumeric "
                                  "characters, hyphens and underscores. It can be at most "
                                  "80 letters long.",
                                  400);
            }
            if (!seen.insert(id).second) {
                return make_error("BatchEntryIdsNotDistinct", "Id " + id + " repeated.", 400);
            }
        }
        return e;
    }

    /// Runs `run(entry, id)` for each entry, each succeeding or failing on its own; a single call's failure
    /// is the call's error.
    template <typename Run> Result<std::vector<EntryResult>> each(Run&& run) const {
        std::vector<EntryResult> out;
        for (const auto& entry : entries) {
            EntryResult r{entry.value("Id", ""), Json::object()};
            r.result = run(entry, r.id);
            if (!batch && !r.result) return r.result.error();
            out.push_back(std::move(r));
        }
        return out;
    }
};

/// The message row a receipt handle of the queue `ref` names, and that receive's token.
struct MessageReceipt {
    std::string name;
    std::string token;
};

Result<MessageReceipt> message_of_receipt(const detail::QueueRef& ref, const std::string& handle) {
    const auto receipt = parse_receipt(handle);
    if (!receipt || receipt->account != ref.account || receipt->queue != ref.name)
        return receipt_invalid(handle);
    return MessageReceipt{ref.name + "/" + receipt->seq, receipt->token};
}

/// The long-poll waiters: one counter per queue ARN, bumped by each send.
struct Waiters {
    std::mutex mutex;
    std::condition_variable changed;
    std::map<std::string, std::uint64_t> generations;
    std::atomic<int> waiting{0};
    std::atomic<bool> stopping{false};
};

Waiters& waiters() {
    static Waiters w;
    return w;
}

} // namespace

std::uint64_t SqsBackend::message_generation(const std::string& queue_arn) {
    Waiters& w = waiters();
    std::lock_guard lock(w.mutex);
    return w.generations[queue_arn];
}

void SqsBackend::notify_messages(const std::string& queue_arn) {
    Waiters& w = waiters();
    {
        std::lock_guard lock(w.mutex);
        ++w.generations[queue_arn];
    }
    w.changed.notify_all();
}

bool SqsBackend::wait_for_messages(const std::string& queue_arn, std::uint64_t generation,
                                   long long until_ms) {
    Waiters& w = waiters();
    if (w.stopping.load()) return false;
    if (w.waiting.fetch_add(1) >= kMaxWaiters) {
        w.waiting.fetch_sub(1);
        return false;
    }
    bool woke = true;
    {
        std::unique_lock lock(w.mutex);
        // Slices of 100 ms: stop_waiting() only sets a flag (it may run in a signal handler).
        while (w.generations[queue_arn] == generation && now_ms() < until_ms) {
            if (w.stopping.load()) {
                woke = false;
                break;
            }
            const long long left = std::min<long long>(100, std::max<long long>(1, until_ms - now_ms()));
            w.changed.wait_for(lock, std::chrono::milliseconds(left));
        }
    }
    w.waiting.fetch_sub(1);
    return woke;
}

void SqsBackend::stop_waiting() {
    waiters().stopping.store(true);
}

Result<std::vector<EntryResult>> SqsBackend::send_messages(const SqsCall& call, const std::string& url,
                                                           const std::vector<Json>& entries) {
    const detail::QueueRef ref = detail::parse_queue_ref(url, call.caller.account());
    auto checked = Entries::of(entries, "SendMessageBatchRequestEntry");
    if (!checked) return checked.error();
    std::string arn;
    auto done = cloud_.store.write<std::vector<EntryResult>>([&](Tx& tx) -> Result<std::vector<EntryResult>> {
        auto queue = load_queue(cloud_, tx, call, ref, "sqs:SendMessage");
        if (!queue) return queue.error();
        const Json& attrs = (*queue)["Attributes"];
        arn = attrs["QueueArn"].get<std::string>();
        const bool fifo = attrs.value("FifoQueue", "false") == "true";
        const auto max_size = static_cast<std::size_t>(attr_int(attrs, "MaximumMessageSize", 262144));
        const Scope scope{ref.account, call.region};
        const long long now = now_ms();
        if (checked->batch) {
            std::size_t total = 0;
            for (const auto& e : entries) {
                total += e.value("MessageBody", "").size();
                const Json attributes = e.value("MessageAttributes", Json::object());
                for (const auto& [n, v] : attributes.items()) {
                    total += n.size() + v.value("DataType", "").size() + v.value("StringValue", "").size() +
                             v.value("BinaryValue", "").size();
                }
            }
            if (total > max_size) {
                return make_error("BatchRequestTooLong",
                                  "Batch requests cannot be longer than " + std::to_string(max_size) +
                                      " bytes. You have sent " + std::to_string(total) + " bytes.",
                                  400);
            }
        }
        // A failed entry of a single SendMessage fails the call (and rolls back nothing: it wrote nothing).
        return checked->each([&](const Json& e, const std::string&) -> Result<Json> {
            const std::string body = e.value("MessageBody", "");
            if (body.empty()) {
                return make_error("MissingParameter", "The request must contain the parameter MessageBody.",
                                  400);
            }
            if (!valid_message_characters(body)) return invalid_contents();
            std::size_t size = body.size();
            auto user = checked_attributes(e.value("MessageAttributes", Json::object()), false, size);
            if (!user) return user.error();
            auto system = checked_attributes(e.value("MessageSystemAttributes", Json::object()), true, size);
            if (!system) return system.error();
            if (size > max_size) {
                return invalid_value(
                    "One or more parameters are invalid. Reason: Message must be shorter than " +
                    std::to_string(max_size) + " bytes.");
            }
            long long delay = attr_int(attrs, "DelaySeconds", 0);
            if (e.contains("DelaySeconds") && !e["DelaySeconds"].is_null()) {
                const long long d = e["DelaySeconds"].get<long long>();
                if (fifo) {
                    return invalid_value("Value " + std::to_string(d) +
                                         " for parameter DelaySeconds is invalid. "
                                         "Reason: The request include parameter that is not valid for this "
                                         "queue type.");
                }
                if (d < 0 || d > 900) {
                    return invalid_value("Value " + std::to_string(d) +
                                         " for parameter DelaySeconds is invalid. "
                                         "Reason: DelaySeconds must be >= 0 and <= 900.");
                }
                delay = d;
            }
            std::string group = e.value("MessageGroupId", "");
            std::string dedup = e.value("MessageDeduplicationId", "");
            if (!fifo && !dedup.empty()) {
                return invalid_value(
                    "Value " + dedup +
                    " for parameter MessageDeduplicationId is invalid. "
                    "Reason: The request includes a parameter that is not valid for this queue "
                    "type.");
            }
            std::string dedup_key;
            if (fifo) {
                if (group.empty()) {
                    return make_error("MissingParameter",
                                      "The request must contain the parameter "
                                      "MessageGroupId.",
                                      400);
                }
                if (dedup.empty()) {
                    if (attrs.value("ContentBasedDeduplication", "false") != "true") {
                        return invalid_value(
                            "The queue should either have ContentBasedDeduplication enabled or "
                            "MessageDeduplicationId provided explicitly");
                    }
                    dedup = hash::sha256_hex(body);
                }
                dedup_key = ref.name + "/" + dedup;
                auto seen = tx.get(scope, kDedupKind, dedup_key);
                if (!seen) return seen.error();
                if (seen->has_value() && (**seen).value("Expires", 0LL) > now) {
                    // Accepted and not delivered again: the first send's id and sequence number.
                    Json dup{{"MessageId", (**seen)["MessageId"]},
                             {"MD5OfMessageBody", md5_hex(body)},
                             {"SequenceNumber", (**seen)["SequenceNumber"]}};
                    if (!user->empty()) dup["MD5OfMessageAttributes"] = md5_of_attributes(*user);
                    if (!system->empty()) dup["MD5OfMessageSystemAttributes"] = md5_of_attributes(*system);
                    return dup;
                }
            }
            auto seq = next_sequence(tx, scope, ref.name);
            if (!seq) return seq.error();
            const std::string name = seq_name(ref.name, *seq);
            const std::string id = random_uuid();
            Json message{
                {"MessageId", id},
                {"MD5OfBody", md5_hex(body)},
                {"MessageAttributes", *user},
                {"SystemAttributes", *system},
                {"SentTimestamp", now},
                {"SenderId", call.caller.user_id.empty() ? call.caller.account() : call.caller.user_id},
                {"VisibleAt", now + delay * 1000},
                {"ReceiveCount", 0},
                {"Receipt", ""}};
            if (kms_key_of(*queue).empty()) {
                message["Body"] = body;
            } else {
                auto sealed = seal_body(cloud_, tx, call, *queue, body);
                if (!sealed) return sealed.error();
                message["Sealed"] = *sealed;
            }
            const std::string sequence_number = name.substr(name.size() - 20);
            if (fifo) {
                message["MessageGroupId"] = group;
                message["MessageDeduplicationId"] = dedup;
                message["SequenceNumber"] = sequence_number;
                Json seen{{"MessageId", id}, {"SequenceNumber", sequence_number}, {"Expires", now + 300000}};
                if (auto p = tx.put(scope, kDedupKind, dedup_key, seen); !p) return p.error();
            }
            if (auto p = tx.put(scope, kMessageKind, name, message); !p) return p.error();
            Json answer{{"MessageId", id}, {"MD5OfMessageBody", message["MD5OfBody"]}};
            if (!user->empty()) answer["MD5OfMessageAttributes"] = md5_of_attributes(*user);
            if (!system->empty()) answer["MD5OfMessageSystemAttributes"] = md5_of_attributes(*system);
            if (fifo) answer["SequenceNumber"] = sequence_number;
            return answer;
        });
    });
    if (done) notify_messages(arn);
    return done;
}

namespace {

bool wants(const std::vector<std::string>& names, const std::string& name) {
    for (const auto& n : names) {
        if (n == "All" || n == ".*" || n == name) return true;
        if (strings::ends_with(n, ".*") && strings::starts_with(name, n.substr(0, n.size() - 1))) return true;
    }
    return false;
}

/// A message as ReceiveMessage answers it.
Json received_message(const Json& m, const std::string& body, const std::string& handle,
                      const ReceiveRequest& request) {
    Json out{{"MessageId", m["MessageId"]},
             {"ReceiptHandle", handle},
             {"MD5OfBody", m["MD5OfBody"]},
             {"Body", body}};
    Json system = Json::object();
    const auto add = [&](const char* name, const Json& value) {
        if (wants(request.system_attributes, name) && !value.is_null()) {
            system[name] = value.is_string() ? value.get<std::string>() : value.dump();
        }
    };
    add("SenderId", m["SenderId"]);
    add("SentTimestamp", m["SentTimestamp"]);
    add("ApproximateReceiveCount", m["ReceiveCount"]);
    add("ApproximateFirstReceiveTimestamp", m["FirstReceiveTimestamp"]);
    if (m.contains("MessageGroupId")) {
        add("MessageGroupId", m["MessageGroupId"]);
        add("MessageDeduplicationId", m["MessageDeduplicationId"]);
        add("SequenceNumber", m["SequenceNumber"]);
    }
    if (m.contains("DeadLetterQueueSourceArn"))
        add("DeadLetterQueueSourceArn", m["DeadLetterQueueSourceArn"]);
    if (m["SystemAttributes"].contains("AWSTraceHeader")) {
        add("AWSTraceHeader", m["SystemAttributes"]["AWSTraceHeader"]["StringValue"]);
    }
    if (!system.empty()) out["Attributes"] = system;
    Json chosen = Json::object();
    for (const auto& [name, v] : m["MessageAttributes"].items()) {
        if (wants(request.message_attributes, name)) chosen[name] = v;
    }
    if (!chosen.empty()) {
        out["MessageAttributes"] = output_attributes(chosen);
        out["MD5OfMessageAttributes"] = md5_of_attributes(chosen);
    }
    return out;
}

} // namespace

Result<Received> SqsBackend::receive_messages(const SqsCall& call, const std::string& url,
                                              const ReceiveRequest& request) {
    const detail::QueueRef ref = detail::parse_queue_ref(url, call.caller.account());
    std::vector<std::string> moved_to; // dead-letter queues that got messages
    auto done = cloud_.store.write<Received>([&](Tx& tx) -> Result<Received> {
        auto queue = load_queue(cloud_, tx, call, ref, "sqs:ReceiveMessage");
        if (!queue) return queue.error();
        const Json& attrs = (*queue)["Attributes"];
        Received received;
        received.queue_arn = attrs["QueueArn"].get<std::string>();
        received.wait_seconds = static_cast<int>(attr_int(attrs, "ReceiveMessageWaitTimeSeconds", 0));
        const bool fifo = attrs.value("FifoQueue", "false") == "true";
        const long long visibility = request.visibility_timeout ? *request.visibility_timeout
                                                                : attr_int(attrs, "VisibilityTimeout", 30);
        const long long retention_ms = attr_int(attrs, "MessageRetentionPeriod", 345600) * 1000;
        const auto redrive = redrive_of(*queue);
        const Scope scope{ref.account, call.region};
        const long long now = now_ms();
        auto rows = tx.list(scope, kMessageKind, ref.name + "/");
        if (!rows) return rows.error();
        std::set<std::string> blocked_groups; // FIFO: groups with a message in flight or delayed ahead
        for (auto& [name, m] : *rows) {
            if (m.value("SentTimestamp", 0LL) + retention_ms <= now) {
                if (auto e = tx.erase(scope, kMessageKind, name); !e) return e.error();
                continue;
            }
            const long long visible_at = m.value("VisibleAt", 0LL);
            const std::string group = m.value("MessageGroupId", "");
            if (visible_at > now) {
                if (fifo) blocked_groups.insert(group);
                if (received.next_visible_ms == 0 || visible_at < received.next_visible_ms) {
                    received.next_visible_ms = visible_at;
                }
                continue;
            }
            if (fifo && blocked_groups.count(group) != 0) continue;
            if (static_cast<int>(received.messages.size()) >= request.max_messages) break;
            if (redrive && m.value("ReceiveCount", 0LL) >= redrive->max_receive_count) {
                // Received maxReceiveCount times and back again: it moves to the dead-letter queue.
                const auto parts = strings::split(redrive->target_arn, ":");
                if (parts.size() == 6) {
                    const Scope dlq_scope{parts[4], parts[3]};
                    auto dlq = tx.get(dlq_scope, kQueueKind, parts[5]);
                    if (!dlq) return dlq.error();
                    if (dlq->has_value()) {
                        auto seq = next_sequence(tx, dlq_scope, parts[5]);
                        if (!seq) return seq.error();
                        Json moved = m;
                        moved["ReceiveCount"] = 0;
                        moved["VisibleAt"] = now;
                        moved["Receipt"] = "";
                        moved.erase("FirstReceiveTimestamp");
                        moved["DeadLetterQueueSourceArn"] = received.queue_arn;
                        if (moved.contains("SequenceNumber")) {
                            moved["SequenceNumber"] = seq_name("", *seq).substr(1);
                        }
                        if (auto p = tx.put(dlq_scope, kMessageKind, seq_name(parts[5], *seq), moved); !p) {
                            return p.error();
                        }
                        if (auto e = tx.erase(scope, kMessageKind, name); !e) return e.error();
                        moved_to.push_back(redrive->target_arn);
                        continue;
                    }
                }
            }
            auto body = open_body(cloud_, tx, call, *queue, m);
            if (!body) return body.error();
            const std::string token = random_id("", 16);
            m["ReceiveCount"] = m.value("ReceiveCount", 0LL) + 1;
            if (!m.contains("FirstReceiveTimestamp")) m["FirstReceiveTimestamp"] = now;
            m["VisibleAt"] = now + visibility * 1000;
            m["Receipt"] = token;
            if (auto p = tx.put(scope, kMessageKind, name, m); !p) return p.error();
            received.messages.push_back(
                received_message(m, *body, receipt_handle(ref.account, name, token), request));
        }
        return received;
    });
    for (const auto& arn : moved_to)
        notify_messages(arn);
    return done;
}

Result<std::vector<EntryResult>> SqsBackend::delete_messages(const SqsCall& call, const std::string& url,
                                                             const std::vector<Json>& entries) {
    const detail::QueueRef ref = detail::parse_queue_ref(url, call.caller.account());
    auto checked = Entries::of(entries, "DeleteMessageBatchRequestEntry");
    if (!checked) return checked.error();
    return cloud_.store.write<std::vector<EntryResult>>([&](Tx& tx) -> Result<std::vector<EntryResult>> {
        auto queue = load_queue(cloud_, tx, call, ref, "sqs:DeleteMessage");
        if (!queue) return queue.error();
        const Scope scope{ref.account, call.region};
        return checked->each([&](const Json& e, const std::string& id) -> Result<Json> {
            auto receipt = message_of_receipt(ref, e.value("ReceiptHandle", ""));
            if (!receipt) return receipt.error();
            auto m = tx.get(scope, kMessageKind, receipt->name);
            if (!m) return m.error();
            // Deleting a deleted message succeeds; an older receipt than the last receive's succeeds and
            // leaves the message (as SQS documents).
            if (m->has_value() && (**m).value("Receipt", "") == receipt->token) {
                if (auto d = tx.erase(scope, kMessageKind, receipt->name); !d) return d.error();
            }
            return Json{{"Id", id}};
        });
    });
}

Result<std::vector<EntryResult>> SqsBackend::change_visibility(const SqsCall& call, const std::string& url,
                                                               const std::vector<Json>& entries) {
    const detail::QueueRef ref = detail::parse_queue_ref(url, call.caller.account());
    auto checked = Entries::of(entries, "ChangeMessageVisibilityBatchRequestEntry");
    if (!checked) return checked.error();
    std::string arn;
    auto done = cloud_.store.write<std::vector<EntryResult>>([&](Tx& tx) -> Result<std::vector<EntryResult>> {
        auto queue = load_queue(cloud_, tx, call, ref, "sqs:ChangeMessageVisibility");
        if (!queue) return queue.error();
        arn = (*queue)["Attributes"]["QueueArn"].get<std::string>();
        const Scope scope{ref.account, call.region};
        const long long now = now_ms();
        return checked->each([&](const Json& e, const std::string& id) -> Result<Json> {
            const long long timeout = e.value("VisibilityTimeout", 0LL);
            if (timeout < 0 || timeout > 43200) {
                return invalid_value("Value " + std::to_string(timeout) +
                                     " for parameter VisibilityTimeout is "
                                     "invalid. Reason: Must be between 0 and 43200, if provided.");
            }
            auto receipt = message_of_receipt(ref, e.value("ReceiptHandle", ""));
            if (!receipt) return receipt.error();
            auto m = tx.get(scope, kMessageKind, receipt->name);
            if (!m) return m.error();
            if (!m->has_value() || (**m).value("Receipt", "") != receipt->token ||
                (**m).value("VisibleAt", 0LL) <= now) {
                return make_error("MessageNotInflight",
                                  "Message does not exist or is not available for "
                                  "visibility timeout change.",
                                  400);
            }
            Json msg = std::move(**m);
            msg["VisibleAt"] = now + timeout * 1000;
            if (auto p = tx.put(scope, kMessageKind, receipt->name, msg); !p) return p.error();
            return Json{{"Id", id}};
        });
    });
    if (done) notify_messages(arn); // a message made visible again may end a long poll
    return done;
}

Result<void> SqsBackend::purge(const SqsCall& call, const std::string& url) {
    const detail::QueueRef ref = detail::parse_queue_ref(url, call.caller.account());
    auto done = cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto queue = load_queue(cloud_, tx, call, ref, "sqs:PurgeQueue");
        if (!queue) return queue.error();
        const Scope scope{ref.account, call.region};
        auto counter = tx.get(scope, kCounterKind, ref.name);
        if (!counter) return counter.error();
        Json c = counter->has_value() ? std::move(**counter) : Json{{"Next", 1}};
        const long long now = now_ms();
        if (c.value("LastPurge", 0LL) + 60000 > now) {
            return make_error(
                "PurgeQueueInProgress",
                "Only one PurgeQueue operation on " + ref.name + " is allowed every 60 seconds.", 403);
        }
        c["LastPurge"] = now;
        if (auto p = tx.put(scope, kCounterKind, ref.name, c); !p) return p.error();
        if (auto e = tx.erase_prefix(scope, kMessageKind, ref.name + "/"); !e) return e.error();
        return true;
    });
    if (!done) return done.error();
    return ok();
}

Result<Json> SqsBackend::attributes_with_counts(const SqsCall& call, const std::string& url) {
    const detail::QueueRef ref = detail::parse_queue_ref(url, call.caller.account());
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto queue = load_queue(cloud_, tx, call, ref, "sqs:GetQueueAttributes");
        if (!queue) return queue.error();
        Json attrs = (*queue)["Attributes"];
        auto rows = tx.list(Scope{ref.account, call.region}, kMessageKind, ref.name + "/");
        if (!rows) return rows.error();
        const long long now = now_ms();
        long long visible = 0, in_flight = 0, delayed = 0;
        for (const auto& [name, m] : *rows) {
            if (m.value("VisibleAt", 0LL) <= now)
                ++visible;
            else if (m.value("ReceiveCount", 0LL) > 0)
                ++in_flight;
            else
                ++delayed;
        }
        attrs["ApproximateNumberOfMessages"] = std::to_string(visible);
        attrs["ApproximateNumberOfMessagesNotVisible"] = std::to_string(in_flight);
        attrs["ApproximateNumberOfMessagesDelayed"] = std::to_string(delayed);
        return attrs;
    });
}

Result<void> SqsBackend::tag(const SqsCall& call, const std::string& url, const Json& tags,
                             const std::vector<std::string>& remove) {
    const detail::QueueRef ref = detail::parse_queue_ref(url, call.caller.account());
    auto done = cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto queue = load_queue(cloud_, tx, call, ref, remove.empty() ? "sqs:TagQueue" : "sqs:UntagQueue");
        if (!queue) return queue.error();
        Json q = std::move(*queue);
        if (!q["Tags"].is_object()) q["Tags"] = Json::object();
        for (const auto& [k, v] : tags.items())
            q["Tags"][k] = v;
        for (const auto& k : remove)
            q["Tags"].erase(k);
        if (q["Tags"].size() > 50) {
            return make_error("InvalidParameterValue", "Too many tags added for queue " + ref.name + ".",
                              400);
        }
        if (auto p = tx.put(Scope{ref.account, call.region}, kQueueKind, ref.name, q); !p) return p.error();
        return true;
    });
    if (!done) return done.error();
    return ok();
}

} // namespace cdk::localcloud::sqs
