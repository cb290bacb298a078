#include "core/strings.hpp"
#include "localcloud/auth/authenticator.hpp"
#include "localcloud/cloudformation/stack_engine.hpp"
#include "localcloud/codebuild/codebuild_backend.hpp"
#include "localcloud/codepipeline/codepipeline_backend.hpp"
#include "localcloud/codepipeline/pipeline_records.hpp"
#include "localcloud/codepipeline/pipeline_structure.hpp"
#include "localcloud/repos/repos.hpp"
#include "localcloud/server/child_process.hpp"
#include "localcloud/server/service_calls.hpp"
#include "localcloud/state/ids.hpp"
#include "localcloud/sts/sts_backend.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <regex>
#include <thread>

namespace cdk::localcloud::codepipeline {

using namespace records;

namespace {

/// CloudFormation's limit of a TemplateBody (a larger template must come by TemplateURL).
constexpr std::size_t kMaxTemplateBody = 51'200;

Json failed(const std::string& message, const std::string& code = "JobFailed") {
    return Json{{"status", "Failed"}, {"errorDetails", {{"code", code}, {"message", message}}}};
}

/// `#{Namespace.Variable}` in a configuration value, from the variables of earlier actions of the execution
/// and `codepipeline.PipelineExecutionId`.
Result<std::string> resolve_variables(const std::string& text, const Json& exec) {
    static const std::regex kVar(R"(#\{([A-Za-z0-9@\-_]+)\.([A-Za-z0-9@\-_]+)\})");
    std::string out;
    auto begin = std::sregex_iterator(text.begin(), text.end(), kVar);
    std::size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
        const auto& m = *it;
        out += text.substr(last, static_cast<std::size_t>(m.position()) - last);
        const std::string ns = m[1].str(), var = m[2].str();
        if (ns == "codepipeline" && var == "PipelineExecutionId") {
            out += exec.value("pipelineExecutionId", "");
        } else if (exec["variables"].contains(ns) && exec["variables"][ns].contains(var)) {
            out += exec["variables"][ns][var].get<std::string>();
        } else {
            return make_error("UnresolvedVariable",
                              "The variable #{" + ns + "." + var +
                                  "} could not be resolved: no action with namespace '" + ns +
                                  "' produced a variable '" + var + "' before this action",
                              400);
        }
        last = static_cast<std::size_t>(m.position() + m.length());
    }
    return out + text.substr(last);
}

} // namespace

/// For a CDK bootstrap role of another account (`cdk-<qualifier>-<kind>-role-<account>-<region>`) that
/// refused the pipeline: which trust is missing and the bootstrap that adds it.
std::string missing_trust_hint(const std::string& role_arn, const std::string& pipeline_account,
                               const std::string& region) {
    const auto slash = role_arn.find(":role/");
    if (slash == std::string::npos || role_arn.compare(slash + 6, 4, "cdk-") != 0) return "";
    const auto parts = strings::split(role_arn, ":");
    if (parts.size() < 5) return "";
    const std::string target(parts[4]);
    if (target == pipeline_account) return "";
    const std::string name = role_arn.substr(slash + 6);
    const auto dash = name.find('-', 4);
    const std::string qualifier = dash == std::string::npos ? "" : name.substr(4, dash - 4);
    return ". Account " + target + " does not trust the pipeline's account " + pipeline_account +
           ": it was bootstrapped without --trust " + pipeline_account +
           "; bootstrap it again with `cdk bootstrap aws://" + target + "/" + region +
           (qualifier.empty() ? "" : " --qualifier " + qualifier) + " --trust " + pipeline_account +
           " --cloudformation-execution-policies <policy ARN>` (with --toolkit-stack-name when its toolkit "
           "stack is "
           "not CDKToolkit)";
}

/// Runs one action of an execution (on a pool thread) and reports its end through complete_action.
class ActionRunner {
public:
    ActionRunner(CodePipelineBackend& backend, ActionLaunch launch) : b_(backend), l_(std::move(launch)) {}

    void run() {
        auto loaded = load();
        if (!loaded) return b_.complete_action(l_, failed(loaded.error().message));
        auto config = resolved_config();
        if (!config) return b_.complete_action(l_, failed(config.error().message));
        config_ = *config;
        auto caller = session();
        if (!caller) return b_.complete_action(l_, failed(caller.error().message, "PermissionError"));
        caller_ = *caller;
        dir_ = b_.cloud_.spool_dir / "codepipeline" / (l_.execution_id + "-" + l_.action_execution_id);
        std::error_code ec;
        std::filesystem::create_directories(dir_, ec);
        auto kind = action_kind(action_);
        Json result;
        if (!kind)
            result = failed(kind.error().message);
        else if (*kind == ActionKind::GitHubSource)
            result = github_source();
        else if (*kind == ActionKind::ConnectionSource)
            result = connection_source();
        else if (*kind == ActionKind::S3Source)
            result = s3_source();
        else if (*kind == ActionKind::CodeBuild)
            return codebuild(); // completes when the build ends
        else if (*kind == ActionKind::CloudFormation)
            result = cloudformation();
        else
            result = failed("localcloud does not run this action type yet");
        result["resolvedConfiguration"] = config_;
        std::filesystem::remove_all(dir_, ec);
        b_.complete_action(l_, result);
    }

