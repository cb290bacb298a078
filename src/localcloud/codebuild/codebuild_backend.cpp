#include "localcloud/codebuild/codebuild_backend.hpp"

#include "core/parse_int.hpp"
#include "core/strings.hpp"
#include "localcloud/codebuild/build_runner.hpp"
#include "localcloud/codebuild/codebuild_errors.hpp"
#include "localcloud/state/ids.hpp"

#include <csignal>
#include <fstream>
#include <regex>
#include <thread>

namespace cdk::localcloud::codebuild {

namespace {

constexpr const char* kProjectKind = "codebuild:project";
constexpr const char* kBuildKind = "codebuild:build";
/// Builds not yet ended, across accounts and regions (scope "", ""), named `<account>/<region>/<build id>`.
constexpr const char* kRunningKind = "codebuild:running";

double now_epoch() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Scope scope(const std::string& account, const std::string& region) {
    return Scope{account, region};
}

std::string str(const Json& in, const char* key) {
    return in.contains(key) && in[key].is_string() ? in[key].get<std::string>() : std::string{};
}

/// A project name, or a project ARN reduced to its name.
std::string project_name_of(const std::string& name_or_arn) {
    const auto slash = name_or_arn.find(":project/");
    if (strings::starts_with(name_or_arn, "arn:") && slash != std::string::npos)
        return name_or_arn.substr(slash + 9);
    return name_or_arn;
}

/// A build id (`project:uuid`) or build ARN reduced to the id.
std::string build_id_of(const std::string& id_or_arn) {
    const auto at = id_or_arn.find(":build/");
    if (strings::starts_with(id_or_arn, "arn:") && at != std::string::npos) return id_or_arn.substr(at + 7);
    return id_or_arn;
}

Result<void> check_range(const Json& in, const char* key, int low, int high) {
    if (!in.contains(key)) return ok();
    if (!in[key].is_number_integer() || in[key].get<long long>() < low || in[key].get<long long>() > high) {
        return invalid_input("1 validation error detected: Value '" + in[key].dump() + "' at '" + key +
                             "' failed to satisfy constraint: Member must have value between " +
                             std::to_string(low) + " and " + std::to_string(high));
    }
    return ok();
}

Result<void> check_enum(const std::string& what, const std::string& value,
                        std::initializer_list<const char*> allowed) {
    for (const char* a : allowed) {
        if (value == a) return ok();
    }
    std::string list;
    for (const char* a : allowed)
        list += (list.empty() ? "" : ", ") + std::string(a);
    return invalid_input("Invalid " + what + ": " + value + " (one of " + list + ")");
}

Result<void> validate_source(const Json& source, const std::string& what) {
    const std::string type = str(source, "type");
    if (auto e = check_enum(what + " type", type,
                            {"CODECOMMIT", "CODEPIPELINE", "GITHUB", "GITLAB", "GITLAB_SELF_MANAGED", "S3",
                             "BITBUCKET", "GITHUB_ENTERPRISE", "NO_SOURCE"});
        !e) {
        return e;
    }
    if (type == "NO_SOURCE" && str(source, "buildspec").empty()) {
        return invalid_input("Project source buildspec cannot be empty for NO_SOURCE source type");
    }
    if (type == "S3" && str(source, "location").find('/') == std::string::npos) {
        return invalid_input("Invalid source location: " + str(source, "location") +
                             "; an S3 source is bucket/key of a zip object");
    }
    if (type != "NO_SOURCE" && type != "CODEPIPELINE" && str(source, "location").empty()) {
        return invalid_input("Source location is required for " + type + " source type");
    }
    return ok();
}

Result<void> validate_artifacts(const Json& artifacts, const std::string& what) {
    const std::string type = str(artifacts, "type");
    if (auto e = check_enum(what + " type", type, {"CODEPIPELINE", "S3", "NO_ARTIFACTS"}); !e) return e;
    if (type == "S3" && str(artifacts, "location").empty()) {
        return invalid_input("Artifacts location is required for S3 artifacts");
    }
    if (artifacts.contains("packaging")) {
        if (auto e = check_enum(what + " packaging", str(artifacts, "packaging"), {"NONE", "ZIP"}); !e)
            return e;
    }
    if (artifacts.contains("namespaceType")) {
        if (auto e =
                check_enum(what + " namespaceType", str(artifacts, "namespaceType"), {"NONE", "BUILD_ID"});
            !e) {
            return e;
        }
    }
    return ok();
}

/// Checks a whole project as CodeBuild does before it is stored.
Result<void> validate_project(const Json& p) {
    static const std::regex kName(R"(^[A-Za-z0-9][A-Za-z0-9\-_]{1,254}$)");
    const std::string name = str(p, "name");
    if (!std::regex_match(name, kName)) {
        return invalid_input(
            "1 validation error detected: Value '" + name +
            "' at 'name' failed to satisfy constraint: Member must satisfy regular expression "
            "pattern: [A-Za-z0-9][A-Za-z0-9\\-_]{1,254}");
    }
    if (!p.contains("source") || !p["source"].is_object()) return invalid_input("Project source is required");
    if (auto e = validate_source(p["source"], "source"); !e) return e;
    if (!p.contains("artifacts") || !p["artifacts"].is_object())
        return invalid_input("Project artifacts is required");
    if (auto e = validate_artifacts(p["artifacts"], "artifacts"); !e) return e;
    const bool pipeline_source = str(p["source"], "type") == "CODEPIPELINE";
    const bool pipeline_artifacts = str(p["artifacts"], "type") == "CODEPIPELINE";
    if (pipeline_source != pipeline_artifacts) {
        return invalid_input("Both source and artifacts must be set to CodePipeline");
    }
    for (const auto& s : p.value("secondarySources", Json::array())) {
        if (str(s, "sourceIdentifier").empty())
            return invalid_input("Secondary source identifier is required");
        if (auto e = validate_source(s, "secondary source"); !e) return e;
    }
    for (const auto& a : p.value("secondaryArtifacts", Json::array())) {
        if (str(a, "artifactIdentifier").empty())
            return invalid_input("Secondary artifact identifier is required");
        if (auto e = validate_artifacts(a, "secondary artifacts"); !e) return e;
    }
    if (!p.contains("environment") || !p["environment"].is_object()) {
        return invalid_input("Project environment is required");
    }
    const Json& env = p["environment"];
    if (str(env, "image").empty()) return invalid_input("Project environment image is required");
    if (auto e =
            check_enum("environment type", str(env, "type"),
                       {"WINDOWS_CONTAINER", "LINUX_CONTAINER", "LINUX_GPU_CONTAINER", "ARM_CONTAINER",
                        "WINDOWS_SERVER_2019_CONTAINER", "LINUX_LAMBDA_CONTAINER", "ARM_LAMBDA_CONTAINER"});
        !e) {
        return e;
    }
    if (str(env, "computeType").empty()) return invalid_input("Project environment computeType is required");
    for (const auto& v : env.value("environmentVariables", Json::array())) {
        if (str(v, "name").empty()) return invalid_input("Environment variable name is required");
        if (v.contains("type")) {
            if (auto e = check_enum("environment variable type", str(v, "type"),
                                    {"PLAINTEXT", "PARAMETER_STORE", "SECRETS_MANAGER"});
                !e) {
                return e;
            }
        }
    }
    if (p.contains("cache")) {
        if (auto e = check_enum("cache type", str(p["cache"], "type"), {"NO_CACHE", "S3", "LOCAL"}); !e)
            return e;
    }
    if (auto e = check_range(p, "timeoutInMinutes", 5, 2160); !e) return e;
    if (auto e = check_range(p, "queuedTimeoutInMinutes", 5, 480); !e) return e;
    if (str(p, "serviceRole").empty()) return invalid_input("Project serviceRole is required");
    return ok();
}

/// Project members CreateProject/UpdateProject take as they are.
constexpr const char* kProjectMembers[] = {"description",
                                           "source",
                                           "secondarySources",
                                           "sourceVersion",
                                           "secondarySourceVersions",
                                           "artifacts",
                                           "secondaryArtifacts",
                                           "cache",
                                           "environment",
                                           "serviceRole",
                                           "timeoutInMinutes",
                                           "queuedTimeoutInMinutes",
                                           "encryptionKey",
                                           "tags",
                                           "vpcConfig",
                                           "logsConfig",
                                           "fileSystemLocations",
                                           "buildBatchConfig",
                                           "concurrentBuildLimit"};

std::string initiator_of(const Caller& caller) {
    if (caller.type == "user") return caller.user_name;
    if (caller.type == "session") return caller.role_name + "/" + caller.session_name;
    return "root";
}

/// The processes of a build that outlived a kill -9 of localcloud (found by the CODEBUILD_BUILD_ID in their
/// environment), killed with their process groups.
void kill_leftovers(const std::string& build_id) {
    const std::string needle = "CODEBUILD_BUILD_ID=" + build_id;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
        const std::string pid_text = entry.path().filename().string();
        const auto pid_number = cdk::parse_int<pid_t>(pid_text);
        if (!pid_number) continue;
        std::ifstream in(entry.path() / "environ", std::ios::binary);
        std::string env((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        bool found = false;
        for (const auto& v : strings::split(env, std::string_view("\0", 1)))
            found = found || v == needle;
        if (!found) continue;
        const pid_t pid = *pid_number;
        const pid_t group = ::getpgid(pid);
        if (group > 1) ::kill(-group, SIGKILL);
        ::kill(pid, SIGKILL);
    }
}

} // namespace

std::string CodeBuildBackend::project_arn(const std::string& region, const std::string& account,
                                          const std::string& name) {
    return "arn:aws:codebuild:" + region + ":" + account + ":project/" + name;
}

Json CodeBuildBackend::public_view(const Json& record) {
    Json out = Json::object();
    for (const auto& [k, v] : record.items()) {
        if (!k.empty() && k[0] != '_') out[k] = v;
    }
    return out;
}

CodeBuildBackend::CodeBuildBackend(CloudContext& cloud, ServiceRegistry& services)
    : cloud_(cloud), services_(services) {
    recover();
    runner_ = std::make_unique<BuildRunner>(cloud_, services_, *this);
}

CodeBuildBackend::~CodeBuildBackend() = default;

void CodeBuildBackend::shutdown() {
    runner_.reset();
}

void CodeBuildBackend::recover() {
    auto running = cloud_.store.read<std::vector<std::pair<std::string, Json>>>([&](Tx& tx) {
        return tx.list(Scope{"", ""}, kRunningKind);
    });
    if (!running) return;
    for (const auto& [key, index] : *running) {
        const std::string account = index.value("account", "");
        const std::string region = index.value("region", "");
        const std::string id = index.value("id", "");
        kill_leftovers(id);
        (void)cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
            auto found = tx.get(scope(account, region), kBuildKind, id);
            if (!found) return found.error();
            if (found->has_value() && !(**found).value("buildComplete", false)) {
                Json build = std::move(**found);
                const double t = now_epoch();
                if (build["phases"].is_array() && !build["phases"].empty()) {
                    Json& last = build["phases"].back();
                    last["phaseStatus"] = "FAILED";
                    last["endTime"] = t;
                    last["durationInSeconds"] = static_cast<long long>(t - last.value("startTime", t));
                    last["contexts"] = Json::array({Json{
                        {"statusCode", "CLIENT_ERROR"},
                        {"message",
                         "localcloud stopped while the build was " +
                             std::string(last.value("phaseType", "") == "QUEUED" ? "queued" : "running") +
                             "; the build did not finish (start it again)"}}});
                }
                build["phases"].push_back(Json{{"phaseType", "COMPLETED"}, {"startTime", t}});
                build["currentPhase"] = "COMPLETED";
                build["buildStatus"] = "FAILED";
                build["buildComplete"] = true;
                build["endTime"] = t;
                build.erase("_project");
                if (auto p = tx.put(scope(account, region), kBuildKind, id, build); !p) return p.error();
            }
            if (auto e = tx.erase(Scope{"", ""}, kRunningKind, key); !e) return e.error();
            return true;
        });
    }
}

