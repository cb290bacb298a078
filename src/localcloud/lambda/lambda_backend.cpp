#include "localcloud/lambda/lambda_backend.hpp"

#include "core/fs.hpp"
#include "core/hash.hpp"
#include "core/strings.hpp"
#include "localcloud/lambda/lambda_errors.hpp"
#include "localcloud/lambda/lambda_executor.hpp"
#include "localcloud/lambda/lambda_runtime.hpp"
#include "localcloud/logs/logs_backend.hpp"
#include "localcloud/protocol/base64.hpp"
#include "localcloud/s3/s3_authorize.hpp"
#include "localcloud/s3/s3_backend.hpp"
#include "localcloud/server/service_calls.hpp"
#include "localcloud/sqs/sqs_backend.hpp"
#include "localcloud/state/ids.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <random>
#include <regex>
#include <thread>

namespace cdk::localcloud::lambda {

namespace {

constexpr const char* kKind = "lambda:function";

std::string last_modified() {
    // 2026-11-26T07:00:00.000+0000, as Lambda writes it
    const std::string iso = iso8601(std::chrono::system_clock::now());
    return iso.substr(0, iso.size() - 1) + ".000+0000";
}

Scope scope(const std::string& account, const std::string& region) {
    return Scope{account, region};
}

Json principal_of(const std::string& p) {
    if (p == "*") return "*";
    static const std::regex kAccount(R"(^\d{12}$)");
    if (std::regex_match(p, kAccount)) return Json{{"AWS", "arn:aws:iam::" + p + ":root"}};
    if (strings::starts_with(p, "arn:")) return Json{{"AWS", p}};
    return Json{{"Service", p}};
}

std::vector<std::filesystem::path> code_dirs(const Json& function) {
    std::vector<std::filesystem::path> out{function.value("CodeDir", "")};
    const Json versions = function.value("Versions", Json::object());
    for (const auto& [n, v] : versions.items()) {
        (void)n;
        out.emplace_back(v.value("CodeDir", ""));
    }
    return out;
}

} // namespace

LambdaBackend::LambdaBackend(CloudContext& cloud) : cloud_(cloud), exec_(Executor::of(cloud)) {}

std::string LambdaBackend::arn(const std::string& region, const std::string& account,
                               const std::string& name) {
    return "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
}

LambdaBackend::FunctionRef LambdaBackend::parse_ref(const std::string& ref,
                                                    const std::string& default_account) {
    FunctionRef out{default_account, ref, ""};
    const auto parts = strings::split(ref, ":");
    if (strings::starts_with(ref, "arn:") && parts.size() >= 7) {
        out.account = parts[4];
        out.name = parts[6];
        if (parts.size() >= 8) out.qualifier = parts[7];
    } else if (parts.size() >= 3 && parts[1] == "function") {
        out.account = parts[0];
        out.name = parts[2];
        if (parts.size() >= 4) out.qualifier = parts[3];
    } else if (parts.size() == 2) {
        out.name = parts[0];
        out.qualifier = parts[1];
    }
    return out;
}

Result<void> LambdaBackend::authorize(Tx& tx, const LambdaCall& call, const Json* function,
                                      const std::string& action, const std::string& resource,
                                      const std::string& resource_account) {
    std::optional<Json> policy;
    auto mode = iam::ResourcePolicyMode::None;
    if (function != nullptr) {
        mode = iam::ResourcePolicyMode::Optional;
        if (function->contains("Policy")) policy = (*function)["Policy"];
    }
    return cloud_.iam.authorize(tx, call.caller, action, resource, resource_account, policy, mode,
                                call.context, "AccessDeniedException");
}

std::function<Result<void>(Tx&, const Json&, const std::string&)>
LambdaBackend::function_authorizer(const LambdaCall& call) {
    return [this, &call](Tx& tx, const Json& fn, const std::string& action) -> Result<void> {
        const std::string function_arn = fn["Configuration"]["FunctionArn"].get<std::string>();
        return authorize(tx, call, &fn, action, function_arn, strings::split(function_arn, ":")[4]);
    };
}

Result<std::string> LambdaBackend::unpack_code(const LambdaCall& call, const Json& code,
                                               const std::string& runtime, std::string& sha256,
                                               long long& size) {
    const std::filesystem::path dir = cloud_.data_dir / "lambda" / "code" / random_uuid();
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return service_error("cannot create " + dir.string() + ": " + ec.message());
    if (code.contains("InlineCode")) {
        const std::string source = code["InlineCode"].get<std::string>();
        const bool python = strings::starts_with(runtime, "python");
        if (auto w = fs::write_file_atomic(dir / (python ? "index.py" : "index.js"), source); !w)
            return w.error();
        sha256 = base64_encode(hash::sha256(source));
        size = static_cast<long long>(source.size());
        return dir.string();
    }
    std::filesystem::path zip;
    std::string bytes;
    if (code.contains("ZipFile")) {
        bytes = code["ZipFile"].get<std::string>();
        zip = dir / ".code.zip";
        if (auto w = fs::write_file_atomic(zip, bytes); !w) return w.error();
    } else if (code.contains("S3Bucket") && code.contains("S3Key")) {
        const std::string bucket = code["S3Bucket"].get<std::string>();
        const std::string key = code["S3Key"].get<std::string>();
        // Opened while the object's row is current: a concurrent PUT of the key cannot remove it under us.
        std::shared_ptr<const fs::OpenFile> opened;
        auto file = cloud_.store.read<std::string>([&](Tx& tx) -> Result<std::string> {
            s3::S3Backend s3;
            auto b = s3.find_bucket(tx, bucket);
            if (!b)
                return invalid_parameter(
                    "Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error "
                    "Message: The specified bucket does not exist");
            if (auto a = s3::authorize_s3(cloud_, tx, call.caller, call.context, &*b, "s3:GetObject",
                                          "arn:aws:s3:::" + bucket + "/" + key);
                !a) {
                return make_error("AccessDeniedException",
                                  "Your access has been denied by S3, please make sure your "
                                  "request credentials have permission to GetObject for " +
                                      bucket + "/" + key + ". S3 Error Code: AccessDenied.",
                                  403);
            }
            auto o = s3.get_object(tx, bucket, key);
            if (!o) return o.error();
            if (!o->has_value()) {
                return invalid_parameter(
                    "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: "
                    "The specified key does not exist.");
            }
            const std::string id = (**o).value("File", "");
            auto f = fs::OpenFile::open(cloud_.objects_dir / id);
            if (!f) return service_error("the object file of s3://" + bucket + "/" + key + " is missing");
            opened = std::move(*f);
            return id;
        });
        if (!file) {
            std::filesystem::remove_all(dir, ec);
            return file.error();
        }
        auto read = opened->read_all();
        if (!read) return read.error();
        bytes = std::move(*read);
        zip = dir / ".code.zip";
        if (auto w = fs::write_file_atomic(zip, bytes); !w) return w.error();
    } else if (code.contains("ImageUri")) {
        std::filesystem::remove_all(dir, ec);
        return invalid_parameter(
            "container image functions are not supported by localcloud; use a zip package");
    } else {
        std::filesystem::remove_all(dir, ec);
        return invalid_parameter("Code: give ZipFile, or S3Bucket and S3Key");
    }
    sha256 = base64_encode(hash::sha256(bytes));
    size = static_cast<long long>(bytes.size());
    auto unzipped = run_process({"unzip", "-q", "-o", zip.string(), "-d", dir.string()},
                                {{"PATH", "/usr/bin:/bin"}}, dir, std::chrono::seconds(60));
    std::filesystem::remove(dir / ".code.zip", ec);
    if (!unzipped || unzipped->exit_code != 0) {
        std::filesystem::remove_all(dir, ec);
        return invalid_parameter(
            "Could not unzip uploaded file. Please check your file, then try to upload again." +
            (unzipped ? " (" + std::string(strings::trim(unzipped->output)) + ")" : std::string{}));
    }
    return dir.string();
}

namespace {

/// iam:PassRole for the role, which must trust lambda.amazonaws.com.
Result<void> check_role(CloudContext& cloud, Tx& tx, const LambdaCall& call, const std::string& role_arn) {
    if (auto p = cloud.iam.authorize_pass_role(tx, call.caller, role_arn, call.context); !p) {
        return make_error("AccessDeniedException", p.error().message, 403);
    }
    auto trusted = cloud.iam.trusts_service(tx, role_arn, "lambda.amazonaws.com", call.context);
    if (!trusted) return trusted.error();
    if (!*trusted) return invalid_parameter("The role defined for the function cannot be assumed by Lambda.");
    return ok();
}

void apply_settings(Json& config, const Json& input) {
    for (const char* k : {"Role", "Handler", "Description", "Runtime"}) {
        if (input.contains(k)) config[k] = input[k];
    }
    if (input.contains("Timeout")) config["Timeout"] = input["Timeout"];
    if (input.contains("MemorySize")) config["MemorySize"] = input["MemorySize"];
    if (input.contains("Environment")) {
        config["Environment"] = Json{{"Variables", input["Environment"].value("Variables", Json::object())}};
    }
    if (input.contains("Architectures")) config["Architectures"] = input["Architectures"];
    if (input.contains("DeadLetterConfig")) {
        const std::string target = input["DeadLetterConfig"].value("TargetArn", "");
        if (target.empty())
            config.erase("DeadLetterConfig");
        else
            config["DeadLetterConfig"] = Json{{"TargetArn", target}};
    }
    config["LastModified"] = last_modified();
    config["RevisionId"] = random_uuid();
}

} // namespace

Result<Json> LambdaBackend::create_function(const LambdaCall& call, const Json& input) {
    const std::string name = input.value("FunctionName", "");
    static const std::regex kName(R"(^[a-zA-Z0-9_-]{1,64}$)");
    if (!std::regex_match(name, kName)) {
        return invalid_parameter(
            "1 validation error detected: Value '" + name +
            "' at 'functionName' failed to "
            "satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+");
    }
    const std::string runtime = input.value("Runtime", "");
    if (!supported_runtime(runtime)) {
        return invalid_parameter("The runtime parameter of " + runtime +
                                 " is not supported by localcloud: use a "
                                 "nodejs* or python3.* runtime");
    }
    const std::string account = call.caller.account();
    const std::string function_arn = arn(call.region, account, name);
    const std::string role_arn = input.value("Role", "");
    auto checked = cloud_.store.read<bool>([&](Tx& tx) -> Result<bool> {
        if (auto a = authorize(tx, call, nullptr, "lambda:CreateFunction", function_arn, account); !a)
            return a.error();
        if (auto r = check_role(cloud_, tx, call, role_arn); !r) return r.error();
        auto existing = tx.get(scope(account, call.region), kKind, name);
        if (!existing) return existing.error();
        if (existing->has_value()) return conflict("Function already exist: " + name);
        return true;
    });
    if (!checked) return checked.error();
    std::string sha;
    long long size = 0;
    auto dir = unpack_code(call, input.value("Code", Json::object()), runtime, sha, size);
    if (!dir) return dir.error();
    Json config{{"FunctionName", name},
                {"FunctionArn", function_arn},
                {"Runtime", runtime},
                {"Role", role_arn},
                {"Handler", input.value("Handler", "index.handler")},
                {"CodeSize", size},
                {"Description", input.value("Description", "")},
                {"Timeout", input.value("Timeout", 3)},
                {"MemorySize", input.value("MemorySize", 128)},
                {"CodeSha256", sha},
                {"Version", "$LATEST"},
                {"TracingConfig", {{"Mode", "PassThrough"}}},
                {"State", "Active"},
                {"LastUpdateStatus", "Successful"},
                {"PackageType", "Zip"},
                {"Architectures", Json::array({"x86_64"})},
                {"EphemeralStorage", {{"Size", 512}}}};
    apply_settings(config, input);
    Json function{{"Configuration", config},
                  {"CodeDir", *dir},
                  {"Tags", input.value("Tags", Json::object())},
                  {"Versions", Json::object()},
                  {"NextVersion", 1}};
    auto stored = cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto existing = tx.get(scope(account, call.region), kKind, name);
        if (!existing) return existing.error();
        if (existing->has_value()) return conflict("Function already exist: " + name);
        if (auto p = tx.put(scope(account, call.region), kKind, name, function); !p) return p.error();
        return true;
    });
    if (!stored) {
        std::error_code ec;
        std::filesystem::remove_all(*dir, ec);
        return stored.error();
    }
    return config;
}

