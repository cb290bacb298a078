#pragma once

#include "core/result.hpp"

#include <filesystem>
#include <map>
#include <string>

namespace cdk::toolkit::detail {

/// How a child process ended.
struct ProcessExit {
    int exit_code = 0; ///< valid when signal == 0
    int signal = 0;    ///< the signal that killed it, or 0
};

/// Runs `command` through `/bin/sh -c` in `cwd` with exactly `environment`; a plain `path/to/app arg...`
/// (nothing the shell would interpret) is exec'ed directly, with PWD updated as sh would. The child's
/// stdout is sent to our stderr (stdout stays for the command's own output, e.g. a template); its stderr
/// is inherited.
/// An error only when it could not be started.
[[nodiscard]] Result<ProcessExit> run_shell(const std::string& command, const std::filesystem::path& cwd,
                                            const std::map<std::string, std::string>& environment);

/// The current process environment as a map.
[[nodiscard]] std::map<std::string, std::string> current_environment();

} // namespace cdk::toolkit::detail