Result<void> CodeBuildBackend::authorize(Tx& tx, const CodeBuildCall& call, const std::string& action,
                                         const std::string& resource, const std::string& account) {
    return cloud_.iam.authorize(tx, call.caller, action, resource, account, std::nullopt,
                                iam::ResourcePolicyMode::None, call.context, "AccessDeniedException");
}

namespace {

/// iam:PassRole for the service role, which must trust codebuild.amazonaws.com; a role name becomes its ARN.
Result<std::string> check_service_role(CloudContext& cloud, Tx& tx, const CodeBuildCall& call,
                                       std::string role) {
    if (!strings::starts_with(role, "arn:")) role = "arn:aws:iam::" + call.caller.account() + ":role/" + role;
    if (auto p = cloud.iam.authorize_pass_role(tx, call.caller, role, call.context); !p) {
        return make_error("AccessDeniedException", p.error().message, 400);
    }
    auto trusted = cloud.iam.trusts_service(tx, role, "codebuild.amazonaws.com", call.context);
    if (!trusted) return trusted.error();
    if (!*trusted) return invalid_input("CodeBuild is not authorized to perform: sts:AssumeRole on " + role);
    return role;
}

/// Fills in what CodeBuild adds to a stored project.
void complete_project(Json& p, const std::string& region, const std::string& account) {
    if (!p.contains("cache")) p["cache"] = Json{{"type", "NO_CACHE"}};
    if (!p.contains("timeoutInMinutes")) p["timeoutInMinutes"] = 60;
    if (!p.contains("queuedTimeoutInMinutes")) p["queuedTimeoutInMinutes"] = 480;
    if (!p.contains("encryptionKey"))
        p["encryptionKey"] = "arn:aws:kms:" + region + ":" + account + ":alias/aws/s3";
    if (!p.contains("logsConfig")) {
        p["logsConfig"] =
            Json{{"cloudWatchLogs", {{"status", "ENABLED"}}}, {"s3Logs", {{"status", "DISABLED"}}}};
    }
    if (!p["environment"].contains("environmentVariables"))
        p["environment"]["environmentVariables"] = Json::array();
    if (!p["environment"].contains("privilegedMode")) p["environment"]["privilegedMode"] = false;
    if (!p["environment"].contains("imagePullCredentialsType"))
        p["environment"]["imagePullCredentialsType"] = "CODEBUILD";
    if (!p.contains("tags")) p["tags"] = Json::array();
    p["badge"] = Json{{"badgeEnabled", false}};
    p["projectVisibility"] = "PRIVATE";
}

} // namespace

