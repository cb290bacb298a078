#include "localcloud/lambda/lambda_runtime.hpp"

#include "core/fs.hpp"
#include "core/json.hpp"
#include "core/json_reader.hpp"
#include "core/strings.hpp"
#include "localcloud/server/child_process.hpp"
#include "localcloud/state/ids.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace cdk::localcloud::lambda {

namespace {

// The Node.js shim: loads the handler module (CommonJS or ES module), calls it with (event, context[,
// callback]) and writes {"result": …} or {"error": {errorType, errorMessage, trace}} to the result file.
// `once`: one invocation (event and result files, request id and timeout in the environment), then exit.
// `serve` (a warm handler process): load the module, print the ready marker, then one invocation per line of
// stdin
// ({event, result, id, timeout_ms}), each followed by the done marker; exit at the end of stdin.
constexpr const char* kNodeShim = R"JS(
const fs = require('fs'), path = require('path'), url = require('url');
// Queue URLs are AWS's (https://sqs.<region>.amazonaws.com/<account>/<name>), and the SDK v3's SQS client sends a
// call to its QueueUrl's host unless the client is given an `endpoint`: AWS_ENDPOINT_URL does not count. On AWS
// that host is SQS; here it is not reachable, so the runtime's SQS clients keep to the configured endpoint
// (useQueueUrlAsEndpoint defaults to false when AWS_ENDPOINT_URL_SQS or AWS_ENDPOINT_URL is set; a client that
// sets it explicitly keeps its choice).
if (process.env.AWS_ENDPOINT_URL_SQS || process.env.AWS_ENDPOINT_URL) {
  const Module = require('module'), original = Module._load, wrapped = new WeakMap();
  Module._load = function (request) {
    const exported = original.apply(this, arguments);
    if (request !== '@aws-sdk/middleware-sdk-sqs' || !exported || typeof exported.resolveQueueUrlConfig !== 'function') {
      return exported;
    }
    if (!wrapped.has(exported)) {
      const resolve = exported.resolveQueueUrlConfig;
      wrapped.set(exported, Object.assign({}, exported, {
        resolveQueueUrlConfig: (config) => resolve(Object.assign(config, {
          useQueueUrlAsEndpoint: config.useQueueUrlAsEndpoint ?? false })),
      }));
    }
    return wrapped.get(exported);
  };
}
const [mode, codeDir, handler] = process.argv.slice(2);
let cached;
async function load() {
  if (cached) return cached;
  const dot = handler.lastIndexOf('.');
  const base = path.join(codeDir, handler.slice(0, dot)), name = handler.slice(dot + 1);
  let mod;
  if (fs.existsSync(base + '.mjs')) mod = await import(url.pathToFileURL(base + '.mjs').href);
  else {
    try { mod = require(base); } catch (e) {
      if (e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(base)) {
        const err = new Error(`Cannot find module '${handler.slice(0, dot)}'`); err.name = 'Runtime.ImportModuleError'; throw err;
      }
      if (e.code === 'ERR_REQUIRE_ESM') mod = await import(url.pathToFileURL(base + '.js').href); else throw e;
    }
  }
  const fn = mod[name] || (mod.default && mod.default[name]);
  if (typeof fn !== 'function') {
    const err = new Error(`${handler.slice(0, dot)}.${name} is undefined or not exported`); err.name = 'Runtime.HandlerNotFound'; throw err;
  }
  cached = fn;
  return fn;
}
function outcome(err, value) {
  return err ? { error: { errorType: (err && err.name) || 'Error', errorMessage: (err && err.message) || String(err),
                          trace: String((err && err.stack) || '').split('\n').filter(Boolean) } }
             : { result: value === undefined ? null : value };
}
async function invoke(eventFile, resultFile, id, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: process.env.LOCALCLOUD_FUNCTION_ARN, memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: id, logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME, callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  let out;
  try {
    const fn = await load();
    const event = JSON.parse(fs.readFileSync(eventFile, 'utf8'));
    const value = await new Promise((resolve, reject) => {
      const ret = fn(event, context, (e, v) => (e ? reject(e) : resolve(v)));
      if (ret && typeof ret.then === 'function') ret.then(resolve, reject);
      else if (fn.length < 3) resolve(ret);
    });
    out = outcome(null, value);
  } catch (e) { out = outcome(e); }
  fs.writeFileSync(resultFile, JSON.stringify(out));
}
if (mode === 'once') {
  const [eventFile, resultFile] = process.argv.slice(5);
  invoke(eventFile, resultFile, process.env.LOCALCLOUD_REQUEST_ID, Number(process.env.LOCALCLOUD_TIMEOUT_MS))
    .then(() => process.exit(0));
} else {
  (async () => {
    try { await load(); } catch (e) { /* reported by the first invocation */ }
    process.stdout.write('\x1eLOCALCLOUD-READY\n');
    let buffer = '', busy = Promise.resolve();
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => {
      buffer += chunk;
      for (let nl; (nl = buffer.indexOf('\n')) >= 0; ) {
        const r = JSON.parse(buffer.slice(0, nl)); buffer = buffer.slice(nl + 1);
        busy = busy.then(() => invoke(r.event, r.result, r.id, r.timeout_ms))
                   .then(() => process.stdout.write('\x1eLOCALCLOUD-DONE ' + r.id + '\n'));
      }
    });
    process.stdin.on('end', () => busy.then(() => process.exit(0)));
  })();
}
)JS";

