#include "synth/tree_metadata.hpp"

#include "cfn/cfn_resource.hpp"
#include "constructs/construct.hpp"
#include "core/json_writer.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

namespace cdk {
namespace {

Json node_json(const Construct& c) {
    Json out = Json::object();
    out["id"] = c.node().path().empty() ? "App" : c.node().id();
    out["path"] = c.node().path();
    if (const auto* r = dynamic_cast<const CfnResource*>(&c)) {
        out["attributes"] = Json{{"aws:cdk:cloudformation:type", r->cfn_resource_type()}};
    }
    if (!c.node().children().empty()) {
        Json children = Json::object();
        for (const Construct* child : c.node().children()) {
            children[child->node().id()] = node_json(*child);
        }
        out["children"] = std::move(children);
    }
    return out;
}

void indent(std::string& out, int level) {
    out.append(static_cast<std::size_t>(level) * 2, ' ');
}

/// Appends a string literal without measuring it at run time.
template <std::size_t N> void put(std::string& out, const char (&text)[N]) {
    out.append(text, N - 1);
}

/// The size of the text write_node gives `c`'s subtree, near enough to reserve it at once.
std::size_t estimate(const Construct& c, int level) {
    std::size_t size =
        2 * c.node().path().size() + 2 * c.node().id().size() + 24 * static_cast<std::size_t>(level) + 96;
    for (const Construct* child : c.node().children())
        size += estimate(*child, level + 2);
    return size;
}

/// One construct as node_json renders it, at nesting `level` (the object's own indentation), with
/// the keys in the sorted order the Json object would have: attributes, children, id, path. Strings are
/// quoted by the JSON writer (json::append_string), so escapes and UTF-8 come out as dump writes them.
void write_node(std::string& out, const Construct& c, int level) {
    put(out, "{\n");
    // Only elements can be resources: the kind tag spares the other constructs a failing dynamic_cast.
    const auto* r = c.kind() == Construct::Kind::CfnElement ? dynamic_cast<const CfnResource*>(&c) : nullptr;
    if (r != nullptr) {
        indent(out, level + 1);
        put(out, "\"attributes\": {\n");
        indent(out, level + 2);
        put(out, "\"aws:cdk:cloudformation:type\": ");
        json::append_string(out, r->cfn_resource_type());
        out.push_back('\n');
        indent(out, level + 1);
        put(out, "},\n");
    }
    const auto& kids = c.node().children();
    if (!kids.empty()) {
        std::vector<const Construct*> sorted(kids.begin(), kids.end());
        std::sort(sorted.begin(), sorted.end(),
                  [](const Construct* a, const Construct* b) { return a->node().id() < b->node().id(); });
        indent(out, level + 1);
        put(out, "\"children\": {\n");
        for (std::size_t i = 0; i < sorted.size(); ++i) {
            indent(out, level + 2);
            json::append_string(out, sorted[i]->node().id());
            put(out, ": ");
            write_node(out, *sorted[i], level + 2);
            if (i + 1 < sorted.size()) {
                put(out, ",\n");
            } else {
                out.push_back('\n');
            }
        }
        indent(out, level + 1);
        put(out, "},\n");
    }
    indent(out, level + 1);
    put(out, "\"id\": ");
    json::append_string(out,
                        c.node().path().empty() ? std::string_view("App") : std::string_view(c.node().id()));
    put(out, ",\n");
    indent(out, level + 1);
    put(out, "\"path\": ");
    json::append_string(out, c.node().path());
    out.push_back('\n');
    indent(out, level);
    out.push_back('}');
}

} // namespace

std::string render_tree_metadata(const Construct& root) {
    std::string out;
    out.reserve(estimate(root, 1) + 64);
    out += "{\n  \"tree\": ";
    write_node(out, root, 1);
    out += ",\n  \"version\": \"tree-0.1\"\n}";
    return out;
}

Json build_tree_metadata(const Construct& root) {
    return Json{{"version", "tree-0.1"}, {"tree", node_json(root)}};
}

} // namespace cdk
