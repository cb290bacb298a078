#include "constructs/aspects.hpp"

namespace cdk {
namespace {

void visit(Construct& c, std::vector<std::shared_ptr<IAspect>> inherited) {
    for (const auto& a : c.node().aspects()) {
        inherited.push_back(a);
    }
    for (const auto& a : inherited) {
        if (c.node().mark_aspect_applied(a.get())) {
            a->visit(c);
        }
    }
    // Children may be added by aspects: iterate by index over the live list.
    for (std::size_t i = 0; i < c.node().children().size(); ++i) {
        visit(*c.node().children()[i], inherited);
    }
}

} // namespace

void Aspects::invoke_all(Construct& root) {
    visit(root, {});
}

} // namespace cdk