// The Python shim: imports the handler module from the code directory and calls it with (event, context); the
// same two modes as the Node.js shim.
constexpr const char* kPythonShim = R"PY(
import importlib, json, os, sys, time, traceback
mode, code_dir, handler = sys.argv[1:4]
sys.path.insert(0, code_dir)
class Context:
    function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
    function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
    invoked_function_arn = os.environ.get("LOCALCLOUD_FUNCTION_ARN")
    memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
    log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
    log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
    def __init__(self, request_id, deadline):
        self.aws_request_id = request_id
        self._deadline = deadline
    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline - time.time() * 1000))
cached = None
def load():
    global cached
    if cached is None:
        module_name, function_name = handler.rsplit(".", 1)
        try:
            module = importlib.import_module(module_name.replace("/", "."))
        except ModuleNotFoundError as e:
            raise type("Runtime.ImportModuleError", (Exception,), {})(f"Unable to import module '{module_name}': {e}")
        fn = getattr(module, function_name, None)
        if fn is None:
            raise type("Runtime.HandlerNotFound", (Exception,), {})(f"Handler '{function_name}' missing on module '{module_name}'")
        cached = fn
    return cached
def invoke(event_file, result_file, request_id, timeout_ms):
    context = Context(request_id, time.time() * 1000 + timeout_ms)
    try:
        fn = load()
        with open(event_file) as f:
            event = json.load(f)
        out = {"result": fn(event, context)}
    except Exception as e:
        out = {"error": {"errorType": type(e).__name__, "errorMessage": str(e),
                         "trace": traceback.format_tb(e.__traceback__)}}
    sys.stdout.flush()
    sys.stderr.flush()
    with open(result_file, "w") as f:
        json.dump(out, f)
if mode == "once":
    invoke(sys.argv[4], sys.argv[5], os.environ["LOCALCLOUD_REQUEST_ID"], float(os.environ["LOCALCLOUD_TIMEOUT_MS"]))
else:
    try:
        load()
    except Exception:
        pass  # reported by the first invocation
    sys.stdout.write("\x1eLOCALCLOUD-READY\n")
    sys.stdout.flush()
    while True:
        line = sys.stdin.readline()
        if not line:
            break
        r = json.loads(line)
        invoke(r["event"], r["result"], r["id"], float(r["timeout_ms"]))
        sys.stdout.write("\x1eLOCALCLOUD-DONE " + r["id"] + "\n")
        sys.stdout.flush()
)PY";

// Versioned names: a data directory keeps the shims of an older localcloud.
constexpr const char* kNodeShimName = "shim-3.js";
constexpr const char* kPythonShimName = "shim-2.py";

