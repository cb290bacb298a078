#pragma once

#include "core/result.hpp"

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cdk::localcloud::repos {

/// Limits and extras of one git run.
struct GitRunOptions {
    std::size_t max_output = 16u << 20;           ///< stdout beyond this fails the run (GitOutputTooLarge)
    std::chrono::milliseconds timeout{120'000};   ///< the process group is killed after it (GitTimeout)
    std::map<std::string, std::string> extra_env; ///< e.g. GIT_INDEX_FILE for an export's private index
};

/// How a git run ended: its exit code, stdout (at most `max_output`) and the tail of stderr (at most 64 KiB).
struct GitRun {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Runs `git ARGS...` as a subprocess: no shell (an argument vector, `git` looked up on PATH), stdin from
/// /dev/null, in its own process group, with the caller's environment minus every `GIT_*` variable (a hook
/// or a user's GIT_DIR must not redirect it) plus `GIT_TERMINAL_PROMPT=0`, `GIT_OPTIONAL_LOCKS=0`, `LC_ALL=C`
/// and `options.extra_env`. A non-zero exit is a value (the caller decides what it means); an error only when
/// git could not be started, ran too long (GitTimeout) or wrote more than the limit (GitOutputTooLarge).
[[nodiscard]] Result<GitRun> run_git(const std::vector<std::string>& args, const GitRunOptions& options = {});

/// Whether `text` is a full object id: 40 (SHA-1) or 64 (SHA-256) lower-case hex digits.
[[nodiscard]] bool is_full_object_id(std::string_view text);
/// Whether `text` may be an abbreviated object id: 4 to 64 hex digits (either case).
[[nodiscard]] bool is_hex_prefix(std::string_view text);

/// Whether `ref` is safe to hand to git as a ref name (it is always passed after `--end-of-options` as well):
/// 1..255 bytes of printable ASCII, not starting with `-` or `/`, no `..`, `@{`, `//`, no space or any of
/// `~^:?*[\`, no component starting with `.` or `-` or ending with `.lock`, not ending with `/` or `.` —
/// git's check-ref-format rules, which also refuse `--upload-pack=…` and `-o…`.
[[nodiscard]] bool is_safe_ref_name(std::string_view ref);

} // namespace cdk::localcloud::repos
