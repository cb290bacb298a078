#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace cdk::localcloud::codebuild {

/// How a build's commands are isolated from the host (`$CDKPP_LOCALCLOUD_CODEBUILD_SANDBOX`: auto, bwrap or
/// none; docs/localcloud-codebuild.md, "The sandbox").
struct Sandbox {
    enum class Kind { ProcessGroup, Bubblewrap };
    Kind kind = Kind::ProcessGroup;
    std::string bwrap;       ///< the bwrap program (absolute) when kind is Bubblewrap
    std::string description; ///< how builds run and why, for the server's log and the build's log
    /// Non-empty when builds cannot run as the setting asks (an unknown value, or `bwrap` without a working
    /// bwrap): every build then fails in PROVISIONING with this message.
    std::string error;
};

/// Decides the sandbox from the setting's value (nullptr = unset = auto) and the server's PATH: `none` is the
/// plain process group; `bwrap` and `auto` look bwrap up on PATH and probe it once (`bwrap --ro-bind / /
/// --dev /dev --proc /proc --unshare-pid --die-with-parent true`, which fails where user namespaces are not
/// allowed); `auto` falls back to the process group when it is missing or fails, `bwrap` is an error then.
[[nodiscard]] Sandbox choose_sandbox(const char* setting, const std::string& path_env);

/// What one sandboxed command sees: the host read-only, a private /tmp, `hidden` (localcloud's data
/// directory) replaced by an empty tmpfs, the `readonly` directories (host paths the build needs that /tmp
/// or `hidden` would hide: an image's prefix, PATH entries) bound read-only and the `writable` ones (the
/// build's own) read-write, each at its own path.
struct SandboxLayout {
    std::filesystem::path hidden;
    std::vector<std::filesystem::path> writable;
    std::filesystem::path cwd;
    std::vector<std::filesystem::path> readonly = {};
    /// The host directory the commands see as /tmp: one per build, so that what a command leaves in /tmp is
    /// there for the build's next command, as in CodeBuild's container. Empty: a fresh tmpfs per command.
    std::filesystem::path tmp = {};
};

/// Whether `path` is `dir` or below it, lexically.
[[nodiscard]] bool path_under(const std::filesystem::path& path, const std::filesystem::path& dir);

/// The bwrap command line that runs `argv` in `layout` in its own PID and IPC namespaces (so killing bwrap
/// kills every process the command started, daemons included), its own session, dying with its parent, with
/// the host's network. Pure: the unit test checks it.
[[nodiscard]] std::vector<std::string> bwrap_command(const std::string& bwrap, const SandboxLayout& layout,
                                                     const std::vector<std::string>& argv);

} // namespace cdk::localcloud::codebuild
