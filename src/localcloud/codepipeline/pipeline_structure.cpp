#include "localcloud/codepipeline/pipeline_structure.hpp"

#include "localcloud/codepipeline/codepipeline_errors.hpp"

#include <map>
#include <regex>
#include <set>

namespace cdk::localcloud::codepipeline {

std::string str(const Json& object, const char* key) {
    return object.is_object() && object.contains(key) && object[key].is_string()
               ? object[key].get<std::string>()
               : std::string{};
}

int run_order(const Json& action) {
    return action.contains("runOrder") && action["runOrder"].is_number_integer()
               ? action["runOrder"].get<int>()
               : 1;
}

Result<ActionKind> action_kind(const Json& action) {
    const Json type = action.value("actionTypeId", Json::object());
    const std::string category = str(type, "category");
    const std::string owner = str(type, "owner");
    const std::string provider = str(type, "provider");
    const std::string version = str(type, "version");
    if (version == "1") {
        if (category == "Source" && owner == "ThirdParty" && provider == "GitHub")
            return ActionKind::GitHubSource;
        if (category == "Source" && owner == "AWS" && provider == "CodeStarSourceConnection") {
            return ActionKind::ConnectionSource;
        }
        if (category == "Source" && owner == "AWS" && provider == "S3") return ActionKind::S3Source;
        if ((category == "Build" || category == "Test") && owner == "AWS" && provider == "CodeBuild") {
            return ActionKind::CodeBuild;
        }
        if (category == "Approval" && owner == "AWS" && provider == "Manual")
            return ActionKind::ManualApproval;
        if (category == "Deploy" && owner == "AWS" && provider == "CloudFormation")
            return ActionKind::CloudFormation;
    }
    return cp_error("ActionTypeNotFoundException", "ActionType (Category: '" + category + "', Provider: '" +
                                                       provider + "', Owner: '" + owner + "', Version: '" +
                                                       version + "') in action '" + str(action, "name") +
                                                       "' is not available in localcloud");
}

namespace {

bool is_source(ActionKind k) {
    return k == ActionKind::GitHubSource || k == ActionKind::ConnectionSource || k == ActionKind::S3Source;
}

Result<void> check_name(const std::string& what, const std::string& value, std::size_t max) {
    static const std::regex kName(R"(^[A-Za-z0-9.@\-_]+$)");
    if (value.empty() || value.size() > max || !std::regex_match(value, kName)) {
        return validation("1 validation error detected: Value '" + value + "' at '" + what +
                          "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                          "[A-Za-z0-9.@\\-_]+ and have length between 1 and " +
                          std::to_string(max));
    }
    return ok();
}

/// The configuration keys an action type requires.
Result<void> check_configuration(ActionKind kind, const Json& action) {
    const Json config = action.value("configuration", Json::object());
    auto need = [&](std::initializer_list<const char*> keys) -> Result<void> {
        for (const char* k : keys) {
            if (str(config, k).empty()) {
                return invalid_structure("Action configuration for action '" + str(action, "name") +
                                         "' is missing required configuration '" + k + "'");
            }
        }
        return ok();
    };
    switch (kind) {
    case ActionKind::GitHubSource: return need({"Owner", "Repo", "Branch", "OAuthToken"});
    case ActionKind::ConnectionSource: return need({"ConnectionArn", "FullRepositoryId", "BranchName"});
    case ActionKind::S3Source: return need({"S3Bucket", "S3ObjectKey"});
    case ActionKind::CodeBuild: return need({"ProjectName"});
    case ActionKind::ManualApproval: return ok();
    case ActionKind::CloudFormation: {
        if (auto n = need({"ActionMode", "StackName"}); !n) return n;
        const std::string mode = str(config, "ActionMode");
        static const std::set<std::string> kModes = {"CHANGE_SET_REPLACE", "CHANGE_SET_EXECUTE",
                                                     "CREATE_UPDATE", "DELETE_ONLY", "REPLACE_ON_FAILURE"};
        if (kModes.count(mode) == 0) {
            return invalid_structure("Action configuration for action '" + str(action, "name") +
                                     "' has an invalid ActionMode '" + mode + "'");
        }
        if ((mode == "CHANGE_SET_REPLACE" || mode == "CHANGE_SET_EXECUTE") &&
            str(config, "ChangeSetName").empty()) {
            return invalid_structure("Action configuration for action '" + str(action, "name") +
                                     "' is missing required configuration 'ChangeSetName'");
        }
        if ((mode == "CHANGE_SET_REPLACE" || mode == "CREATE_UPDATE" || mode == "REPLACE_ON_FAILURE") &&
            str(config, "TemplatePath").empty()) {
            return invalid_structure("Action configuration for action '" + str(action, "name") +
                                     "' is missing required configuration 'TemplatePath'");
        }
        return ok();
    }
    }
    return ok();
}

} // namespace

Result<Json> normalize_pipeline(const Json& declaration) {
    if (!declaration.is_object()) return validation("pipeline is required");
    Json p = declaration;
    if (auto n = check_name("pipeline.name", str(p, "name"), 100); !n) return n.error();
    static const std::regex kRole(R"(^arn:aws(-[\w]+)*:iam::[0-9]{12}:role/.*$)");
    if (!std::regex_match(str(p, "roleArn"), kRole)) {
        return validation("1 validation error detected: Value '" + str(p, "roleArn") +
                          "' at 'pipeline.roleArn' failed to satisfy constraint: Member must satisfy regular "
                          "expression pattern: arn:aws(-[\\w]+)*:iam::[0-9]{12}:role/.*");
    }
    const bool one_store = p.contains("artifactStore") && p["artifactStore"].is_object();
    const bool many_stores = p.contains("artifactStores") && p["artifactStores"].is_object();
    if (one_store == many_stores) {
        return invalid_structure(
            "Pipeline must contain either artifactStore or artifactStores, not both or neither");
    }
    const Json store = one_store ? p["artifactStore"] : p["artifactStores"].begin().value();
    if (str(store, "type") != "S3" || str(store, "location").empty()) {
        return invalid_structure("Artifact store must be of type S3 with a location (a bucket name)");
    }
    if (!p.contains("stages") || !p["stages"].is_array() || p["stages"].size() < 2) {
        return invalid_structure(
            "Pipeline has only " +
            std::to_string(p.value("stages", Json::array()).is_array() ? p["stages"].size() : 0) +
            " stage(s). A pipeline must contain at least two stages.");
    }
    if (p["stages"].size() > 50) return invalid_structure("A pipeline can contain at most 50 stages");
    if (!p.contains("executionMode")) p["executionMode"] = "SUPERSEDED";
    if (!p.contains("pipelineType")) p["pipelineType"] = "V1";
    const std::string mode = str(p, "executionMode");
    if (mode != "SUPERSEDED" && mode != "QUEUED" && mode != "PARALLEL") {
        return validation(constraint_message("pipeline.executionMode", mode,
                                             "satisfy enum value set: [QUEUED, SUPERSEDED, PARALLEL]"));
    }
    if (mode != "SUPERSEDED" && str(p, "pipelineType") != "V2") {
        return validation("Execution mode " + mode + " is only supported for pipelines of type V2");
    }
    std::set<std::string> stage_names, artifacts_made, namespaces;
    for (std::size_t si = 0; si < p["stages"].size(); ++si) {
        Json& stage = p["stages"][si];
        const std::string sname = str(stage, "name");
        if (auto n = check_name("pipeline.stages.member.name", sname, 100); !n) return n.error();
        if (!stage_names.insert(sname).second) {
            return invalid_structure("Stage name '" + sname + "' is used more than once in the pipeline");
        }
        if (!stage.contains("actions") || !stage["actions"].is_array() || stage["actions"].empty()) {
            return invalid_structure("Stage '" + sname + "' must contain at least one action");
        }
        if (stage["actions"].size() > 50)
            return invalid_structure("Stage '" + sname + "' has more than 50 actions");
        std::set<std::string> action_names;
        // Artifacts made by actions of this stage with a lower run order: visible to later run orders.
        std::map<int, std::vector<std::string>> made_here;
        for (Json& action : stage["actions"]) {
            if (!action.is_object()) return validation("an action must be a structure");
            if (!action.contains("runOrder")) action["runOrder"] = 1;
            for (const char* list : {"inputArtifacts", "outputArtifacts"}) {
                if (!action.contains(list)) action[list] = Json::array();
                if (!action[list].is_array()) return validation(std::string(list) + " must be a list");
            }
        }
        // The stage's outputs by run order first: an action reads those of lower run orders only.
        for (const Json& action : stage["actions"]) {
            for (const auto& out : action["outputArtifacts"]) {
                const std::string name = str(out, "name");
                if (auto n = check_name("outputArtifacts.member.name", name, 100); !n) return n.error();
                bool dup = artifacts_made.count(name) != 0;
                for (const auto& [order, names] : made_here) {
                    for (const auto& n : names)
                        dup = dup || n == name;
                }
                if (dup) {
                    return invalid_structure(
                        "Output artifact name '" + name +
                        "' is used by more than one action. Output artifact names must be "
                        "unique within a pipeline.");
                }
                made_here[run_order(action)].push_back(name);
            }
        }
        for (Json& action : stage["actions"]) {
            const std::string aname = str(action, "name");
            if (auto n = check_name("pipeline.stages.member.actions.member.name", aname, 100); !n)
                return n.error();
            if (!action_names.insert(aname).second) {
                return invalid_structure("Action name '" + aname + "' is used more than once in stage '" +
                                         sname + "'");
            }
            if (!action["runOrder"].is_number_integer() || run_order(action) < 1 || run_order(action) > 999) {
                return validation("1 validation error detected: Value at 'runOrder' of action '" + aname +
                                  "' failed to satisfy constraint: Member must have value between 1 and 999");
            }
            auto kind = action_kind(action);
            if (!kind) return kind.error();
            if (si == 0 && !is_source(*kind)) {
                return invalid_structure(
                    "Stage '" + sname + "' contains the non-source action '" + aname +
                    "'. The first stage of a pipeline must contain only source actions.");
            }
            if (si != 0 && is_source(*kind)) {
                return invalid_structure(
                    "Action '" + aname + "' in stage '" + sname +
                    "' is a source action. Source actions can only be in the first stage.");
            }
            if (auto c = check_configuration(*kind, action); !c) return c.error();
            if (is_source(*kind) && !action["inputArtifacts"].empty()) {
                return invalid_structure("Source action '" + aname + "' cannot have input artifacts");
            }
            if (is_source(*kind) && action["outputArtifacts"].size() != 1) {
                return invalid_structure("Source action '" + aname +
                                         "' must have exactly one output artifact");
            }
            if (action.contains("timeoutInMinutes")) {
                const Json& t = action["timeoutInMinutes"];
                if (!t.is_number_integer() || t.get<long long>() < 5 || t.get<long long>() > 86400) {
                    return validation(
                        "1 validation error detected: Value at 'timeoutInMinutes' of action '" + aname +
                        "' failed to satisfy constraint: Member must have value between 5 and 86400");
                }
                // The API reference: only the manual approval action type takes a timeout.
                if (*kind != ActionKind::ManualApproval) {
                    return invalid_structure("Action '" + aname +
                                             "': timeoutInMinutes is available only for the "
                                             "manual approval action type");
                }
            }
            if (*kind == ActionKind::ManualApproval &&
                (!action["inputArtifacts"].empty() || !action["outputArtifacts"].empty())) {
                return invalid_structure("Manual approval action '" + aname + "' cannot have artifacts");
            }
            if (!str(action, "namespace").empty() && !namespaces.insert(str(action, "namespace")).second) {
                return invalid_structure("Namespace '" + str(action, "namespace") +
                                         "' is used by more than one action of the pipeline");
            }
            for (const auto& in : action["inputArtifacts"]) {
                const std::string name = str(in, "name");
                bool earlier_here = false;
                for (const auto& [order, names] : made_here) {
                    if (order >= run_order(action)) break;
                    for (const auto& n : names)
                        earlier_here = earlier_here || n == name;
                }
                if (artifacts_made.count(name) == 0 && !earlier_here) {
                    return invalid_structure("Input Artifact '" + name + "' of action '" + aname +
                                             "' is not the output artifact of an action that runs before it");
                }
            }
        }
        for (const auto& [order, names] : made_here)
            artifacts_made.insert(names.begin(), names.end());
    }
    return p;
}

} // namespace cdk::localcloud::codepipeline
