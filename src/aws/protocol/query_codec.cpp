// The query protocol (STS, IAM, CloudFormation): form-encoded requests, XML responses.
#include "aws/protocol/detail/codecs.hpp"
#include "aws/protocol/detail/shape_values.hpp"
#include "aws/protocol/detail/xml_shape.hpp"
#include "aws/sigv4/canonical.hpp"
#include "core/strings.hpp"

#include <map>

namespace cdk::aws::protocol::detail {

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;
using ParamMap = std::map<std::string, std::string, std::less<>>;

bool is_flattened(const Json& ref, const Json& shape) {
    return flag(ref, "flattened") || flag(shape, "flattened");
}

void flatten(const ServiceModel& model, const Json& ref, const Json& shape, const Json& value,
             const std::string& prefix, Params& out) {
    const std::string t = type_of(shape);
    if (value.is_null()) return;
    if (t == "structure") {
        if (!value.is_object() || !shape.contains("members")) return;
        for (const auto& [name, mref] : shape.at("members").items()) {
            const auto it = value.find(name);
            if (it == value.end()) continue;
            const std::string key = wire_name(mref, name);
            flatten(model, mref, model.resolve(mref), *it, prefix.empty() ? key : prefix + "." + key, out);
        }
    } else if (t == "list") {
        if (!value.is_array()) return;
        if (value.empty()) {
            out.emplace_back(prefix, "");
            return;
        }
        std::string list_prefix;
        const Json& member = shape.at("member");
        if (is_flattened(ref, shape)) {
            list_prefix = prefix;
            const std::string inner = str(member, "locationName");
            if (!inner.empty()) {
                const auto dot = prefix.rfind('.');
                list_prefix = (dot == std::string::npos ? "" : prefix.substr(0, dot + 1)) + inner;
            }
        } else {
            list_prefix = prefix + "." + wire_name(member, "member");
        }
        size_t i = 1;
        for (const auto& item : value) {
            flatten(model, member, model.resolve(member), item, list_prefix + "." + std::to_string(i++), out);
        }
    } else if (t == "map") {
        if (!value.is_object()) return;
        const std::string base = is_flattened(ref, shape) ? prefix : prefix + ".entry";
        const std::string key_name = wire_name(shape.at("key"), "key");
        const std::string value_name = wire_name(shape.at("value"), "value");
        size_t i = 1;
        for (const auto& [k, v] : value.items()) {
            const std::string entry = base + "." + std::to_string(i++);
            out.emplace_back(entry + "." + key_name, k);
            flatten(model, shape.at("value"), model.resolve(shape.at("value")), v, entry + "." + value_name,
                    out);
        }
    } else {
        out.emplace_back(prefix, scalar_to_text(shape, value, time_format(ref, shape, TimeFormat::Iso8601)));
    }
}

bool has_prefix(const ParamMap& params, const std::string& prefix) {
    const auto it = params.lower_bound(prefix);
    if (it == params.end()) return false;
    return it->first == prefix || it->first.starts_with(prefix + ".");
}

Result<Json> unflatten(const ServiceModel& model, const Json& ref, const Json& shape, const ParamMap& params,
                       const std::string& prefix, int depth) {
    if (depth > 64) return make_error("SerializationException", "query parameters nest too deeply", 400);
    const std::string t = type_of(shape);
    if (t == "structure") {
        Json out = Json::object();
        if (!shape.contains("members")) return out;
        for (const auto& [name, mref] : shape.at("members").items()) {
            const std::string key =
                prefix.empty() ? wire_name(mref, name) : prefix + "." + wire_name(mref, name);
            const Json& mshape = model.resolve(mref);
            if (type_of(mshape) == "list" && is_flattened(mref, mshape)) {
                const std::string inner = str(mshape.at("member"), "locationName");
                if (!inner.empty()) {
                    const auto dot = key.rfind('.');
                    const std::string alt = (dot == std::string::npos ? "" : key.substr(0, dot + 1)) + inner;
                    if (has_prefix(params, alt)) {
                        auto v = unflatten(model, mref, mshape, params, alt, depth + 1);
                        if (!v) return v;
                        out[name] = std::move(*v);
                        continue;
                    }
                }
            }
            if (!has_prefix(params, key)) continue;
            auto v = unflatten(model, mref, mshape, params, key, depth + 1);
            if (!v) return v;
            out[name] = std::move(*v);
        }
        return out;
    }
    if (t == "list") {
        Json out = Json::array();
        const Json& member = shape.at("member");
        const std::string base =
            is_flattened(ref, shape) ? prefix : prefix + "." + wire_name(member, "member");
        for (size_t i = 1;; ++i) {
            const std::string key = base + "." + std::to_string(i);
            if (!has_prefix(params, key)) break;
            auto v = unflatten(model, member, model.resolve(member), params, key, depth + 1);
            if (!v) return v;
            out.push_back(std::move(*v));
        }
        return out;
    }
    if (t == "map") {
        Json out = Json::object();
        const std::string base = is_flattened(ref, shape) ? prefix : prefix + ".entry";
        const std::string key_name = wire_name(shape.at("key"), "key");
        const std::string value_name = wire_name(shape.at("value"), "value");
        for (size_t i = 1;; ++i) {
            const std::string entry = base + "." + std::to_string(i);
            const auto k = params.find(entry + "." + key_name);
            if (k == params.end()) break;
            auto v = unflatten(model, shape.at("value"), model.resolve(shape.at("value")), params,
                               entry + "." + value_name, depth + 1);
            if (!v) return v;
            out[k->second] = std::move(*v);
        }
        return out;
    }
    const auto it = params.find(prefix);
    if (it == params.end()) return Json(nullptr);
    auto value = scalar_from_text(shape, it->second);
    if (!value) {
        // Query services name the parameter (the wire name, as the caller wrote it).
        return make_error("InvalidParameterValue",
                          "Value " + it->second.substr(0, 64) + " for parameter " + prefix +
                              " is invalid: it is not a " +
                              (type_of(shape) == "long" ? std::string("integer") : type_of(shape)) + ".",
                          400);
    }
    return value;
}

} // namespace

