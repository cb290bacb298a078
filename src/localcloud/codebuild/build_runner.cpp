#include "localcloud/codebuild/build_runner.hpp"

#include "core/fs.hpp"
#include "core/hash.hpp"
#include "core/parse_int.hpp"
#include "core/strings.hpp"
#include "localcloud/codebuild/build_log.hpp"
#include "localcloud/codebuild/buildspec.hpp"
#include "localcloud/repos/repos.hpp"
#include "localcloud/server/child_process.hpp"
#include "localcloud/server/service_calls.hpp"
#include "localcloud/state/ids.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <optional>
#include <unistd.h>

namespace cdk::localcloud::codebuild {

namespace {

constexpr const char* kBuildKind = "codebuild:build";
constexpr const char* kRunningKind = "codebuild:running";

double now_epoch() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

/// "2026/12/06 23:10:00.123456", as CodeBuild's agent stamps its [Container] lines.
std::string container_time() {
    const auto now = std::chrono::system_clock::now();
    const auto t = std::chrono::system_clock::to_time_t(now);
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y/%m/%d %H:%M:%S", &tm);
    return fmt::format("{}.{:06d}", buf, micros);
}

int worker_count() {
    const char* text = std::getenv("CDKPP_LOCALCLOUD_CODEBUILD_WORKERS");
    if (text == nullptr) return 8;
    const auto n = parse_int<int>(text);
    if (!n || *n < 1) return 8;
    return std::min(*n, 64);
}

/// Host variables a build keeps (the build runs the host's tools): the search path and what those tools need
/// to be found. Everything else, AWS_ACCESS_KEY_ID, AWS_PROFILE and the like included, is not passed on.
constexpr const char* kHostVariables[] = {"PATH",   "PYENV_ROOT", "PYENV_VERSION", "JAVA_HOME",
                                          "GOROOT", "LANG",       "LC_ALL",        "TZ"};

/// The host prefix that stands for a build image (`CDKPP_LOCALCLOUD_CODEBUILD_IMAGES`: `IMAGE=PREFIX` pairs
/// separated by `;`, IMAGE `*` for every image; the first match wins). A build of a mapped image has
/// `PREFIX/bin` first on its PATH and PREFIX on CMAKE_PREFIX_PATH (docs/localcloud-codebuild.md, "Images").
std::optional<std::string> image_prefix(const std::string& image) {
    const char* setting = std::getenv("CDKPP_LOCALCLOUD_CODEBUILD_IMAGES");
    if (setting == nullptr) return std::nullopt;
    for (const auto& entry : strings::split(setting, ";")) {
        const std::string pair(strings::trim(entry));
        const auto eq = pair.rfind('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size()) continue;
        const std::string name = pair.substr(0, eq);
        if (name == image || name == "*") return pair.substr(eq + 1);
    }
    return std::nullopt;
}

struct PhaseFailure {
    std::string status; ///< FAILED, CLIENT_ERROR, TIMED_OUT, STOPPED, FAULT
    std::string code;
    std::string message;
};

/// Copies a directory tree (CodePipeline's input artifacts, the local cache).
Result<void> copy_tree(const std::filesystem::path& from, const std::filesystem::path& to) {
    std::error_code ec;
    std::filesystem::create_directories(to, ec);
    std::filesystem::copy(from, to,
                          std::filesystem::copy_options::recursive |
                              std::filesystem::copy_options::copy_symlinks |
                              std::filesystem::copy_options::overwrite_existing,
                          ec);
    if (ec) return make_error("InternalFailure", "cannot copy " + from.string() + ": " + ec.message(), 500);
    return ok();
}

/// Copies a cached path (a directory tree, one file or a link, copied as a link) over `to`.
void copy_path(const std::filesystem::path& from, const std::filesystem::path& to) {
    std::error_code ec;
    if (std::filesystem::is_symlink(from, ec)) {
        std::filesystem::create_directories(to.parent_path(), ec);
        std::filesystem::remove(to, ec);
        std::filesystem::copy_symlink(from, to, ec);
        return;
    }
    if (std::filesystem::is_directory(from, ec)) {
        (void)copy_tree(from, to);
        return;
    }
    std::filesystem::create_directories(to.parent_path(), ec);
    std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing, ec);
}

/// Writes a file of the build's scratch state (no fsync: it matters only while the build runs). The build can
/// write its state directory, so what is there is removed first and the file created anew without following
/// a link: a link the build planted cannot make localcloud write elsewhere.
bool write_scratch(const std::filesystem::path& file, const std::string& text) {
    if (::unlink(file.c_str()) != 0 && errno != ENOENT) return false;
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) return false;
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    return ::close(fd) == 0 && done == text.size();
}

/// Reads a file the build wrote (its final environment) as long as it is a regular file, not a link.
std::optional<std::string> read_scratch(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    std::string text;
    char buf[8192];
    while (true) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        text.append(buf, static_cast<std::size_t>(n));
        if (text.size() > (16u << 20)) break; // an environment, not a data file
    }
    ::close(fd);
    return text;
}

/// Whether `path`, with every link resolved, is `dir` or inside it: what localcloud reads on a build's
/// behalf (artifacts, cache paths, the buildspec) must be the build's own, not a link out of its directory.
bool resolves_inside(const std::filesystem::path& path, const std::filesystem::path& dir) {
    std::error_code ec;
    const auto real = std::filesystem::weakly_canonical(path, ec);
    if (ec) return false;
    const auto base = std::filesystem::weakly_canonical(dir, ec);
    if (ec) return false;
    auto r = real.begin();
    for (auto b = base.begin(); b != base.end(); ++b, ++r) {
        if (r == real.end() || *r != *b) return false;
    }
    return true;
}

/// Splits an S3 location "bucket/key" (optionally "arn:aws:s3:::bucket/key").
std::pair<std::string, std::string> split_location(std::string location) {
    if (strings::starts_with(location, "arn:aws:s3:::")) location = location.substr(13);
    const auto slash = location.find('/');
    if (slash == std::string::npos) return {location, ""};
    return {location.substr(0, slash), location.substr(slash + 1)};
}

std::string join_key(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) {
        std::string piece(p);
        while (!piece.empty() && piece.front() == '/')
            piece.erase(0, 1);
        while (!piece.empty() && piece.back() == '/')
            piece.pop_back();
        if (piece.empty()) continue;
        if (!out.empty()) out += '/';
        out += piece;
    }
    return out;
}

/// The shell wrapper of every command: the state of the previous command (exported variables, working
/// directory) is restored, CODEBUILD_BUILD_SUCCEEDING set to the runner's current verdict, the command is
/// sourced, and the state is saved again, so that variables and `cd` carry from command to command and phase
/// to phase as in CodeBuild's buildspec 0.2.
constexpr const char* kRunScript = R"SH(__lc_cmd=$1
__lc_succeeding=$2
shift 2
if [ -f "$CODEBUILD_LC_STATE/env" ]; then . "$CODEBUILD_LC_STATE/env"; fi
export CODEBUILD_BUILD_SUCCEEDING="$__lc_succeeding"
read -r __lc_cwd < "$CODEBUILD_LC_STATE/cwd"
cd "$__lc_cwd" || exit 1
unset __lc_cwd
. "$__lc_cmd"
__lc_rc=$?
export -p > "$CODEBUILD_LC_STATE/env"
pwd > "$CODEBUILD_LC_STATE/cwd"
exit $__lc_rc
)SH";