Result<Json> LambdaBackend::get_function(const LambdaCall& call, const std::string& ref,
                                         const std::string& action,
                                         const std::function<void(const Json&)>& inside) {
    const FunctionRef f = parse_ref(ref, call.caller.account());
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto found = tx.get(scope(f.account, call.region), kKind, f.name);
        if (!found) return found.error();
        const std::string function_arn = arn(call.region, f.account, f.name);
        if (!found->has_value()) {
            if (auto a = authorize(tx, call, nullptr, action, function_arn, f.account); !a) return a.error();
            return function_not_found(function_arn);
        }
        if (auto a = authorize(tx, call, &**found, action, function_arn, f.account); !a) return a.error();
        if (inside) inside(**found);
        return std::move(**found);
    });
}

namespace {

/// Loads, authorizes, changes and stores one function in a write transaction.
template <typename Fn>
Result<Json>
modify(CloudContext& cloud, const LambdaCall& call, const std::string& ref, const std::string& action,
       const std::function<Result<void>(Tx&, const Json&, const std::string&)>& auth, Fn&& change) {
    const auto f = LambdaBackend::parse_ref(ref, call.caller.account());
    return cloud.store.write<Json>([&](Tx& tx) -> Result<Json> {
        auto found = tx.get(Scope{f.account, call.region}, kKind, f.name);
        if (!found) return found.error();
        const std::string function_arn = LambdaBackend::arn(call.region, f.account, f.name);
        if (!found->has_value()) return function_not_found(function_arn);
        Json function = std::move(**found);
        if (auto a = auth(tx, function, action); !a) return a.error();
        auto out = change(tx, function, f.qualifier);
        if (!out) return out.error();
        if (auto p = tx.put(Scope{f.account, call.region}, kKind, f.name, function); !p) return p.error();
        return out;
    });
}

} // namespace

