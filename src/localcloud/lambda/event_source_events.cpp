#include "localcloud/lambda/event_source_events.hpp"

#include "core/json_reader.hpp"
#include "core/parse_int.hpp"
#include "localcloud/dynamodb/dynamodb_streams.hpp"
#include "localcloud/protocol/base64.hpp"

#include <chrono>
#include <ctime>
#include <utility>

namespace cdk::localcloud::lambda::events {

namespace {

Json wire_item(const Json& item) {
    Json out = Json::object();
    for (const auto& [k, v] : item.items())
        out[k] = dynamodb::wire_value(v);
    return out;
}

/// "2026-12-07T02:00:00.123Z" as epoch seconds (the event's ApproximateCreationDateTime is a number).
std::optional<long long> epoch_of(const std::string& iso) {
    if (iso.size() < 19) return std::nullopt;
    std::tm tm{};
    const auto part = [&](std::size_t at, std::size_t n) { return parse_int<int>(iso.substr(at, n)); };
    const auto y = part(0, 4), mo = part(5, 2), d = part(8, 2), h = part(11, 2), mi = part(14, 2),
               s = part(17, 2);
    if (!y || !mo || !d || !h || !mi || !s) return std::nullopt;
    tm.tm_year = *y - 1900;
    tm.tm_mon = *mo - 1;
    tm.tm_mday = *d;
    tm.tm_hour = *h;
    tm.tm_min = *mi;
    tm.tm_sec = *s;
    return static_cast<long long>(timegm(&tm));
}

} // namespace

Json sqs_record(const Json& message, const std::string& queue_arn, const std::string& region) {
    const Json attributes = message.value("Attributes", Json::object());
    const Json given = message.value("MessageAttributes", Json::object());
    Json message_attributes = Json::object();
    for (const auto& [name, v] : given.items()) {
        Json a{{"stringListValues", Json::array()},
               {"binaryListValues", Json::array()},
               {"dataType", v.value("DataType", "String")}};
        if (v.contains("StringValue")) a["stringValue"] = v["StringValue"];
        if (v.contains("BinaryValue")) a["binaryValue"] = base64_encode(v["BinaryValue"].get<std::string>());
        message_attributes[name] = a;
    }
    Json record{{"messageId", message.value("MessageId", "")},
                {"receiptHandle", message.value("ReceiptHandle", "")},
                {"body", message.value("Body", "")},
                {"attributes", attributes},
                {"messageAttributes", message_attributes}};
    if (message.contains("MD5OfMessageAttributes"))
        record["md5OfMessageAttributes"] = message["MD5OfMessageAttributes"];
    record["md5OfBody"] = message.value("MD5OfBody", "");
    record["eventSource"] = "aws:sqs";
    record["eventSourceARN"] = queue_arn;
    record["awsRegion"] = region;
    return record;
}

Json dynamodb_record(const Json& record, const std::string& stream_arn) {
    Json out = record;
    Json change = record.value("dynamodb", Json::object());
    if (change.contains("ApproximateCreationDateTime") && change["ApproximateCreationDateTime"].is_string()) {
        if (auto t = epoch_of(change["ApproximateCreationDateTime"].get<std::string>()))
            change["ApproximateCreationDateTime"] = *t;
    }
    for (const char* k : {"Keys", "NewImage", "OldImage"}) {
        if (change.contains(k) && change[k].is_object()) change[k] = wire_item(change[k]);
    }
    out["dynamodb"] = change;
    out["eventSourceARN"] = stream_arn;
    return out;
}

Json event_of(std::vector<Json> records) {
    Json list = Json::array();
    for (auto& r : records)
        list.push_back(std::move(r));
    return Json{{"Records", list}};
}

std::optional<std::set<std::string>> batch_item_failures(const std::string& payload,
                                                         const std::set<std::string>& batch) {
    std::set<std::string> failed;
    auto answer = json::parse(payload);
    if (!answer || !answer->is_object() || !answer->contains("batchItemFailures")) return failed;
    const Json& list = (*answer)["batchItemFailures"];
    if (list.is_null()) return failed;
    if (!list.is_array()) return std::nullopt;
    for (const auto& item : list) {
        if (!item.is_object() || !item.contains("itemIdentifier") || !item["itemIdentifier"].is_string())
            return std::nullopt;
        const std::string id = item["itemIdentifier"].get<std::string>();
        if (id.empty() || batch.count(id) == 0) return std::nullopt;
        failed.insert(id);
    }
    return failed;
}

} // namespace cdk::localcloud::lambda::events