/// AWS CLI releases that ignore AWS_ENDPOINT_URL (v2 before 2.13, v1 on botocore before 1.31) get it as
/// --endpoint-url through a wrapper first on the build's PATH. Decided once per program path.
std::optional<std::string> cli_needing_endpoint_flag(const std::string& path_env) {
    static std::mutex mutex;
    static std::map<std::string, std::optional<std::string>> decided;
    std::string found;
    for (const auto& dir : strings::split(path_env, ":")) {
        if (dir.empty()) continue;
        const std::filesystem::path candidate = std::filesystem::path(dir) / "aws";
        if (::access(candidate.c_str(), X_OK) == 0) {
            found = candidate.string();
            break;
        }
    }
    if (found.empty()) return std::nullopt;
    std::lock_guard lock(mutex);
    if (auto it = decided.find(found); it != decided.end()) return it->second;
    std::string output;
    std::atomic<bool> never{false};
    std::atomic<pid_t> group{0};
    std::map<std::string, std::string> env{{"PATH", path_env}, {"HOME", "/tmp"}};
    if (const char* p = std::getenv("PYENV_ROOT")) env["PYENV_ROOT"] = p;
    auto ran = run_child({found, "--version"}, env, "/",
                         {never, std::chrono::steady_clock::now() + std::chrono::seconds(20), group},
                         [&](const std::string& l) { output += l + " "; });
    std::optional<std::string> verdict;
    auto minor_of = [&](const std::string& prefix) -> int {
        const auto at = output.find(prefix);
        if (at == std::string::npos) return -1;
        const auto minor = parse_int<int>(strings::split(output.substr(at + prefix.size()), ".")[0]);
        return minor ? *minor : -1;
    };
    if (ran) {
        const int v2 = minor_of("aws-cli/2.");
        const int botocore = minor_of("botocore/1.");
        if (v2 >= 0 && v2 < 13)
            verdict = found;
        else if (v2 < 0 && botocore >= 0 && botocore < 31)
            verdict = found;
    }
    decided[found] = verdict;
    return verdict;
}

/// A timeout in minutes as a steady-clock duration, times the timeout scale.
std::chrono::steady_clock::duration scaled_minutes(long long minutes) {
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(static_cast<double>(minutes) * 60.0 * timeout_scale()));
}

} // namespace

double timeout_scale() {
    static const double scale = [] {
        const char* text = std::getenv("CDKPP_LOCALCLOUD_CODEBUILD_TIMEOUT_SCALE");
        if (text == nullptr) return 1.0;
        char* end = nullptr;
        const double v = std::strtod(text, &end);
        return end != text && *end == '\0' && v > 0 ? v : 1.0;
    }();
    return scale;
}

BuildRunner::BuildRunner(CloudContext& cloud, ServiceRegistry& services, CodeBuildBackend& backend)
    : cloud_(cloud), services_(services), backend_(backend), credentials_(cloud) {
    cloud_.internal_endpoints.emplace_back(kCredentialsPath,
                                           [this](const ServerRequest& r) { return credentials_.handle(r); });
    // The sandbox is decided once, at startup: bwrap can be installed and still fail (no user namespaces).
    const char* path_env = std::getenv("PATH");
    sandbox_ = choose_sandbox(std::getenv("CDKPP_LOCALCLOUD_CODEBUILD_SANDBOX"),
                              path_env ? path_env : "/usr/local/bin:/usr/bin:/bin");
    std::fprintf(stderr, "localcloud: codebuild: builds run %s\n", sandbox_.description.c_str());
    workers_.emplace_back([this] { watch_queue(); });
    // Whether the host's AWS CLI needs --endpoint-url is decided now, off the path of the first build.
    workers_.emplace_back([] {
        if (const char* path = std::getenv("PATH")) (void)cli_needing_endpoint_flag(path);
    });
    const int n = worker_count();
    for (int i = 0; i < n; ++i)
        workers_.emplace_back([this] { work(); });
}

BuildRunner::~BuildRunner() {
    {
        std::lock_guard lock(mutex_);
        shutting_down_ = true;
        for (auto& [id, control] : controls_) {
            (void)id;
            control->stop = true;
        }
    }
    wake_.notify_all();
    queue_changed_.notify_all();
    for (auto& t : workers_)
        t.join();
}

void BuildRunner::submit(BuildJob job) {
    job.queued_deadline = std::chrono::steady_clock::now() + scaled_minutes(job.queued_timeout_minutes);
    {
        std::lock_guard lock(mutex_);
        controls_[job.id] = std::make_shared<Running>();
        if (shutting_down_) controls_[job.id]->stop = true;
        queue_.push_back(std::move(job));
    }
    wake_.notify_one();
    queue_changed_.notify_all();
}

void BuildRunner::watch_queue() {
    std::unique_lock lock(mutex_);
    while (!shutting_down_) {
        const auto now = std::chrono::steady_clock::now();
        std::vector<BuildJob> expired;
        auto next = std::chrono::steady_clock::time_point::max();
        for (auto it = queue_.begin(); it != queue_.end();) {
            // A build asked to stop leaves the queue through a worker (STOPPED), not here.
            if (it->queued_deadline <= now && !controls_[it->id]->stop) {
                expired.push_back(std::move(*it));
                it = queue_.erase(it);
                continue;
            }
            next = std::min(next, it->queued_deadline);
            ++it;
        }
        if (!expired.empty()) {
            lock.unlock();
            for (auto& job : expired) {
                try {
                    time_out_queued(job);
                } catch (const std::exception&) {
                }
            }
            lock.lock();
            for (const auto& job : expired)
                controls_.erase(job.id);
            continue;
        }
        if (next == std::chrono::steady_clock::time_point::max())
            queue_changed_.wait(lock);
        else
            queue_changed_.wait_until(lock, next);
    }
}

void BuildRunner::time_out_queued(BuildJob& job) {
    auto record = backend_.load_build(job.account, job.region, job.id);
    if (!record || record->value("buildComplete", false)) return;
    Json& build = *record;
    const double t = now_epoch();
    if (build["phases"].is_array() && !build["phases"].empty()) {
        Json& queued = build["phases"].back();
        queued["phaseStatus"] = "TIMED_OUT";
        queued["endTime"] = t;
        queued["durationInSeconds"] = static_cast<long long>(t - queued.value("startTime", t));
        queued["contexts"] = Json::array({Json{
            {"statusCode", "BUILD_TIMED_OUT"},
            {"message", fmt::format("Build has timed out in the queue. Build exceeded the queued timeout of "
                                    "{} minutes",
                                    job.queued_timeout_minutes)}}});
    }
    build["phases"].push_back(Json{{"phaseType", "COMPLETED"}, {"startTime", t}});
    build["currentPhase"] = "COMPLETED";
    build["buildStatus"] = "TIMED_OUT";
    build["buildComplete"] = true;
    build["endTime"] = t;
    build.erase("_project");
    const Scope scope{job.account, job.region};
    auto saved = cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        if (auto p = tx.put(scope, kBuildKind, job.id, build); !p) return p.error();
        if (auto e = tx.erase(Scope{"", ""}, kRunningKind, job.account + "/" + job.region + "/" + job.id); !e)
            return e.error();
        return true;
    });
    if (saved && job.on_complete) job.on_complete(CodeBuildBackend::public_view(build));
}

bool BuildRunner::stop(const std::string& build_id) {
    std::lock_guard lock(mutex_);
    auto it = controls_.find(build_id);
    if (it == controls_.end()) return false;
    it->second->stop = true;
    return true;
}

bool BuildRunner::active(const std::string& build_id) {
    std::lock_guard lock(mutex_);
    return controls_.count(build_id) != 0;
}

void BuildRunner::work() {
    while (true) {
        BuildJob job;
        std::shared_ptr<Running> control;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return shutting_down_ || !queue_.empty(); });
            if (queue_.empty()) return;
            job = std::move(queue_.front());
            queue_.pop_front();
            control = controls_[job.id];
        }
        // The top of a worker thread: an exception escaping would end the server.
        try {
            run(job, *control);
        } catch (const std::exception&) {
        }
        std::lock_guard lock(mutex_);
        controls_.erase(job.id);
    }
}

