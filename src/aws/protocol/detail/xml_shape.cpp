#include "aws/protocol/detail/xml_shape.hpp"

#include "aws/protocol/detail/shape_values.hpp"

namespace cdk::aws::protocol::detail {

namespace {

bool is_flattened(const Json& ref, const Json& shape) {
    return flag(ref, "flattened") || flag(shape, "flattened");
}

/// Element name of a structure member (botocore's _member_key_name): a flattened list whose member has a
/// locationName uses that name for each repeated element.
std::string member_key_name(const ServiceModel& model, const Json& ref, const Json& shape,
                            const std::string& name) {
    if (type_of(shape) == "list" && is_flattened(ref, shape)) {
        std::string inner = str(shape.at("member"), "locationName");
        if (!inner.empty()) return inner;
    }
    (void)model;
    return wire_name(ref, name);
}

Result<Json> map_entry(const ServiceModel& model, const Json& shape, const XmlNode& entry, Json& out) {
    const std::string key_name = wire_name(shape.at("key"), "key");
    const std::string value_name = wire_name(shape.at("value"), "value");
    const XmlNode* k = entry.child(key_name);
    const XmlNode* v = entry.child(value_name);
    if (!k)
        return make_error("SerializationException",
                          "map entry <" + entry.name + "> has no <" + key_name + ">", 400);
    if (!v) {
        out[k->text] = nullptr;
        return out;
    }
    auto value = xml_to_json(model, model.resolve(shape.at("value")), *v);
    if (!value) return value;
    out[k->text] = std::move(*value);
    return out;
}

} // namespace

Result<Json> xml_to_json(const ServiceModel& model, const Json& shape, const XmlNode& node) {
    const std::string t = type_of(shape);
    if (t == "structure") {
        Json out = Json::object();
        if (!shape.contains("members")) return out;
        for (const auto& [name, ref] : shape.at("members").items()) {
            if (!str(ref, "location").empty()) continue;
            const Json& mshape = model.resolve(ref);
            if (flag(ref, "xmlAttribute")) {
                const std::string attr = node.attribute(wire_name(ref, name));
                if (!attr.empty()) {
                    auto v = scalar_from_text(mshape, attr);
                    if (!v) return v;
                    out[name] = std::move(*v);
                }
                continue;
            }
            const std::string key = member_key_name(model, ref, mshape, name);
            const std::string mt = type_of(mshape);
            if ((mt == "list" || mt == "map") && is_flattened(ref, mshape)) {
                Json collected = mt == "list" ? Json::array() : Json::object();
                bool any = false;
                for (const auto& c : node.children) {
                    if (c.name != key) continue;
                    any = true;
                    if (mt == "list") {
                        auto item = xml_to_json(model, model.resolve(mshape.at("member")), c);
                        if (!item) return item;
                        collected.push_back(std::move(*item));
                    } else if (auto r = map_entry(model, mshape, c, collected); !r) {
                        return r;
                    }
                }
                if (any) out[name] = std::move(collected);
                continue;
            }
            if (const XmlNode* c = node.child(key)) {
                auto v = xml_to_json(model, mshape, *c);
                if (!v) return v;
                out[name] = std::move(*v);
            }
        }
        return out;
    }
    if (t == "list") {
        Json out = Json::array();
        const std::string item_name = wire_name(shape.at("member"), "member");
        const Json& item_shape = model.resolve(shape.at("member"));
        for (const auto& c : node.children) {
            if (c.name != item_name) continue;
            auto item = xml_to_json(model, item_shape, c);
            if (!item) return item;
            out.push_back(std::move(*item));
        }
        return out;
    }
    if (t == "map") {
        Json out = Json::object();
        for (const auto& c : node.children) {
            if (c.name != "entry") continue;
            if (auto r = map_entry(model, shape, c, out); !r) return r;
        }
        return out;
    }
    return scalar_from_text(shape, node.text);
}

namespace {

void write_value(const ServiceModel& model, const Json& ref, const Json& shape, const std::string& name,
                 const Json& value, XmlNode& parent, TimeFormat timestamps);

void fill_map_entry(const ServiceModel& model, const Json& shape, const std::string& key, const Json& value,
                    XmlNode& entry, TimeFormat timestamps) {
    XmlNode k;
    k.name = wire_name(shape.at("key"), "key");
    k.text = key;
    entry.children.push_back(std::move(k));
    XmlNode v;
    v.name = wire_name(shape.at("value"), "value");
    json_to_xml(model, model.resolve(shape.at("value")), value, v, false, timestamps);
    entry.children.push_back(std::move(v));
}

/// The namespace declaration an xmlNamespace trait asks for (`xmlns="uri"`, or `xmlns:xsi="uri"` with a
/// prefix, as S3's Grantee), from the member reference, else from the shape, as botocore's serializer.
void declare_namespace(const Json& ref, const Json& shape, XmlNode& node) {
    const Json* ns = ref.contains("xmlNamespace")     ? &ref.at("xmlNamespace")
                     : shape.contains("xmlNamespace") ? &shape.at("xmlNamespace")
                                                      : nullptr;
    if (!ns) return;
    const std::string uri = ns->is_string() ? ns->get<std::string>() : str(*ns, "uri");
    if (uri.empty()) return;
    const std::string prefix = ns->is_object() ? str(*ns, "prefix") : std::string();
    node.attributes.emplace_back(prefix.empty() ? "xmlns" : "xmlns:" + prefix, uri);
}

void write_value(const ServiceModel& model, const Json& ref, const Json& shape, const std::string& name,
                 const Json& value, XmlNode& parent, TimeFormat timestamps) {
    const std::string t = type_of(shape);
    if (t == "list" && is_flattened(ref, shape) && value.is_array()) {
        const std::string key = member_key_name(model, ref, shape, name);
        const Json& item_shape = model.resolve(shape.at("member"));
        for (const auto& item : value) {
            XmlNode n;
            n.name = key;
            declare_namespace(Json::object(), item_shape, n);
            json_to_xml(model, item_shape, item, n, false, timestamps);
            parent.children.push_back(std::move(n));
        }
        return;
    }
    if (t == "map" && is_flattened(ref, shape) && value.is_object()) {
        for (const auto& [k, v] : value.items()) {
            XmlNode entry;
            entry.name = wire_name(ref, name);
            fill_map_entry(model, shape, k, v, entry, timestamps);
            parent.children.push_back(std::move(entry));
        }
        return;
    }
    XmlNode n;
    n.name = wire_name(ref, name);
    declare_namespace(ref, shape, n);
    if (is_scalar(shape)) {
        n.text = scalar_to_text(shape, value, time_format(ref, shape, timestamps));
    } else {
        json_to_xml(model, shape, value, n, false, timestamps);
    }
    parent.children.push_back(std::move(n));
}

} // namespace

void json_to_xml(const ServiceModel& model, const Json& shape, const Json& value, XmlNode& node,
                 bool body_only, TimeFormat timestamps) {
    const std::string t = type_of(shape);
    if (t == "structure") {
        if (!value.is_object() || !shape.contains("members")) return;
        for (const auto& [name, ref] : shape.at("members").items()) {
            const auto it = value.find(name);
            if (it == value.end() || it->is_null()) continue;
            if (body_only && !str(ref, "location").empty()) continue;
            const Json& mshape = model.resolve(ref);
            if (flag(ref, "xmlAttribute")) {
                node.attributes.emplace_back(
                    wire_name(ref, name), scalar_to_text(mshape, *it, time_format(ref, mshape, timestamps)));
                continue;
            }
            write_value(model, ref, mshape, name, *it, node, timestamps);
        }
        return;
    }
    if (t == "list") {
        if (!value.is_array()) return;
        const std::string item_name = wire_name(shape.at("member"), "member");
        const Json& item_shape = model.resolve(shape.at("member"));
        for (const auto& item : value) {
            XmlNode n;
            n.name = item_name;
            declare_namespace(shape.at("member"), item_shape, n);
            json_to_xml(model, item_shape, item, n, false, timestamps);
            node.children.push_back(std::move(n));
        }
        return;
    }
    if (t == "map") {
        if (!value.is_object()) return;
        for (const auto& [k, v] : value.items()) {
            XmlNode entry;
            entry.name = "entry";
            fill_map_entry(model, shape, k, v, entry, timestamps);
            node.children.push_back(std::move(entry));
        }
        return;
    }
    node.text = scalar_to_text(shape, value, time_format(Json::object(), shape, timestamps));
}

} // namespace cdk::aws::protocol::detail
