#include "synth/tree_metadata.hpp"

#include "cfn/cfn_resource.hpp"
#include "constructs/construct.hpp"

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

} // namespace

Json build_tree_metadata(const Construct& root) { return Json{{"version", "tree-0.1"}, {"tree", node_json(root)}}; }

} // namespace cdk