namespace {

/// One build from QUEUED to COMPLETED: its directory, environment, phases and record.
class Execution {
public:
    Execution(CloudContext& cloud, ServiceRegistry& services, ContainerCredentials& credentials,
              const Sandbox& sandbox, BuildJob& job, std::atomic<bool>& stop, std::atomic<pid_t>& group,
              bool& shutting_down, std::mutex& mutex, Json record)
        : cloud_(cloud), services_(services), credentials_(credentials), sandbox_(sandbox), job_(job),
          stop_(stop), group_(group), shutting_down_(shutting_down), mutex_(mutex),
          record_(std::move(record)), project_(record_["_project"]) {}

    void run();

private:
    // ---- record and log ----
    void log(const std::string& line) { sink_->write(std::chrono::system_clock::now(), line); }
    void container(const std::string& text) { log("[Container] " + container_time() + " " + text); }
    /// Writes the record (and the log lines so far) in one transaction; `ended` also drops the running index.
    void save(bool ended = false);
    void begin(const std::string& phase);
    void end(const std::string& status, const std::string& code = "", const std::string& message = "");
    void finish(const std::string& status);
    bool stopping() const { return stop_; }
    PhaseFailure interrupted() const;

    // ---- steps ----
    std::optional<PhaseFailure> provision();
    std::optional<PhaseFailure> download_source();
    std::optional<PhaseFailure> fetch_source(const Json& source, const std::filesystem::path& dir,
                                             const std::string& label);
    std::optional<PhaseFailure> fetch_linked_repository(const Json& source, const std::filesystem::path& dir,
                                                        const std::string& label);
    std::optional<PhaseFailure> resolve_variables();
    std::optional<PhaseFailure> run_phase(const BuildPhase& phase);
    std::optional<PhaseFailure> run_one(const std::string& command, std::string& failed);
    /// The command line of one buildspec command (the wrapper sourcing `command.sh`), under bwrap when the
    /// sandbox is on: the host read-only, the build's own directories writable, the data directory hidden.
    std::vector<std::string> command_line();
    /// Runs one of the host's archive tools (unzip, zip, tar) in the build's process group, not stoppable by
    /// StopBuild (the step it serves finishes), with a deadline; its output in `output`. True when it exits
    /// 0.
    bool run_tool(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                  std::chrono::minutes limit, std::string& output);
    std::optional<PhaseFailure> upload_artifacts();
    std::optional<PhaseFailure> package(const ArtifactSpec& spec, const Json& target, bool primary,
                                        const std::string& identifier, Json& result);
    void restore_cache();
    void save_cache();
    /// The environment after the last command (exported variables, artifact names): env -0 through the
    /// wrapper.
    void capture_final_environment();
    /// The cache paths relative to the build directory; the effective cache type (NO_CACHE, LOCAL with
    /// LOCAL_CUSTOM_CACHE, S3); where a LOCAL cache lives; the bucket and key of an S3 cache's archive.
    std::vector<std::string> cache_paths();
    std::string cache_type();
    std::filesystem::path local_cache_dir();
    std::pair<std::string, std::string> s3_cache_object();

    CloudContext& cloud_;
    ServiceRegistry& services_;
    ContainerCredentials& credentials_;
    const Sandbox& sandbox_;
    BuildJob& job_;
    std::atomic<bool>& stop_;
    std::atomic<pid_t>& group_;
    bool& shutting_down_;
    std::mutex& mutex_;
    Json record_;
    Json project_;
    std::unique_ptr<BuildLogSink> sink_;
    std::filesystem::path dir_;
    std::filesystem::path src_;
    std::filesystem::path state_;
    /// The directories a sandboxed command may write: src, the secondary sources, home, tmp, the npm
    /// directories and the state directory (not artifacts/ nor build.log, which localcloud writes).
    std::vector<std::filesystem::path> writable_;
    /// Host directories a sandboxed command reads that its private /tmp (or the hidden data directory) would
    /// hide: the image's prefix, PATH entries there.
    std::vector<std::filesystem::path> readonly_;
    std::string token_;
    std::optional<std::string> image_prefix_; ///< the host prefix standing for the build's image
    std::map<std::string, std::string> env_;
    std::map<std::string, std::string> final_env_;
    BuildSpec spec_;
    std::chrono::steady_clock::time_point deadline_;
    bool succeeding_ = true;
    std::string status_ = "SUCCEEDED";
    std::string shell_ = "/bin/bash";
};

void Execution::save(bool ended) {
    const Scope scope{job_.account, job_.region};
    const std::string id = record_["id"].get<std::string>();
    (void)cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        sink_->flush(&tx);
        if (auto p = tx.put(scope, kBuildKind, id, record_); !p) return p.error();
        if (ended) {
            if (auto e =
                    tx.erase(Scope{"", ""}, "codebuild:running", job_.account + "/" + job_.region + "/" + id);
                !e) {
                return e.error();
            }
        }
        return true;
    });
}

void Execution::begin(const std::string& phase) {
    record_["phases"].push_back(Json{{"phaseType", phase}, {"startTime", now_epoch()}});
    record_["currentPhase"] = phase;
    if (phase != "COMPLETED") {
        container("Entering phase " + phase);
        save();
    }
}

void Execution::end(const std::string& status, const std::string& code, const std::string& message) {
    Json& phase = record_["phases"].back();
    const double t = now_epoch();
    phase["phaseStatus"] = status;
    phase["endTime"] = t;
    phase["durationInSeconds"] = static_cast<long long>(t - phase["startTime"].get<double>());
    if (!code.empty() || !message.empty() || phase["phaseType"] != "SUBMITTED") {
        phase["contexts"] = Json::array({Json{{"statusCode", code}, {"message", message}}});
    }
    const std::string type = phase["phaseType"].get<std::string>();
    if (type != "QUEUED" && type != "SUBMITTED") {
        container("Phase complete: " + type + " State: " + status);
        container("Phase context status code: " + code + " Message: " + message);
    }
    if (status != "SUCCEEDED") succeeding_ = false;
    // The transition is saved with the next phase's begin (one write per transition); the last end saves
    // through finish().
}

PhaseFailure Execution::interrupted() const {
    bool shutdown = false;
    {
        std::lock_guard lock(mutex_);
        shutdown = shutting_down_;
    }
    if (shutdown) {
        return {"FAILED", "CLIENT_ERROR",
                "localcloud stopped while the build was running; start the build again"};
    }
    if (stop_) return {"STOPPED", "", "The build was stopped"};
    return {"TIMED_OUT", "BUILD_TIMED_OUT",
            fmt::format("Build has timed out. Build exceeded the timeout of {} minutes",
                        record_.value("timeoutInMinutes", 60))};
}

void Execution::finish(const std::string& status) {
    begin("COMPLETED");
    record_["buildStatus"] = status;
    record_["buildComplete"] = true;
    record_["endTime"] = now_epoch();
    record_.erase("_project");
    save(true);
    if (!token_.empty()) credentials_.close(token_);
}