    /// A manual approval's notification (its NotificationArn): SNS Publish of the message AWS sends, as the
    /// action's session (the pipeline role, or the action's role), so the role's policy and the topic's
    /// policy decide; the outcome is recorded by complete_notification.
    void notify() {
        // A test knob: holds the notification back, so a test can stop localcloud between the approval's
        // record and its message (the message then goes out after the restart).
        if (const char* delay = std::getenv("CDKPP_LOCALCLOUD_APPROVAL_NOTIFY_DELAY_MS")) {
            std::this_thread::sleep_for(std::chrono::milliseconds(std::strtol(delay, nullptr, 10)));
        }
        auto loaded = load();
        if (!loaded) return b_.complete_notification(l_, failed(loaded.error().message));
        const Json* record = nullptr;
        for (const auto& s : exec_["stages"]) {
            if (s.value("name", "") == l_.stage && s["actions"].contains(l_.action))
                record = &s["actions"][l_.action];
        }
        if (record == nullptr || record->value("status", "") != "InProgress" ||
            record->value("actionExecutionId", "") != l_.action_execution_id) {
            return; // approved, rejected, stopped or retried before the notification went out
        }
        auto config = resolved_config();
        if (!config) return b_.complete_notification(l_, failed(config.error().message));
        config_ = *config;
        auto caller = session();
        if (!caller) return b_.complete_notification(l_, failed(caller.error().message, "PermissionError"));
        caller_ = *caller;
        const std::string topic = str(config_, "NotificationArn");
        const Json in{{"TopicArn", topic},
                      {"Subject", approval_subject(l_.pipeline, l_.action)},
                      {"Message", approval_message(*record).dump()}};
        auto sent = ServiceCalls(b_.services_, caller_, l_.region).call("sns", "Publish", in);
        if (!sent) {
            const std::string code = sent.error().code;
            return b_.complete_notification(
                l_, failed("Unable to publish the approval notification to " + topic + " as " +
                               caller_.arn() + ": " + code + ": " + sent.error().message,
                           code == "AuthorizationError" || code == "KMSAccessDenied" ? "PermissionError"
                                                                                     : "JobFailed"));
        }
        b_.complete_notification(l_, Json{{"messageId", sent->value("MessageId", "")}});
    }

private:
    /// SNS's Subject as CodePipeline writes it: each name cut to 24 characters and "..." (100 characters at
    /// most).
    static std::string approval_subject(const std::string& pipeline, const std::string& action) {
        auto cut = [](const std::string& n) { return n.size() > 24 ? n.substr(0, 24) + "..." : n; };
        return "APPROVAL NEEDED: AWS CodePipeline " + cut(pipeline) + " for action " + cut(action);
    }

