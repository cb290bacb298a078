#pragma once

#include <string>
#include <vector>

namespace cdk::toolkit {

enum class Severity { Info, Warning, Error };
[[nodiscard]] const char* to_string(Severity severity);

/// One thing a toolkit action reports to the user: a one-line summary, a detail with cause and fix,
/// and the subject it is about (stack, construct path, file).
struct Diagnostic {
    Severity severity = Severity::Info;
    std::string code;    ///< stable, e.g. `SYNTH_W0001`
    std::string summary; ///< one line
    std::string detail;  ///< cause and fix; may be empty
    std::string subject; ///< construct path, stack id or file
};

using Diagnostics = std::vector<Diagnostic>;

[[nodiscard]] bool has_errors(const Diagnostics& diagnostics);

} // namespace cdk::toolkit
