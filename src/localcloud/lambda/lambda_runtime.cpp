#include "localcloud/lambda/lambda_runtime.hpp"

#include "core/fs.hpp"
#include "core/json.hpp"
#include "core/json_reader.hpp"
#include "core/strings.hpp"
#include "localcloud/server/child_process.hpp"
#include "localcloud/state/ids.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace cdk::localcloud::lambda {

namespace {

// The Node.js shim: loads the handler module (CommonJS or ES module), calls it with (event, context[, callback])
// and writes {"result": …} or {"error": {errorType, errorMessage, trace}} to the result file.
constexpr const char* kNodeShim = R"JS(
const fs = require('fs'), path = require('path'), url = require('url');
const [codeDir, handler, eventFile, resultFile] = process.argv.slice(2);
const deadline = Date.now() + Number(process.env.LOCALCLOUD_TIMEOUT_MS);
let done = false;
function finish(err, value) {
  if (done) return; done = true;
  const out = err ? { error: { errorType: (err && err.name) || 'Error', errorMessage: (err && err.message) || String(err),
                               trace: String((err && err.stack) || '').split('\n').filter(Boolean) } }
                  : { result: value === undefined ? null : value };
  fs.writeFileSync(resultFile, JSON.stringify(out));
  process.exit(0);
}
const context = {
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
  invokedFunctionArn: process.env.LOCALCLOUD_FUNCTION_ARN, memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  awsRequestId: process.env.LOCALCLOUD_REQUEST_ID, logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
  logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME, callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
};
(async () => {
  try {
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
    const event = JSON.parse(fs.readFileSync(eventFile, 'utf8'));
    const value = await new Promise((resolve, reject) => {
      const ret = fn(event, context, (e, v) => (e ? reject(e) : resolve(v)));
      if (ret && typeof ret.then === 'function') ret.then(resolve, reject);
      else if (fn.length < 3) resolve(ret);
    });
    finish(null, value);
  } catch (e) { finish(e); }
})();
)JS";

// The Python shim: imports the handler module from the code directory and calls it with (event, context).
constexpr const char* kPythonShim = R"PY(
import importlib, json, os, sys, time, traceback
code_dir, handler, event_file, result_file = sys.argv[1:5]
sys.path.insert(0, code_dir)
deadline = time.time() * 1000 + float(os.environ["LOCALCLOUD_TIMEOUT_MS"])
class Context:
    function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
    function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
    invoked_function_arn = os.environ.get("LOCALCLOUD_FUNCTION_ARN")
    memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
    aws_request_id = os.environ.get("LOCALCLOUD_REQUEST_ID")
    log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
    log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
    def get_remaining_time_in_millis(self):
        return max(0, int(deadline - time.time() * 1000))
try:
    module_name, function_name = handler.rsplit(".", 1)
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ModuleNotFoundError as e:
        raise type("Runtime.ImportModuleError", (Exception,), {})(f"Unable to import module '{module_name}': {e}")
    fn = getattr(module, function_name, None)
    if fn is None:
        raise type("Runtime.HandlerNotFound", (Exception,), {})(f"Handler '{function_name}' missing on module '{module_name}'")
    with open(event_file) as f:
        event = json.load(f)
    out = {"result": fn(event, Context())}
except Exception as e:
    out = {"error": {"errorType": type(e).__name__, "errorMessage": str(e),
                     "trace": traceback.format_tb(e.__traceback__)}}
sys.stdout.flush()
with open(result_file, "w") as f:
    json.dump(out, f)
)PY";

bool is_node(const std::string& runtime) { return strings::starts_with(runtime, "nodejs"); }
bool is_python(const std::string& runtime) { return strings::starts_with(runtime, "python3"); }

} // namespace

bool supported_runtime(const std::string& runtime) { return is_node(runtime) || is_python(runtime); }

Result<ProcessResult> run_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
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

Result<RuntimeResult> run_handler(const RuntimeRequest& request) {
    const bool node = is_node(request.runtime);
    if (!node && !is_python(request.runtime)) {
        return make_error("InvalidRuntimeException", "localcloud runs nodejs* and python3.* runtimes, not " +
                                                         request.runtime, 502);
    }
    std::error_code ec;
    std::filesystem::create_directories(request.scratch_dir, ec);
    const std::filesystem::path shim = request.scratch_dir / (node ? "shim.js" : "shim.py");
    if (!std::filesystem::exists(shim)) {
        if (auto w = fs::write_file_atomic(shim, node ? kNodeShim : kPythonShim); !w) return w.error();
    }
    const std::string id = request.request_id;
    const std::filesystem::path event_file = request.scratch_dir / (id + ".event.json");
    const std::filesystem::path result_file = request.scratch_dir / (id + ".result.json");
    if (auto w = fs::write_file_atomic(event_file, request.event); !w) return w.error();
    std::map<std::string, std::string> env = request.env;
    env["LOCALCLOUD_TIMEOUT_MS"] = std::to_string(request.timeout_seconds * 1000);
    env["LOCALCLOUD_REQUEST_ID"] = id;
    env.emplace("PYTHONUNBUFFERED", std::string("1"));
    const std::vector<std::string> argv = {node ? "node" : "python3", shim.string(), request.code_dir.string(),
                                           request.handler, event_file.string(), result_file.string()};
    const auto started = std::chrono::steady_clock::now();
    auto ran = run_process(argv, env, request.code_dir, std::chrono::seconds(request.timeout_seconds));
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    if (!ran) return ran.error();
    RuntimeResult out;
    auto written = fs::read_file(result_file);
    std::filesystem::remove(event_file, ec);
    std::filesystem::remove(result_file, ec);
    if (ran->timed_out) {
        out.failed = true;
        out.payload = Json{{"errorType", "Sandbox.Timedout"},
                           {"errorMessage", fmt::format("RequestId: {} Error: Task timed out after {}.00 seconds", id,
                                                        request.timeout_seconds)}}
                          .dump();
    } else if (!written) {
        out.failed = true;
        out.payload = Json{{"errorType", "Runtime.ExitError"},
                           {"errorMessage", fmt::format("RequestId: {} Error: Runtime exited with error: exit status {}",
                                                        id, ran->exit_code)}}
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
    out.log = fmt::format("START RequestId: {} Version: {}\n{}", id, request.env.count("AWS_LAMBDA_FUNCTION_VERSION") != 0
                                                                         ? request.env.at("AWS_LAMBDA_FUNCTION_VERSION")
                                                                         : "$LATEST",
                          ran->output);
    if (!out.log.empty() && out.log.back() != '\n') out.log += "\n";
    out.log += fmt::format("END RequestId: {}\nREPORT RequestId: {}\tDuration: {} ms\tBilled Duration: {} ms\t"
                           "Memory Size: {} MB\n",
                           id, id, ms.count(), ms.count() + 1,
                           request.env.count("AWS_LAMBDA_FUNCTION_MEMORY_SIZE") != 0
                               ? request.env.at("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
                               : "128");
    return out;
}

} // namespace cdk::localcloud::lambda