Result<Json> CodeBuildBackend::create_project(const CodeBuildCall& call, const Json& input) {
    Json p = Json::object();
    p["name"] = str(input, "name");
    for (const char* k : kProjectMembers) {
        if (input.contains(k)) p[k] = input[k];
    }
    if (auto v = validate_project(p); !v) return v.error();
    const std::string account = call.caller.account();
    const std::string name = p["name"].get<std::string>();
    const std::string arn = project_arn(call.region, account, name);
    return cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
        if (auto a = authorize(tx, call, "codebuild:CreateProject", arn, account); !a) return a.error();
        auto role = check_service_role(cloud_, tx, call, p["serviceRole"].get<std::string>());
        if (!role) return role.error();
        p["serviceRole"] = *role;
        auto existing = tx.get(scope(account, call.region), kProjectKind, name);
        if (!existing) return existing.error();
        if (existing->has_value()) return already_exists("Project already exists: " + arn);
        p["arn"] = arn;
        const double t = now_epoch();
        p["created"] = t;
        p["lastModified"] = t;
        complete_project(p, call.region, account);
        p["_nextBuildNumber"] = 1;
        if (auto put = tx.put(scope(account, call.region), kProjectKind, name, p); !put) return put.error();
        return public_view(p);
    });
}

Result<Json> CodeBuildBackend::update_project(const CodeBuildCall& call, const Json& input) {
    const std::string account = call.caller.account();
    const std::string name = project_name_of(str(input, "name"));
    const std::string arn = project_arn(call.region, account, name);
    return cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
        if (auto a = authorize(tx, call, "codebuild:UpdateProject", arn, account); !a) return a.error();
        auto existing = tx.get(scope(account, call.region), kProjectKind, name);
        if (!existing) return existing.error();
        if (!existing->has_value()) return not_found("Project cannot be found: " + arn);
        Json p = std::move(**existing);
        for (const char* k : kProjectMembers) {
            if (input.contains(k)) p[k] = input[k];
        }
        if (auto v = validate_project(p); !v) return v.error();
        if (input.contains("serviceRole")) {
            auto role = check_service_role(cloud_, tx, call, p["serviceRole"].get<std::string>());
            if (!role) return role.error();
            p["serviceRole"] = *role;
        }
        p["lastModified"] = now_epoch();
        complete_project(p, call.region, account);
        if (auto put = tx.put(scope(account, call.region), kProjectKind, name, p); !put) return put.error();
        return public_view(p);
    });
}

