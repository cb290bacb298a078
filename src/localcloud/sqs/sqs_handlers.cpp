#include "core/strings.hpp"
#include "localcloud/protocol/model_service.hpp"
#include "localcloud/sqs/cfn_queue_provider.hpp"
#include "localcloud/sqs/sqs_backend.hpp"
#include "localcloud/sqs/sqs_errors.hpp"
#include "localcloud/sqs/sqs_queue_ref.hpp"
#include "localcloud/sqs/sqs_routes.hpp"

#include <chrono>
#include <map>

namespace cdk::localcloud::sqs {

namespace {

/// The Query protocol's name of an SQS error where it differs from the JSON protocol's (the codes the
/// Query-protocol model declares, which the stock AWS CLI maps to its exceptions).
Error query_error(Error e) {
    static const std::map<std::string, std::string, std::less<>> kCodes{
        {"QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue"},
        {"QueueNameExists", "QueueAlreadyExists"},
        {"ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid"},
        {"MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight"},
        {"TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest"},
        {"EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest"},
        {"BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct"},
        {"BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong"},
        {"InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId"},
        {"PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress"},
        {"QueueDeletedRecently", "AWS.SimpleQueueService.QueueDeletedRecently"},
        {"UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation"},
        {"UnknownOperationException", "InvalidAction"}};
    if (const auto it = kCodes.find(e.code); it != kCodes.end()) e.code = it->second;
    return e;
}

/// SQS in both of its protocols: JSON (`X-Amz-Target: AmazonSQS.<Operation>`, what current SDKs send)
/// decoded, validated and encoded by the SQS model (its validation errors are the Query-compatible ones:
/// MissingParameter, InvalidParameterValue); and Query (`Action=SendMessage&...`, what the stock AWS CLI v1
/// and older SDKs send) by the Query-protocol model of the same API (sqs-query), with its XML responses and
/// errors. Both reach the same operations.
class SqsService final : public Service {
public:
    explicit SqsService(CloudContext& cloud) : backend_(cloud) {}

    [[nodiscard]] std::string_view name() const override { return "sqs"; }
    [[nodiscard]] Protocol protocol() const override { return Protocol::Json10; }