Result<Json> LambdaBackend::update_code(const LambdaCall& call, const std::string& name, const Json& code) {
    auto current = get_function(call, name, "lambda:UpdateFunctionCode");
    if (!current) return current.error();
    std::string sha;
    long long size = 0;
    auto dir = unpack_code(call, code, (*current)["Configuration"]["Runtime"].get<std::string>(), sha, size);
    if (!dir) return dir.error();
    std::string replaced; // the previous $LATEST code, unless a published version still runs it
    auto updated = modify(cloud_, call, name, "lambda:UpdateFunctionCode", function_authorizer(call),
                          [&](Tx&, Json& fn, const std::string&) -> Result<Json> {
                              replaced = fn.value("CodeDir", "");
                              const Json versions = fn.value("Versions", Json::object());
                              for (const auto& [n, v] : versions.items()) {
                                  (void)n;
                                  if (v.value("CodeDir", "") == replaced) replaced.clear();
                              }
                              fn["CodeDir"] = *dir;
                              fn["Configuration"]["CodeSha256"] = sha;
                              fn["Configuration"]["CodeSize"] = size;
                              fn["Configuration"]["LastModified"] = last_modified();
                              fn["Configuration"]["RevisionId"] = random_uuid();
                              return fn["Configuration"];
                          });
    if (!updated) {
        exec_->discard_code(*dir);
        return updated;
    }
    if (!replaced.empty() && replaced != *dir) {
        // The warm processes of the old code end; invocations still running it keep it until they finish.
        exec_->pool.retire((*updated)["FunctionArn"].get<std::string>() + ":$LATEST|" + replaced + "|");
        exec_->discard_code(replaced);
    }
    return updated;
}

Result<Json> LambdaBackend::update_configuration(const LambdaCall& call, const std::string& name,
                                                 const Json& input) {
    if (input.contains("Runtime") && !supported_runtime(input["Runtime"].get<std::string>())) {
        return invalid_parameter("The runtime parameter of " + input["Runtime"].get<std::string>() +
                                 " is not supported by localcloud");
    }
    return modify(cloud_, call, name, "lambda:UpdateFunctionConfiguration", function_authorizer(call),
                  [&](Tx& tx, Json& fn, const std::string&) -> Result<Json> {
                      if (input.contains("Role") && input["Role"] != fn["Configuration"]["Role"]) {
                          if (auto r = check_role(cloud_, tx, call, input["Role"].get<std::string>()); !r) {
                              return r.error();
                          }
                      }
                      apply_settings(fn["Configuration"], input);
                      return fn["Configuration"];
                  });
}

Result<void> LambdaBackend::delete_function(const LambdaCall& call, const std::string& ref) {
    const auto f = parse_ref(ref, call.caller.account());
    if (!f.qualifier.empty() && f.qualifier != "$LATEST") return delete_version(call, f.name, f.qualifier);
    auto removed = cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
        auto found = tx.get(scope(f.account, call.region), kKind, f.name);
        if (!found) return found.error();
        const std::string function_arn = arn(call.region, f.account, f.name);
        if (!found->has_value()) return function_not_found(function_arn);
        if (auto a = authorize(tx, call, &**found, "lambda:DeleteFunction", function_arn, f.account); !a) {
            return a.error();
        }
        if (auto e = tx.erase(scope(f.account, call.region), kKind, f.name); !e) return e.error();
        return std::move(**found);
    });
    if (!removed) return removed.error();
    exec_->pool.retire(arn(call.region, f.account, f.name) + ":");
    for (const auto& dir : code_dirs(*removed))
        exec_->discard_code(dir.string());
    return ok();
}

Result<std::vector<Json>> LambdaBackend::list_functions(const LambdaCall& call) {
    return cloud_.store.read<std::vector<Json>>([&](Tx& tx) -> Result<std::vector<Json>> {
        if (auto a = authorize(tx, call, nullptr, "lambda:ListFunctions", "*", call.caller.account()); !a) {
            return a.error();
        }
        auto rows = tx.list(scope(call.caller.account(), call.region), kKind);
        if (!rows) return rows.error();
        std::vector<Json> out;
        for (auto& [n, fn] : *rows)
            out.push_back(fn["Configuration"]);
        return out;
    });
}