std::optional<PhaseFailure> Execution::provision() {
    std::error_code ec;
    for (const char* sub :
         {"src", "home", "tmp", "npm-cache", "npm-global", ".codebuild", "artifacts", "sandbox-tmp"}) {
        std::filesystem::create_directories(dir_ / sub, ec);
        if (ec)
            return PhaseFailure{"FAULT", "INTERNAL_ERROR",
                                "cannot create " + (dir_ / sub).string() + ": " + ec.message()};
    }
    if (!sandbox_.error.empty()) return PhaseFailure{"FAULT", "INTERNAL_ERROR", sandbox_.error};
    for (const char* sub : {"src", "home", "tmp", "npm-cache", "npm-global", ".codebuild"})
        writable_.push_back(dir_ / sub);
    container("Running on CodeBuild On-demand (localcloud: commands run " + sandbox_.description + ")");
    const std::string image = project_["environment"].value("image", "");
    image_prefix_ = image_prefix(image);
    if (image_prefix_) {
        if (!std::filesystem::is_directory(std::filesystem::path(*image_prefix_) / "bin", ec)) {
            return PhaseFailure{
                "FAILED", "CLIENT_ERROR",
                "The image " + image + " stands for the host prefix " + *image_prefix_ +
                    " (CDKPP_LOCALCLOUD_CODEBUILD_IMAGES), which has no bin/ directory: install "
                    "into it (cmake --install build --prefix " +
                    *image_prefix_ + ") or fix the setting"};
        }
        container("Image " + image + " is the host prefix " + *image_prefix_ +
                  " (first on PATH and CMAKE_PREFIX_PATH)");
    }
    container("Waiting for agent ping");
    container("Waiting for DOWNLOAD_SOURCE");
    if (!write_scratch(state_ / "run.sh", kRunScript) ||
        !write_scratch(state_ / "cwd", src_.string() + "\n")) {
        return PhaseFailure{"FAULT", "INTERNAL_ERROR", "cannot write " + state_.string()};
    }
    const std::string role = record_.value("serviceRole", "");
    const std::string uuid = strings::split(record_["id"].get<std::string>(), ":").back();
    auto token = credentials_.open(job_.account, role, "AWSCodeBuild-" + uuid);
    if (!token) {
        return PhaseFailure{"FAILED", "CLIENT_ERROR",
                            "CodeBuild is not authorized to perform: sts:AssumeRole on " + role + " (" +
                                token.error().message + ")"};
    }
    token_ = std::move(*token);
    // CodeBuild writes the log stream as the service role: a role that may not fails the build here, as on
    // AWS.
    if (services_.find("logs") != nullptr) {
        auto caller = credentials_.caller(token_);
        if (!caller) return PhaseFailure{"FAILED", "CLIENT_ERROR", caller.error().message};
        const std::string stream_arn = record_["logs"]["cloudWatchLogsArn"].get<std::string>();
        auto allowed = cloud_.store.read<bool>([&](Tx& tx) -> Result<bool> {
            for (const char* action : {"logs:CreateLogStream", "logs:PutLogEvents"}) {
                iam::Context context;
                context[iam::context_key("aws:RequestedRegion")] = {job_.region};
                if (auto a = cloud_.iam.authorize(tx, *caller, action, stream_arn, job_.account, std::nullopt,
                                                  iam::ResourcePolicyMode::None, context);
                    !a) {
                    return a.error();
                }
            }
            return true;
        });
        if (!allowed) {
            return PhaseFailure{"FAILED", "ACCESS_DENIED",
                                "Service role " + role +
                                    " does not allow AWS CodeBuild to create Amazon CloudWatch "
                                    "Logs log streams for build " +
                                    record_["arn"].get<std::string>() +
                                    ". Error message: " + allowed.error().message};
        }
    }
    return std::nullopt;
}

std::optional<PhaseFailure> Execution::fetch_source(const Json& source, const std::filesystem::path& dir,
                                                    const std::string& label) {
    const std::string type = source.value("type", "NO_SOURCE");
    if (type == "NO_SOURCE") return std::nullopt;
    if (type == "S3") {
        const auto [bucket, key] = split_location(source.value("location", ""));
        auto caller = credentials_.caller(token_);
        if (!caller) return PhaseFailure{"FAILED", "CLIENT_ERROR", caller.error().message};
        ServiceCalls calls(services_, *caller, job_.region);
        const std::filesystem::path zip = state_ / (label + ".zip");
        if (auto got = calls.s3_get(bucket, key, zip); !got) {
            return PhaseFailure{"FAILED", "CLIENT_ERROR",
                                got.error().code + ": " + got.error().message + " for " + label +
                                    " source and source version " + source.value("location", "")};
        }
        std::string output;
        const bool unzipped = run_tool({"/usr/bin/unzip", "-q", "-o", zip.string(), "-d", dir.string()}, dir,
                                       std::chrono::minutes(5), output);
        std::error_code ec;
        std::filesystem::remove(zip, ec);
        if (!unzipped) {
            return PhaseFailure{"FAILED", "CLIENT_ERROR",
                                "zip: not a valid zip file: s3://" + bucket + "/" + key + " " + output};
        }
        return std::nullopt;
    }
    if (type == "CODEPIPELINE") {
        const std::string id = source.value("sourceIdentifier", "");
        const InputArtifact* found = nullptr;
        for (const auto& a : job_.input_artifacts) {
            if (label == "primary" ? &a == &job_.input_artifacts.front() : a.name == id) found = &a;
        }
        if (found == nullptr) {
            return PhaseFailure{
                "FAILED", "CLIENT_ERROR",
                "CODEPIPELINE source " + (id.empty() ? label : id) +
                    " has no input artifact: CODEPIPELINE sources are given by CodePipeline's "
                    "action, not by StartBuild"};
        }
        if (auto c = copy_tree(found->dir, dir); !c)
            return PhaseFailure{"FAULT", "INTERNAL_ERROR", c.error().message};
        return std::nullopt;
    }
    if (type == "GITHUB" || type == "GITHUB_ENTERPRISE") return fetch_linked_repository(source, dir, label);
    return PhaseFailure{"FAILED", "CLIENT_ERROR", "localcloud does not serve " + type + " sources"};
}

