#pragma once

#include "assembly/cloud_assembly.hpp"
#include "core/json.hpp"
#include "core/result.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace cdk::toolkit {

/// Environment variables of the app protocol (the same names the stock CLI and aws-cdk-lib use).
namespace app_env {
inline constexpr const char* kOutdir = "CDK_OUTDIR";
inline constexpr const char* kContextJson = "CDK_CONTEXT_JSON";
/// Path of a JSON file with the context entries that did not fit in CDK_CONTEXT_JSON.
inline constexpr const char* kContextOverflowLocation = "CONTEXT_OVERFLOW_LOCATION_ENV";
inline constexpr const char* kDefaultAccount = "CDK_DEFAULT_ACCOUNT";
inline constexpr const char* kDefaultRegion = "CDK_DEFAULT_REGION";
inline constexpr const char* kCliAsmVersion = "CDK_CLI_ASM_VERSION";
inline constexpr const char* kCliVersion = "CDK_CLI_VERSION";
} // namespace app_env

/// The stock CLI's limit for the whole environment handed to the app (Linux: 128 KiB); the context that
/// does not fit goes to the overflow file.
inline constexpr std::size_t kEnvironmentSizeLimit = 131072;

/// How to obtain a cloud assembly: run an app command, or read an existing assembly directory.
struct AppRunRequest {
    std::string app;                            ///< shell command, or a directory holding a cloud assembly
    std::filesystem::path working_dir;          ///< where the command runs (the project directory)
    std::filesystem::path output_dir;           ///< CDK_OUTDIR; relative paths are taken from working_dir
    Json context = Json::object();              ///< handed over in CDK_CONTEXT_JSON (+ overflow file)
    std::optional<std::string> default_account; ///< CDK_DEFAULT_ACCOUNT, when known
    std::optional<std::string> default_region;  ///< CDK_DEFAULT_REGION, when known
    std::map<std::string, std::string> environment; ///< the base environment (normally ours)
    std::size_t environment_size_limit = kEnvironmentSizeLimit;
};

/// The environment variables `run_app` would set, and the context entries that overflowed.
struct AppEnvironment {
    std::map<std::string, std::string> variables;
    Json overflow; ///< null when all context fits in CDK_CONTEXT_JSON
};

/// Splits the context between CDK_CONTEXT_JSON and the overflow file like the stock CLI: entries go into
/// the variable in order until the environment would pass the size limit; the rest overflow.
[[nodiscard]] AppEnvironment prepare_app_environment(const AppRunRequest& request);

/// Runs the app (or reads the directory) and returns the assembly. Every failure is one error naming the
/// command and the fix: the command cannot start (`AppSpawnFailed`), exits non-zero or is killed
/// (`AppFailed`), writes no manifest (`AppWroteNothing`), or writes a malformed one (the reader's error).
[[nodiscard]] Result<assembly::CloudAssembly> run_app(const AppRunRequest& request);

/// The current process environment as a map (the usual base for AppRunRequest::environment).
[[nodiscard]] std::map<std::string, std::string> current_environment();

/// True when `app` names an existing directory (relative to `working_dir`): it is an assembly, not a command.
[[nodiscard]] bool app_is_assembly_directory(const std::string& app,
                                             const std::filesystem::path& working_dir);

} // namespace cdk::toolkit