Result<Json> LambdaBackend::add_permission(const LambdaCall& call, const std::string& name,
                                           const Json& input) {
    return modify(
        cloud_, call, name, "lambda:AddPermission", function_authorizer(call),
        [&](Tx&, Json& fn, const std::string& qualifier) -> Result<Json> {
            const std::string sid = input.value("StatementId", "");
            Json policy = fn.value(
                "Policy", Json{{"Version", "2012-10-17"}, {"Id", "default"}, {"Statement", Json::array()}});
            for (const auto& s : policy["Statement"]) {
                if (s.value("Sid", "") == sid) {
                    return conflict("The statement id (" + sid +
                                    ") provided already exists. Please provide "
                                    "a new statement id, or remove the existing statement.");
                }
            }
            std::string resource = fn["Configuration"]["FunctionArn"].get<std::string>();
            const std::string q = input.value("Qualifier", qualifier);
            if (!q.empty()) resource += ":" + q;
            Json statement{{"Sid", sid},
                           {"Effect", "Allow"},
                           {"Principal", principal_of(input.value("Principal", ""))},
                           {"Action", input.value("Action", "lambda:InvokeFunction")},
                           {"Resource", resource}};
            Json condition = Json::object();
            if (input.contains("SourceArn")) condition["ArnLike"]["AWS:SourceArn"] = input["SourceArn"];
            if (input.contains("SourceAccount")) {
                condition["StringEquals"]["AWS:SourceAccount"] = input["SourceAccount"];
            }
            if (input.contains("PrincipalOrgID")) {
                condition["StringEquals"]["aws:PrincipalOrgID"] = input["PrincipalOrgID"];
            }
            if (input.contains("FunctionUrlAuthType")) {
                condition["StringEquals"]["lambda:FunctionUrlAuthType"] = input["FunctionUrlAuthType"];
            }
            if (!condition.empty()) statement["Condition"] = condition;
            policy["Statement"].push_back(statement);
            fn["Policy"] = policy;
            fn["Configuration"]["RevisionId"] = random_uuid();
            return statement;
        });
}

Result<void> LambdaBackend::remove_permission(const LambdaCall& call, const std::string& name,
                                              const std::string& statement_id) {
    auto r = modify(
        cloud_, call, name, "lambda:RemovePermission", function_authorizer(call),
        [&](Tx&, Json& fn, const std::string&) -> Result<Json> {
            Json kept = Json::array();
            bool found = false;
            for (const auto& s : fn.value("Policy", Json::object()).value("Statement", Json::array())) {
                if (s.value("Sid", "") == statement_id)
                    found = true;
                else
                    kept.push_back(s);
            }
            if (!found) return not_found("Statement " + statement_id + " is not found in resource policy.");
            if (kept.empty())
                fn.erase("Policy");
            else
                fn["Policy"]["Statement"] = kept;
            return Json::object();
        });
    if (!r) return r.error();
    return ok();
}

Result<Json> LambdaBackend::publish_version(const LambdaCall& call, const std::string& name,
                                            const std::string& description) {
    return modify(
        cloud_, call, name, "lambda:PublishVersion", function_authorizer(call),
        [&](Tx&, Json& fn, const std::string&) -> Result<Json> {
            const int n = fn.value("NextVersion", 1);
            Json config = fn["Configuration"];
            config["Version"] = std::to_string(n);
            config["FunctionArn"] = config["FunctionArn"].get<std::string>() + ":" + std::to_string(n);
            if (!description.empty()) config["Description"] = description;
            fn["Versions"][std::to_string(n)] = Json{{"Configuration", config}, {"CodeDir", fn["CodeDir"]}};
            fn["NextVersion"] = n + 1;
            return config;
        });
}

Result<void> LambdaBackend::delete_version(const LambdaCall& call, const std::string& name,
                                           const std::string& version) {
    auto r = modify(cloud_, call, name, "lambda:DeleteFunction", function_authorizer(call),
                    [&](Tx&, Json& fn, const std::string&) -> Result<Json> {
                        if (fn.contains("Versions")) fn["Versions"].erase(version);
                        return Json::object();
                    });
    if (!r) return r.error();
    return ok();
}

Result<Json> LambdaBackend::put_url_config(const LambdaCall& call, const std::string& name,
                                           const Json& input) {
    return modify(cloud_, call, name, "lambda:CreateFunctionUrlConfig", function_authorizer(call),
                  [&](Tx&, Json& fn, const std::string&) -> Result<Json> {
                      Json url = fn.value("UrlConfig", Json::object());
                      if (!url.contains("FunctionUrl")) {
                          url["FunctionUrl"] = "https://" + strings::to_lower(random_id("", 32)) +
                                               ".lambda-url." + call.region + ".on.aws/";
                          url["CreationTime"] = last_modified();
                      }
                      url["FunctionArn"] = fn["Configuration"]["FunctionArn"];
                      url["AuthType"] = input.value("AuthType", "AWS_IAM");
                      if (input.contains("Cors")) url["Cors"] = input["Cors"];
                      url["InvokeMode"] = input.value("InvokeMode", "BUFFERED");
                      fn["UrlConfig"] = url;
                      return url;
                  });
}

Result<void> LambdaBackend::delete_url_config(const LambdaCall& call, const std::string& name) {
    auto r = modify(cloud_, call, name, "lambda:DeleteFunctionUrlConfig", function_authorizer(call),
                    [&](Tx&, Json& fn, const std::string&) -> Result<Json> {
                        fn.erase("UrlConfig");
                        return Json::object();
                    });
    if (!r) return r.error();
    return ok();
}

namespace {

constexpr std::size_t kAsyncPayloadLimit = 256 * 1024;

/// The delay before async retry `attempt` (1, 2): AWS waits a minute, then two; localcloud a second, then
/// two.
std::chrono::milliseconds retry_delay(int attempt) {
    return std::chrono::seconds(attempt);
}

long long int_of(const Json& j, const char* key, long long fallback) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_number_integer()) return fallback;
    return j[key].get<long long>();
}

std::string iso_ms(std::chrono::system_clock::time_point t) {
    const std::string iso = iso8601(t); // 2026-12-07T02:00:00Z
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
    return fmt::format("{}.{:03d}Z", iso.substr(0, iso.size() - 1), ms);
}

} // namespace

Result<Invocation> LambdaBackend::invoke(const LambdaCall& call, const std::string& ref,
                                         const std::string& qualifier, const std::string& payload,
                                         InvocationType type) {
    std::shared_ptr<const Executor::CodeHold> hold;
    auto function = get_function(call, ref, "lambda:InvokeFunction", [&](const Json& fn) {
        std::vector<std::string> dirs;
        for (const auto& d : code_dirs(fn))
            dirs.push_back(d.string());
        hold = std::make_shared<const Executor::CodeHold>(*exec_, std::move(dirs));
    });
    if (!function) return function.error();
    auto f = parse_ref(ref, call.caller.account());
    return run_prepared(*function, f, !qualifier.empty() ? qualifier : f.qualifier, call.region, payload,
                        std::move(hold), type);
}