std::optional<PhaseFailure> Execution::fetch_linked_repository(const Json& source,
                                                               const std::filesystem::path& dir,
                                                               const std::string& label) {
    // https://github.com/OWNER/REPO(.git): the repository linked as OWNER/REPO (`cdkpp local link-repo`).
    std::string location = source.value("location", "");
    while (!location.empty() && location.back() == '/')
        location.pop_back();
    if (strings::ends_with(location, ".git")) location.resize(location.size() - 4);
    const auto parts = strings::split(location, "/");
    if (parts.size() < 2) {
        return PhaseFailure{"FAILED", "CLIENT_ERROR",
                            "invalid source location " + source.value("location", "") +
                                ": expected https://github.com/OWNER/REPO"};
    }
    const std::string owner_repo = parts[parts.size() - 2] + "/" + parts.back();
    auto repo = repos::RepoRegistry(cloud_.store).find(owner_repo);
    if (!repo) return PhaseFailure{"FAILED", "CLIENT_ERROR", repo.error().message};
    std::string version =
        label == "primary" ? record_.value("sourceVersion", "") : source.value("sourceVersion", "");
    if (version.empty()) {
        // No version: the repository's default branch (main, else master, else the first).
        auto heads = repos::branch_heads(*repo);
        if (!heads) return PhaseFailure{"FAILED", "CLIENT_ERROR", heads.error().message};
        if (heads->empty())
            return PhaseFailure{"FAILED", "CLIENT_ERROR", "repository " + owner_repo + " has no branch"};
        version = heads->front().first;
        for (const char* preferred : {"master", "main"}) {
            for (const auto& [branch, id] : *heads) {
                (void)id;
                if (branch == preferred) version = branch;
            }
        }
    }
    auto commit = repos::resolve_version(*repo, version);
    if (!commit) {
        return PhaseFailure{"FAILED", "CLIENT_ERROR",
                            commit.error().message + " for " + label + " source and source version " +
                                version};
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    repos::ExportOptions options;
    options.with_git = true;
    if (auto e = repos::export_tree(*repo, commit->id, dir, options); !e) {
        return PhaseFailure{"FAILED", "CLIENT_ERROR", e.error().message};
    }
    container("Source of " + owner_repo + " at " + version + " (" + commit->id + ")");
    if (label == "primary") {
        record_["resolvedSourceVersion"] = commit->id;
        env_["CODEBUILD_RESOLVED_SOURCE_VERSION"] = commit->id;
    }
    return std::nullopt;
}

std::optional<PhaseFailure> Execution::download_source() {
    const Json source = project_.value("source", Json::object());
    if (auto f = fetch_source(source, src_, "primary")) return f;
    env_["CODEBUILD_SRC_DIR"] = src_.string();
    for (const auto& secondary : project_.value("secondarySources", Json::array())) {
        const std::string id = secondary.value("sourceIdentifier", "");
        const std::filesystem::path dir = dir_ / ("src_" + id);
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        writable_.push_back(dir);
        if (auto f = fetch_source(secondary, dir, id)) return f;
        env_["CODEBUILD_SRC_DIR_" + id] = dir.string();
    }
    // CodePipeline's extra input artifacts are secondary sources named by the artifact.
    for (std::size_t i = 1; i < job_.input_artifacts.size(); ++i) {
        const auto& a = job_.input_artifacts[i];
        const std::string key = "CODEBUILD_SRC_DIR_" + a.name;
        if (env_.count(key) != 0) continue;
        const std::filesystem::path dir = dir_ / ("src_" + a.name);
        if (auto c = copy_tree(a.dir, dir); !c)
            return PhaseFailure{"FAULT", "INTERNAL_ERROR", c.error().message};
        writable_.push_back(dir);
        env_[key] = dir.string();
    }
    container("CODEBUILD_SRC_DIR=" + src_.string());
    std::string text = source.value("buildspec", "");
    if (text.find('\n') == std::string::npos) {
        const std::filesystem::path file = src_ / (text.empty() ? std::string("buildspec.yml") : text);
        container("YAML location is " + file.string());
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec)) {
            return PhaseFailure{"FAILED", "YAML_FILE_ERROR",
                                "stat " + file.string() + ": no such file or directory"};
        }
        if (!resolves_inside(file, src_)) {
            return PhaseFailure{"FAILED", "YAML_FILE_ERROR",
                                "the buildspec " + file.string() + " is a link out of the source"};
        }
        auto read = fs::read_file(file);
        if (!read) return PhaseFailure{"FAILED", "YAML_FILE_ERROR", read.error().message};
        text = std::move(*read);
    }
    if (!strings::valid_utf8(text))
        return PhaseFailure{"FAILED", "YAML_FILE_ERROR", "the buildspec is not UTF-8"};
    auto spec = parse_buildspec(text);
    if (!spec) return PhaseFailure{"FAILED", "YAML_FILE_ERROR", spec.error().message};
    spec_ = std::move(*spec);
    if (spec_.shell == "/bin/sh" || spec_.shell == "sh") shell_ = "/bin/sh";
    container("Processing environment variables");
    if (auto f = resolve_variables()) return f;
    restore_cache();
    container("Moving to directory " + src_.string());
    return std::nullopt;
}

std::optional<PhaseFailure> Execution::resolve_variables() {
    // Precedence as CodeBuild documents it: StartBuild's override, then the project, then the buildspec.
    std::vector<std::pair<std::string, std::string>> parameters = spec_.parameter_store;
    std::vector<std::pair<std::string, std::string>> secrets = spec_.secrets_manager;
    for (const auto& [k, v] : spec_.variables)
        env_[k] = v;
    for (const auto& v :
         project_.value("environment", Json::object()).value("environmentVariables", Json::array())) {
        const std::string name = v.value("name", "");
        const std::string type = v.value("type", "PLAINTEXT");
        if (type == "PARAMETER_STORE")
            parameters.emplace_back(name, v.value("value", ""));
        else if (type == "SECRETS_MANAGER")
            secrets.emplace_back(name, v.value("value", ""));
        else
            env_[name] = v.value("value", "");
    }
    auto caller = credentials_.caller(token_);
    if (!caller) return PhaseFailure{"FAILED", "CLIENT_ERROR", caller.error().message};
    ServiceCalls calls(services_, *caller, job_.region);
    if (!parameters.empty()) {
        Json names = Json::array();
        for (const auto& [k, v] : parameters)
            names.push_back(v);
        auto got = calls.json_call("ssm", "AmazonSSM.GetParameters",
                                   Json{{"Names", names}, {"WithDecryption", true}});
        if (!got)
            return PhaseFailure{"FAILED", "Decrypted Variables Error",
                                got.error().code + ": " + got.error().message};
        std::map<std::string, std::string> values;
        for (const auto& p : got->value("Parameters", Json::array()))
            values[p.value("Name", "")] = p.value("Value", "");
        for (const auto& [k, v] : parameters) {
            auto it = values.find(v);
            if (it == values.end())
                return PhaseFailure{"FAILED", "Decrypted Variables Error", "parameter does not exist: " + v};
            env_[k] = it->second;
        }
    }
    for (const auto& [k, v] : secrets) {
        // secret-id:json-key:version-stage:version-id, where the secret id may be an ARN (7 ':'-separated
        // parts)
        auto parts = strings::split(v, ":");
        std::string id;
        std::size_t next = 1;
        if (strings::starts_with(v, "arn:") && parts.size() >= 7) {
            id = strings::join({parts.begin(), parts.begin() + 7}, ":");
            next = 7;
        } else {
            id = parts[0];
        }
        auto part = [&](std::size_t i) { return next + i < parts.size() ? parts[next + i] : std::string{}; };
        Json input{{"SecretId", id}};
        if (!part(1).empty()) input["VersionStage"] = part(1);
        if (!part(2).empty()) input["VersionId"] = part(2);
        if (services_.find("secretsmanager") == nullptr) {
            return PhaseFailure{
                "FAILED", "Secrets Manager Error",
                "Secrets Manager is not served by this localcloud: the secrets-manager variable " + k + " (" +
                    id + ") cannot be resolved"};
        }
        auto got = calls.json_call("secretsmanager", "secretsmanager.GetSecretValue", input);
        if (!got)
            return PhaseFailure{"FAILED", "Secrets Manager Error",
                                got.error().code + ": " + got.error().message};
        std::string value = got->value("SecretString", "");
        if (!part(0).empty()) {
            auto doc = json::parse(value);
            if (!doc || !doc->is_object() || !doc->contains(part(0))) {
                return PhaseFailure{"FAILED", "Secrets Manager Error",
                                    "json key " + part(0) + " not found in secret " + id};
            }
            const Json& field = (*doc)[part(0)];
            value = field.is_string() ? field.get<std::string>() : field.dump();
        }
        env_[k] = value;
    }
    return std::nullopt;
}

std::optional<PhaseFailure> Execution::run_one(const std::string& command, std::string& failed) {
    container("Running command " + command);
    if (!write_scratch(state_ / "command.sh", command + "\n")) {
        return PhaseFailure{"FAULT", "INTERNAL_ERROR", "cannot write " + (state_ / "command.sh").string()};
    }
    auto ran = run_child(command_line(), env_, src_, {stop_, deadline_, group_},
                         [&](const std::string& l) { log(l); });
    if (!ran) return PhaseFailure{"FAULT", "INTERNAL_ERROR", ran.error().message};
    if (ran->stopped || ran->timed_out || stopping()) return interrupted();
    if (ran->exit_code != 0) {
        container(
            fmt::format("Command did not exit successfully {} exit status {}", command, ran->exit_code));
        failed =
            fmt::format("Error while executing command: {}. Reason: exit status {}", command, ran->exit_code);
    }
    return std::nullopt;
}

