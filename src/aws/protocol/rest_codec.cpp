// REST-XML (S3) and REST-JSON (Lambda): members bound to the URI, query string, headers and status code,
// the rest in an XML or JSON body (or a raw payload).
#include "aws/protocol/detail/codecs.hpp"
#include "aws/protocol/detail/shape_values.hpp"
#include "aws/protocol/detail/xml_shape.hpp"
#include "aws/protocol/values.hpp"
#include "aws/sigv4/canonical.hpp"
#include "core/json_reader.hpp"
#include "core/strings.hpp"

#include <map>

namespace cdk::aws::protocol::detail {

namespace {

constexpr std::string_view kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

bool is_xml(const ServiceModel& model) {
    return model.protocol() == Protocol::RestXml;
}

struct UriTemplate {
    std::vector<std::string> segments; ///< "{Label}", "{Label+}" or literal
    std::string literal_query;         ///< e.g. "uploads" or "list-type=2"
};

std::vector<std::string> split_path(std::string_view path) {
    if (!path.empty() && path.front() == '/') path.remove_prefix(1);
    if (path.empty()) return {};
    return strings::split(path, "/");
}

UriTemplate parse_template(const std::string& request_uri) {
    UriTemplate t;
    const auto q = request_uri.find('?');
    t.segments = split_path(std::string_view(request_uri).substr(0, q));
    if (q != std::string::npos) t.literal_query = request_uri.substr(q + 1);
    return t;
}

bool is_label(const std::string& seg) {
    return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}
bool is_greedy(const std::string& seg) {
    return is_label(seg) && seg[seg.size() - 2] == '+';
}
std::string label_name(const std::string& seg) {
    return seg.substr(1, seg.size() - (is_greedy(seg) ? 3 : 2));
}

const Json* find_payload(const Json& shape, std::string& name) {
    name = str(shape, "payload");
    if (name.empty() || !shape.contains("members")) return nullptr;
    const auto it = shape.at("members").find(name);
    return it == shape.at("members").end() ? nullptr : &*it;
}

bool has_body_members(const Json& shape, const Json& value) {
    if (!shape.contains("members")) return false;
    for (const auto& [name, ref] : shape.at("members").items()) {
        if (str(ref, "location").empty() && value.contains(name)) return true;
    }
    return false;
}

std::string header_text(const ServiceModel& model, const Json& ref, const Json& shape, const Json& value) {
    if (flag(ref, "jsonvalue") || flag(shape, "jsonvalue")) return base64_encode(value.dump());
    if (type_of(shape) == "list" && value.is_array()) {
        std::vector<std::string> items;
        const Json& item_shape = model.resolve(shape.at("member"));
        for (const auto& v : value)
            items.push_back(scalar_to_text(item_shape, v, TimeFormat::HttpDate));
        return strings::join(items, ",");
    }
    return scalar_to_text(shape, value, time_format(ref, shape, TimeFormat::HttpDate));
}

Result<Json> header_value(const ServiceModel& model, const Json& ref, const Json& shape,
                          const std::string& text) {
    if (flag(ref, "jsonvalue") || flag(shape, "jsonvalue")) {
        auto decoded = base64_decode(text);
        if (!decoded) return make_error("SerializationException", "header is not base64 JSON", 400);
        auto j = json::parse(*decoded);
        if (!j)
            return make_error("SerializationException", "header is not base64 JSON: " + j.error().message,
                              400);
        return j;
    }
    if (type_of(shape) == "list") {
        Json out = Json::array();
        const Json& item_shape = model.resolve(shape.at("member"));
        for (const auto& piece : strings::split(text, ",")) {
            auto v = scalar_from_text(item_shape, strings::trim(piece));
            if (!v) return v;
            out.push_back(std::move(*v));
        }
        return out;
    }
    return scalar_from_text(shape, strings::trim(text));
}

/// Writes `value` (a structure) as the body: XML element `root` or a JSON object. XML timestamps are
/// written in `timestamps`.
std::string structure_body(const ServiceModel& model, const Json& shape, const Json& value,
                           const std::string& root, const std::string& xmlns,
                           TimeFormat timestamps = TimeFormat::Iso8601) {
    if (is_xml(model)) {
        XmlNode node{root, {}, "", {}};
        if (!xmlns.empty()) node.attributes.emplace_back("xmlns", xmlns);
        json_to_xml(model, shape, value, node, true, timestamps);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + to_xml(node);
    }
    return to_wire_json(model, shape, value).dump();
}

/// Reads a structure body into `out` (members merged).
Result<void> read_structure_body(const ServiceModel& model, const Json& shape, std::string_view body,
                                 Json& out) {
    if (strings::trim(body).empty()) return ok();
    Json value;
    if (is_xml(model)) {
        auto root = parse_xml(body);
        if (!root) return root.error();
        // A body whose root is itself a scalar member (S3 GetBucketLocation's <LocationConstraint>).
        if (shape.contains("members") && root->children.empty()) {
            for (const auto& [name, ref] : shape.at("members").items()) {
                if (str(ref, "location").empty() && wire_name(ref, name) == root->name &&
                    is_scalar(model.resolve(ref))) {
                    auto v = scalar_from_text(model.resolve(ref), root->text);
                    if (!v) return v.error();
                    out[name] = std::move(*v);
                    return ok();
                }
            }
        }
        auto v = xml_to_json(model, shape, *root);
        if (!v) return v.error();
        value = std::move(*v);
    } else {
        const auto wire = json::parse(body);
        if (!wire)
            return make_error("SerializationException", "body is not valid JSON: " + wire.error().message,
                              400);
        auto v = from_wire_json(model, shape, *wire);
        if (!v) return v.error();
        value = std::move(*v);
    }
    if (value.is_object()) {
        for (auto& [k, v] : value.items())
            out[k] = std::move(v);
    }
    return ok();
}

/// Reads the payload member `name` from the body.
Result<void> read_payload(const ServiceModel& model, const std::string& name, const Json& ref,
                          std::string_view body, Json& out) {
    const Json& shape = model.resolve(ref);
    const std::string t = type_of(shape);
    if (t == "blob" || t == "string") {
        out[name] = std::string(body);
        return ok();
    }
    if (strings::trim(body).empty()) return ok();
    Json inner = Json::object();
    if (is_xml(model)) {
        auto root = parse_xml(body);
        if (!root) return root.error();
        auto v = xml_to_json(model, shape, *root);
        if (!v) return v.error();
        inner = std::move(*v);
    } else {
        const auto wire = json::parse(body);
        if (!wire)
            return make_error("SerializationException", "body is not valid JSON: " + wire.error().message,
                              400);
        auto v = from_wire_json(model, shape, *wire);
        if (!v) return v.error();
        inner = std::move(*v);
    }
    out[name] = std::move(inner);
    return ok();
}

/// The body for the payload member, and its default content type. A structure payload is declared in the
/// reference's xmlNamespace, else in `default_ns` (a server writes S3's namespace on every response root).
std::pair<std::string, std::string> write_payload(const ServiceModel& model, const std::string& name,
                                                  const Json& ref, const Json& value,
                                                  const std::string& default_ns = {},
                                                  TimeFormat timestamps = TimeFormat::Iso8601) {
    const Json& shape = model.resolve(ref);
    const std::string t = type_of(shape);
    if (t == "blob" || t == "string") {
        return {value.is_string() ? value.get<std::string>() : value.dump(), "application/octet-stream"};
    }
    std::string root = str(ref, "locationName");
    if (root.empty()) root = str(shape, "locationName");
    if (root.empty()) root = name;
    std::string ns = ref.contains("xmlNamespace") ? str(ref.at("xmlNamespace"), "uri") : std::string();
    if (ns.empty()) ns = default_ns;
    return {structure_body(model, shape, value, root, ns, timestamps),
            is_xml(model) ? "application/xml" : "application/json"};
}

/// Members bound to headers (and "headers" prefix maps) from a header list into `out`.
Result<void> read_headers(const ServiceModel& model, const Json& shape, const Headers& headers, Json& out) {
    if (!shape.contains("members")) return ok();
    for (const auto& [name, ref] : shape.at("members").items()) {
        const std::string location = str(ref, "location");
        const Json& mshape = model.resolve(ref);
        if (location == "header") {
            const auto v = find_header(headers, wire_name(ref, name));
            if (!v) continue;
            auto parsed = header_value(model, ref, mshape, *v);
            if (!parsed) return parsed.error();
            out[name] = std::move(*parsed);
        } else if (location == "headers") {
            const std::string prefix = strings::to_lower(str(ref, "locationName"));
            Json map = Json::object();
            for (const auto& h : headers) {
                const std::string lower = strings::to_lower(h.name);
                if (lower.starts_with(prefix) && lower.size() > prefix.size())
                    map[lower.substr(prefix.size())] = h.value;
            }
            if (!map.empty()) out[name] = std::move(map);
        }
    }
    return ok();
}

void write_headers(const ServiceModel& model, const Json& shape, const Json& value, Headers& headers) {
    if (!shape.contains("members") || !value.is_object()) return;
    for (const auto& [name, ref] : shape.at("members").items()) {
        const auto it = value.find(name);
        if (it == value.end() || it->is_null()) continue;
        const std::string location = str(ref, "location");
        if (location == "header") {
            set_header(headers, wire_name(ref, name), header_text(model, ref, model.resolve(ref), *it));
        } else if (location == "headers" && it->is_object()) {
            for (const auto& [k, v] : it->items()) {
                set_header(headers, str(ref, "locationName") + k,
                           v.is_string() ? v.get<std::string>() : v.dump());
            }
        }
    }
}

} // namespace

Result<ClientRequest> rest_serialize_request(const ServiceModel& model, const Json& op, const Json& input) {
    const Json& http = op.at("http");
    const UriTemplate tmpl = parse_template(str(http, "requestUri"));
    ClientRequest r;
    r.method = str(http, "method");
    const Json empty_shape = Json::object();
    const Json& shape = op.contains("input") ? model.resolve(op.at("input")) : empty_shape;
    const Json& members = shape.contains("members") ? shape.at("members") : empty_shape;

    // Path: labels from uri members.
    r.path.clear();
    for (const auto& seg : tmpl.segments) {
        r.path += '/';
        if (!is_label(seg)) {
            r.path += seg;
            continue;
        }
        const std::string label = label_name(seg);
        std::string text;
        bool found = false;
        for (const auto& [name, ref] : members.items()) {
            if (str(ref, "location") == "uri" && wire_name(ref, name) == label && input.contains(name)) {
                text = scalar_to_text(model.resolve(ref), input.at(name), TimeFormat::Iso8601);
                found = true;
            }
        }
        if (!found || text.empty()) {
            return make_error("MissingParameter",
                              "missing required parameter '" + label + "' (it goes in the URI)");
        }
        r.path += sigv4::uri_encode(text, !is_greedy(seg));
    }
    if (r.path.empty()) r.path = "/";

    // Query: the template's literal part first, then querystring members.
    r.query = tmpl.literal_query;
    for (const auto& [name, ref] : members.items()) {
        if (str(ref, "location") != "querystring") continue;
        const auto it = input.find(name);
        if (it == input.end() || it->is_null()) continue;
        const Json& mshape = model.resolve(ref);
        const std::string qname = wire_name(ref, name);
        const std::string t = type_of(mshape);
        if (t == "list" && it->is_array()) {
            for (const auto& v : *it) {
                r.add_query(qname,
                            scalar_to_text(model.resolve(mshape.at("member")), v, TimeFormat::Iso8601));
            }
        } else if (t == "map" && it->is_object()) {
            for (const auto& [k, v] : it->items())
                r.add_query(k, v.is_string() ? v.get<std::string>() : v.dump());
        } else {
            r.add_query(qname, scalar_to_text(mshape, *it, time_format(ref, mshape, TimeFormat::Iso8601)));
        }
    }

    write_headers(model, shape, input, r.headers);

    // Body.
    std::string payload_name;
    std::string default_type;
    if (const Json* payload_ref = find_payload(shape, payload_name)) {
        if (input.contains(payload_name) && !input.at(payload_name).is_null()) {
            std::tie(r.body, default_type) =
                write_payload(model, payload_name, *payload_ref, input.at(payload_name));
        }
    } else if (has_body_members(shape, input)) {
        std::string root = str(shape, "locationName");
        if (root.empty())
            root = op.contains("input") ? op.at("input").at("shape").get<std::string>() : "Request";
        r.body = structure_body(model, shape, input, root, "");
        default_type = is_xml(model) ? "application/xml" : "application/json";
    }
    if (!default_type.empty() && !find_header(r.headers, "content-type"))
        r.headers.push_back({"Content-Type", default_type});
    const bool checksum_required =
        flag(op, "httpChecksumRequired") ||
        (op.contains("httpChecksum") && flag(op.at("httpChecksum"), "requestChecksumRequired"));
    if (checksum_required && !find_header(r.headers, "content-md5")) {
        r.headers.push_back({"Content-MD5", content_md5(r.body)});
    }
    return r;
}

Result<Json> rest_parse_response(const ServiceModel& model, const Json& op, const HttpResponse& response) {
    Json out = Json::object();
    std::string request_id = request_id_header(response);
    if (op.contains("output")) {
        const Json& shape = model.resolve(op.at("output"));
        // S3 can answer 200 with an <Error> body (CompleteMultipartUpload, CopyObject).
        if (is_xml(model) && response.body.find("<Error>") != std::string::npos) {
            auto root = parse_xml(response.body);
            if (root && root->name == "Error") {
                HttpResponse as_error = response;
                as_error.status = 500;
                return parse_error(model, as_error);
            }
        }
        if (auto r = read_headers(model, shape, response.headers, out); !r) return r.error();
        if (shape.contains("members")) {
            for (const auto& [name, ref] : shape.at("members").items()) {
                if (str(ref, "location") == "statusCode") out[name] = response.status;
            }
        }
        std::string payload_name;
        if (const Json* payload_ref = find_payload(shape, payload_name)) {
            if (auto r = read_payload(model, payload_name, *payload_ref, response.body, out); !r)
                return r.error();
        } else if (auto r = read_structure_body(model, shape, response.body, out); !r) {
            return r.error();
        }
    }
    out["ResponseMetadata"] = response_metadata(request_id, response.status);
    return out;
}

namespace {

struct RouteMatch {
    const Json* op = nullptr;
    std::string name;
    int score = -1;
    std::map<std::string, std::string> labels;
};

/// Scores how well `op` matches; -1 when it does not.
int match_route(const ServiceModel& model, const Json& op, const ClientRequest& request,
                const std::vector<std::string>& path_segments, const std::vector<sigv4::QueryParam>& query,
                std::map<std::string, std::string>& labels) {
    const Json& http = op.at("http");
    if (str(http, "method") != request.method) return -1;
    const UriTemplate tmpl = parse_template(str(http, "requestUri"));
    std::vector<std::string> segs = path_segments;
    const bool template_has_trailing = !tmpl.segments.empty() && tmpl.segments.back().empty();
    if (!segs.empty() && segs.back().empty() && !template_has_trailing &&
        segs.size() > tmpl.segments.size()) {
        segs.pop_back();
    }
    int score = 0;
    size_t i = 0;
    for (; i < tmpl.segments.size(); ++i) {
        const std::string& t = tmpl.segments[i];
        if (is_greedy(t)) {
            if (i >= segs.size()) return -1;
            std::vector<std::string> rest(segs.begin() + static_cast<long>(i), segs.end());
            const std::string value = strings::join(rest, "/");
            if (value.empty()) return -1;
            labels[label_name(t)] = sigv4::uri_decode(value);
            i = tmpl.segments.size();
            score += 1;
            break;
        }
        if (i >= segs.size()) return -1;
        if (is_label(t)) {
            if (segs[i].empty()) return -1;
            labels[label_name(t)] = sigv4::uri_decode(segs[i]);
            score += 1;
        } else {
            if (t != segs[i]) return -1;
            score += 100;
        }
    }
    if (i == tmpl.segments.size() && !tmpl.segments.empty() && !is_greedy(tmpl.segments.back()) &&
        segs.size() != tmpl.segments.size()) {
        return -1;
    }
    if (tmpl.segments.empty() && !segs.empty() && !(segs.size() == 1 && segs[0].empty())) return -1;
    if (!tmpl.literal_query.empty()) {
        for (const auto& part : strings::split(tmpl.literal_query, "&")) {
            const auto eq = part.find('=');
            const std::string key = part.substr(0, eq);
            const std::string want = eq == std::string::npos ? "" : part.substr(eq + 1);
            bool found = false;
            for (const auto& q : query) {
                if (q.name == key && (eq == std::string::npos || q.value == want)) found = true;
            }
            if (!found) return -1;
            score += 50;
        }
    }
    if (op.contains("input")) {
        const Json& shape = model.resolve(op.at("input"));
        if (shape.contains("required") && shape.contains("members")) {
            for (const auto& req : shape.at("required")) {
                const auto it = shape.at("members").find(req.get<std::string>());
                if (it == shape.at("members").end()) continue;
                const std::string location = str(*it, "location");
                const std::string wname = wire_name(*it, req.get<std::string>());
                if (location == "querystring") {
                    bool found = false;
                    for (const auto& q : query)
                        found = found || q.name == wname;
                    if (!found) return -1;
                    score += 10;
                } else if (location == "header") {
                    if (!find_header(request.headers, wname)) return -1;
                    score += 10;
                }
            }
        }
    }
    return score;
}

} // namespace

Result<ParsedRequest> rest_parse_request(const ServiceModel& model, const ClientRequest& request) {
    const auto path_segments = split_path(request.path);
    const auto query = sigv4::parse_query(request.query);
    RouteMatch best;
    for (const auto& name : model.operation_names()) {
        const Json* op = model.find_operation(name);
        std::map<std::string, std::string> labels;
        const int score = match_route(model, *op, request, path_segments, query, labels);
        if (score > best.score) best = {op, name, score, std::move(labels)};
    }
    if (!best.op) {
        return make_error(is_xml(model) ? "MethodNotAllowed" : "UnknownOperationException",
                          "no " + model.service() + " operation matches " + request.method + " " +
                              request.path,
                          is_xml(model) ? 405 : 404);
    }
    ParsedRequest out{best.name, Json::object()};
    if (!best.op->contains("input")) return out;
    const Json& shape = model.resolve(best.op->at("input"));
    if (!shape.contains("members")) return out;
    for (const auto& [name, ref] : shape.at("members").items()) {
        const std::string location = str(ref, "location");
        const Json& mshape = model.resolve(ref);
        const std::string wname = wire_name(ref, name);
        if (location == "uri") {
            const auto it = best.labels.find(wname);
            if (it == best.labels.end()) continue;
            auto v = scalar_from_text(mshape, it->second);
            if (!v) return v.error();
            out.input[name] = std::move(*v);
        } else if (location == "querystring") {
            const std::string t = type_of(mshape);
            if (t == "map") {
                Json map = Json::object();
                for (const auto& q : query)
                    map[q.name] = q.value;
                out.input[name] = std::move(map);
                continue;
            }
            Json values = Json::array();
            for (const auto& q : query) {
                if (q.name != wname) continue;
                auto v = scalar_from_text(t == "list" ? model.resolve(mshape.at("member")) : mshape, q.value);
                if (!v) return v.error();
                values.push_back(std::move(*v));
            }
            if (values.empty()) continue;
            out.input[name] = t == "list" ? values : values.at(0);
        }
    }
    if (auto r = read_headers(model, shape, request.headers, out.input); !r) return r.error();
    std::string payload_name;
    if (const Json* payload_ref = find_payload(shape, payload_name)) {
        if (auto r = read_payload(model, payload_name, *payload_ref, request.body, out.input); !r)
            return r.error();
    } else if (auto r = read_structure_body(model, shape, request.body, out.input); !r) {
        return r.error();
    }
    return out;
}

HttpResponse rest_serialize_response(const ServiceModel& model, const Json& op, const Json& output,
                                     std::string_view request_id) {
    HttpResponse r;
    const Json& http = op.at("http");
    r.status = http.contains("responseCode") ? http.at("responseCode").get<int>() : 200;
    r.headers.push_back({is_xml(model) ? "x-amz-request-id" : "x-amzn-RequestId", std::string(request_id)});
    if (!op.contains("output")) return r;
    const Json& shape = model.resolve(op.at("output"));
    if (shape.contains("members")) {
        for (const auto& [name, ref] : shape.at("members").items()) {
            if (str(ref, "location") == "statusCode" && output.contains(name) &&
                output.at(name).is_number_integer()) {
                r.status = output.at(name).get<int>();
            }
        }
    }
    write_headers(model, shape, output, r.headers);
    std::string payload_name;
    std::string content_type;
    std::string ns = model.meta("xmlNamespace");
    if (ns.empty() && model.service() == "s3") ns = std::string(kS3Namespace);
    // S3 writes its timestamps with milliseconds ("2026-01-02T03:04:05.000Z"), as botocore's S3 parser reads.
    const TimeFormat timestamps = is_xml(model) ? TimeFormat::Iso8601Millis : TimeFormat::Iso8601;
    if (const Json* payload_ref = find_payload(shape, payload_name)) {
        if (output.contains(payload_name) && !output.at(payload_name).is_null()) {
            std::tie(r.body, content_type) =
                write_payload(model, payload_name, *payload_ref, output.at(payload_name), ns, timestamps);
        }
    } else if (has_body_members(shape, output) || (is_xml(model) && op.contains("xmlRoot"))) {
        std::string root = str(op, "xmlRoot");
        if (root.empty()) root = str(shape, "locationName");
        if (root.empty()) root = op.at("output").at("shape").get<std::string>();
        // A scalar member written as the root itself (S3 GetBucketLocation).
        bool scalar_root = false;
        if (is_xml(model) && shape.contains("members")) {
            for (const auto& [name, ref] : shape.at("members").items()) {
                if (str(ref, "location").empty() && wire_name(ref, name) == root &&
                    is_scalar(model.resolve(ref))) {
                    XmlNode node{root, {{"xmlns", ns}}, "", {}};
                    if (output.contains(name) && !output.at(name).is_null()) {
                        node.text = scalar_to_text(model.resolve(ref), output.at(name), TimeFormat::Iso8601);
                    }
                    r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + to_xml(node);
                    scalar_root = true;
                }
            }
        }
        if (!scalar_root)
            r.body = structure_body(model, shape, output, root, is_xml(model) ? ns : "", timestamps);
        content_type = is_xml(model) ? "application/xml" : "application/json";
    }
    if (!content_type.empty() && !find_header(r.headers, "content-type"))
        r.headers.push_back({"Content-Type", content_type});
    return r;
}

} // namespace cdk::aws::protocol::detail