Result<Invocation> LambdaBackend::invoke_for_mapping(const std::string& region,
                                                     const std::string& function_arn,
                                                     const std::string& payload) {
    const FunctionRef f = parse_ref(function_arn, "");
    std::shared_ptr<const Executor::CodeHold> hold;
    auto function = cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto found = tx.get(scope(f.account, region), kKind, f.name);
        if (!found) return found.error();
        if (!found->has_value()) return function_not_found(arn(region, f.account, f.name));
        std::vector<std::string> dirs;
        for (const auto& d : code_dirs(**found))
            dirs.push_back(d.string());
        hold = std::make_shared<const Executor::CodeHold>(*exec_, std::move(dirs));
        return std::move(**found);
    });
    if (!function) return function.error();
    return run_prepared(*function, f, f.qualifier, region, payload, std::move(hold),
                        InvocationType::RequestResponse);
}

Result<Invocation> LambdaBackend::run_prepared(const Json& function, const FunctionRef& f,
                                               const std::string& q, const std::string& region,
                                               const std::string& payload,
                                               std::shared_ptr<const Executor::CodeHold> hold,
                                               InvocationType type) {
    Prepared p;
    p.config = function["Configuration"];
    p.code_dir = function["CodeDir"].get<std::string>();
    if (!q.empty() && q != "$LATEST") {
        const Json versions = function.value("Versions", Json::object());
        const Json aliases = function.value("Aliases", Json::object());
        if (aliases.contains(q)) {
            const std::string version = route_alias(aliases[q], random_unit());
            if (version != "$LATEST") {
                if (!versions.contains(version))
                    return function_not_found(p.config["FunctionArn"].get<std::string>() + ":" + version);
                p.config = versions[version]["Configuration"];
                p.code_dir = versions[version]["CodeDir"].get<std::string>();
            }
        } else {
            if (!versions.contains(q))
                return function_not_found(p.config["FunctionArn"].get<std::string>() + ":" + q);
            p.config = versions[q]["Configuration"];
            p.code_dir = versions[q]["CodeDir"].get<std::string>();
        }
    }
    p.event = payload.empty() ? std::string("{}") : payload;
    if (!Json::accept(p.event)) {
        return make_error("InvalidRequestContentException",
                          "Could not parse request body into json: Could not parse "
                          "payload into json",
                          400);
    }
    p.code_hold = std::move(hold);
    p.account = f.account;
    p.region = region;
    p.function_arn = arn(region, f.account, function["Configuration"]["FunctionName"].get<std::string>());
    p.event_config = function.value("EventInvokeConfig", Json::object());
    p.reserved = int_of(function.value("Concurrency", Json::object()), "ReservedConcurrentExecutions", -1);
    Invocation out;
    out.executed_version = p.config.value("Version", "$LATEST");
    if (type == InvocationType::DryRun) {
        out.status_code = 204;
        return out;
    }
    if (type == InvocationType::Event) {
        if (p.event.size() > kAsyncPayloadLimit) {
            return make_error("RequestTooLargeException",
                              fmt::format("Request must be smaller than {} bytes for the "
                                          "InvokeAsync operation",
                                          kAsyncPayloadLimit),
                              413);
        }
        if (p.reserved == 0) {
            return make_error("TooManyRequestsException", "Rate Exceeded.", 429);
        }
        run_async(std::move(p));
        out.status_code = 202;
        return out;
    }
    return execute(p);
}

Result<Invocation> LambdaBackend::execute(const Prepared& p) {
    const Json& config = p.config;
    const std::string name = config["FunctionName"].get<std::string>();
    const std::string version = config.value("Version", "$LATEST");
    if (!exec_->acquire(p.function_arn, p.reserved)) {
        return make_error("TooManyRequestsException", "Rate Exceeded.", 429);
    }
    struct Release {
        Executor& e;
        const std::string& arn;
        ~Release() { e.release(arn); }
    } release{*exec_, p.function_arn};
    const std::string role = config.value("Role", "");
    auto session = exec_->sessions.session(p.function_arn + " " + role, p.account, role, name);
    if (!session) {
        return invalid_parameter("The role defined for the function cannot be assumed by Lambda. (" +
                                 session.error().message + ")");
    }
    RuntimeRequest run;
    run.runtime = config["Runtime"].get<std::string>();
    run.handler = config["Handler"].get<std::string>();
    run.code_dir = p.code_dir;
    run.scratch_dir = cloud_.data_dir / "lambda" / "scratch";
    run.event = p.event;
    run.timeout_seconds = config.value("Timeout", 3);
    run.request_id = random_uuid();
    std::string day = iso8601(std::chrono::system_clock::now()).substr(0, 10);
    std::replace(day.begin(), day.end(), '-', '/'); // 2026/12/07/[$LATEST]<32 hex>, as Lambda names streams
    const std::string stream =
        fmt::format("{}/[{}]{}", day, version, strings::to_lower(strings::to_hex(random_bytes(16))));
    const Json variables = config.value("Environment", Json::object()).value("Variables", Json::object());
    for (const auto& [k, v] : variables.items()) {
        run.env[k] = v.is_string() ? v.get<std::string>() : v.dump();
    }
    // The runtime's own variables after the function's: Lambda reserves these names.
    const std::map<std::string, std::string> reserved = {
        {"PATH", "/usr/local/bin:/usr/bin:/bin"},
        {"LANG", "en_US.UTF-8"},
        {"TZ", ":UTC"},
        {"HOME", run.scratch_dir.string()},
        {"LAMBDA_TASK_ROOT", p.code_dir},
        {"LAMBDA_RUNTIME_DIR", run.scratch_dir.string()},
        {"AWS_REGION", p.region},
        {"AWS_DEFAULT_REGION", p.region},
        {"AWS_ENDPOINT_URL", fmt::format("http://127.0.0.1:{}", cloud_.port.load())},
        {"AWS_ACCESS_KEY_ID", session->access_key_id},
        {"AWS_SECRET_ACCESS_KEY", session->secret_access_key},
        {"AWS_SESSION_TOKEN", session->session_token},
        {"AWS_LAMBDA_FUNCTION_NAME", name},
        {"AWS_LAMBDA_FUNCTION_VERSION", version},
        {"AWS_LAMBDA_FUNCTION_MEMORY_SIZE", std::to_string(config.value("MemorySize", 128))},
        {"AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name},
        {"AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"},
        {"AWS_EXECUTION_ENV", "AWS_Lambda_" + run.runtime},
        {"_HANDLER", run.handler},
        {"LOCALCLOUD_FUNCTION_ARN", config["FunctionArn"].get<std::string>()}};
    for (const auto& [k, v] : reserved)
        run.env[k] = v;
    if (strings::starts_with(run.runtime, "nodejs")) {
        // The Node.js runtime's /var/runtime/node_modules: the AWS SDK for JavaScript v3
        // (third_party/npm-runtime).
        const std::string sdk = node_sdk_path();
        if (!sdk.empty()) run.env["NODE_PATH"] = sdk;
    }
    run.log_stream = stream;
    std::string env_text;
    for (const auto& [k, v] : run.env) {
        if (k != "AWS_LAMBDA_LOG_STREAM_NAME") env_text += k + "=" + v + "\n";
    }
    run.pool_key = p.function_arn + ":" + version + "|" + p.code_dir + "|" + run.runtime + "|" + run.handler +
                   "|" + std::to_string(run.timeout_seconds) + "|" + strings::to_hex(hash::sha256(env_text));
    run.env.erase("AWS_LAMBDA_LOG_STREAM_NAME");
    auto result = run_handler(run, warm_enabled() ? &exec_->pool : nullptr);
    if (!result) return result.error();
    write_log(p, session->caller, result->log_stream, result->log);
    Invocation out;
    out.payload = result->payload;
    out.function_error = result->failed ? "Unhandled" : "";
    out.log_tail = result->log.size() > 4096 ? result->log.substr(result->log.size() - 4096) : result->log;
    out.executed_version = version;
    return out;
}

void LambdaBackend::write_log(const Prepared& p, const Caller& role, const std::string& stream,
                              const std::string& log) {
    // Lambda writes the log as the execution role (AWSLambdaBasicExecutionRole): a role that may not, gets
    // none.
    const std::string name = p.config["FunctionName"].get<std::string>();
    const std::string group = "/aws/lambda/" + name;
    const std::string stream_arn =
        "arn:aws:logs:" + p.region + ":" + p.account + ":log-group:" + group + ":log-stream:" + stream;
    const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    std::vector<logs::LogEvent> events;
    for (const auto& line : strings::split(log, "\n")) {
        if (!line.empty()) events.push_back(logs::LogEvent{now_ms, line});
    }
    logs::LogsBackend backend(cloud_);
    (void)cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        iam::Context context;
        context[iam::context_key("aws:RequestedRegion")] = {p.region};
        for (const char* action : {"logs:CreateLogStream", "logs:PutLogEvents"}) {
            if (auto a = cloud_.iam.authorize(tx, role, action, stream_arn, p.account, std::nullopt,
                                              iam::ResourcePolicyMode::None, context);
                !a) {
                return false;
            }
        }
        if (auto a = backend.append(tx, Scope{p.account, p.region}, group, stream, events); !a)
            return a.error();
        return true;
    });
}

