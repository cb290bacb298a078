#pragma once

#include "assembly/cloud_assembly.hpp"
#include "core/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace cdk::assembly {

/// Glob match with the CDK CLI's rules for stack patterns (minimatch on the hierarchical id):
/// `*` and `?` do not cross `/`, `**` does, `[a-z]` / `[!a-z]` are classes, `\x` escapes.
[[nodiscard]] bool glob_match(std::string_view pattern, std::string_view text);

/// What to select when no pattern is given.
enum class DefaultSelection {
    AllStacks,    ///< every stack, nested ones too (`cdk ls`, `cdk synth`)
    MainAssembly, ///< the top-level assembly's stacks only
    OnlySingle,   ///< the one top-level stack; an error when there are several (`cdk deploy`)
    None,
};

/// Whether to add the stacks the selection depends on (deploy) or that depend on it (destroy).
enum class ExtendSelection { None, Upstream, Downstream };

/// Which stacks a command acts on.
struct StackSelector {
    std::vector<std::string> patterns;
    bool all = false; ///< `--all`: every top-level stack
    DefaultSelection default_selection = DefaultSelection::AllStacks;
    ExtendSelection extend = ExtendSelection::None;
    /// Fail (`NoStackMatch`) when a pattern matches nothing; `cdk ls` does not.
    bool fail_on_unmatched = true;
};

/// Selects stacks, in dependency order (a stack after what it depends on; otherwise manifest order).
/// Errors: `NoStacks` (the app has none), `NoStackMatch` (naming the pattern and listing the stacks),
/// `AmbiguousSelection` (OnlySingle with several stacks), `DependencyCycle`.
[[nodiscard]] Result<std::vector<const StackArtifact*>> select_stacks(const CloudAssembly& assembly,
                                                                      const StackSelector& selector);

/// Orders stacks so each comes after the stacks it depends on (dependencies outside `stacks` are ignored),
/// keeping the given order otherwise. A cycle is an error (`DependencyCycle`) naming the stacks on it.
[[nodiscard]] Result<std::vector<const StackArtifact*>>
sort_by_dependencies(const std::vector<const StackArtifact*>& stacks);

} // namespace cdk::assembly
