#pragma once

namespace cdk::cli {

/// Exit codes of the cdkpp command (STYLE.md section 4).
enum class ExitCode : int {
    Success = 0,  ///< everything worked
    Failure = 1,  ///< caused by user input or the cloud
    Usage = 2,    ///< command-line usage error
    Internal = 3, ///< a bug: please report
};

inline int to_int(ExitCode code) {
    return static_cast<int>(code);
}

} // namespace cdk::cli