void LambdaBackend::run_async(Prepared p) {
    std::thread([backend = *this, p = std::move(p)]() mutable {
        // The top of a thread: an exception escaping would terminate the server.
        try {
            const int retries = static_cast<int>(
                std::clamp<long long>(int_of(p.event_config, "MaximumRetryAttempts", 2), 0, 2));
            const long long max_age = int_of(p.event_config, "MaximumEventAgeInSeconds", 21600);
            const auto queued = std::chrono::steady_clock::now();
            const Json destinations = p.event_config.value("DestinationConfig", Json::object());
            Result<Invocation> last = make_error("ServiceException", "not run", 500);
            int attempts = 0;
            for (int attempt = 0; attempt <= retries; ++attempt) {
                if (attempt > 0) std::this_thread::sleep_for(retry_delay(attempt));
                if (std::chrono::steady_clock::now() - queued > std::chrono::seconds(max_age)) break;
                ++attempts;
                last = backend.execute(p);
                if (last && last->function_error.empty()) {
                    const std::string target =
                        destinations.value("OnSuccess", Json::object()).value("Destination", "");
                    if (!target.empty()) (void)backend.deliver(p, target, "", false, &*last);
                    return;
                }
            }
            const std::string on_failure =
                destinations.value("OnFailure", Json::object()).value("Destination", "");
            const std::string dlq = p.config.value("DeadLetterConfig", Json::object()).value("TargetArn", "");
            Invocation failed;
            if (last)
                failed = *last;
            else {
                failed.function_error = "Unhandled";
                failed.payload =
                    Json{{"errorType", last.error().code}, {"errorMessage", last.error().message}}.dump();
            }
            failed.status_code = attempts; // carried to the record as approximateInvokeCount
            if (!on_failure.empty())
                (void)backend.deliver(p, on_failure, "", false, &failed);
            else if (!dlq.empty())
                (void)backend.deliver(p, dlq, p.event, true, &failed);
        } catch (const std::exception&) {
        }
    }).detach();
}

Result<void> LambdaBackend::deliver(const Prepared& p, const std::string& target, const std::string& body,
                                    bool dead_letter, const Invocation* outcome) {
    const std::string name = p.config["FunctionName"].get<std::string>();
    const std::string role = p.config.value("Role", "");
    auto session = exec_->sessions.session(p.function_arn + " " + role, p.account, role, name);
    if (!session) return session.error();
    std::string message = body;
    std::string error_code;
    std::string error_message;
    if (outcome != nullptr && !outcome->function_error.empty()) {
        auto e = json::parse(outcome->payload);
        error_code = "200";
        error_message = e && e->is_object() ? e->value("errorMessage", "") : outcome->payload;
    }
    if (!dead_letter) {
        // The invocation record Lambda sends to a destination.
        Json payload = Json::parse(p.event);
        Json response = json::parse(outcome->payload).value_or(Json(outcome->payload));
        Json record{
            {"version", "1.0"},
            {"timestamp", iso_ms(std::chrono::system_clock::now())},
            {"requestContext",
             {{"requestId", random_uuid()},
              {"functionArn", p.function_arn + ":" + p.config.value("Version", "$LATEST")},
              {"condition", outcome->function_error.empty() ? "Success" : "RetriesExhausted"},
              {"approximateInvokeCount", outcome->function_error.empty() ? 1 : outcome->status_code}}},
            {"requestPayload", payload},
            {"responseContext", {{"statusCode", 200}, {"executedVersion", outcome->executed_version}}},
            {"responsePayload", response}};
        if (!outcome->function_error.empty())
            record["responseContext"]["functionError"] = outcome->function_error;
        message = record.dump();
    }
    const auto parts = strings::split(target, ":");
    if (parts.size() < 6) return invalid_parameter("destination " + target + " is not an ARN");
    const std::string service = parts[2];
    const std::string region = parts[3];
    const std::string account = parts[4];
    Result<Json> sent = Json::object();
    if (service == "lambda") {
        LambdaCall as{session->caller, region, {}};
        auto r = invoke(as, target, "", message, InvocationType::Event);
        if (!r) sent = r.error();
    } else if (exec_->services == nullptr) {
        return service_error("no service registry for destination " + target);
    } else if (service == "sqs") {
        Json in{{"QueueUrl", sqs::SqsBackend::url(region, account, parts[5])}, {"MessageBody", message}};
        if (dead_letter) {
            in["MessageAttributes"] = {
                {"RequestID", {{"DataType", "String"}, {"StringValue", random_uuid()}}},
                {"ErrorCode",
                 {{"DataType", "Number"}, {"StringValue", error_code.empty() ? "200" : error_code}}},
                {"ErrorMessage", {{"DataType", "String"}, {"StringValue", error_message}}}};
        }
        sent = ServiceCalls(*exec_->services, session->caller, region).call("sqs", "SendMessage", in);
    } else if (service == "sns") {
        Json in{{"TopicArn", target}, {"Message", message}};
        sent = ServiceCalls(*exec_->services, session->caller, region).call("sns", "Publish", in);
    } else {
        return invalid_parameter("destination " + target + ": Lambda delivers to SQS, SNS and Lambda, not " +
                                 service);
    }
    if (!sent) {
        // Nothing to answer (the invocation was accepted long ago): the failure goes to the function's log.
        write_log(p, session->caller, "localcloud/destinations",
                  "localcloud: could not deliver the invocation record to " + target + ": " +
                      sent.error().code + ": " + sent.error().message);
        return sent.error();
    }
    return ok();
}