bool is_node(const std::string& runtime) {
    return strings::starts_with(runtime, "nodejs");
}
bool is_python(const std::string& runtime) {
    return strings::starts_with(runtime, "python3");
}

} // namespace

std::string interpreter(const std::string& runtime) {
    static std::mutex mutex;
    static std::map<bool, std::string> found;
    const bool node = is_node(runtime);
    std::lock_guard lock(mutex);
    if (auto it = found.find(node); it != found.end()) return it->second;
    const char* override_env = std::getenv(node ? "CDKPP_LOCALCLOUD_NODE" : "CDKPP_LOCALCLOUD_PYTHON");
    std::string chosen;
    if (override_env != nullptr && *override_env != '\0') chosen = override_env;
    if (chosen.empty()) {
        const char* path = std::getenv("PATH");
        std::vector<std::string> candidates;
        for (const auto& dir : strings::split(
                 std::string(path != nullptr ? path : "") + ":/usr/local/bin:/usr/bin:/bin", ":")) {
            if (dir.empty()) continue;
            const std::string c = std::string(dir) + (node ? "/node" : "/python3");
            if (::access(c.c_str(), X_OK) == 0 &&
                std::find(candidates.begin(), candidates.end(), c) == candidates.end()) {
                candidates.push_back(c);
            }
        }
        // The Python runtime provides boto3: the first python3 that has it, else the first one.
        for (const auto& c : candidates) {
            if (node) {
                chosen = c;
                break;
            }
            auto ran = run_process({c, "-c", "import boto3"}, {{"PATH", "/usr/bin:/bin"}}, "/",
                                   std::chrono::seconds(20));
            if (ran && ran->exit_code == 0) {
                chosen = c;
                break;
            }
        }
        if (chosen.empty() && !candidates.empty()) chosen = candidates.front();
        if (chosen.empty()) chosen = node ? "node" : "python3";
    }
    found[node] = chosen;
    return chosen;
}

std::string node_sdk_path() {
    if (const char* env = std::getenv("CDKPP_LOCALCLOUD_NODE_SDK"); env != nullptr && *env != '\0')
        return env;
#ifdef CDKPP_NODE_SDK_DIR
    std::error_code ec;
    if (std::filesystem::is_directory(CDKPP_NODE_SDK_DIR "/@aws-sdk", ec)) return CDKPP_NODE_SDK_DIR;
#endif
    return {};
}

bool supported_runtime(const std::string& runtime) {
    return is_node(runtime) || is_python(runtime);
}

Result<ProcessResult> run_process(const std::vector<std::string>& argv,
                                  const std::map<std::string, std::string>& env,
                                  const std::filesystem::path& cwd, std::chrono::milliseconds timeout) {
    std::atomic<bool> never{false};
    std::atomic<pid_t> group{0};
    ProcessResult result;
    auto ran = run_child(argv, env, cwd, {never, std::chrono::steady_clock::now() + timeout, group},
                         [&](const std::string& line) {
                             result.output += line;
                             result.output += '\n';
                         });
    if (!ran) return ran.error();
    result.exit_code = ran->exit_code;
    result.timed_out = ran->timed_out;
    return result;
}

namespace {

/// argv[0] looked up on `path` (a PATH value), as execvpe does.
std::string which(const std::string& program, const std::string& path) {
    for (const auto& dir : strings::split(path, ":")) {
        const std::string candidate = std::string(dir) + "/" + program;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return program;
}

constexpr std::string_view kReady = "\x1eLOCALCLOUD-READY\n";
constexpr std::string_view kDone = "\x1eLOCALCLOUD-DONE ";

} // namespace

/// One warm handler process: its process group, the write end of its stdin and the read end of its output.
struct WarmPool::Worker {
    pid_t pid = -1;
    int in = -1;
    int out = -1;
    std::string buffer; ///< output read past the last marker
    std::string log_stream;
    std::chrono::steady_clock::time_point last_used;

    ~Worker() {
        if (in >= 0) ::close(in);
        if (out >= 0) ::close(out);
        if (pid > 0) {
            ::kill(-pid, SIGKILL);
            int status = 0;
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
        }
    }