Result<void> CodeBuildBackend::delete_project(const CodeBuildCall& call, const std::string& name_or_arn) {
    const std::string account = call.caller.account();
    const std::string name = project_name_of(name_or_arn);
    const std::string arn = project_arn(call.region, account, name);
    auto r = cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        if (auto a = authorize(tx, call, "codebuild:DeleteProject", arn, account); !a) return a.error();
        // Deleting a project that does not exist succeeds, as in CodeBuild.
        return tx.erase(scope(account, call.region), kProjectKind, name);
    });
    if (!r) return r.error();
    return ok();
}

Result<Json> CodeBuildBackend::batch_get_projects(const CodeBuildCall& call, const Json& names) {
    if (!names.is_array() || names.empty() || names.size() > 100) {
        return invalid_input(
            "1 validation error detected: Value at 'names' failed to satisfy constraint: Member must "
            "have length less than or equal to 100 and greater than or equal to 1");
    }
    const std::string account = call.caller.account();
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        Json found = Json::array();
        Json missing = Json::array();
        for (const auto& n : names) {
            const std::string given = n.is_string() ? n.get<std::string>() : std::string{};
            const std::string name = project_name_of(given);
            if (auto a = authorize(tx, call, "codebuild:BatchGetProjects",
                                   project_arn(call.region, account, name), account);
                !a) {
                return a.error();
            }
            auto p = tx.get(scope(account, call.region), kProjectKind, name);
            if (!p) return p.error();
            if (p->has_value())
                found.push_back(public_view(**p));
            else
                missing.push_back(given);
        }
        return Json{{"projects", found}, {"projectsNotFound", missing}};
    });
}

