#pragma once

#include "apps/cli/command.hpp"
#include "core/result.hpp"
#include "toolkit/cloud_executable.hpp"

namespace cdk::cli {

/// How to get the assembly, from the global options and the project in the current directory:
/// cdk.json / ~/.cdk.json / cdk.context.json settings, -c values, default region from AWS_REGION or
/// AWS_DEFAULT_REGION. A malformed -c argument is `ContextArgumentInvalid` (a usage error).
[[nodiscard]] Result<toolkit::AppRunRequest> make_app_request(const GlobalOptions& globals);

/// The exit code for an error from a toolkit call: usage errors are 2, everything else 1.
[[nodiscard]] ExitCode exit_code_for(const Error& error);

} // namespace cdk::cli