    /// Reads output until `marker` (a whole line from the marker on) or the deadline; `text` gets what came
    /// before it. False when the deadline passed or the process ended first.
    bool read_until(std::string_view marker, std::chrono::steady_clock::time_point deadline,
                    std::string& text, std::string* marker_line = nullptr) {
        char buf[8192];
        while (true) {
            const auto at = buffer.find(marker);
            if (at != std::string::npos) {
                const auto nl = buffer.find('\n', at);
                if (nl != std::string::npos) {
                    text += buffer.substr(0, at);
                    if (marker_line != nullptr) *marker_line = buffer.substr(at, nl - at);
                    buffer.erase(0, nl + 1);
                    return true;
                }
            }
            const auto now = std::chrono::steady_clock::now();
            if (now >= deadline) break;
            const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
            pollfd p{out, POLLIN, 0};
            const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(wait + 1, 1000)));
            if (ready < 0 && errno != EINTR) break;
            if (ready <= 0) continue;
            const ssize_t n = ::read(out, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break; // the process is gone
            buffer.append(buf, static_cast<std::size_t>(n));
        }
        text += buffer;
        buffer.clear();
        return false;
    }
};

WarmPool::WarmPool() = default;
WarmPool::~WarmPool() = default;

bool warm_enabled() {
    const char* v = std::getenv("CDKPP_LOCALCLOUD_LAMBDA_WARM");
    return v == nullptr || std::string_view(v) != "0";
}

