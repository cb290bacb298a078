#pragma once

#include "constructs/construct.hpp"

#include <memory>

namespace cdk {

/// A visitor applied to every construct in a scope before synthesis (CDK: IAspect).
class IAspect {
public:
    virtual ~IAspect() = default;
    virtual void visit(Construct& node) = 0;
};

/// The aspects of one scope (CDK: Aspects.of(scope)).
class Aspects {
public:
    [[nodiscard]] static Aspects of(Construct& scope) { return Aspects(scope); }
    /// Applies `aspect` to the scope and everything below it at synthesis.
    void add(std::shared_ptr<IAspect> aspect) { scope_->node().add_aspect(std::move(aspect)); }

    /// Runs every aspect on every construct below `root`, each aspect once per construct, outer
    /// aspects first (CDK: invokeAspects). Constructs added by an aspect are visited too.
    static void invoke_all(Construct& root);

private:
    explicit Aspects(Construct& scope) : scope_(&scope) {}
    Construct* scope_;
};

} // namespace cdk
