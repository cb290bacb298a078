#include "localcloud/codebuild/sandbox.hpp"

#include "core/strings.hpp"
#include "localcloud/server/child_process.hpp"

#include <atomic>
#include <chrono>
#include <unistd.h>

namespace cdk::localcloud::codebuild {

namespace {

constexpr const char* kSetting = "CDKPP_LOCALCLOUD_CODEBUILD_SANDBOX";

std::string find_on_path(const std::string& path_env, const std::string& name) {
    for (const auto& dir : strings::split(path_env, ":")) {
        if (dir.empty()) continue;
        const std::filesystem::path candidate = std::filesystem::path(dir) / name;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
    return {};
}

/// Runs the probe; "" when bwrap works, else why not (its output, or how it ended).
std::string probe(const std::string& bwrap) {
    std::atomic<bool> never{false};
    std::atomic<pid_t> group{0};
    std::string output;
    auto ran = run_child({bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--unshare-pid",
                          "--die-with-parent", "true"},
                         {{"PATH", "/usr/bin:/bin"}}, "/",
                         {never, std::chrono::steady_clock::now() + std::chrono::seconds(10), group},
                         [&](const std::string& l) { output += (output.empty() ? "" : " ") + l; });
    if (!ran) return ran.error().message;
    if (ran->timed_out) return "the probe did not finish in 10 s";
    if (ran->exit_code != 0)
        return "exit status " + std::to_string(ran->exit_code) + (output.empty() ? "" : ": " + output);
    return {};
}

} // namespace

bool path_under(const std::filesystem::path& path, const std::filesystem::path& dir) {
    std::string p = path.lexically_normal().string();
    std::string d = dir.lexically_normal().string();
    while (p.size() > 1 && p.back() == '/')
        p.pop_back();
    while (d.size() > 1 && d.back() == '/')
        d.pop_back();
    return p == d || strings::starts_with(p, d == "/" ? d : d + "/");
}

Sandbox choose_sandbox(const char* setting, const std::string& path_env) {
    const std::string value = setting == nullptr || *setting == '\0' ? std::string("auto") : setting;
    Sandbox out;
    if (value == "none") {
        out.description = "as host process groups (" + std::string(kSetting) + "=none)";
        return out;
    }
    if (value != "auto" && value != "bwrap") {
        out.error = std::string(kSetting) + " must be auto, bwrap or none, not '" + value + "'";
        out.description = "not at all: " + out.error;
        return out;
    }
    const std::string bwrap = find_on_path(path_env, "bwrap");
    std::string why;
    if (bwrap.empty())
        why = "bwrap is not on PATH (Debian package bubblewrap)";
    else if (auto failed = probe(bwrap); !failed.empty())
        why = bwrap + " does not work here (" + failed + "; user namespaces may be disabled)";
    if (why.empty()) {
        out.kind = Sandbox::Kind::Bubblewrap;
        out.bwrap = bwrap;
        out.description = "under bubblewrap (" + bwrap + ")";
        return out;
    }
    if (value == "bwrap") {
        out.error = std::string(kSetting) + "=bwrap, but " + why;
        out.description = "not at all: " + out.error;
        return out;
    }
    out.description = "as host process groups, without a sandbox: " + why;
    return out;
}

std::vector<std::string> bwrap_command(const std::string& bwrap, const SandboxLayout& layout,
                                       const std::vector<std::string>& argv) {
    std::vector<std::string> out{bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"};
    if (layout.tmp.empty())
        out.insert(out.end(), {"--tmpfs", "/tmp"});
    else
        out.insert(out.end(), {"--bind", layout.tmp.string(), "/tmp"});
    // localcloud's data directory (the store, other builds, the caches) is an empty directory, unless the
    // private /tmp already hides it.
    if (!layout.hidden.empty() && !path_under(layout.hidden, "/tmp")) {
        out.insert(out.end(), {"--tmpfs", layout.hidden.string()});
    }
    for (const auto& dir : layout.readonly)
        out.insert(out.end(), {"--ro-bind", dir.string(), dir.string()});
    for (const auto& dir : layout.writable)
        out.insert(out.end(), {"--bind", dir.string(), dir.string()});
    out.insert(out.end(), {"--unshare-pid", "--unshare-ipc", "--die-with-parent", "--new-session", "--chdir",
                           layout.cwd.string(), "--"});
    out.insert(out.end(), argv.begin(), argv.end());
    return out;
}

} // namespace cdk::localcloud::codebuild