Result<Json> CodeBuildBackend::list_projects(const CodeBuildCall& call, const Json& input) {
    const std::string account = call.caller.account();
    const std::string sort_by = input.value("sortBy", "NAME");
    const std::string order = input.value("sortOrder", "ASCENDING");
    if (auto e = check_enum("sortBy", sort_by, {"NAME", "CREATED_TIME", "LAST_MODIFIED_TIME"}); !e)
        return e.error();
    if (auto e = check_enum("sortOrder", order, {"ASCENDING", "DESCENDING"}); !e) return e.error();
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        if (auto a = authorize(tx, call, "codebuild:ListProjects", "*", account); !a) return a.error();
        auto rows = tx.list(scope(account, call.region), kProjectKind);
        if (!rows) return rows.error();
        std::vector<std::pair<double, std::string>> keyed;
        for (const auto& [name, p] : *rows) {
            const double k = sort_by == "CREATED_TIME"         ? p.value("created", 0.0)
                             : sort_by == "LAST_MODIFIED_TIME" ? p.value("lastModified", 0.0)
                                                               : 0.0;
            keyed.emplace_back(k, name);
        }
        std::stable_sort(keyed.begin(), keyed.end());
        if (order == "DESCENDING") std::reverse(keyed.begin(), keyed.end());
        Json out = Json::array();
        for (const auto& [k, name] : keyed)
            out.push_back(name);
        return Json{{"projects", out}};
    });
}

