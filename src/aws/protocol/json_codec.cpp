// The JSON protocol (SSM, KMS, CodePipeline, CodeBuild): POST / with X-Amz-Target, JSON bodies; plus the
// shape-directed JSON conversion REST-JSON shares.
#include "aws/protocol/detail/codecs.hpp"
#include "aws/protocol/detail/shape_values.hpp"
#include "aws/protocol/values.hpp"
#include "core/json_reader.hpp"

namespace cdk::aws::protocol::detail {

namespace {

Error type_error(const std::string& what) {
    return make_error("SerializationException", what, 400);
}

Result<Json> from_wire(const ServiceModel& model, const Json& shape, const Json& wire, int depth) {
    if (depth > 64) return type_error("JSON nests too deeply");
    if (wire.is_null()) return Json(nullptr);
    const std::string t = type_of(shape);
    if (flag(shape, "document")) return wire;
    if (t == "structure") {
        if (!wire.is_object()) return type_error("expected an object, got " + std::string(wire.type_name()));
        Json out = Json::object();
        if (!shape.contains("members")) return out;
        for (const auto& [name, ref] : shape.at("members").items()) {
            if (!str(ref, "location").empty()) continue;
            const auto it = wire.find(wire_name(ref, name));
            if (it == wire.end()) continue;
            auto v = from_wire(model, model.resolve(ref), *it, depth + 1);
            if (!v) return v;
            out[name] = std::move(*v);
        }
        return out;
    }
    if (t == "list") {
        if (!wire.is_array()) return type_error("expected an array, got " + std::string(wire.type_name()));
        Json out = Json::array();
        const Json& item_shape = model.resolve(shape.at("member"));
        for (const auto& item : wire) {
            auto v = from_wire(model, item_shape, item, depth + 1);
            if (!v) return v;
            out.push_back(std::move(*v));
        }
        return out;
    }
    if (t == "map") {
        if (!wire.is_object()) return type_error("expected an object, got " + std::string(wire.type_name()));
        Json out = Json::object();
        const Json& value_shape = model.resolve(shape.at("value"));
        for (const auto& [k, item] : wire.items()) {
            auto v = from_wire(model, value_shape, item, depth + 1);
            if (!v) return v;
            out[k] = std::move(*v);
        }
        return out;
    }
    if (t == "timestamp") {
        std::optional<double> seconds;
        if (wire.is_number())
            seconds = wire.get<double>();
        else if (wire.is_string())
            seconds = parse_timestamp(wire.get<std::string>());
        if (!seconds) return type_error("expected a timestamp, got " + wire.dump());
        return Json(format_iso8601(*seconds));
    }
    if (t == "blob") {
        if (!wire.is_string())
            return type_error("expected base64 text, got " + std::string(wire.type_name()));
        auto bytes = base64_decode(wire.get<std::string>());
        if (!bytes) return type_error("blob is not valid base64");
        return Json(std::move(*bytes));
    }
    if (t == "boolean" && !wire.is_boolean()) return type_error("expected a boolean, got " + wire.dump());
    if ((t == "integer" || t == "long") && !wire.is_number_integer()) {
        return type_error("expected an integer, got " + wire.dump());
    }
    if ((t == "float" || t == "double") && !wire.is_number())
        return type_error("expected a number, got " + wire.dump());
    if (t == "string" && !wire.is_string()) return type_error("expected a string, got " + wire.dump());
    return wire;
}

} // namespace

Json to_wire_json(const ServiceModel& model, const Json& shape, const Json& value) {
    if (value.is_null() || flag(shape, "document")) return value;
    const std::string t = type_of(shape);
    if (t == "structure") {
        Json out = Json::object();
        if (!value.is_object() || !shape.contains("members")) return out;
        for (const auto& [name, ref] : shape.at("members").items()) {
            const auto it = value.find(name);
            if (it == value.end() || it->is_null() || !str(ref, "location").empty()) continue;
            out[wire_name(ref, name)] = to_wire_json(model, model.resolve(ref), *it);
        }
        return out;
    }
    if (t == "list") {
        Json out = Json::array();
        if (!value.is_array()) return out;
        for (const auto& item : value)
            out.push_back(to_wire_json(model, model.resolve(shape.at("member")), item));
        return out;
    }
    if (t == "map") {
        Json out = Json::object();
        if (!value.is_object()) return out;
        for (const auto& [k, v] : value.items())
            out[k] = to_wire_json(model, model.resolve(shape.at("value")), v);
        return out;
    }
    if (t == "timestamp") {
        const auto seconds = timestamp_seconds(value);
        if (!seconds) return value;
        if (time_format(Json::object(), shape, TimeFormat::Epoch) == TimeFormat::Iso8601)
            return format_iso8601(*seconds);
        return *seconds;
    }
    if (t == "blob" && value.is_string()) return base64_encode(value.get<std::string>());
    return value;
}

Result<Json> from_wire_json(const ServiceModel& model, const Json& shape, const Json& wire) {
    return from_wire(model, shape, wire, 0);
}

namespace {
std::string content_type(const ServiceModel& model) {
    const std::string version = model.meta("jsonVersion");
    return "application/x-amz-json-" + (version.empty() ? std::string("1.0") : version);
}
} // namespace

Result<ClientRequest> json_serialize_request(const ServiceModel& model, std::string_view operation,
                                             const Json& op, const Json& input) {
    ClientRequest r;
    r.method = "POST";
    r.path = "/";
    r.headers.push_back({"Content-Type", content_type(model)});
    r.headers.push_back({"X-Amz-Target", model.meta("targetPrefix") + "." + std::string(operation)});
    Json body = Json::object();
    if (op.contains("input")) body = to_wire_json(model, model.resolve(op.at("input")), input);
    r.body = body.dump();
    return r;
}

Result<Json> json_parse_response(const ServiceModel& model, const Json& op, const HttpResponse& response) {
    Json out = Json::object();
    if (op.contains("output") && !response.body.empty()) {
        const auto wire = json::parse(response.body);
        if (!wire) {
            return make_error("SerializationException",
                              model.service() + " response is not valid JSON: " + wire.error().message,
                              response.status);
        }
        auto v = from_wire_json(model, model.resolve(op.at("output")), *wire);
        if (!v) return v;
        out = std::move(*v);
    }
    out["ResponseMetadata"] = response_metadata(request_id_header(response), response.status);
    return out;
}

Result<ParsedRequest> json_parse_request(const ServiceModel& model, const ClientRequest& request) {
    const std::string target = find_header(request.headers, "x-amz-target").value_or("");
    const auto dot = target.rfind('.');
    const std::string prefix = dot == std::string::npos ? "" : target.substr(0, dot);
    const std::string operation = dot == std::string::npos ? target : target.substr(dot + 1);
    const Json* op = model.find_operation(operation);
    if (!op || prefix != model.meta("targetPrefix")) {
        return make_error("UnknownOperationException",
                          "X-Amz-Target '" + target + "' names no " + model.service() + " operation", 400);
    }
    ParsedRequest out{operation, Json::object()};
    if (!op->contains("input")) return out;
    const auto wire = request.body.empty() ? Result<Json>(Json::object()) : json::parse(request.body);
    if (!wire) {
        return make_error("SerializationException", "request body is not valid JSON: " + wire.error().message,
                          400);
    }
    auto input = from_wire_json(model, model.resolve(op->at("input")), *wire);
    if (!input) return input.error();
    out.input = std::move(*input);
    return out;
}

HttpResponse json_serialize_response(const ServiceModel& model, const Json& op, const Json& output,
                                     std::string_view request_id) {
    HttpResponse r;
    r.status = 200;
    Json body = Json::object();
    if (op.contains("output")) body = to_wire_json(model, model.resolve(op.at("output")), output);
    r.body = body.dump();
    r.headers.push_back({"Content-Type", content_type(model)});
    r.headers.push_back({"x-amzn-RequestId", std::string(request_id)});
    return r;
}

} // namespace cdk::aws::protocol::detail