    Result<ServerResponse> handle(RequestContext& ctx) override {
        const SqsCall call{ctx.caller, ctx.region, ctx.condition_context};
        if (ctx.http.has_header("x-amz-target")) {
            auto response = serve_model_request(
                "sqs", ctx, [&](const std::string& op, const Json& in) { return dispatch(call, op, in); });
            if (response) return response;
            // As SQS answers JSON clients: the JSON error, and its Query code in x-amzn-query-error, which
            // botocore and the SDKs report as the error's code (AWS.SimpleQueueService.NonExistentQueue …)
            // and map to their exception classes.
            const Error& e = response.error();
            ServerResponse r = render_error(Protocol::Json10, e, ctx.request_id);
            r.set_header("x-amzn-query-error",
                         query_error(e).code + (e.http_status >= 500 ? ";Receiver" : ";Sender"));
            return r;
        }
        auto response = serve_model_request(
            "sqs-query", ctx, [&](const std::string& op, const Json& in) { return dispatch(call, op, in); });
        if (response) return response;
        // The dispatcher renders errors in the service's protocol (JSON): a Query client gets its XML here.
        return render_error(Protocol::Query, query_error(response.error()), ctx.request_id,
                            "http://queue.amazonaws.com/doc/2012-11-05/");
    }

private:
    Result<Json> dispatch(const SqsCall& call, const std::string& op, const Json& in) {
        const std::string url = in.value("QueueUrl", "");
        if (op == "CreateQueue") {
            auto q =
                backend_.create_queue(call, in.value("QueueName", ""), in.value("Attributes", Json::object()),
                                      in.value("tags", Json::object()));
            if (!q) return q.error();
            return Json{{"QueueUrl", (*q)["QueueUrl"]}};
        }
        if (op == "GetQueueUrl") {
            std::string ref = in.value("QueueName", "");
            if (in.contains("QueueOwnerAWSAccountId")) {
                ref = SqsBackend::url(call.region, in["QueueOwnerAWSAccountId"].get<std::string>(), ref);
            }
            auto q = backend_.get_queue(call, ref, "sqs:GetQueueUrl");
            if (!q) return q.error();
            return Json{{"QueueUrl", (*q)["QueueUrl"]}};
        }
        if (op == "GetQueueAttributes") {
            auto attributes = backend_.attributes_with_counts(call, url);
            if (!attributes) return attributes.error();
            const Json names = in.value("AttributeNames", Json::array({"All"}));
            Json out = Json::object();
            for (const auto& [k, v] : attributes->items()) {
                if (std::find(names.begin(), names.end(), "All") != names.end() ||
                    std::find(names.begin(), names.end(), k) != names.end()) {
                    out[k] = v;
                }
            }
            return Json{{"Attributes", out}};
        }
        if (op == "SetQueueAttributes") {
            auto q = backend_.set_attributes(call, url, in.value("Attributes", Json::object()));
            if (!q) return q.error();
            return Json::object();
        }
        if (op == "DeleteQueue") {
            if (auto d = backend_.delete_queue(call, url); !d) return d.error();
            return Json::object();
        }
        if (op == "ListQueues") {
            auto all = backend_.list_queues(call, in.value("QueueNamePrefix", ""));
            if (!all) return all.error();
            Json urls = Json::array();
            for (const auto& q : *all)
                urls.push_back(q["QueueUrl"]);
            return Json{{"QueueUrls", urls}};
        }
        if (op == "ListQueueTags") {
            auto q = backend_.get_queue(call, url, "sqs:ListQueueTags");
            if (!q) return q.error();
            return Json{{"Tags", (*q).value("Tags", Json::object())}};
        }
        if (op == "TagQueue" || op == "UntagQueue") {
            std::vector<std::string> remove;
            for (const auto& k : in.value("TagKeys", Json::array()))
                remove.push_back(k.get<std::string>());
            if (op == "UntagQueue" && remove.empty()) return Json::object();
            if (auto t = backend_.tag(call, url, in.value("Tags", Json::object()), remove); !t)
                return t.error();
            return Json::object();
        }
        if (op == "SendMessage") {
            auto r = backend_.send_messages(call, url, {in});
            if (!r) return r.error();
            return std::move(*r->front().result);
        }
        if (op == "SendMessageBatch") return batch(backend_.send_messages(call, url, entries(in)));
        if (op == "DeleteMessage") {
            auto r = backend_.delete_messages(call, url, {in});
            if (!r) return r.error();
            return Json::object();
        }
        if (op == "DeleteMessageBatch") return batch(backend_.delete_messages(call, url, entries(in)));
        if (op == "ChangeMessageVisibility") {
            auto r = backend_.change_visibility(call, url, {in});
            if (!r) return r.error();
            return Json::object();
        }
        if (op == "ChangeMessageVisibilityBatch")
            return batch(backend_.change_visibility(call, url, entries(in)));
        if (op == "PurgeQueue") {
            if (auto p = backend_.purge(call, url); !p) return p.error();
            return Json::object();
        }
        if (op == "ReceiveMessage") return receive(call, url, in);
        return make_error("UnknownOperationException",
                          "SQS operation " + op + " is not implemented by localcloud", 400);
    }

    static std::vector<Json> entries(const Json& in) {
        std::vector<Json> out;
        for (const auto& e : in.value("Entries", Json::array()))
            out.push_back(e);
        return out;
    }