    /// The notification's body (docs: "JSON data format for manual approval notifications"): links to the
    /// console, the token, when the approval expires (7 days after it started, to the minute).
    Json approval_message(const Json& record) const {
        const std::string console = "https://console.aws.amazon.com/codesuite/codepipeline/pipelines/" +
                                    l_.pipeline + "/view?region=" + l_.region;
        const std::string token = record.value("token", "");
        std::tm tm{};
        const std::string started = record.value("startTime", "");
        std::time_t expires = std::time(nullptr);
        if (std::sscanf(started.c_str(), "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                        &tm.tm_hour, &tm.tm_min, &tm.tm_sec) == 6) {
            tm.tm_year -= 1900;
            tm.tm_mon -= 1;
            expires = timegm(&tm);
        }
        expires += 7 * 24 * 3600;
        char when[32];
        std::strftime(when, sizeof when, "%Y-%m-%dT%H:%MZ", gmtime_r(&expires, &tm));
        auto optional = [&](const char* key) {
            const std::string v = str(config_, key);
            return v.empty() ? Json(nullptr) : Json(v);
        };
        return Json{
            {"region", l_.region},
            {"consoleLink", console},
            {"approval",
             {{"pipelineName", l_.pipeline},
              {"stageName", l_.stage},
              {"actionName", l_.action},
              {"token", token},
              {"expires", when},
              {"externalEntityLink", optional("ExternalEntityLink")},
              {"approvalReviewLink", console + "#/" + l_.stage + "/" + l_.action + "/approve/" + token},
              {"customData", optional("CustomData")}}}};
    }

    Result<bool> load() {
        return b_.cloud_.store.read<bool>([&](Tx& tx) -> Result<bool> {
            auto e = tx.get(scope(l_.account, l_.region), kExecutionKind,
                            execution_key(l_.pipeline, l_.execution_id));
            if (!e) return e.error();
            if (!e->has_value()) return make_error("NotFound", "the execution is gone", 400);
            exec_ = std::move(**e);
            for (const auto& s : exec_["declaration"]["stages"]) {
                if (s.value("name", "") != l_.stage) continue;
                for (const auto& a : s["actions"]) {
                    if (a.value("name", "") == l_.action) action_ = a;
                }
            }
            const Json& store = exec_["declaration"].contains("artifactStore")
                                    ? exec_["declaration"]["artifactStore"]
                                    : exec_["declaration"]["artifactStores"].begin().value();
            bucket_ = str(store, "location");
            if (store.contains("encryptionKey")) kms_key_ = str(store["encryptionKey"], "id");
            return true;
        });
    }

    Result<Json> resolved_config() {
        Json out = Json::object();
        const Json declared = action_.value("configuration", Json::object());
        for (const auto& [k, v] : declared.items()) {
            if (!v.is_string()) {
                out[k] = v;
                continue;
            }
            auto r = resolve_variables(v.get<std::string>(), exec_);
            if (!r) return r.error();
            out[k] = *r;
        }
        return out;
    }

    /// The pipeline's role session (assumed as codepipeline.amazonaws.com), or the action's role assumed by
    /// it: the role's trust policy decides, across accounts too.
    Result<Caller> session() {
        return b_.cloud_.store.write<Caller>([&](Tx& tx) -> Result<Caller> {
            sts::StsBackend sts(b_.cloud_.iam);
            const std::string pipeline_role = str(exec_["declaration"], "roleArn");
            iam::Context ctx;
            auto piped = sts.assume_role_as_service(
                tx, "codepipeline.amazonaws.com", l_.account,
                sts::AssumeRoleRequest{pipeline_role, "codepipeline-" + l_.pipeline.substr(0, 40), 3600, ""},
                ctx, std::chrono::system_clock::now());
            if (!piped) {
                return make_error("AccessDenied",
                                  "CodePipeline cannot assume the pipeline role " + pipeline_role + ": " +
                                      piped.error().message,
                                  400);
            }
            const std::string role = str(action_, "roleArn");
            if (role.empty()) return piped->caller;
            auto assumed = sts.assume_role(tx, piped->caller,
                                           sts::AssumeRoleRequest{role, "codepipeline-action", 3600, ""}, ctx,
                                           std::chrono::system_clock::now());
            if (!assumed) {
                return make_error("AccessDenied",
                                  "AccessDenied: the pipeline role " + pipeline_role +
                                      " cannot assume the action role " + role +
                                      " (the role's trust policy must admit it): " + assumed.error().message +
                                      missing_trust_hint(role, l_.account, l_.region),
                                  400);
            }
            auto key = b_.cloud_.iam.find_access_key(tx, assumed->access_key_id);
            if (!key) return key.error();
            if (!*key) return make_error("AccessDenied", "the session of " + role + " vanished", 400);
            return caller_from_key(**key);
        });
    }

    /// The CodeBuild project's service role as CodeBuild assumes it (codebuild.amazonaws.com): the identity
    /// that reads a CODEPIPELINE project's input artifacts and writes its output artifacts.
    Result<Caller> project_session(const std::string& project) {
        auto p = b_.codebuild_->load_project(l_.account, l_.region, project);
        if (!p)
            return make_error("JobFailed",
                              "CodeBuild project " + project + " does not exist in " + l_.account, 400);
        const std::string role = p->value("serviceRole", "");
        return b_.cloud_.store.write<Caller>([&](Tx& tx) -> Result<Caller> {
            sts::StsBackend sts(b_.cloud_.iam);
            iam::Context ctx;
            auto assumed = sts.assume_role_as_service(
                tx, "codebuild.amazonaws.com", l_.account,
                sts::AssumeRoleRequest{role, "AWSCodeBuild-" + l_.action_execution_id.substr(0, 20), 3600,
                                       ""},
                ctx, std::chrono::system_clock::now());
            if (!assumed) {
                return make_error("AccessDenied",
                                  "CodeBuild cannot assume the service role " + role + " of project " +
                                      project + ": " + assumed.error().message,
                                  400);
            }
            return assumed->caller;
        });
    }

    /// Puts `zip` into the artifact store as the action's session (SSE-KMS with the store's key when it has
    /// one); returns its location.
    Result<Json> put_artifact(const std::string& name, const std::filesystem::path& zip) {
        const std::string key = l_.pipeline.substr(0, 20) + "/" + name.substr(0, 20) + "/" + random_id("", 7);
        std::vector<std::pair<std::string, std::string>> headers;
        if (!kms_key_.empty()) {
            headers = {{"x-amz-server-side-encryption", "aws:kms"},
                       {"x-amz-server-side-encryption-aws-kms-key-id", kms_key_}};
        }
        ServiceCalls calls(b_.services_, caller_, l_.region);
        if (auto p = calls.s3_put(bucket_, key, zip, "application/zip", headers); !p) {
            return make_error(p.error().code,
                              "Cannot write the output artifact " + name + " to s3://" + bucket_ + "/" + key +
                                  " as " + caller_.arn() + ": " + p.error().message,
                              400);
        }
        return Json{{"bucket", bucket_}, {"key", key}};
    }

    /// A template too large for TemplateBody put into the artifact store as the pipeline role's session; its
    /// `https://s3.<region>.amazonaws.com/<bucket>/<key>` URL.
    Result<std::string> put_template(const std::string& body) {
        auto piped = b_.pipeline_session(l_.account, l_.pipeline, str(exec_["declaration"], "roleArn"));
        if (!piped) return piped.error();
        const std::filesystem::path file = dir_ / "template-body";
        std::ofstream(file, std::ios::binary) << body;
        const std::string key = l_.pipeline.substr(0, 20) + "/templates/" + random_id("", 7);
        std::vector<std::pair<std::string, std::string>> headers;
        if (!kms_key_.empty()) {
            headers = {{"x-amz-server-side-encryption", "aws:kms"},
                       {"x-amz-server-side-encryption-aws-kms-key-id", kms_key_}};
        }
        ServiceCalls calls(b_.services_, *piped, l_.region);
        if (auto p = calls.s3_put(bucket_, key, file, "application/json", headers); !p) {
            return make_error(p.error().code,
                              "Cannot write the template (" + std::to_string(body.size()) +
                                  " bytes, over TemplateBody's 51,200) to s3://" + bucket_ + "/" + key +
                                  " as " + piped->arn() + ": " + p.error().message,
                              400);
        }
        return "https://s3." + l_.region + ".amazonaws.com/" + bucket_ + "/" + key;
    }

    /// Reads the input artifacts as the action's session and unzips each into its own directory.
    Result<std::vector<codebuild::InputArtifact>> get_inputs() {
        std::vector<codebuild::InputArtifact> out;
        ServiceCalls calls(b_.services_, caller_, l_.region);
        for (const auto& in : action_["inputArtifacts"]) {
            const std::string name = in.value("name", "");
            if (!exec_["artifacts"].contains(name))
                return make_error("JobFailed", "Input artifact " + name + " was not produced", 400);
            const Json& loc = exec_["artifacts"][name];
            const std::filesystem::path zip = dir_ / (name + ".zip");
            if (auto g = calls.s3_get(loc.value("bucket", ""), loc.value("key", ""), zip); !g) {
                return make_error(g.error().code,
                                  "Cannot read the input artifact " + name + " (s3://" +
                                      loc.value("bucket", "") + "/" + loc.value("key", "") + ") as " +
                                      caller_.arn() + ": " + g.error().message,
                                  400);
            }
            const std::filesystem::path to = dir_ / "in" / name;
            std::error_code ec;
            std::filesystem::create_directories(to, ec);
            std::string output;
            if (!run_tool({"/usr/bin/unzip", "-q", "-o", zip.string(), "-d", to.string()}, dir_,
                          std::chrono::minutes(10), output))
                return make_error("JobFailed", "Input artifact " + name + " is not a valid zip", 400);
            out.push_back(codebuild::InputArtifact{name, to});
        }
        return out;
    }

    Json source_from(const repos::LinkedRepo& repo, const std::string& branch, const std::string& kind,
                     const std::string& full_repo) {
        auto commit = repos::resolve_branch(repo, branch);
        if (!commit) return failed(commit.error().message);
        const std::string out = action_["outputArtifacts"][0].value("name", "");
        const std::filesystem::path zip = dir_ / "source.zip";
        if (auto z = repos::export_zip(repo, commit->id, zip); !z) return failed(z.error().message);
        auto loc = put_artifact(out, zip);
        if (!loc) return failed(loc.error().message, "PermissionError");
        Json vars{{"CommitId", commit->id},
                  {"CommitMessage", commit->message},
                  {"AuthorDate", commit->author_date},
                  {"BranchName", branch},
                  {"CommitterDate", commit->committer_date}};
        if (kind == "GitHub")
            vars["CommitUrl"] = "https://github.com/" + full_repo + "/commit/" + commit->id;
        else {
            vars["FullRepositoryName"] = full_repo;
            vars["ConnectionArn"] = str(config_, "ConnectionArn");
        }
        return Json{{"status", "Succeeded"},
                    {"summary", commit->subject()},
                    {"externalExecutionId", commit->id},
                    {"artifacts", {{out, *loc}}},
                    {"variables", vars},
                    {"sourceHead", commit->id},
                    {"currentRevision",
                     {{"revisionId", commit->id}, {"revisionChangeId", commit->id}, {"created", now_iso()}}},
                    {"sourceRevision",
                     {{"actionName", l_.action},
                      {"revisionId", commit->id},
                      {"revisionSummary", commit->subject()},
                      {"revisionUrl", "https://github.com/" + full_repo + "/commit/" + commit->id}}},
                    {"artifactRevision",
                     {{"name", out},
                      {"revisionId", commit->id},
                      {"revisionSummary", commit->subject()},
                      {"created", now_iso()}}}};
    }

    Json github_source() {
        const std::string full = str(config_, "Owner") + "/" + str(config_, "Repo");
        auto repo = b_.registry_->find(full);
        if (!repo) return failed(repo.error().message);
        return source_from(*repo, str(config_, "Branch"), "GitHub", full);
    }

    Json connection_source() {
        const std::string arn = str(config_, "ConnectionArn");
        auto allowed = b_.cloud_.store.read<bool>([&](Tx& tx) -> Result<bool> {
            if (auto a = b_.cloud_.iam.authorize(
                    tx, caller_, "codestar-connections:UseConnection", arn, caller_.account(), std::nullopt,
                    iam::ResourcePolicyMode::None, iam::Context{}, "AccessDenied");
                !a) {
                return a.error();
            }
            return true;
        });
        if (!allowed) return failed(allowed.error().message, "PermissionError");
        const std::string full = str(config_, "FullRepositoryId");
        auto repo = b_.registry_->find(full);
        if (!repo) return failed(repo.error().message);
        return source_from(*repo, str(config_, "BranchName"), "Connection", full);
    }

    /// Source S3: the object `S3Bucket`/`S3ObjectKey` (a zip) read as the action's session becomes the output
    /// artifact as it is; its version (or ETag in an unversioned bucket) is the revision.
    Json s3_source() {
        const std::string bucket = str(config_, "S3Bucket"), key = str(config_, "S3ObjectKey");
        ServiceCalls calls(b_.services_, caller_, l_.region);
        auto head = calls.call("s3", "HeadObject", Json{{"Bucket", bucket}, {"Key", key}});
        if (!head) {
            Json r = failed("Cannot read the source object s3://" + bucket + "/" + key + " as " +
                                caller_.arn() + ": " + head.error().code + " " + head.error().message +
                                " (the object must exist and the pipeline's role may s3:GetObject it)",
                            "PermissionError");
            r["sourceHead"] = ""; // the poller starts an execution once the object appears
            return r;
        }
        std::string etag = head->value("ETag", "");
        etag.erase(std::remove(etag.begin(), etag.end(), '"'), etag.end());
        const std::string version = head->value("VersionId", "");
        const std::string revision = version.empty() || version == "null" ? etag : version;
        const std::filesystem::path zip = dir_ / "source.zip";
        if (auto g = calls.s3_get(bucket, key, zip); !g) return failed(g.error().message, "PermissionError");
        const std::string out = action_["outputArtifacts"][0].value("name", "");
        auto loc = put_artifact(out, zip);
        if (!loc) return failed(loc.error().message, "PermissionError");
        Json vars{{"ETag", etag}};
        if (!version.empty()) vars["VersionId"] = version;
        const std::string summary = "s3://" + bucket + "/" + key;
        return Json{{"status", "Succeeded"},
                    {"summary", summary},
                    {"externalExecutionId", revision},
                    {"artifacts", {{out, *loc}}},
                    {"variables", vars},
                    {"sourceHead", revision},
                    {"currentRevision",
                     {{"revisionId", revision}, {"revisionChangeId", etag}, {"created", now_iso()}}},
                    {"sourceRevision",
                     {{"actionName", l_.action}, {"revisionId", revision}, {"revisionSummary", summary}}},
                    {"artifactRevision",
                     {{"name", out},
                      {"revisionId", revision},
                      {"revisionSummary", summary},
                      {"created", now_iso()}}}};
    }

    /// `Artifact::path` read from the unpacked input artifacts.
    Result<std::string> artifact_file(const std::vector<codebuild::InputArtifact>& inputs,
                                      const std::string& ref) {
        const auto sep = ref.find("::");
        if (sep == std::string::npos)
            return make_error("JobFailed", "'" + ref + "' is not of the form ArtifactName::path", 400);
        for (const auto& in : inputs) {
            if (in.name != ref.substr(0, sep)) continue;
            const std::filesystem::path file = in.dir / ref.substr(sep + 2);
            std::ifstream f(file, std::ios::binary);
            if (!f)
                return make_error("JobFailed",
                                  "File " + ref.substr(sep + 2) + " does not exist in artifact " + in.name,
                                  400);
            std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
            return text;
        }
        return make_error("JobFailed", "Artifact " + ref.substr(0, sep) + " is not an input of the action",
                          400);
    }

    /// Waits until the stack is no longer *_IN_PROGRESS; returns the stack (or an empty object when it is
    /// gone). Before an action, REVIEW_IN_PROGRESS (a stack that only has a change set) is settled
    /// (`review_settled`).
    Result<Json> wait_stack(ServiceCalls& calls, const std::string& stack, bool review_settled = false) {
        for (int i = 0; i < 36000; ++i) {
            auto d = calls.call("cloudformation", "DescribeStacks", Json{{"StackName", stack}});
            if (!d) {
                if (d.error().message.find("does not exist") != std::string::npos) return Json::object();
                return d.error();
            }
            const Json s = (*d)["Stacks"][0];
            const std::string status = s.value("StackStatus", "");
            if (status.find("_IN_PROGRESS") == std::string::npos ||
                (review_settled && status == "REVIEW_IN_PROGRESS")) {
                return s;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return make_error("JobFailed", "The stack " + stack + " did not finish within an hour", 400);
    }

    /// Deploy CloudFormation: calls localcloud's CloudFormation as the action's session, in its account, with
    /// RoleARN = the configuration's RoleArn (so that role does the work there).
    Json cloudformation() {
        auto inputs = get_inputs();
        if (!inputs) return failed(inputs.error().message, "PermissionError");
        ServiceCalls calls(b_.services_, caller_, l_.region);
        const std::string mode = str(config_, "ActionMode"), stack = str(config_, "StackName");
        auto existing = wait_stack(calls, stack, true);
        if (!existing) return failed(existing.error().message);
        const std::string status = existing->value("StackStatus", "");
        if (mode == "DELETE_ONLY" ||
            (mode == "REPLACE_ON_FAILURE" &&
             (status == "ROLLBACK_COMPLETE" || status.find("FAILED") != std::string::npos))) {
            if (!existing->empty()) {
                if (auto d = calls.call("cloudformation", "DeleteStack",
                                        Json{{"StackName", stack}, {"RoleARN", str(config_, "RoleArn")}});
                    !d) {
                    return failed(d.error().message);
                }
                auto gone = wait_stack(calls, stack);
                if (!gone) return failed(gone.error().message);
                if (!gone->empty() && gone->value("StackStatus", "") != "DELETE_COMPLETE")
                    return failed("Stack " + stack + " ended " + gone->value("StackStatus", ""));
            }
            if (mode == "DELETE_ONLY")
                return Json{{"status", "Succeeded"}, {"summary", "Stack " + stack + " deleted"}};
            existing = Json::object();
        }
        // A stack in REVIEW_IN_PROGRESS has only a change set: it is created again (ChangeSetType CREATE).
        const bool exists = !existing->empty() && existing->value("StackStatus", "") != "DELETE_COMPLETE" &&
                            existing->value("StackStatus", "") != "REVIEW_IN_PROGRESS";
        Json in{{"StackName", stack}};
        if (!str(config_, "RoleArn").empty()) in["RoleARN"] = str(config_, "RoleArn");
        if (!str(config_, "Capabilities").empty()) {
            in["Capabilities"] = Json::array();
            for (const auto& c : strings::split(str(config_, "Capabilities"), ","))
                in["Capabilities"].push_back(std::string(c));
        }
        if (mode != "CHANGE_SET_EXECUTE") {
            auto body = artifact_file(*inputs, str(config_, "TemplatePath"));
            if (!body) return failed(body.error().message);
            if (body->size() <= kMaxTemplateBody) {
                in["TemplateBody"] = *body;
            } else {
                // Over CloudFormation's TemplateBody limit: the template goes by TemplateURL (up to 1 MB), an
                // object in the artifact store written as the pipeline's role and read by CloudFormation as
                // the action's session.
                auto url = put_template(*body);
                if (!url) return failed(url.error().message, "PermissionError");
                in["TemplateURL"] = *url;
            }
            Json params = Json::object();
            if (!str(config_, "TemplateConfiguration").empty()) {
                auto conf = artifact_file(*inputs, str(config_, "TemplateConfiguration"));
                if (!conf) return failed(conf.error().message);
                auto parsed = json::parse(*conf);
                if (!parsed || !parsed->is_object())
                    return failed("TemplateConfiguration is not a JSON object");
                const Json given = parsed->value("Parameters", Json::object());
                for (const auto& [k, v] : given.items())
                    params[k] = v;
            }
            if (!str(config_, "ParameterOverrides").empty()) {
                auto parsed = json::parse(str(config_, "ParameterOverrides"));
                if (!parsed || !parsed->is_object()) return failed("ParameterOverrides is not a JSON object");
                for (const auto& [k, v] : parsed->items())
                    params[k] = v;
            }
            in["Parameters"] = Json::array();
            for (const auto& [k, v] : params.items()) {
                in["Parameters"].push_back(
                    Json{{"ParameterKey", k},
                         {"ParameterValue", v.is_string() ? v.get<std::string>() : v.dump()}});
            }
        }
        if (mode == "CHANGE_SET_REPLACE") {
            (void)calls.call("cloudformation", "DeleteChangeSet",
                             Json{{"StackName", stack}, {"ChangeSetName", str(config_, "ChangeSetName")}});
            in["ChangeSetName"] = str(config_, "ChangeSetName");
            in["ChangeSetType"] = exists ? "UPDATE" : "CREATE";
            if (auto c = calls.call("cloudformation", "CreateChangeSet", in); !c)
                return failed(c.error().message,
                              c.error().code == "AccessDenied" ? "PermissionError" : "JobFailed");
            for (int i = 0; i < 36000; ++i) {
                auto d =
                    calls.call("cloudformation", "DescribeChangeSet",
                               Json{{"StackName", stack}, {"ChangeSetName", str(config_, "ChangeSetName")}});
                if (!d) return failed(d.error().message);
                const std::string cs = d->value("Status", "");
                if (cs == "CREATE_COMPLETE")
                    return Json{{"status", "Succeeded"},
                                {"summary", "Change set " + str(config_, "ChangeSetName") + " created"}};
                if (cs == "FAILED") {
                    const std::string reason = d->value("StatusReason", "");
                    if (reason.find("didn't contain changes") != std::string::npos)
                        return Json{{"status", "Succeeded"}, {"summary", reason}};
                    return failed("Change set failed: " + reason);
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
            return failed("The change set did not finish within an hour");
        }
        if (mode == "CHANGE_SET_EXECUTE") {
            // A change set Prepare left FAILED because the template brought no changes: nothing to execute,
            // the stack stays as it is (CodePipeline succeeds the action, as a re-run of an unchanged app
            // does on AWS).
            auto cs =
                calls.call("cloudformation", "DescribeChangeSet",
                           Json{{"StackName", stack}, {"ChangeSetName", str(config_, "ChangeSetName")}});
            const bool no_changes =
                cs && cs->value("Status", "") == "FAILED" &&
                (cs->value("StatusReason", "").find("didn't contain changes") != std::string::npos ||
                 cs->value("StatusReason", "").find("No updates are to be performed") != std::string::npos);
            if (no_changes) {
                (void)calls.call(
                    "cloudformation", "DeleteChangeSet",
                    Json{{"StackName", stack}, {"ChangeSetName", str(config_, "ChangeSetName")}});
            } else if (auto x = calls.call(
                           "cloudformation", "ExecuteChangeSet",
                           Json{{"StackName", stack}, {"ChangeSetName", str(config_, "ChangeSetName")}});
                       !x) {
                return failed(x.error().message);
            }
        } else {
            auto r = calls.call("cloudformation", exists ? "UpdateStack" : "CreateStack", in);
            if (!r && r.error().message.find("No updates are to be performed") == std::string::npos) {
                return failed(r.error().message,
                              r.error().code == "AccessDenied" ? "PermissionError" : "JobFailed");
            }
        }
        auto done = wait_stack(calls, stack);
        if (!done) return failed(done.error().message);
        const std::string end = done->value("StackStatus", "");
        if (end != "CREATE_COMPLETE" && end != "UPDATE_COMPLETE") {
            // The reason of the resource that failed first (events are newest first).
            std::string reason = done->value("StackStatusReason", "");
            if (auto ev = calls.call("cloudformation", "DescribeStackEvents", Json{{"StackName", stack}});
                ev) {
                for (const auto& event : ev->value("StackEvents", Json::array())) {
                    if (event.value("ResourceStatus", "").find("FAILED") != std::string::npos &&
                        !event.value("ResourceStatusReason", "").empty()) {
                        reason = event.value("LogicalResourceId", "") + ": " +
                                 event.value("ResourceStatusReason", "");
                    }
                }
            }
            return failed("Stack " + stack + " ended " + end + ": " + reason);
        }
        Json vars = Json::object();
        for (const auto& o : done->value("Outputs", Json::array()))
            vars[o.value("OutputKey", "")] = o.value("OutputValue", "");
        Json result{{"status", "Succeeded"},
                    {"summary", "Stack " + stack + " " + end},
                    {"externalExecutionId", done->value("StackId", "")}};
        if (!vars.empty()) result["variables"] = vars;
        if (!str(config_, "OutputFileName").empty() && !action_["outputArtifacts"].empty()) {
            const std::filesystem::path out_dir = dir_ / "cfn-out";
            std::error_code ec;
            std::filesystem::create_directories(out_dir, ec);
            std::ofstream(out_dir / str(config_, "OutputFileName")) << vars.dump();
            const std::filesystem::path zip = dir_ / "cfn-out.zip";
            std::string output;
            if (!run_tool({"/usr/bin/zip", "-q", "-r", "-X", zip.string(), "."}, out_dir,
                          std::chrono::minutes(1), output))
                return failed("cannot zip " + str(config_, "OutputFileName"));
            const std::string name = action_["outputArtifacts"][0].value("name", "");
            auto loc = put_artifact(name, zip);
            if (!loc) return failed(loc.error().message, "PermissionError");
            result["artifacts"] = Json{{name, *loc}};
        }
        return result;
    }

    void codebuild() {
        std::error_code ec;
        if (!b_.codebuild_) return b_.complete_action(l_, failed("CodeBuild is not served"));
        // As on AWS, CodeBuild fetches the input artifacts and stores the output artifacts as the project's
        // service role; the action's role only starts and watches the build.
        const Caller action_caller = caller_;
        if (auto role_session = project_session(str(config_, "ProjectName")); !role_session) {
            return b_.complete_action(l_, failed(role_session.error().message, "PermissionError"));
        } else {
            caller_ = *role_session;
        }
        auto inputs = get_inputs();
        if (!inputs) return b_.complete_action(l_, failed(inputs.error().message, "PermissionError"));
        // PrimarySource names the input that is CODEBUILD_SRC_DIR.
        const std::string primary = str(config_, "PrimarySource");
        if (!primary.empty()) {
            std::stable_partition(inputs->begin(), inputs->end(),
                                  [&](const codebuild::InputArtifact& a) { return a.name == primary; });
        }
        codebuild::StartBuildRequest request;
        request.call = codebuild::CodeBuildCall{action_caller, l_.region, {}};
        request.input = Json{{"projectName", str(config_, "ProjectName")}};
        if (!str(config_, "EnvironmentVariables").empty()) {
            auto vars = json::parse(str(config_, "EnvironmentVariables"));
            if (!vars || !vars->is_array()) {
                return b_.complete_action(
                    l_, failed("EnvironmentVariables is not a JSON list of {name, value, type}"));
            }
            request.input["environmentVariablesOverride"] = *vars;
        }
        request.input_artifacts = *inputs;
        for (const auto& out : action_["outputArtifacts"]) {
            request.output_artifacts.push_back(codebuild::OutputArtifact{
                out.value("name", ""), dir_ / "out" / (out.value("name", "") + ".zip")});
        }
        request.initiator = "codepipeline/" + l_.pipeline;
        CodePipelineBackend* backend = &b_;
        const ActionLaunch launch = l_;
        const std::vector<codebuild::OutputArtifact> outputs = request.output_artifacts;
        const Json config = config_;
        const Caller caller = caller_;
        const std::filesystem::path dir = dir_;
        const std::string bucket = bucket_, kms = kms_key_;
        request.on_complete = [backend, launch, outputs, config, caller, dir, bucket,
                               kms](const Json& build) {
            backend->pool_submit([=] {
                ActionRunner finisher(*backend, launch);
                finisher.caller_ = caller;
                finisher.bucket_ = bucket;
                finisher.kms_key_ = kms;
                Json result;
                const std::string status = build.value("buildStatus", "");
                if (status != "SUCCEEDED") {
                    result = failed("Build " + build.value("id", "") + " ended " + status + " in phase " +
                                    build.value("currentPhase", ""));
                } else {
                    result = Json{{"status", "Succeeded"}, {"artifacts", Json::object()}};
                    for (const auto& out : outputs) {
                        auto loc = finisher.put_artifact(out.name, out.zip_file);
                        if (!loc) {
                            result = failed(loc.error().message, "PermissionError");
                            break;
                        }
                        result["artifacts"][out.name] = *loc;
                    }
                    Json vars = Json::object();
                    for (const auto& v : build.value("exportedEnvironmentVariables", Json::array())) {
                        vars[v.value("name", "")] = v.value("value", "");
                    }
                    if (!vars.empty()) result["variables"] = vars;
                }
                result["externalExecutionId"] = build.value("id", "");
                result["resolvedConfiguration"] = config;
                std::error_code e2;
                std::filesystem::remove_all(dir, e2);
                backend->complete_action(launch, result);
            });
        };
        auto started = b_.codebuild_->start_build(request);
        if (!started) {
            std::filesystem::remove_all(dir_, ec);
            Json r =
                failed(started.error().message,
                       started.error().code == "AccessDeniedException" ? "PermissionError" : "JobFailed");
            r["resolvedConfiguration"] = config_;
            return b_.complete_action(l_, r);
        }
    }

    CodePipelineBackend& b_;
    ActionLaunch l_;
    Json exec_ = Json::object();
    Json action_ = Json::object();
    Json config_ = Json::object();
    Caller caller_;
    std::string bucket_, kms_key_;
    std::filesystem::path dir_;
};

void CodePipelineBackend::launch(const ActionLaunch& launch) {
    if (launch.notify)
        ActionRunner(*this, launch).notify();
    else
        ActionRunner(*this, launch).run();
}

Result<Caller> CodePipelineBackend::pipeline_session(const std::string& account, const std::string& pipeline,
                                                     const std::string& role_arn) {
    const std::string key = account + "/" + role_arn;
    const auto now = std::chrono::system_clock::now();
    {
        std::lock_guard lock(mutex_);
        const auto it = sessions_.find(key);
        if (it != sessions_.end() && it->second.second > now) return it->second.first;
    }
    auto caller = cloud_.store.write<Caller>([&](Tx& tx) -> Result<Caller> {
        sts::StsBackend sts(cloud_.iam);
        iam::Context ctx;
        auto piped = sts.assume_role_as_service(
            tx, "codepipeline.amazonaws.com", account,
            sts::AssumeRoleRequest{role_arn, "codepipeline-" + pipeline.substr(0, 40), 3600, ""}, ctx, now);
        if (!piped) return piped.error();
        return piped->caller;
    });
    if (!caller) return caller.error();
    std::lock_guard lock(mutex_);
    sessions_[key] = {*caller, now + std::chrono::minutes(50)};
    return *caller;
}

void CodePipelineBackend::poll_s3_sources() {
    struct Watched {
        std::string account, region, pipeline, action, role, bucket, key, last;
    };
    auto found = cloud_.store.read<std::vector<Watched>>([&](Tx& tx) -> Result<std::vector<Watched>> {
        auto index = tx.list(Scope{"", ""}, kIndexKind);
        if (!index) return index.error();
        std::vector<Watched> out;
        for (const auto& [k, where] : *index) {
            const std::string account = where.value("account", ""), region = where.value("region", "");
            auto record = tx.get(scope(account, region), kPipelineKind, where.value("pipeline", ""));
            if (!record || !record->has_value()) continue;
            const Json& r = **record;
            const Json& decl = r["declaration"];
            for (const auto& action : decl["stages"][0]["actions"]) {
                auto kind = action_kind(action);
                if (!kind || *kind != ActionKind::S3Source) continue;
                const Json config = action.value("configuration", Json::object());
                if (str(config, "PollForSourceChanges") == "false") continue;
                const std::string aname = action.value("name", "");
                // No revision recorded yet: the execution the creation started reads the object first.
                if (!r.contains("sourceHeads") || !r["sourceHeads"].contains(aname)) continue;
                out.push_back(Watched{account, region, str(decl, "name"), aname, str(decl, "roleArn"),
                                      str(config, "S3Bucket"), str(config, "S3ObjectKey"),
                                      r["sourceHeads"][aname].get<std::string>()});
            }
        }
        return out;
    });
    if (!found) return;
    for (const Watched& w : *found) {
        auto caller = pipeline_session(w.account, w.pipeline, w.role);
        if (!caller) continue;
        ServiceCalls calls(services_, *caller, w.region);
        auto head = calls.call("s3", "HeadObject", Json{{"Bucket", w.bucket}, {"Key", w.key}});
        if (!head) continue;
        std::string etag = head->value("ETag", "");
        etag.erase(std::remove(etag.begin(), etag.end(), '"'), etag.end());
        const std::string version = head->value("VersionId", "");
        const std::string revision = version.empty() || version == "null" ? etag : version;
        if (revision == w.last) continue;
        // Recorded before the execution starts, so the next poll does not start another for the same change.
        auto noted = cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
            auto record = tx.get(scope(w.account, w.region), kPipelineKind, w.pipeline);
            if (!record) return record.error();
            if (!record->has_value()) return false;
            Json r = std::move(**record);
            if (r["sourceHeads"].value(w.action, "") == revision) return false;
            r["sourceHeads"][w.action] = revision;
            if (auto p = tx.put(scope(w.account, w.region), kPipelineKind, w.pipeline, r); !p)
                return p.error();
            return true;
        });
        if (!noted || !*noted) continue;
        (void)start_execution(w.account, w.region, w.pipeline,
                              Json{{"triggerType", "PollForSourceChanges"},
                                   {"triggerDetail", "s3://" + w.bucket + "/" + w.key + "@" + revision}});
    }
}

void CodePipelineBackend::pool_submit(std::function<void()> task) {
    std::lock_guard lock(mutex_);
    if (stopping_ || !pool_) return;
    pool_->submit(std::move(task));
}

} // namespace cdk::localcloud::codepipeline