Result<Json> LambdaBackend::put_concurrency(const LambdaCall& call, const std::string& name,
                                            long long reserved) {
    if (reserved < 0 || reserved > 1000) {
        return invalid_parameter(
            "1 validation error detected: Value '" + std::to_string(reserved) +
            "' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have "
            "value greater than or equal to 0");
    }
    return modify(
        cloud_, call, name, "lambda:PutFunctionConcurrency",
        [&](Tx& tx, const Json& fn, const std::string& action) -> Result<void> {
            const std::string a = fn["Configuration"]["FunctionArn"].get<std::string>();
            return authorize(tx, call, &fn, action, a, strings::split(a, ":")[4]);
        },
        [&](Tx&, Json& fn, const std::string&) -> Result<Json> {
            fn["Concurrency"] = Json{{"ReservedConcurrentExecutions", reserved}};
            return fn["Concurrency"];
        });
}

Result<Json> LambdaBackend::get_concurrency(const LambdaCall& call, const std::string& name) {
    auto f = get_function(call, name, "lambda:GetFunctionConcurrency");
    if (!f) return f.error();
    return f->value("Concurrency", Json::object());
}

Result<void> LambdaBackend::delete_concurrency(const LambdaCall& call, const std::string& name) {
    auto r = modify(
        cloud_, call, name, "lambda:DeleteFunctionConcurrency",
        [&](Tx& tx, const Json& fn, const std::string& action) -> Result<void> {
            const std::string a = fn["Configuration"]["FunctionArn"].get<std::string>();
            return authorize(tx, call, &fn, action, a, strings::split(a, ":")[4]);
        },
        [&](Tx&, Json& fn, const std::string&) -> Result<Json> {
            fn.erase("Concurrency");
            return Json::object();
        });
    if (!r) return r.error();
    return ok();
}

Result<Json> LambdaBackend::put_event_invoke_config(const LambdaCall& call, const std::string& name,
                                                    const Json& input) {
    if (input.contains("MaximumRetryAttempts")) {
        const long long n = int_of(input, "MaximumRetryAttempts", -1);
        if (n < 0 || n > 2) {
            return invalid_parameter(
                "1 validation error detected: Value '" + input["MaximumRetryAttempts"].dump() +
                "' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value "
                "less than or equal to 2");
        }
    }
    if (input.contains("MaximumEventAgeInSeconds")) {
        const long long n = int_of(input, "MaximumEventAgeInSeconds", -1);
        if (n < 60 || n > 21600) {
            return invalid_parameter(
                "1 validation error detected: Value '" + input["MaximumEventAgeInSeconds"].dump() +
                "' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have "
                "value between 60 and 21600");
        }
    }
    const Json destinations = input.value("DestinationConfig", Json::object());
    for (const char* k : {"OnSuccess", "OnFailure"}) {
        const std::string target = destinations.value(k, Json::object()).value("Destination", "");
        if (target.empty()) continue;
        const auto parts = strings::split(target, ":");
        if (parts.size() < 6 || (parts[2] != "sqs" && parts[2] != "sns" && parts[2] != "lambda")) {
            return invalid_parameter("The destination ARN " + target +
                                     " is invalid: give an SQS queue, SNS topic or "
                                     "Lambda function ARN");
        }
    }
    return modify(
        cloud_, call, name, "lambda:PutFunctionEventInvokeConfig",
        [&](Tx& tx, const Json& fn, const std::string& action) -> Result<void> {
            const std::string a = fn["Configuration"]["FunctionArn"].get<std::string>();
            return authorize(tx, call, &fn, action, a, strings::split(a, ":")[4]);
        },
        [&](Tx&, Json& fn, const std::string& qualifier) -> Result<Json> {
            std::string function_arn = fn["Configuration"]["FunctionArn"].get<std::string>();
            function_arn +=
                ":" + input.value("Qualifier", qualifier.empty() ? std::string("$LATEST") : qualifier);
            Json config{{"FunctionArn", function_arn},
                        {"LastModified", static_cast<double>(std::time(nullptr))},
                        {"DestinationConfig", destinations}};
            for (const char* k : {"MaximumRetryAttempts", "MaximumEventAgeInSeconds"}) {
                if (input.contains(k)) config[k] = input[k];
            }
            fn["EventInvokeConfig"] = config;
            return config;
        });
}

Result<Json> LambdaBackend::get_event_invoke_config(const LambdaCall& call, const std::string& name) {
    auto f = get_function(call, name, "lambda:GetFunctionEventInvokeConfig");
    if (!f) return f.error();
    if (!f->contains("EventInvokeConfig")) {
        return not_found("The function " + (*f)["Configuration"]["FunctionArn"].get<std::string>() +
                         " doesn't have an EventInvokeConfig");
    }
    return (*f)["EventInvokeConfig"];
}