std::vector<std::string> Execution::command_line() {
    std::vector<std::string> argv{shell_, (state_ / "run.sh").string(), (state_ / "command.sh").string(),
                                  succeeding_ ? "1" : "0"};
    if (sandbox_.kind != Sandbox::Kind::Bubblewrap) return argv;
    std::error_code ec;
    auto data = std::filesystem::weakly_canonical(cloud_.data_dir, ec);
    if (ec) data = std::filesystem::absolute(cloud_.data_dir, ec);
    return bwrap_command(sandbox_.bwrap,
                         SandboxLayout{data, writable_, src_, readonly_, dir_ / "sandbox-tmp"}, argv);
}

std::optional<PhaseFailure> Execution::run_phase(const BuildPhase& phase) {
    std::string failed;
    for (const auto& command : phase.commands) {
        if (auto f = run_one(command, failed)) return f;
        if (!failed.empty()) break;
    }
    for (const auto& command : phase.finally) {
        std::string finally_failed;
        if (auto f = run_one(command, finally_failed)) return f;
        if (failed.empty() && !finally_failed.empty()) failed = finally_failed;
        if (!finally_failed.empty()) break;
    }
    if (!failed.empty()) return PhaseFailure{"FAILED", "COMMAND_EXECUTION_ERROR", failed};
    return std::nullopt;
}

std::optional<PhaseFailure> Execution::package(const ArtifactSpec& spec, const Json& target, bool primary,
                                               const std::string& identifier, Json& result) {
    const std::filesystem::path base = spec.base_directory.empty() ? src_ : src_ / spec.base_directory;
    std::error_code ec;
    if (!std::filesystem::is_directory(base, ec) || !resolves_inside(base, dir_)) {
        return PhaseFailure{"FAILED", "CLIENT_ERROR",
                            "no matching base directory path found for " + spec.base_directory};
    }
    const std::filesystem::path stage = dir_ / "artifacts" / (identifier.empty() ? "primary" : identifier);
    std::filesystem::remove_all(stage, ec);
    std::filesystem::create_directories(stage, ec);
    std::size_t matched = 0;
    for (auto it = std::filesystem::recursive_directory_iterator(base, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec) && !it->is_symlink(ec)) continue;
        const std::string rel = std::filesystem::relative(it->path(), base, ec).generic_string();
        bool take = false;
        for (const auto& p : spec.files)
            take = take || glob_match(p, rel);
        for (const auto& p : spec.exclude_paths)
            take = take && !glob_match(p, rel);
        if (!take) continue;
        const std::filesystem::path to =
            stage / (spec.discard_paths ? it->path().filename() : std::filesystem::path(rel));
        std::filesystem::create_directories(to.parent_path(), ec);
        std::filesystem::copy(it->path(), to,
                              std::filesystem::copy_options::overwrite_existing |
                                  std::filesystem::copy_options::copy_symlinks,
                              ec);
        ++matched;
    }
    if (matched == 0) {
        return PhaseFailure{"FAILED", "CLIENT_ERROR",
                            "no matching artifact paths found" +
                                (identifier.empty() ? std::string{} : " for " + identifier)};
    }
    container(fmt::format("Found {} file(s) for {} artifact", matched,
                          identifier.empty() ? "primary" : identifier));
    const std::string type = target.value("type", "NO_ARTIFACTS");
    const bool zip = target.value("packaging", "NONE") == "ZIP" || type == "CODEPIPELINE";
    const std::filesystem::path zip_file =
        dir_ / "artifacts" / ((identifier.empty() ? "primary" : identifier) + ".zip");
    if (zip) {
        std::string output;
        if (!run_tool({"/usr/bin/zip", "-q", "-r", "-D", "-X", "-y", zip_file.string(), "."}, stage,
                      std::chrono::minutes(10), output)) {
            return PhaseFailure{"FAULT", "INTERNAL_ERROR", "zip failed: " + output};
        }
    }
    if (type == "CODEPIPELINE") {
        const OutputArtifact* out = nullptr;
        for (const auto& o : job_.output_artifacts) {
            if (primary ? &o == &job_.output_artifacts.front() : o.name == identifier) out = &o;
        }
        if (out == nullptr) {
            return PhaseFailure{
                "FAILED", "CLIENT_ERROR",
                "CODEPIPELINE artifact " + (identifier.empty() ? std::string("primary") : identifier) +
                    " has no output artifact: CODEPIPELINE artifacts are taken by CodePipeline"};
        }
        std::filesystem::create_directories(out->zip_file.parent_path(), ec);
        std::filesystem::copy_file(zip_file, out->zip_file, std::filesystem::copy_options::overwrite_existing,
                                   ec);
        if (ec) return PhaseFailure{"FAULT", "INTERNAL_ERROR", "cannot write " + out->zip_file.string()};
        result["location"] = out->zip_file.string();
        return std::nullopt;
    }
    // S3: <location bucket>/<path>/<build uuid if BUILD_ID>/<name>
    std::string name = target.value("name", "");
    if (target.value("overrideArtifactName", false) && !spec.name.empty())
        name = expand_variables(spec.name, final_env_);
    if (name.empty()) name = record_["projectName"].get<std::string>();
    const std::string uuid = strings::split(record_["id"].get<std::string>(), ":").back();
    const std::string bucket = target.value("location", "");
    const std::string key =
        join_key({target.value("path", ""),
                  target.value("namespaceType", "NONE") == "BUILD_ID" ? uuid : std::string{}, name});
    auto caller = credentials_.caller(token_);
    if (!caller) return PhaseFailure{"FAILED", "CLIENT_ERROR", caller.error().message};
    ServiceCalls calls(services_, *caller, job_.region);
    auto failed = [&](const Error& e) {
        return PhaseFailure{"FAILED", "CLIENT_ERROR",
                            e.code + ": " + e.message + " (uploading to s3://" + bucket + "/" + key + ")"};
    };
    if (zip) {
        if (auto put = calls.s3_put(bucket, key, zip_file, "application/zip"); !put)
            return failed(put.error());
        if (auto sha = hash::sha256_file_hex(zip_file)) result["sha256sum"] = *sha;
    } else {
        for (auto it = std::filesystem::recursive_directory_iterator(stage, ec);
             !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
            // A link is not followed: what it points at is not the build's to publish.
            if (it->is_symlink(ec) || !it->is_regular_file(ec)) continue;
            const std::string rel = std::filesystem::relative(it->path(), stage, ec).generic_string();
            if (auto put = calls.s3_put(bucket, key + "/" + rel, it->path(), "application/octet-stream");
                !put) {
                return failed(put.error());
            }
        }
    }
    result["location"] = "arn:aws:s3:::" + bucket + "/" + key;
    return std::nullopt;
}

std::optional<PhaseFailure> Execution::upload_artifacts() {
    const Json primary = project_.value("artifacts", Json{{"type", "NO_ARTIFACTS"}});
    if (primary.value("type", "NO_ARTIFACTS") != "NO_ARTIFACTS" && spec_.artifacts) {
        Json result = record_.value("artifacts", Json::object());
        if (auto f = package(*spec_.artifacts, primary, true, "", result)) return f;
        record_["artifacts"] = result;
    }
    Json secondary_out = Json::array();
    for (const auto& target : project_.value("secondaryArtifacts", Json::array())) {
        const std::string id = target.value("artifactIdentifier", "");
        auto it = spec_.secondary_artifacts.find(id);
        if (it == spec_.secondary_artifacts.end()) {
            return PhaseFailure{"FAILED", "CLIENT_ERROR",
                                "no definition for secondary artifact " + id + " in buildspec"};
        }
        Json result{{"artifactIdentifier", id}};
        if (auto f = package(it->second, target, false, id, result)) return f;
        secondary_out.push_back(result);
    }
    if (!secondary_out.empty()) record_["secondaryArtifacts"] = secondary_out;
    return std::nullopt;
}