Result<ClientRequest> query_serialize_request(const ServiceModel& model, std::string_view operation,
                                              const Json& op, const Json& input) {
    Params params;
    params.emplace_back("Action", std::string(operation));
    params.emplace_back("Version", model.meta("apiVersion"));
    if (op.contains("input")) {
        const Json& ref = op.at("input");
        flatten(model, ref, model.resolve(ref), input, "", params);
    }
    ClientRequest r;
    r.method = "POST";
    r.path = "/";
    for (const auto& [k, v] : params) {
        if (!r.body.empty()) r.body += '&';
        r.body += sigv4::uri_encode(k, true) + "=" + sigv4::uri_encode(v, true);
    }
    r.headers.push_back({"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"});
    return r;
}

Result<Json> query_parse_response(const ServiceModel& model, const Json& op, const HttpResponse& response) {
    Json out = Json::object();
    std::string request_id = request_id_header(response);
    if (!response.body.empty()) {
        auto root = parse_xml(response.body);
        if (!root) return root.error();
        if (const XmlNode* meta = root->child("ResponseMetadata")) {
            const std::string id = meta->child_text("RequestId");
            if (!id.empty()) request_id = id;
        }
        if (op.contains("output")) {
            const Json& ref = op.at("output");
            const std::string wrapper = str(ref, "resultWrapper");
            const XmlNode* result = wrapper.empty() ? &*root : root->child(wrapper);
            if (result) {
                auto v = xml_to_json(model, model.resolve(ref), *result);
                if (!v) return v;
                out = std::move(*v);
            }
        }
    }
    out["ResponseMetadata"] = response_metadata(request_id, response.status);
    return out;
}

Result<ParsedRequest> query_parse_request(const ServiceModel& model, const ClientRequest& request) {
    ParamMap params;
    for (auto& p : sigv4::parse_query(request.query))
        params[p.name] = p.value;
    const std::string content_type =
        strings::to_lower(find_header(request.headers, "content-type").value_or(""));
    if (content_type.starts_with("application/x-www-form-urlencoded") ||
        (content_type.empty() && !request.body.empty())) {
        // Form bodies encode spaces as '+'.
        for (auto& p : sigv4::parse_query(strings::replace_all(request.body, "+", "%20")))
            params[p.name] = p.value;
    }
    const auto action = params.find("Action");
    if (action == params.end() || action->second.empty()) {
        return make_error("MissingAction", "request has no Action parameter", 400);
    }
    const Json* op = model.find_operation(action->second);
    if (!op) {
        return make_error("InvalidAction",
                          "could not find operation " + action->second + " for " + model.service() +
                              " version " + model.meta("apiVersion"),
                          400);
    }
    ParsedRequest out{action->second, Json::object()};
    if (op->contains("input")) {
        const Json& ref = op->at("input");
        auto input = unflatten(model, ref, model.resolve(ref), params, "", 0);
        if (!input) return input.error();
        out.input = std::move(*input);
    }
    return out;
}

HttpResponse query_serialize_response(const ServiceModel& model, std::string_view operation, const Json& op,
                                      const Json& output, std::string_view request_id) {
    XmlNode root{std::string(operation) + "Response", {{"xmlns", model.meta("xmlNamespace")}}, "", {}};
    if (op.contains("output")) {
        const Json& ref = op.at("output");
        std::string wrapper = str(ref, "resultWrapper");
        XmlNode result{wrapper.empty() ? std::string(operation) + "Result" : wrapper, {}, "", {}};
        json_to_xml(model, model.resolve(ref), output, result);
        root.children.push_back(std::move(result));
    }
    XmlNode meta{"ResponseMetadata", {}, "", {}};
    meta.children.push_back({"RequestId", {}, std::string(request_id), {}});
    root.children.push_back(std::move(meta));
    HttpResponse r;
    r.status = 200;
    r.body = to_xml(root);
    r.headers.push_back({"Content-Type", "text/xml"});
    r.headers.push_back({"x-amzn-RequestId", std::string(request_id)});
    return r;
}

} // namespace cdk::aws::protocol::detail
