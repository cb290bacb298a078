#pragma once

#include "core/result.hpp"
#include "toolkit/actions/synth.hpp"

#include <ostream>

namespace cdk::cli {

/// Renders a synth outcome like `cdk synth`: one selected stack prints its template (YAML, or JSON with
/// `json`) on `out` unless `quiet`; several print where the assembly is and the stack ids on `err`.
/// An error only when the template cannot be read.
[[nodiscard]] Result<void> render_synth(std::ostream& out, std::ostream& err,
                                        const toolkit::SynthOutcome& outcome, bool json, bool quiet);

} // namespace cdk::cli
