#pragma once

#include "core/json.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cdk {
class CfnElement;
class Construct;
class Stack;
} // namespace cdk

/// One resolution per element (docs/performance.md, "Synthesis"): the references pass resolves every
/// element in full, as the renderer would, and keeps the fragments the renderer may reuse.
namespace cdk::detail {

/// One element's template fragment (e.g. `{"Resources": {"Queue": {...}}}`) as text, ready to be joined
/// into the template (written with indentation 1 as aws-cdk-lib writes templates).
struct FragmentText {
    struct Section {
        std::string name;
        /// An object section's entries in key order: the key and `"Key": <value>` as the entry appears
        /// in the template, two levels deep.
        std::vector<std::pair<std::string, std::string>> entries;
        /// A section whose value is not an object (unusual): the value, merged as the Json renderer merges
        /// it.
        std::optional<Json> value;
    };
    /// In the fragment's (sorted) order; empty when the fragment is not an object.
    std::vector<Section> sections;
};

/// The text of a resolved fragment.
[[nodiscard]] FragmentText fragment_text(const Json& fragment);

/// The template fragments the references pass resolved, kept for the renderer of one Stage::synth. Only
/// fragments that cannot change between the passes are kept: not those of an element that consumes a
/// reference of another stack (resolve_references assigns its value in between), nor those holding a
/// token that is not stable_across_passes(). The elements must outlive this table.
class PreparedFragments {
public:
    void add(const CfnElement& element, FragmentText fragment);
    /// Moves the fragment of `element` out (once) or returns nothing. Different elements may be taken
    /// on different threads at the same time.
    [[nodiscard]] std::optional<FragmentText> take(const CfnElement& element);
    void reserve(std::size_t n) { fragments_.reserve(n); }
    [[nodiscard]] std::size_t size() const { return fragments_.size(); }

private:
    std::unordered_map<const CfnElement*, std::optional<FragmentText>> fragments_;
};

/// prepare_app (synth/synthesis.hpp), keeping the reusable fragments in `prepared`.
void prepare_app(Construct& root, PreparedFragments& prepared);

/// resolve_references (synth/references.hpp); with `prepared`, every element is resolved in full and the
/// reusable fragments are kept there.
void resolve_references(Construct& root, PreparedFragments* prepared);

/// The text of render_stack_template (synth/stack_template.hpp) as write_template writes it, taking the
/// fragments found in `prepared` (may be null) instead of resolving those elements again. Each element's
/// fragment is written on its own (big stacks on several threads) and the entries are joined in key order.
[[nodiscard]] std::string render_stack_template_text(Stack& stack, PreparedFragments* prepared);

} // namespace cdk::detail