    /// A batch call's answer: Successful and Failed entries.
    static Result<Json> batch(Result<std::vector<EntryResult>> results) {
        if (!results) return results.error();
        Json ok_entries = Json::array();
        Json failed = Json::array();
        for (auto& r : *results) {
            if (r.result) {
                Json e = std::move(*r.result);
                e["Id"] = r.id;
                ok_entries.push_back(std::move(e));
            } else {
                failed.push_back(Json{{"Id", r.id},
                                      {"SenderFault", r.result.error().http_status < 500},
                                      {"Code", r.result.error().code},
                                      {"Message", r.result.error().message}});
            }
        }
        return Json{{"Successful", ok_entries}, {"Failed", failed}};
    }

    static Result<int> bounded(const Json& in, const char* name, int low, int high, int fallback) {
        if (!in.contains(name) || in[name].is_null()) return fallback;
        const long long v = in[name].get<long long>();
        if (v < low || v > high) {
            return make_error("InvalidParameterValue",
                              "Value " + std::to_string(v) + " for parameter " + name +
                                  " is invalid. Reason: Must be "
                                  "between " +
                                  std::to_string(low) + " and " + std::to_string(high) + ", if provided.",
                              400);
        }
        return static_cast<int>(v);
    }

    /// ReceiveMessage with long polling: attempts until a message arrives or WaitTimeSeconds (or the queue's
    /// ReceiveMessageWaitTimeSeconds) passes, waiting between attempts for a send to the queue or for the
    /// next in-flight or delayed message to become visible.
    Result<Json> receive(const SqsCall& call, const std::string& url, const Json& in) {
        ReceiveRequest request;
        auto max = bounded(in, "MaxNumberOfMessages", 1, 10, 1);
        if (!max) return max.error();
        request.max_messages = *max;
        auto wait = bounded(in, "WaitTimeSeconds", 0, 20, -1);
        if (!wait) return wait.error();
        auto visibility = bounded(in, "VisibilityTimeout", 0, 43200, -1);
        if (!visibility) return visibility.error();
        if (*visibility >= 0) request.visibility_timeout = *visibility;
        for (const char* key : {"AttributeNames", "MessageSystemAttributeNames"}) {
            for (const auto& n : in.value(key, Json::array()))
                request.system_attributes.push_back(n.get<std::string>());
        }
        for (const auto& n : in.value("MessageAttributeNames", Json::array())) {
            request.message_attributes.push_back(n.get<std::string>());
        }
        const auto start = std::chrono::system_clock::now();
        const detail::QueueRef ref = detail::parse_queue_ref(url, call.caller.account());
        const std::string arn = detail::queue_arn(call.region, ref.account, ref.name);
        // The counter is read before each attempt, so a send between the attempt and the wait is not missed.
        std::uint64_t generation = SqsBackend::message_generation(arn);
        auto r = backend_.receive_messages(call, url, request);
        if (!r) return r.error();
        const long long deadline = epoch_ms(start) + 1000LL * (*wait >= 0 ? *wait : r->wait_seconds);
        while (r->messages.empty()) {
            const long long now = epoch_ms(std::chrono::system_clock::now());
            if (now >= deadline) break;
            long long until = deadline;
            if (r->next_visible_ms > 0 && r->next_visible_ms < until) until = r->next_visible_ms;
            if (!SqsBackend::wait_for_messages(arn, generation, until)) break;
            generation = SqsBackend::message_generation(arn);
            r = backend_.receive_messages(call, url, request);
            if (!r) return r.error();
        }
        // An empty receive answers no Messages member at all (`{}`, `<ReceiveMessageResult/>`), as SQS does.
        if (r->messages.empty()) return Json::object();
        return Json{{"Messages", r->messages}};
    }

    static long long epoch_ms(std::chrono::system_clock::time_point t) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    }

    SqsBackend backend_;
};

} // namespace

void register_sqs(CloudContext& cloud, ServiceRegistry& services,
                  cloudformation::ProviderRegistry& providers) {
    add_service<SqsService, CfnQueueProvider, CfnQueuePolicyProvider>(cloud, services, providers);
}

} // namespace cdk::localcloud::sqs