namespace {

/// The project as this build sees it: StartBuild's overrides applied.
Result<Json> effective_project(const Json& project, const Json& in) {
    Json p = project;
    if (in.contains("sourceTypeOverride")) p["source"]["type"] = in["sourceTypeOverride"];
    if (in.contains("sourceLocationOverride")) p["source"]["location"] = in["sourceLocationOverride"];
    if (in.contains("buildspecOverride")) p["source"]["buildspec"] = in["buildspecOverride"];
    if (in.contains("gitCloneDepthOverride")) p["source"]["gitCloneDepth"] = in["gitCloneDepthOverride"];
    if (in.contains("secondarySourcesOverride")) p["secondarySources"] = in["secondarySourcesOverride"];
    if (in.contains("artifactsOverride")) p["artifacts"] = in["artifactsOverride"];
    if (in.contains("secondaryArtifactsOverride")) p["secondaryArtifacts"] = in["secondaryArtifactsOverride"];
    if (in.contains("cacheOverride")) p["cache"] = in["cacheOverride"];
    if (in.contains("imageOverride")) p["environment"]["image"] = in["imageOverride"];
    if (in.contains("computeTypeOverride")) p["environment"]["computeType"] = in["computeTypeOverride"];
    if (in.contains("environmentTypeOverride")) p["environment"]["type"] = in["environmentTypeOverride"];
    if (in.contains("timeoutInMinutesOverride")) p["timeoutInMinutes"] = in["timeoutInMinutesOverride"];
    if (in.contains("queuedTimeoutInMinutesOverride"))
        p["queuedTimeoutInMinutes"] = in["queuedTimeoutInMinutesOverride"];
    if (in.contains("environmentVariablesOverride")) {
        // An override replaces the project's variable of the same name and adds the others.
        Json vars = p["environment"].value("environmentVariables", Json::array());
        for (const auto& o : in["environmentVariablesOverride"]) {
            bool replaced = false;
            for (auto& v : vars) {
                if (v.value("name", "") == o.value("name", "")) {
                    v = o;
                    replaced = true;
                }
            }
            if (!replaced) vars.push_back(o);
        }
        p["environment"]["environmentVariables"] = vars;
    }
    Json check = in;
    check["timeoutInMinutes"] = p["timeoutInMinutes"];
    if (auto e = check_range(check, "timeoutInMinutes", 5, 2160); !e) return e.error();
    if (auto e = check_range(in, "queuedTimeoutInMinutesOverride", 5, 480); !e) return e.error();
    if (auto e = validate_source(p["source"], "source"); !e) return e.error();
    if (auto e = validate_artifacts(p["artifacts"], "artifacts"); !e) return e.error();
    return p;
}

} // namespace

