#pragma once

#include "assembly/cloud_assembly.hpp"
#include "core/result.hpp"
#include "toolkit/cloud_executable.hpp"
#include "toolkit/diagnostics.hpp"

#include <memory>
#include <string>
#include <vector>

namespace cdk::toolkit {

/// `synth`: obtain the assembly and pick the stacks the user named.
struct SynthOptions {
    AppRunRequest app;
    std::vector<std::string> patterns; ///< empty: the top-level assembly's stacks
    bool exclusively = false;          ///< do not add the stacks the selection depends on
};

struct SynthOutcome {
    std::shared_ptr<const assembly::CloudAssembly> assembly;
    std::vector<const assembly::StackArtifact*> stacks; ///< selected, in dependency order
    /// Annotations the app attached (aws:cdk:info/warning/error metadata) on the selected stacks, and
    /// missing context. Errors mean synthesis failed.
    Diagnostics diagnostics;
};

/// Runs the app, reads the assembly and selects stacks like `cdk synth` (no patterns: the main
/// assembly's stacks; patterns also bring in the stacks they depend on unless `exclusively`).
[[nodiscard]] Result<SynthOutcome> synth(const SynthOptions& options);

/// Annotations on these stacks, from their metadata (`aws:cdk:info`, `aws:cdk:warning`, `aws:cdk:error`).
[[nodiscard]] Result<Diagnostics>
collect_annotations(const std::vector<const assembly::StackArtifact*>& stacks);

} // namespace cdk::toolkit