Result<void> LambdaBackend::delete_event_invoke_config(const LambdaCall& call, const std::string& name) {
    auto r = modify(
        cloud_, call, name, "lambda:DeleteFunctionEventInvokeConfig",
        [&](Tx& tx, const Json& fn, const std::string& action) -> Result<void> {
            const std::string a = fn["Configuration"]["FunctionArn"].get<std::string>();
            return authorize(tx, call, &fn, action, a, strings::split(a, ":")[4]);
        },
        [&](Tx&, Json& fn, const std::string&) -> Result<Json> {
            if (!fn.contains("EventInvokeConfig")) {
                return not_found("The function " + fn["Configuration"]["FunctionArn"].get<std::string>() +
                                 " doesn't have an EventInvokeConfig");
            }
            fn.erase("EventInvokeConfig");
            return Json::object();
        });
    if (!r) return r.error();
    return ok();
}

namespace {

const std::regex& alias_name_pattern() {
    static const std::regex pattern(R"(^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$)");
    return pattern;
}

/// Checks FunctionVersion and RoutingConfig against the function's versions, as Lambda does.
Result<void> check_alias_target(const Json& fn, const Json& alias) {
    const Json versions = fn.value("Versions", Json::object());
    const std::string version = alias.value("FunctionVersion", "");
    if (version != "$LATEST" && !versions.contains(version)) {
        return not_found("Function not found: " + fn["Configuration"]["FunctionArn"].get<std::string>() +
                         ":" + version);
    }
    double total = 0;
    const Json weights =
        alias.value("RoutingConfig", Json::object()).value("AdditionalVersionWeights", Json::object());
    for (const auto& [v, w] : weights.items()) {
        if (!versions.contains(v)) {
            return not_found("Function not found: " + fn["Configuration"]["FunctionArn"].get<std::string>() +
                             ":" + v);
        }
        if (!w.is_number() || w.get<double>() < 0 || w.get<double>() > 1) {
            return invalid_parameter("The weight of version " + v + " must be between 0.0 and 1.0");
        }
        if (v == version) return invalid_parameter("An alias cannot route traffic to its own version twice");
        total += w.get<double>();
    }
    if (total > 1) return invalid_parameter("The sum of the additional version weights must not exceed 1.0");
    return ok();
}

} // namespace

double LambdaBackend::random_unit() {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

std::string LambdaBackend::route_alias(const Json& alias, double draw) {
    const Json weights =
        alias.value("RoutingConfig", Json::object()).value("AdditionalVersionWeights", Json::object());
    double edge = 0;
    for (const auto& [version, weight] : weights.items()) {
        edge += weight.get<double>();
        if (draw < edge) return version;
    }
    return alias.value("FunctionVersion", "$LATEST");
}

Result<Json> LambdaBackend::create_alias(const LambdaCall& call, const std::string& name, const Json& input) {
    return modify(
        cloud_, call, name, "lambda:CreateAlias", function_authorizer(call),
        [&](Tx&, Json& fn, const std::string&) -> Result<Json> {
            const std::string alias_name = input.value("Name", "");
            if (!std::regex_match(alias_name, alias_name_pattern())) {
                return invalid_parameter("1 validation error detected: Value '" + alias_name +
                                         "' at 'name' failed to satisfy constraint: Member must "
                                         "satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)");
            }
            if (fn.value("Aliases", Json::object()).contains(alias_name)) {
                return conflict("Alias already exists: " +
                                fn["Configuration"]["FunctionArn"].get<std::string>() + ":" + alias_name);
            }
            Json alias{{"AliasArn", fn["Configuration"]["FunctionArn"].get<std::string>() + ":" + alias_name},
                       {"Name", alias_name},
                       {"FunctionVersion", input.value("FunctionVersion", "")},
                       {"Description", input.value("Description", "")},
                       {"RevisionId", random_uuid()}};
            if (input.contains("RoutingConfig")) alias["RoutingConfig"] = input["RoutingConfig"];
            if (auto c = check_alias_target(fn, alias); !c) return c.error();
            fn["Aliases"][alias_name] = alias;
            return alias;
        });
}

Result<Json> LambdaBackend::get_alias(const LambdaCall& call, const std::string& name,
                                      const std::string& alias) {
    auto fn = get_function(call, name, "lambda:GetAlias");
    if (!fn) return fn.error();
    const Json aliases = fn->value("Aliases", Json::object());
    if (!aliases.contains(alias)) {
        return not_found("Alias not found: " + (*fn)["Configuration"]["FunctionArn"].get<std::string>() +
                         ":" + alias);
    }
    return aliases[alias];
}

Result<std::vector<Json>> LambdaBackend::list_aliases(const LambdaCall& call, const std::string& name) {
    auto fn = get_function(call, name, "lambda:ListAliases");
    if (!fn) return fn.error();
    std::vector<Json> out;
    const Json aliases = fn->value("Aliases", Json::object());
    for (const auto& [n, a] : aliases.items()) {
        (void)n;
        out.push_back(a);
    }
    return out;
}

Result<Json> LambdaBackend::update_alias(const LambdaCall& call, const std::string& name, const Json& input) {
    return modify(
        cloud_, call, name, "lambda:UpdateAlias", function_authorizer(call),
        [&](Tx&, Json& fn, const std::string&) -> Result<Json> {
            const std::string alias_name = input.value("Name", "");
            if (!fn.value("Aliases", Json::object()).contains(alias_name)) {
                return not_found("Alias not found: " + fn["Configuration"]["FunctionArn"].get<std::string>() +
                                 ":" + alias_name);
            }
            Json alias = fn["Aliases"][alias_name];
            if (input.contains("RevisionId") && input["RevisionId"] != alias["RevisionId"]) {
                return make_error("PreconditionFailedException",
                                  "The Revision Id provided does not match the latest Revision Id. Call "
                                  "the GetAlias API to retrieve the latest Revision Id",
                                  412);
            }
            for (const char* k : {"FunctionVersion", "Description", "RoutingConfig"}) {
                if (input.contains(k)) alias[k] = input[k];
            }
            alias["RevisionId"] = random_uuid();
            if (auto c = check_alias_target(fn, alias); !c) return c.error();
            fn["Aliases"][alias_name] = alias;
            return alias;
        });
}

Result<void> LambdaBackend::delete_alias(const LambdaCall& call, const std::string& name,
                                         const std::string& alias) {
    auto r = modify(cloud_, call, name, "lambda:DeleteAlias", function_authorizer(call),
                    [&](Tx&, Json& fn, const std::string&) -> Result<Json> {
                        if (fn.contains("Aliases")) fn["Aliases"].erase(alias);
                        return Json::object();
                    });
    if (!r) return r.error();
    return ok();
}

} // namespace cdk::localcloud::lambda
