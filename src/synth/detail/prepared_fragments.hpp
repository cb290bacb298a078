#pragma once

#include "core/json.hpp"

#include <cstddef>
#include <optional>
#include <unordered_map>

namespace cdk {
class CfnElement;
class Construct;
class Stack;
} // namespace cdk

/// One resolution per element (docs/performance.md, "Synthesis"): the references pass resolves every
/// element in full, as the renderer would, and keeps the fragments the renderer may reuse.
namespace cdk::detail {

/// The template fragments the references pass resolved, kept for the renderer of one Stage::synth. Only
/// fragments that cannot change between the passes are kept: not those of an element that consumes a
/// reference of another stack (resolve_references assigns its value in between), nor those holding a
/// token that is not stable_across_passes(). The elements must outlive this table.
class PreparedFragments {
public:
    void add(const CfnElement& element, Json fragment);
    /// Moves the fragment of `element` out (once) or returns nothing. Different elements may be taken
    /// on different threads at the same time.
    [[nodiscard]] std::optional<Json> take(const CfnElement& element);
    void reserve(std::size_t n) { fragments_.reserve(n); }
    [[nodiscard]] std::size_t size() const { return fragments_.size(); }

private:
    std::unordered_map<const CfnElement*, std::optional<Json>> fragments_;
};

/// prepare_app (synth/synthesis.hpp), keeping the reusable fragments in `prepared`.
void prepare_app(Construct& root, PreparedFragments& prepared);

/// resolve_references (synth/references.hpp); with `prepared`, every element is resolved in full and the
/// reusable fragments are kept there.
void resolve_references(Construct& root, PreparedFragments* prepared);

/// render_stack_template (synth/stack_template.hpp), taking the fragments found in `prepared` (may be null)
/// instead of resolving those elements again.
[[nodiscard]] Json render_stack_template(Stack& stack, PreparedFragments* prepared);

} // namespace cdk::detail