Result<Json> CodeBuildBackend::start_build(const StartBuildRequest& request) {
    const CodeBuildCall& call = request.call;
    const Json& in = request.input;
    const std::string account = call.caller.account();
    const std::string name = project_name_of(str(in, "projectName"));
    const std::string arn = project_arn(call.region, account, name);
    const std::string uuid = random_uuid();
    const std::string id = name + ":" + uuid;
    auto started = cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
        if (auto a = authorize(tx, call, request.action, arn, account); !a) return a.error();
        auto found = tx.get(scope(account, call.region), kProjectKind, name);
        if (!found) return found.error();
        if (!found->has_value()) return not_found("Project cannot be found: " + arn);
        Json project = std::move(**found);
        auto effective = effective_project(project, in);
        if (!effective) return effective.error();
        if (in.contains("serviceRoleOverride")) {
            auto role = check_service_role(cloud_, tx, call, str(in, "serviceRoleOverride"));
            if (!role) return role.error();
            (*effective)["serviceRole"] = *role;
        }
        const long long number = project.value("_nextBuildNumber", 1LL);
        project["_nextBuildNumber"] = number + 1;
        if (auto put = tx.put(scope(account, call.region), kProjectKind, name, project); !put)
            return put.error();
        const double t = now_epoch();
        const std::string group = "/aws/codebuild/" + name;
        Json build{{"id", id},
                   {"arn", "arn:aws:codebuild:" + call.region + ":" + account + ":build/" + id},
                   {"buildNumber", number},
                   {"startTime", t},
                   {"currentPhase", "QUEUED"},
                   {"buildStatus", "IN_PROGRESS"},
                   {"projectName", name},
                   {"phases", Json::array({Json{{"phaseType", "SUBMITTED"},
                                                {"phaseStatus", "SUCCEEDED"},
                                                {"startTime", t},
                                                {"endTime", t},
                                                {"durationInSeconds", 0}},
                                           Json{{"phaseType", "QUEUED"}, {"startTime", t}}})},
                   {"source", (*effective)["source"]},
                   {"secondarySources", effective->value("secondarySources", Json::array())},
                   {"artifacts", Json::object()},
                   {"cache", (*effective)["cache"]},
                   {"environment", (*effective)["environment"]},
                   {"serviceRole", (*effective)["serviceRole"]},
                   {"logs",
                    {{"groupName", group},
                     {"streamName", uuid},
                     {"deepLink", "https://console.aws.amazon.com/cloudwatch/home?region=" + call.region +
                                      "#logsV2:log-groups/log-group/$252Faws$252Fcodebuild$252F" + name +
                                      "/log-events/" + uuid},
                     {"cloudWatchLogsArn", "arn:aws:logs:" + call.region + ":" + account +
                                               ":log-group:" + group + ":log-stream:" + uuid},
                     {"cloudWatchLogs", {{"status", "ENABLED"}}},
                     {"s3Logs", {{"status", "DISABLED"}}}}},
                   {"timeoutInMinutes", (*effective)["timeoutInMinutes"]},
                   {"queuedTimeoutInMinutes", (*effective)["queuedTimeoutInMinutes"]},
                   {"buildComplete", false},
                   {"initiator", request.initiator.empty() ? initiator_of(call.caller) : request.initiator},
                   {"encryptionKey", (*effective)["encryptionKey"]},
                   {"_project", *effective},
                   {"_start", in}};
        const std::string version =
            in.contains("sourceVersion") ? str(in, "sourceVersion") : str(project, "sourceVersion");
        if (!version.empty()) {
            build["sourceVersion"] = version;
            build["resolvedSourceVersion"] = version;
        }
        if ((*effective).contains("secondaryArtifacts")) build["secondaryArtifacts"] = Json::array();
        if (auto put = tx.put(scope(account, call.region), kBuildKind, id, build); !put) return put.error();
        if (auto put = tx.put(Scope{"", ""}, kRunningKind, account + "/" + call.region + "/" + id,
                              Json{{"account", account}, {"region", call.region}, {"id", id}});
            !put) {
            return put.error();
        }
        return build;
    });
    if (!started) return started.error();
    BuildJob job{
        account, call.region, id, request.input_artifacts, request.output_artifacts, request.on_complete};
    job.queued_timeout_minutes = (*started).value("queuedTimeoutInMinutes", 480);
    if (runner_ != nullptr) runner_->submit(std::move(job));
    return public_view(*started);
}

Result<Json> CodeBuildBackend::load_build(const std::string& account, const std::string& region,
                                          const std::string& id) {
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto found = tx.get(scope(account, region), kBuildKind, id);
        if (!found) return found.error();
        if (!found->has_value()) return not_found("Build cannot be found: " + id);
        return std::move(**found);
    });
}

Result<Json> CodeBuildBackend::load_project(const std::string& account, const std::string& region,
                                            const std::string& name) {
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto found = tx.get(scope(account, region), kProjectKind, name);
        if (!found) return found.error();
        if (!found->has_value()) return not_found("Project cannot be found: " + name);
        return std::move(**found);
    });
}

Result<Json> CodeBuildBackend::batch_get_builds(const CodeBuildCall& call, const Json& ids) {
    if (!ids.is_array() || ids.empty() || ids.size() > 100) {
        return invalid_input(
            "1 validation error detected: Value at 'ids' failed to satisfy constraint: Member must "
            "have length less than or equal to 100 and greater than or equal to 1");
    }
    const std::string account = call.caller.account();
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        Json found = Json::array();
        Json missing = Json::array();
        for (const auto& v : ids) {
            const std::string given = v.is_string() ? v.get<std::string>() : std::string{};
            const std::string id = build_id_of(given);
            const std::string project = id.substr(0, id.find(':'));
            if (auto a = authorize(tx, call, "codebuild:BatchGetBuilds",
                                   project_arn(call.region, account, project), account);
                !a) {
                return a.error();
            }
            auto b = tx.get(scope(account, call.region), kBuildKind, id);
            if (!b) return b.error();
            if (b->has_value())
                found.push_back(public_view(**b));
            else
                missing.push_back(given);
        }
        return Json{{"builds", found}, {"buildsNotFound", missing}};
    });
}

