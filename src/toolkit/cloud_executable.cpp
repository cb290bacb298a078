#include "toolkit/cloud_executable.hpp"

#include "assembly/schema_version.hpp"
#include "assembly/writer.hpp"
#include "core/fs.hpp"
#include "toolkit/detail/process.hpp"

#include <csignal>
#include <cstdlib>
#include <cstring>

namespace cdk::toolkit {
namespace {

constexpr const char* kCdkppVersion = "0.1.0";

std::filesystem::path resolve(const std::filesystem::path& base, const std::filesystem::path& p) {
    return p.is_absolute() ? p : base / p;
}

/// Removes a temporary directory when it goes out of scope.
class TempDirGuard {
public:
    TempDirGuard() = default;
    TempDirGuard(const TempDirGuard&) = delete;
    TempDirGuard& operator=(const TempDirGuard&) = delete;
    ~TempDirGuard() {
        if (!path_.empty()) {
            std::error_code ec;
            std::filesystem::remove_all(path_, ec);
        }
    }
    void set(std::filesystem::path p) { path_ = std::move(p); }

private:
    std::filesystem::path path_;
};

Result<std::filesystem::path> make_temp_dir(const std::string& prefix) {
    std::string templ = (std::filesystem::temp_directory_path() / (prefix + "XXXXXX")).string();
    if (::mkdtemp(templ.data()) == nullptr) {
        return make_error("TempDirFailed",
                          "cannot create a temporary directory: " + std::string(std::strerror(errno)));
    }
    return std::filesystem::path(templ);
}

} // namespace

std::map<std::string, std::string> current_environment() {
    return detail::current_environment();
}

bool app_is_assembly_directory(const std::string& app, const std::filesystem::path& working_dir) {
    std::error_code ec;
    return std::filesystem::is_directory(resolve(working_dir, app), ec);
}

AppEnvironment prepare_app_environment(const AppRunRequest& request) {
    AppEnvironment out;
    auto& vars = out.variables;
    vars = request.environment;
    vars.erase(app_env::kContextOverflowLocation);
    vars[app_env::kOutdir] = resolve(request.working_dir, request.output_dir).string();
    vars[app_env::kCliAsmVersion] = std::string(assembly::kSchemaVersion);
    vars[app_env::kCliVersion] = kCdkppVersion;
    if (request.default_account) vars[app_env::kDefaultAccount] = *request.default_account;
    if (request.default_region) vars[app_env::kDefaultRegion] = *request.default_region;

    // Space left for CDK_CONTEXT_JSON's value: the limit minus every other variable (key + value) and its
    // key.
    std::size_t used = std::strlen(app_env::kContextJson);
    for (const auto& [k, v] : vars) {
        if (k != app_env::kContextJson) used += k.size() + v.size();
    }
    const std::size_t space =
        request.environment_size_limit > used ? request.environment_size_limit - used : 0;

    Json small = Json::object();
    Json overflow = Json::object();
    std::size_t total = 0;
    bool cut = space < 2;
    for (const auto& [k, v] : request.context.items()) {
        if (!cut) {
            const std::size_t size = Json{{k, v}}.dump().size();
            if (total + size > space) {
                cut = true;
            } else {
                total += size;
                small[k] = v;
                continue;
            }
        }
        overflow[k] = v;
    }
    vars[app_env::kContextJson] = small.dump();
    if (!overflow.empty()) out.overflow = std::move(overflow);
    return out;
}

Result<assembly::CloudAssembly> run_app(const AppRunRequest& request) {
    if (request.app.empty()) {
        return make_error("AppMissing", "no app to synthesize: pass --app 'COMMAND' (or a cloud assembly "
                                        "directory), or put \"app\" in cdk.json");
    }
    if (app_is_assembly_directory(request.app, request.working_dir)) {
        return assembly::read_assembly(resolve(request.working_dir, request.app));
    }

    const auto outdir = resolve(request.working_dir, request.output_dir);
    std::error_code ec;
    std::filesystem::create_directories(outdir, ec);
    if (ec) {
        return make_error("OutputDirFailed", "cannot create output directory '" + outdir.string() +
                                                 "': " + ec.message() + "; choose another with -o");
    }
    // A manifest left from an earlier run must not pass for this run's output.
    std::filesystem::remove(outdir / assembly::kManifestFile, ec);

    AppEnvironment env = prepare_app_environment(request);
    TempDirGuard overflow_guard;
    if (!env.overflow.is_null()) {
        auto dir = make_temp_dir("cdk-context");
        if (!dir) return dir.error();
        overflow_guard.set(*dir);
        const auto file = *dir / "context-overflow.json";
        if (auto w = fs::write_file_atomic(file, env.overflow.dump()); !w) return w.error();
        env.variables[app_env::kContextOverflowLocation] = file.string();
    }

    auto exit = detail::run_shell(request.app, request.working_dir, env.variables);
    if (!exit) return exit.error();
    if (exit->signal != 0) {
        return make_error("AppFailed", "app command '" + request.app + "' was killed by signal " +
                                           std::to_string(exit->signal) + " (" + strsignal(exit->signal) +
                                           "); see its output above");
    }
    if (exit->exit_code != 0) {
        std::string hint = "see its output above and fix the app";
        if (exit->exit_code == 127) hint = "the command was not found: check \"app\" in cdk.json or --app";
        if (exit->exit_code == 126) hint = "the command is not executable: check its permissions";
        return make_error("AppFailed", "app command '" + request.app + "' failed with exit code " +
                                           std::to_string(exit->exit_code) + "; " + hint);
    }
    if (!std::filesystem::exists(outdir / assembly::kManifestFile, ec)) {
        return make_error("AppWroteNothing",
                          "app command '" + request.app + "' succeeded but wrote no cloud assembly to '" +
                              outdir.string() + "'; the app must call synth() on its App, which writes to $" +
                              app_env::kOutdir);
    }
    auto result = assembly::read_assembly(outdir);
    if (!result) {
        Error e = result.error();
        e.message = "app command '" + request.app + "' wrote an unreadable cloud assembly: " + e.message;
        return e;
    }
    return result;
}

} // namespace cdk::toolkit