std::vector<std::string> Execution::cache_paths() {
    // Each cache path names a directory (the part before its first glob) or a file: relative to the source,
    // or under /root (the build image's HOME), which is the build's HOME here. Returned relative to the build
    // directory (src/…, home/…); paths elsewhere on the host are not the build's and are not cached.
    std::vector<std::string> out;
    for (const auto& path : spec_.cache_paths) {
        std::string p = path.substr(0, path.find_first_of("*?"));
        while (!p.empty() && p.back() == '/')
            p.pop_back();
        if (p.empty() || p.find("..") != std::string::npos) continue;
        if (strings::starts_with(p, "/root/") || strings::starts_with(p, "~/"))
            out.push_back("home/" + p.substr(p.find('/') + 1));
        else if (p[0] != '/')
            out.push_back("src/" + p);
    }
    return out;
}

std::string Execution::cache_type() {
    const Json cache = project_.value("cache", Json::object());
    const std::string type = cache.value("type", "NO_CACHE");
    if (type == "LOCAL") {
        const Json modes = cache.value("modes", Json::array());
        if (std::find(modes.begin(), modes.end(), "LOCAL_CUSTOM_CACHE") == modes.end()) return "NO_CACHE";
    }
    return spec_.cache_paths.empty() ? std::string("NO_CACHE") : type;
}

std::filesystem::path Execution::local_cache_dir() {
    return cloud_.data_dir / "codebuild" / "cache" / job_.account / job_.region /
           record_["projectName"].get<std::string>();
}

std::pair<std::string, std::string> Execution::s3_cache_object() {
    // cache.location is bucket[/prefix]; the archive is one object per project under it.
    auto [bucket, prefix] = split_location(project_["cache"].value("location", ""));
    return {bucket, join_key({prefix, record_["projectName"].get<std::string>() + "-cache.tgz"})};
}

bool Execution::run_tool(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                         std::chrono::minutes limit, std::string& output) {
    return localcloud::run_tool(argv, cwd, limit, output, &group_);
}

void Execution::restore_cache() {
    const std::string type = cache_type();
    if (type == "LOCAL") {
        std::error_code ec;
        for (const auto& rel : cache_paths()) {
            const std::filesystem::path cached = local_cache_dir() / rel;
            if (!std::filesystem::exists(cached, ec)) continue;
            // Not through a link the source brought (it would write outside the build directory).
            if (!resolves_inside((dir_ / rel).parent_path(), dir_) ||
                std::filesystem::is_symlink(dir_ / rel, ec))
                continue;
            container("Restoring cache " + (dir_ / rel).string());
            copy_path(cached, dir_ / rel);
        }
        return;
    }
    if (type != "S3") return;
    auto caller = credentials_.caller(token_);
    if (!caller) return;
    const auto [bucket, key] = s3_cache_object();
    const std::filesystem::path archive = state_ / "cache.tgz";
    if (auto got = ServiceCalls(services_, *caller, job_.region).s3_get(bucket, key, archive); !got) {
        // The first build of a project has no archive yet; a role that may not read it builds without it.
        container("No cache restored from s3://" + bucket + "/" + key + ": " + got.error().code);
        return;
    }
    std::string output;
    const bool untarred = run_tool({"/usr/bin/tar", "-xzf", archive.string(), "-C", dir_.string()}, dir_,
                                   std::chrono::minutes(10), output);
    container("Restoring cache from s3://" + bucket + "/" + key +
              (untarred ? std::string{} : " failed: " + output));
    std::error_code ec;
    std::filesystem::remove(archive, ec);
}

void Execution::save_cache() {
    const std::string type = cache_type();
    std::error_code ec;
    std::vector<std::string> present;
    for (const auto& rel : cache_paths()) {
        // A cache path that is a link out of the build directory is not cached (it would copy the host's).
        if (!std::filesystem::exists(std::filesystem::symlink_status(dir_ / rel, ec))) continue;
        if (!resolves_inside((dir_ / rel).parent_path(), dir_)) continue;
        if (std::filesystem::is_symlink(dir_ / rel, ec) || resolves_inside(dir_ / rel, dir_))
            present.push_back(rel);
    }
    if (type == "LOCAL") {
        for (const auto& rel : present) {
            const std::filesystem::path cached = local_cache_dir() / rel;
            container("Saving cache " + (dir_ / rel).string());
            std::filesystem::remove_all(cached, ec);
            copy_path(dir_ / rel, cached);
        }
        return;
    }
    if (type != "S3" || present.empty()) return;
    auto caller = credentials_.caller(token_);
    if (!caller) return;
    const auto [bucket, key] = s3_cache_object();
    const std::filesystem::path archive = state_ / "cache.tgz";
    std::vector<std::string> argv{"/usr/bin/tar", "-czf", archive.string(), "--"};
    argv.insert(argv.end(), present.begin(), present.end());
    std::string output;
    if (!run_tool(argv, dir_, std::chrono::minutes(10), output)) {
        container("Saving cache failed: " + output);
        return;
    }
    auto put = ServiceCalls(services_, *caller, job_.region).s3_put(bucket, key, archive, "application/gzip");
    container("Saving cache to s3://" + bucket + "/" + key +
              (put ? std::string{} : " failed: " + put.error().code));
    std::filesystem::remove(archive, ec);
}

void Execution::capture_final_environment() {
    std::atomic<bool> never{false};
    if (!write_scratch(state_ / "command.sh", "env -0 > \"$CODEBUILD_LC_STATE/final.env\"\n")) return;
    (void)run_child(command_line(), env_, src_,
                    {never, std::chrono::steady_clock::now() + std::chrono::seconds(30), group_},
                    [](const std::string&) {});
    if (auto text = read_scratch(state_ / "final.env")) {
        for (const auto& entry : strings::split(*text, std::string_view("\0", 1))) {
            const auto eq = entry.find('=');
            if (eq != std::string::npos) final_env_[entry.substr(0, eq)] = entry.substr(eq + 1);
        }
    }
    if (spec_.exported_variables.empty()) return;
    Json exported = Json::array();
    for (const auto& name : spec_.exported_variables) {
        auto it = final_env_.find(name);
        exported.push_back(
            Json{{"name", name}, {"value", it == final_env_.end() ? std::string{} : it->second}});
    }
    record_["exportedEnvironmentVariables"] = exported;
}