Result<Json> CodeBuildBackend::stop_build(const CodeBuildCall& call, const std::string& given) {
    const std::string account = call.caller.account();
    const std::string id = build_id_of(given);
    const std::string project = id.substr(0, id.find(':'));
    auto build = cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        if (auto a = authorize(tx, call, "codebuild:StopBuild", project_arn(call.region, account, project),
                               account);
            !a) {
            return a.error();
        }
        auto b = tx.get(scope(account, call.region), kBuildKind, id);
        if (!b) return b.error();
        if (!b->has_value()) return not_found("Build cannot be found: " + given);
        return std::move(**b);
    });
    if (!build) return build.error();
    if (runner_ != nullptr && runner_->stop(id)) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (runner_->active(id) && std::chrono::steady_clock::now() < until) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        auto now = load_build(account, call.region, id);
        if (now) return public_view(*now);
    }
    return public_view(*build);
}

Result<Json> CodeBuildBackend::list_builds_for_project(const CodeBuildCall& call, const Json& input) {
    const std::string account = call.caller.account();
    const std::string name = project_name_of(str(input, "projectName"));
    const std::string arn = project_arn(call.region, account, name);
    const std::string order = input.value("sortOrder", "DESCENDING");
    if (auto e = check_enum("sortOrder", order, {"ASCENDING", "DESCENDING"}); !e) return e.error();
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        if (auto a = authorize(tx, call, "codebuild:ListBuildsForProject", arn, account); !a)
            return a.error();
        auto p = tx.get(scope(account, call.region), kProjectKind, name);
        if (!p) return p.error();
        if (!p->has_value()) return not_found("The provided project name " + name + " does not exist");
        auto rows = tx.list(scope(account, call.region), kBuildKind, name + ":");
        if (!rows) return rows.error();
        std::vector<std::pair<long long, std::string>> keyed;
        for (const auto& [id, b] : *rows)
            keyed.emplace_back(b.value("buildNumber", 0LL), id);
        std::sort(keyed.begin(), keyed.end());
        if (order == "DESCENDING") std::reverse(keyed.begin(), keyed.end());
        Json ids = Json::array();
        for (const auto& [n, id] : keyed)
            ids.push_back(id);
        return Json{{"ids", ids}};
    });
}

Result<Json> CodeBuildBackend::retry_build(const CodeBuildCall& call, const std::string& given) {
    const std::string id = build_id_of(given);
    auto build = load_build(call.caller.account(), call.region, id);
    if (!build) {
        // Authorize first, so that a caller without rights learns nothing about the build.
        auto denied = cloud_.store.read<bool>([&](Tx& tx) -> Result<bool> {
            if (auto a =
                    authorize(tx, call, "codebuild:RetryBuild",
                              project_arn(call.region, call.caller.account(), id.substr(0, id.find(':'))),
                              call.caller.account());
                !a) {
                return a.error();
            }
            return true;
        });
        if (!denied) return denied.error();
        return not_found("Build cannot be found: " + given);
    }
    auto allowed = cloud_.store.read<bool>([&](Tx& tx) -> Result<bool> {
        if (auto a = authorize(
                tx, call, "codebuild:RetryBuild",
                project_arn(call.region, call.caller.account(), (*build)["projectName"].get<std::string>()),
                call.caller.account());
            !a) {
            return a.error();
        }
        return true;
    });
    if (!allowed) return allowed.error();
    if (!(*build).value("buildComplete", false)) {
        return invalid_input("Build " + id + " is not complete: only a completed build can be retried");
    }
    StartBuildRequest request;
    request.call = call;
    request.input = (*build).value("_start", Json{{"projectName", (*build)["projectName"]}});
    request.action = "codebuild:RetryBuild";
    return start_build(request);
}

} // namespace cdk::localcloud::codebuild