namespace {

/// Starts `argv` in its own process group in `cwd` with exactly `env`, stdin and output on pipes.
Result<std::unique_ptr<WarmPool::Worker>> spawn_worker(const std::vector<std::string>& argv,
                                                       const std::map<std::string, std::string>& env,
                                                       const std::filesystem::path& cwd) {
    std::vector<std::string> env_strings;
    for (const auto& [k, v] : env)
        env_strings.push_back(k + "=" + v);
    std::vector<char*> cenv;
    for (auto& e : env_strings)
        cenv.push_back(e.data());
    cenv.push_back(nullptr);
    std::vector<char*> cargv;
    for (const auto& a : argv)
        cargv.push_back(const_cast<char*>(a.c_str()));
    cargv.push_back(nullptr);
    const std::string program = which(argv[0], env.count("PATH") != 0 ? env.at("PATH") : "/usr/bin:/bin");
    const std::string dir = cwd.string();
    int in[2];
    int out[2];
    if (::pipe2(in, O_CLOEXEC) != 0) return make_error("ServiceException", "cannot create a pipe", 500);
    if (::pipe2(out, O_CLOEXEC) != 0) {
        ::close(in[0]);
        ::close(in[1]);
        return make_error("ServiceException", "cannot create a pipe", 500);
    }
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::setpgid(0, 0);
        ::dup2(in[0], 0);
        ::dup2(out[1], 1);
        ::dup2(out[1], 2);
        ::signal(SIGPIPE, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        if (::chdir(dir.c_str()) != 0) ::_exit(126);
        ::execve(program.c_str(), cargv.data(), cenv.data());
        ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    if (pid < 0) {
        ::close(in[1]);
        ::close(out[0]);
        return make_error("ServiceException", std::string("cannot start a process: ") + std::strerror(errno),
                          500);
    }
    ::setpgid(pid, pid);
    auto w = std::make_unique<WarmPool::Worker>();
    w->pid = pid;
    w->in = in[1];
    w->out = out[0];
    return w;
}

constexpr auto kIdleLimit = std::chrono::minutes(10);
constexpr std::size_t kMaxIdle = 32;

} // namespace

std::unique_ptr<WarmPool::Worker> WarmPool::take(const std::string& key) {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    for (auto it = idle_.begin(); it != idle_.end();) {
        if (now - it->second->last_used > kIdleLimit)
            it = idle_.erase(it);
        else
            ++it;
    }
    for (auto it = idle_.find(key); it != idle_.end() && it->first == key; it = idle_.find(key)) {
        auto w = std::move(it->second);
        idle_.erase(it);
        int status = 0;
        if (::waitpid(w->pid, &status, WNOHANG) == 0) return w; // still running
        w->pid = -1; // it exited on its own (reaped just now): try the next one
    }
    return nullptr;
}

void WarmPool::give_back(const std::string& key, std::unique_ptr<Worker> worker) {
    worker->last_used = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    while (idle_.size() >= kMaxIdle) {
        auto oldest = idle_.begin();
        for (auto it = idle_.begin(); it != idle_.end(); ++it) {
            if (it->second->last_used < oldest->second->last_used) oldest = it;
        }
        idle_.erase(oldest);
    }
    idle_.emplace(key, std::move(worker));
}

void WarmPool::retire(const std::string& prefix) {
    std::lock_guard lock(mutex_);
    for (auto it = idle_.begin(); it != idle_.end();) {
        if (strings::starts_with(it->first, prefix))
            it = idle_.erase(it);
        else
            ++it;
    }
}

std::size_t WarmPool::idle_count() {
    std::lock_guard lock(mutex_);
    return idle_.size();
}

Result<RuntimeResult> run_handler(const RuntimeRequest& request, WarmPool* pool) {
    const bool node = is_node(request.runtime);
    if (!node && !is_python(request.runtime)) {
        return make_error("InvalidRuntimeException",
                          "localcloud runs nodejs* and python3.* runtimes, not " + request.runtime, 502);
    }
    std::error_code ec;
    std::filesystem::create_directories(request.scratch_dir, ec);
    const std::filesystem::path shim = request.scratch_dir / (node ? kNodeShimName : kPythonShimName);
    if (!std::filesystem::exists(shim)) {
        if (auto w = fs::write_file_atomic(shim, node ? kNodeShim : kPythonShim); !w) return w.error();
    }
    const std::string id = request.request_id;
    const std::filesystem::path event_file = request.scratch_dir / (id + ".event.json");
    const std::filesystem::path result_file = request.scratch_dir / (id + ".result.json");
    if (auto w = fs::write_file_atomic(event_file, request.event); !w) return w.error();
    std::map<std::string, std::string> env = request.env;
    env.emplace("PYTHONUNBUFFERED", std::string("1"));
    const long long timeout_ms = request.timeout_seconds * 1000LL;
    RuntimeResult out;
    out.log_stream = request.log_stream;
    std::string output;      // the function's output during the invocation
    std::string init_output; // and before it (a new warm process loading the module)
    bool timed_out = false;
    int exit_code = 0;
    const auto started = std::chrono::steady_clock::now();
    long long init_ms = -1;
    if (pool != nullptr) {
        auto worker = pool->take(request.pool_key);
        if (worker) {
            out.cold = false;
            out.log_stream = worker->log_stream;
        } else {
            env["AWS_LAMBDA_LOG_STREAM_NAME"] = request.log_stream;
            const std::vector<std::string> argv = {interpreter(request.runtime), shim.string(), "serve",
                                                   request.code_dir.string(), request.handler};
            auto spawned = spawn_worker(argv, env, request.code_dir);
            if (!spawned) return spawned.error();
            worker = std::move(*spawned);
            worker->log_stream = request.log_stream;
            // Lambda gives the init phase 10 seconds (and the function's timeout when that is longer).
            const auto init_deadline =
                started + std::chrono::milliseconds(std::max<long long>(timeout_ms, 10000));
            if (!worker->read_until(kReady, init_deadline, init_output)) {
                out.failed = true;
                out.payload =
                    Json{{"errorType", "Runtime.ExitError"},
                         {"errorMessage", fmt::format("RequestId: {} Error: Runtime exited before it was "
                                                      "ready",
                                                      id)}}
                        .dump();
                out.log = init_output;
                std::filesystem::remove(event_file, ec);
                return out;
            }
            init_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                            started)
                          .count();
        }
        const auto invoked = std::chrono::steady_clock::now();
        const std::string line = Json{{"event", event_file.string()},
                                      {"result", result_file.string()},
                                      {"id", id},
                                      {"timeout_ms", timeout_ms}}
                                     .dump() +
                                 "\n";
        bool sent = ::write(worker->in, line.data(), line.size()) == static_cast<ssize_t>(line.size());
        std::string marker;
        const bool done = sent && worker->read_until(kDone, invoked + std::chrono::milliseconds(timeout_ms),
                                                     output, &marker);
        if (done) {
            pool->give_back(request.pool_key, std::move(worker));
        } else {
            // Timed out or exited: the process (and its group) goes; the next invocation starts a new one.
            timed_out = std::chrono::steady_clock::now() >= invoked + std::chrono::milliseconds(timeout_ms);
            exit_code = 1;
            worker.reset();
        }
        out.duration_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - invoked)
                .count();
    } else {
        env["AWS_LAMBDA_LOG_STREAM_NAME"] = request.log_stream;
        env["LOCALCLOUD_TIMEOUT_MS"] = std::to_string(timeout_ms);
        env["LOCALCLOUD_REQUEST_ID"] = id;
        const std::vector<std::string> argv = {
            interpreter(request.runtime), shim.string(),   "once",
            request.code_dir.string(),    request.handler, event_file.string(),
            result_file.string()};
        auto ran = run_process(argv, env, request.code_dir, std::chrono::milliseconds(timeout_ms));
        if (!ran) return ran.error();
        output = ran->output;
        timed_out = ran->timed_out;
        exit_code = ran->exit_code;
        out.duration_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
                .count();
    }
    auto written = fs::read_file(result_file);
    std::filesystem::remove(event_file, ec);
    std::filesystem::remove(result_file, ec);
    if (timed_out) {
        out.failed = true;
        out.payload =
            Json{{"errorType", "Sandbox.Timedout"},
                 {"errorMessage", fmt::format("RequestId: {} Error: Task timed out after {}.00 seconds", id,
                                              request.timeout_seconds)}}
                .dump();
    } else if (!written) {
        out.failed = true;
        out.payload = Json{{"errorType", "Runtime.ExitError"},
                           {"errorMessage",
                            fmt::format("RequestId: {} Error: Runtime exited with error: exit status {}", id,
                                        exit_code)}}
                          .dump();
    } else {
        auto parsed = json::parse(*written);
        if (!parsed) {
            return make_error("ServiceException", "the runtime shim wrote no JSON: " + parsed.error().message,
                              500);
        }
        Json r = std::move(*parsed);
        if (r.contains("error")) {
            out.failed = true;
            const Json& e = r["error"];
            out.payload = Json{{"errorType", e.value("errorType", "Error")},
                               {"errorMessage", e.value("errorMessage", "")},
                               {"stackTrace", e.value("trace", Json::array())}}
                              .dump();
        } else {
            out.payload = r["result"].dump();
        }
    }
    const std::string version = request.env.count("AWS_LAMBDA_FUNCTION_VERSION") != 0
                                    ? request.env.at("AWS_LAMBDA_FUNCTION_VERSION")
                                    : "$LATEST";
    out.log = init_output;
    if (!out.log.empty() && out.log.back() != '\n') out.log += "\n";
    out.log += fmt::format("START RequestId: {} Version: {}\n{}", id, version, output);
    if (!out.log.empty() && out.log.back() != '\n') out.log += "\n";
    if (timed_out) {
        out.log += fmt::format("{} Task timed out after {}.00 seconds\n",
                               iso8601(std::chrono::system_clock::now()), request.timeout_seconds);
    }
    const std::string memory = request.env.count("AWS_LAMBDA_FUNCTION_MEMORY_SIZE") != 0
                                   ? request.env.at("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
                                   : "128";
    out.init_ms = init_ms;
    out.log +=
        fmt::format("END RequestId: {}\nREPORT RequestId: {}\tDuration: {} ms\tBilled Duration: {} ms\t"
                    "Memory Size: {} MB{}\n",
                    id, id, out.duration_ms, out.duration_ms + 1, memory,
                    init_ms >= 0 ? fmt::format("\tInit Duration: {} ms", init_ms) : std::string{});
    return out;
}

} // namespace cdk::localcloud::lambda