void Execution::run() {
    const int timeout = record_.value("timeoutInMinutes", 60);
    deadline_ = std::chrono::steady_clock::now() + scaled_minutes(timeout);
    const std::string uuid = strings::split(record_["id"].get<std::string>(), ":").back();
    dir_ = cloud_.data_dir / "codebuild" / "builds" / uuid;
    src_ = dir_ / "src";
    state_ = dir_ / ".codebuild";
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    sink_ = open_build_log(cloud_, services_, Scope{job_.account, job_.region}, dir_ / "build.log",
                           record_["logs"]["groupName"].get<std::string>(),
                           record_["logs"]["streamName"].get<std::string>());
    end("SUCCEEDED"); // QUEUED
    begin("PROVISIONING");
    auto fail_to_finalize = [&](const PhaseFailure& f) {
        end(f.status, f.code, f.message);
        status_ = f.status == "STOPPED" || f.status == "TIMED_OUT" || f.status == "FAULT"
                      ? f.status
                      : std::string("FAILED");
    };
    if (auto f = stopping() ? std::optional<PhaseFailure>(interrupted()) : provision()) {
        fail_to_finalize(*f);
        finish(status_);
        if (job_.on_complete) job_.on_complete(CodeBuildBackend::public_view(record_));
        return;
    }
    // The build's environment: CodeBuild's variables, its own HOME, npm prefix and cache, temp dir, and the
    // role's credentials through the container-credentials endpoint on localcloud's own port.
    for (const char* name : kHostVariables) {
        if (const char* v = std::getenv(name)) env_[name] = v;
    }
    const std::string endpoint = "http://127.0.0.1:" + std::to_string(cloud_.port.load());
    const std::string npm_bin = (dir_ / "npm-global" / "bin").string();
    std::string host_path = env_.count("PATH") != 0 ? env_["PATH"] : "/usr/local/bin:/usr/bin:/bin";
    if (image_prefix_) {
        host_path = (std::filesystem::path(*image_prefix_) / "bin").string() + ":" + host_path;
        env_["CMAKE_PREFIX_PATH"] = *image_prefix_;
    }
    const std::string path = npm_bin + ":" + host_path;
    env_["PATH"] = path;
    if (sandbox_.kind == Sandbox::Kind::Bubblewrap) {
        std::vector<std::string> candidates = strings::split(host_path, ":");
        if (image_prefix_) candidates.push_back(*image_prefix_);
        for (const auto& entry : candidates) {
            if (entry.empty() || entry[0] != '/') continue;
            const std::filesystem::path p(entry);
            const bool hidden = path_under(p, "/tmp") || path_under(p, cloud_.data_dir);
            if (hidden && !path_under(p, dir_) && std::filesystem::is_directory(p, ec) &&
                std::find(readonly_.begin(), readonly_.end(), p) == readonly_.end()) {
                readonly_.push_back(p);
            }
        }
    }
    if (auto cli = cli_needing_endpoint_flag(path)) {
        const std::filesystem::path bin = state_ / "bin";
        std::filesystem::create_directories(bin, ec);
        if (fs::write_file_atomic(bin / "aws",
                                  "#!/bin/sh\n# localcloud: this AWS CLI ignores AWS_ENDPOINT_URL\n"
                                  "exec '" +
                                      *cli + "' --endpoint-url \"$AWS_ENDPOINT_URL\" \"$@\"\n")) {
            std::filesystem::permissions(bin / "aws", std::filesystem::perms::owner_all, ec);
            env_["PATH"] = bin.string() + ":" + path;
        }
    }
    env_["HOME"] = (dir_ / "home").string();
    env_["TMPDIR"] = (dir_ / "tmp").string();
    env_["npm_config_cache"] = (dir_ / "npm-cache").string();
    env_["npm_config_prefix"] = (dir_ / "npm-global").string();
    env_["npm_config_update_notifier"] = "false";
    // The npm registry builds resolve packages from (CDKPP_LOCALCLOUD_CODEBUILD_NPM_REGISTRY): what a
    // CodeArtifact npm repository the build is logged in to is on AWS. Unset, npm uses its default, the
    // public registry.
    if (const char* registry = std::getenv("CDKPP_LOCALCLOUD_CODEBUILD_NPM_REGISTRY");
        registry && *registry) {
        env_["npm_config_registry"] = registry;
        env_["npm_config_audit"] = "false";
        env_["npm_config_fund"] = "false";
    }
    env_["CODEBUILD_LC_STATE"] = state_.string();
    env_["CODEBUILD_BUILD_ID"] = record_["id"].get<std::string>();
    env_["CODEBUILD_BUILD_ARN"] = record_["arn"].get<std::string>();
    env_["CODEBUILD_BUILD_NUMBER"] = std::to_string(record_["buildNumber"].get<long long>());
    env_["CODEBUILD_BUILD_IMAGE"] = project_["environment"].value("image", "");
    env_["CODEBUILD_INITIATOR"] = record_.value("initiator", "");
    env_["CODEBUILD_KMS_KEY_ID"] = record_.value("encryptionKey", "");
    env_["CODEBUILD_LOG_PATH"] = uuid;
    env_["CODEBUILD_PROJECT_NAME"] = record_["projectName"].get<std::string>();
    env_["CODEBUILD_SOURCE_VERSION"] = record_.value("sourceVersion", "");
    env_["CODEBUILD_RESOLVED_SOURCE_VERSION"] = record_.value("resolvedSourceVersion", "");
    env_["CODEBUILD_SOURCE_REPO_URL"] = project_["source"].value("location", "");
    env_["CODEBUILD_START_TIME"] =
        std::to_string(static_cast<long long>(record_["startTime"].get<double>() * 1000));
    env_["CODEBUILD_CI"] = "true";
    env_["CODEBUILD_SRC_DIR"] = src_.string();
    env_["AWS_REGION"] = job_.region;
    env_["AWS_DEFAULT_REGION"] = job_.region;
    env_["AWS_ENDPOINT_URL"] = endpoint;
    env_["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = endpoint + kCredentialsPath;
    env_["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = token_;
    env_["AWS_EC2_METADATA_DISABLED"] = "true";
    end("SUCCEEDED");
    begin("DOWNLOAD_SOURCE");
    bool finalize_only = false;
    if (auto f = download_source()) {
        fail_to_finalize(*f);
        finalize_only = true;
    } else {
        end("SUCCEEDED");
    }
    bool reached_build = false;
    bool interrupted_build = false;
    if (!finalize_only) {
        static const std::pair<const char*, const char*> kPhases[] = {{"install", "INSTALL"},
                                                                      {"pre_build", "PRE_BUILD"},
                                                                      {"build", "BUILD"},
                                                                      {"post_build", "POST_BUILD"}};
        bool aborted = false;
        for (const auto& [key, type] : kPhases) {
            const bool post = std::string(type) == "POST_BUILD";
            // An aborted install or pre_build ends the build; a failed build phase still runs post_build.
            if (aborted && !(post && reached_build)) continue;
            if (std::string(type) == "BUILD") reached_build = true;
            begin(type);
            const auto it = spec_.phases.find(key);
            std::optional<PhaseFailure> f;
            if (it != spec_.phases.end()) f = run_phase(it->second);
            if (!f) {
                end("SUCCEEDED");
                continue;
            }
            end(f->status, f->code, f->message);
            if (f->status == "STOPPED" || f->status == "TIMED_OUT" || f->code == "CLIENT_ERROR") {
                status_ = f->status == "STOPPED" || f->status == "TIMED_OUT" ? f->status : "FAILED";
                interrupted_build = true;
                break;
            }
            status_ = "FAILED";
            if (it->second.on_failure != "CONTINUE") aborted = true;
        }
        // The environment after the last command, when something reads it (a shell started for it otherwise).
        bool needs_env = !spec_.exported_variables.empty();
        if (spec_.artifacts) needs_env = needs_env || spec_.artifacts->name.find('$') != std::string::npos;
        if (!interrupted_build && needs_env) capture_final_environment();
        if (reached_build && !interrupted_build) {
            begin("UPLOAD_ARTIFACTS");
            if (auto f = upload_artifacts()) {
                end(f->status, f->code, f->message);
                status_ = "FAILED";
            } else {
                end("SUCCEEDED");
            }
        }
    }
    begin("FINALIZING");
    if (!finalize_only && !interrupted_build) save_cache();
    end("SUCCEEDED");
    finish(status_);
    if (job_.on_complete) job_.on_complete(CodeBuildBackend::public_view(record_));
}

} // namespace

void BuildRunner::run(BuildJob& job, Running& control) {
    auto record = backend_.load_build(job.account, job.region, job.id);
    if (!record) return;
    Execution execution(cloud_, services_, credentials_, sandbox_, job, control.stop, control.process_group,
                        shutting_down_, mutex_, std::move(*record));
    execution.run();
}

} // namespace cdk::localcloud::codebuild
