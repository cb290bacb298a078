// The synchronous half of the engine: API validation, stack records, change sets, reads.
#include "core/json_reader.hpp"
#include "core/strings.hpp"
#include "localcloud/auth/authenticator.hpp"
#include "localcloud/cloudformation/create_only_properties.hpp"
#include "localcloud/cloudformation/intrinsics.hpp"
#include "localcloud/cloudformation/stack_internal.hpp"
#include "localcloud/state/ids.hpp"
#include "localcloud/sts/sts_backend.hpp"

#include <algorithm>
#include <regex>

namespace cdk::localcloud::cloudformation {

namespace {

std::string str(const Json& in, const char* key) {
    return in.contains(key) && in[key].is_string() ? in[key].get<std::string>() : std::string{};
}

Json arr(const Json& in, const char* key) { return in.contains(key) && in[key].is_array() ? in[key] : Json::array(); }

bool is_arn(const std::string& s) { return strings::starts_with(s, "arn:"); }

Error already_exists(const std::string& message) { return make_error("AlreadyExistsException", message, 400); }

Error change_set_not_found(const std::string& name) {
    return make_error("ChangeSetNotFound", "ChangeSet [" + name + "] does not exist", 404);
}

std::vector<ParameterInput> parameter_inputs(const Json& in) {
    std::vector<ParameterInput> out;
    for (const auto& p : arr(in, "Parameters")) {
        ParameterInput pi;
        pi.key = p.value("ParameterKey", "");
        if (p.contains("ParameterValue") && p["ParameterValue"].is_string()) pi.value = p["ParameterValue"].get<std::string>();
        pi.use_previous = p.value("UsePreviousValue", false);
        out.push_back(std::move(pi));
    }
    return out;
}

/// Unresolved references and dependency cycles, with CloudFormation's messages.
Result<void> validate_graph(const Json& tmpl) {
    const Json& resources = tmpl["Resources"];
    const Json params = tmpl.contains("Parameters") ? tmpl["Parameters"] : Json::object();
    auto known = [&](const std::string& name) {
        return resources.contains(name) || params.contains(name) || strings::starts_with(name, "AWS::");
    };
    std::map<std::string, std::set<std::string>> deps;
    std::set<std::string> unresolved;
    for (const auto& [id, res] : resources.items()) {
        std::set<std::string> refs = references(res);
        if (res.contains("DependsOn")) {
            const Json& d = res["DependsOn"];
            if (d.is_string()) refs.insert(d.get<std::string>());
            if (d.is_array()) {
                for (const auto& x : d) {
                    if (x.is_string()) {
                        if (!resources.contains(x.get<std::string>())) unresolved.insert(x.get<std::string>());
                        refs.insert(x.get<std::string>());
                    }
                }
            }
            if (d.is_string() && !resources.contains(d.get<std::string>())) unresolved.insert(d.get<std::string>());
        }
        for (const auto& r : refs) {
            if (!known(r)) unresolved.insert(r);
            else if (resources.contains(r)) deps[id].insert(r);
        }
    }
    if (!unresolved.empty()) {
        return validation_error("Template format error: Unresolved resource dependencies [" +
                                strings::join(std::vector<std::string>(unresolved.begin(), unresolved.end()), ", ") +
                                "] in the Resources block of the template");
    }
    if (tmpl.contains("Outputs") && tmpl["Outputs"].is_object()) {
        for (const auto& [key, output] : tmpl["Outputs"].items()) {
            for (const auto& r : references(output)) {
                if (!known(r)) unresolved.insert(r);
            }
        }
        if (!unresolved.empty()) {
            return validation_error("Template format error: Unresolved resource dependencies [" +
                                    strings::join(std::vector<std::string>(unresolved.begin(), unresolved.end()), ", ") +
                                    "] in the Outputs block of the template");
        }
    }
    // Kahn: whatever is left is on or behind a cycle.
    std::map<std::string, std::size_t> indegree;
    std::map<std::string, std::vector<std::string>> users;
    for (const auto& [id, res] : resources.items()) indegree[id] = 0;
    for (const auto& [id, ds] : deps) {
        for (const auto& d : ds) {
            if (d == id) continue;
            ++indegree[id];
            users[d].push_back(id);
        }
        if (ds.count(id) != 0) return validation_error("Circular dependency between resources: [" + id + "]");
    }
    std::vector<std::string> ready;
    for (const auto& [id, n] : indegree) {
        if (n == 0) ready.push_back(id);
    }
    while (!ready.empty()) {
        const std::string id = ready.back();
        ready.pop_back();
        indegree.erase(id);
        for (const auto& u : users[id]) {
            if (--indegree[u] == 0) ready.push_back(u);
        }
    }
    if (!indegree.empty()) {
        std::vector<std::string> names;
        for (const auto& [id, n] : indegree) names.push_back(id);
        return validation_error("Circular dependency between resources: [" + strings::join(names, ", ") + "]");
    }
    return ok();
}

/// CAPABILITY_IAM / CAPABILITY_NAMED_IAM as CloudFormation requires them.
Result<void> check_capabilities(const Json& tmpl, const Json& capabilities) {
    std::set<std::string> have;
    for (const auto& c : capabilities) {
        if (c.is_string()) have.insert(c.get<std::string>());
    }
    bool iam = false;
    bool named = false;
    for (const auto& [id, res] : tmpl["Resources"].items()) {
        const std::string type = res.value("Type", "");
        if (!strings::starts_with(type, "AWS::IAM::")) continue;
        iam = true;
        const Json props = res.value("Properties", Json::object());
        for (const char* key : {"RoleName", "UserName", "GroupName", "ManagedPolicyName", "InstanceProfileName"}) {
            if (props.is_object() && props.contains(key)) named = true;
        }
    }
    if (named && have.count("CAPABILITY_NAMED_IAM") == 0) {
        return make_error("InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_NAMED_IAM]", 400);
    }
    if (iam && have.count("CAPABILITY_IAM") == 0 && have.count("CAPABILITY_NAMED_IAM") == 0) {
        return make_error("InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_IAM]", 400);
    }
    return ok();
}

Json describe_stack(const Json& s) {
    Json out{{"StackId", s["StackId"]},
             {"StackName", s["StackName"]},
             {"CreationTime", s["CreationTime"]},
             {"StackStatus", s["StackStatus"]},
             {"DisableRollback", s.value("DisableRollback", false)},
             {"NotificationARNs", s.value("NotificationARNs", Json::array())},
             {"Capabilities", s.value("Capabilities", Json::array())},
             {"Tags", s.value("Tags", Json::array())},
             {"Parameters", s.value("Parameters", Json::array())},
             {"EnableTerminationProtection", s.value("EnableTerminationProtection", false)},
             {"RollbackConfiguration", Json::object()},
             {"DriftInformation", Json{{"StackDriftStatus", "NOT_CHECKED"}}}};
    for (const char* key : {"Description", "StackStatusReason", "LastUpdatedTime", "DeletionTime", "RoleARN",
                            "ChangeSetId"}) {
        if (s.contains(key) && !s[key].is_null()) out[key] = s[key];
    }
    if (s.contains("Outputs") && !s["Outputs"].empty()) out["Outputs"] = s["Outputs"];
    return out;
}

Json parameter_declarations(const Json& tmpl) {
    Json out = Json::array();
    if (!tmpl.contains("Parameters")) return out;
    for (const auto& [key, decl] : tmpl["Parameters"].items()) {
        Json p{{"ParameterKey", key},
               {"ParameterType", decl.value("Type", "String")},
               {"NoEcho", decl.contains("NoEcho") && scalar_string(decl["NoEcho"]) == "true"}};
        if (decl.contains("Default")) p["DefaultValue"] = scalar_string(decl["Default"]);
        if (decl.contains("Description")) p["Description"] = scalar_string(decl["Description"]);
        if (decl.contains("AllowedValues")) {
            Json allowed = Json::array();
            for (const auto& v : decl["AllowedValues"]) allowed.push_back(scalar_string(v));
            p["ParameterConstraints"] = Json{{"AllowedValues", allowed}};
        }
        out.push_back(std::move(p));
    }
    return out;
}

Json template_capabilities(const Json& tmpl, std::string& reason) {
    Json caps = Json::array();
    if (!check_capabilities(tmpl, Json::array())) {
        auto named = check_capabilities(tmpl, Json::array({"CAPABILITY_IAM"}));
        caps.push_back(named ? "CAPABILITY_IAM" : "CAPABILITY_NAMED_IAM");
        reason = "The following resource(s) require capabilities: [AWS::IAM::*]";
    }
    return caps;
}

} // namespace

StackEngine::StackEngine(CloudContext& cloud, ProviderRegistry& providers, ServiceRegistry& services)
    : cloud_(cloud), providers_(providers), services_(services), commits_(cloud.store), pool_(16) {}

StackEngine::~StackEngine() {
    stopping_ = true;
    std::vector<std::thread> drivers;
    {
        std::lock_guard lock(drivers_mutex_);
        drivers.swap(drivers_);
    }
    for (auto& d : drivers) d.join();
}

const std::vector<std::string>& StackEngine::operations() {
    static const std::vector<std::string> ops{
        "CreateStack",       "UpdateStack",         "DeleteStack",         "DescribeStacks",
        "ListStacks",        "DescribeStackEvents", "DescribeStackResource", "DescribeStackResources",
        "ListStackResources", "GetTemplate",        "GetTemplateSummary",  "ValidateTemplate",
        "CreateChangeSet",   "DescribeChangeSet",   "ExecuteChangeSet",    "DeleteChangeSet",
        "ListChangeSets",    "ListExports",         "ListImports",         "UpdateTerminationProtection",
        "ContinueUpdateRollback", "RollbackStack"};
    return ops;
}

Result<Json> StackEngine::call(const std::string& operation, const Json& in, ApiCall& c) {
    if (operation == "CreateStack") return create_stack(in, c);
    if (operation == "UpdateStack") return update_stack(in, c);
    if (operation == "DeleteStack") return delete_stack(in, c);
    if (operation == "DescribeStacks") return describe_stacks(in, c);
    if (operation == "ListStacks") return list_stacks(in, c);
    if (operation == "DescribeStackEvents") return describe_stack_events(in, c);
    if (operation == "DescribeStackResource") return describe_stack_resource(in, c);
    if (operation == "DescribeStackResources") return describe_stack_resources(in, c);
    if (operation == "ListStackResources") return list_stack_resources(in, c);
    if (operation == "GetTemplate") return get_template(in, c);
    if (operation == "GetTemplateSummary") return get_template_summary(in, c);
    if (operation == "ValidateTemplate") return validate_template(in, c);
    if (operation == "CreateChangeSet") return create_change_set(in, c);
    if (operation == "DescribeChangeSet") return describe_change_set(in, c);
    if (operation == "ExecuteChangeSet") return execute_change_set(in, c);
    if (operation == "DeleteChangeSet") return delete_change_set(in, c);
    if (operation == "ListChangeSets") return list_change_sets(in, c);
    if (operation == "ListExports") return list_exports(in, c);
    if (operation == "ListImports") return list_imports(in, c);
    if (operation == "UpdateTerminationProtection") return update_termination_protection(in, c);
    if (operation == "ContinueUpdateRollback") return continue_update_rollback(in, c);
    if (operation == "RollbackStack") return rollback_stack(in, c);
    return make_error("InvalidAction", "CloudFormation action " + operation + " is not implemented by localcloud", 400);
}

void StackEngine::recover() {
    auto index = cloud_.store.read<std::vector<std::pair<std::string, Json>>>(
        [&](Tx& tx) { return tx.list(Scope{"", ""}, kIndexKind); });
    if (!index) return;
    static const std::map<std::string, std::string> failed{
        {"CREATE_IN_PROGRESS", "CREATE_FAILED"},
        {"ROLLBACK_IN_PROGRESS", "ROLLBACK_FAILED"},
        {"DELETE_IN_PROGRESS", "DELETE_FAILED"},
        {"UPDATE_IN_PROGRESS", "UPDATE_FAILED"},
        {"UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_COMPLETE"},
        {"UPDATE_ROLLBACK_IN_PROGRESS", "UPDATE_ROLLBACK_FAILED"},
        {"UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE"}};
    for (const auto& [stack_id, where] : *index) {
        Operation op;
        op.scope = Scope{where.value("Account", ""), where.value("Region", "")};
        op.stack_id = stack_id;
        auto stack = cloud_.store.read<std::optional<Json>>([&](Tx& tx) { return tx.get(op.scope, kStackKind, stack_id); });
        if (!stack || !*stack) continue;
        Json doc = **stack;
        const std::string status = doc.value("StackStatus", "");
        const auto it = failed.find(status);
        if (it == failed.end()) continue;
        set_stack_status(op, doc, it->second,
                         "localcloud stopped while the stack was " + status + "; the operation was interrupted");
    }
}

Result<Json> StackEngine::find_stack(Tx& tx, const Scope& scope, const std::string& name_or_id, bool include_deleted) {
    std::string id = name_or_id;
    if (!is_arn(name_or_id)) {
        auto live = tx.get(scope, kStackNameKind, name_or_id);
        if (!live) return live.error();
        if (!*live) return stack_not_found(name_or_id);
        id = (**live)["StackId"];
    }
    auto stack = tx.get(scope, kStackKind, id);
    if (!stack) return stack.error();
    if (!*stack) return stack_not_found(name_or_id);
    if (!include_deleted && (**stack)["StackStatus"] == "DELETE_COMPLETE") return stack_not_found(name_or_id);
    return **stack;
}

Result<Caller> StackEngine::acting_caller(const std::string& role_arn, ApiCall& c) {
    if (role_arn.empty()) return c.ctx.caller;
    return cloud_.store.write<Caller>([&](Tx& tx) -> Result<Caller> {
        if (auto p = cloud_.iam.authorize_pass_role(tx, c.ctx.caller, role_arn, c.ctx.condition_context); !p) {
            return p.error();
        }
        Caller service;
        service.type = "service";
        service.principal.service = "cloudformation.amazonaws.com";
        service.principal.account = c.account();
        service.principal.arn = "cloudformation.amazonaws.com";
        sts::StsBackend sts(cloud_.iam);
        sts::AssumeRoleRequest request;
        request.role_arn = role_arn;
        request.session_name = "AWSCloudFormation";
        auto assumed = sts.assume_role(tx, service, request, c.ctx.condition_context, c.ctx.now);
        if (!assumed) return validation_error("Role " + role_arn + " is invalid or cannot be assumed");
        auto record = cloud_.iam.find_access_key(tx, assumed->access_key_id);
        if (!record) return record.error();
        if (!*record) return validation_error("Role " + role_arn + " is invalid or cannot be assumed");
        return caller_from_key(**record);
    });
}

Result<std::string> StackEngine::template_body(const Json& in, ApiCall& c) {
    if (in.contains("TemplateBody") && in["TemplateBody"].is_string()) return in["TemplateBody"].get<std::string>();
    const std::string url = str(in, "TemplateURL");
    if (url.empty()) return validation_error("Either Template URL or Template Body must be specified.");
    const auto parts = aws::parse_url(url);
    if (!parts || parts->path.size() < 2) return validation_error("TemplateURL must be a supported URL.");
    const std::string host = strings::to_lower(parts->host);
    std::string bucket;
    std::string key;
    const std::string path = parts->path.substr(1);
    const auto s3_at = host.find(".s3.");
    const auto s3_dash = host.find(".s3-");
    if (strings::starts_with(host, "s3.") || strings::starts_with(host, "s3-") || host == "127.0.0.1" ||
        host == "localhost") {
        const auto slash = path.find('/');
        if (slash == std::string::npos) return validation_error("TemplateURL must be a supported URL.");
        bucket = path.substr(0, slash);
        key = path.substr(slash + 1);
    } else if (s3_at != std::string::npos || s3_dash != std::string::npos) {
        bucket = host.substr(0, s3_at != std::string::npos ? s3_at : s3_dash);
        key = path;
    } else {
        return validation_error("TemplateURL must be a supported URL.");
    }
    Service* s3 = services_.find("s3");
    if (s3 == nullptr) return validation_error("TemplateURL needs localcloud's S3");
    HttpRequest http;
    http.method = "GET";
    http.path = "/" + bucket + "/" + key;
    http.target = http.path;
    http.headers.emplace_back("host", "s3.amazonaws.com");
    RequestContext ctx{http, c.ctx.request_id, c.region(), c.ctx.caller, c.ctx.now, c.ctx.condition_context, {}};
    ctx.condition_context[iam::context_key("aws:SecureTransport")] = {"true"};
    auto response = s3->handle(ctx);
    if (!response) return validation_error("S3 error: " + response.error().message);
    if (response->status != 200) return validation_error("S3 error: status " + std::to_string(response->status));
    if (response->body_file.empty()) return response->body;
    if (response->file_length > kMaxTemplateBytes) {
        return validation_error("Template format error: the template at TemplateURL has " +
                                std::to_string(response->file_length) + " bytes; CloudFormation reads at most " +
                                std::to_string(kMaxTemplateBytes));
    }
    // From the file S3's GET opened while the object's row was current: a concurrent PUT cannot tear it.
    std::string body(response->file_length, '\0');
    std::size_t got = 0;
    while (got < body.size()) {
        const long n = response->open_file == nullptr
                           ? -1
                           : response->open_file->read_at(body.data() + got, body.size() - got,
                                                          response->file_offset + got);
        if (n <= 0) return validation_error("S3 error: the template object could not be read");
        got += static_cast<std::size_t>(n);
    }
    return body;
}

Result<std::string> StackEngine::ssm_value(ApiCall& c, const std::string& name) {
    Service* ssm = services_.find("ssm");
    if (ssm == nullptr) return make_error("ParameterNotFound", name, 400);
    HttpRequest http;
    http.method = "POST";
    http.path = "/";
    http.target = "/";
    http.headers.emplace_back("x-amz-target", "AmazonSSM.GetParameter");
    http.headers.emplace_back("content-type", "application/x-amz-json-1.1");
    http.body = Json{{"Name", name}}.dump();
    http.body_size = http.body.size();
    RequestContext ctx{http, c.ctx.request_id, c.region(), c.ctx.caller, c.ctx.now, c.ctx.condition_context, {}};
    auto response = ssm->handle(ctx);
    if (!response) return response.error();
    const auto body = json::parse(response->body);
    if (!body || !body->contains("Parameter")) return make_error("ParameterNotFound", name, 400);
    return (*body)["Parameter"].value("Value", "");
}

Result<StackEngine::Prepared> StackEngine::prepare(const Json& in, ApiCall& c, const Json* existing,
                                                   const std::string& stack_name, const std::string& stack_id) {
    Prepared p;
    if (in.value("UsePreviousTemplate", false)) {
        if (existing == nullptr) return validation_error("UsePreviousTemplate is only valid for an existing stack");
        p.body = (*existing)["TemplateBody"];
    } else {
        auto body = template_body(in, c);
        if (!body) return body.error();
        p.body = std::move(*body);
    }
    auto doc = parse_template(p.body);
    if (!doc) return doc.error();
    p.template_doc = std::move(*doc);
    if (auto g = validate_graph(p.template_doc); !g) return g.error();
    std::map<std::string, std::string> previous;
    if (existing != nullptr && existing->contains("RawParameters")) {
        for (const auto& [k, v] : (*existing)["RawParameters"].items()) previous[k] = v;
    }
    auto params = resolve_parameters(p.template_doc, parameter_inputs(in), previous,
                                     [&](const std::string& name) { return ssm_value(c, name); });
    if (!params) return params.error();
    p.parameters = std::move(*params);
    PseudoParameters pseudo{c.account(), c.region(), stack_name, stack_id, arr(in, "NotificationARNs")};
    Evaluator evaluator(p.template_doc, p.parameters.values, pseudo, {});
    if (auto e = evaluator.evaluate_conditions(); !e) return e.error();
    if (auto r = evaluator.check_rules(); !r) return r.error();
    if (auto cap = check_capabilities(p.template_doc, arr(in, "Capabilities")); !cap) return cap.error();
    return p;
}

Result<Json> StackEngine::plan_changes(const Scope& scope, const Json& stack, const Prepared& prepared) {
    auto current = load_resources(scope, stack["StackId"]);
    ResourceLookup lookup;
    lookup.ref = [&](const std::string& id) -> std::optional<Json> {
        const auto it = current.find(id);
        if (it == current.end()) return Json("{{unresolved:" + id + "}}");
        return Json(it->second.physical_id);
    };
    lookup.get_att = [&](const std::string& id, const std::string& attribute) -> Result<Json> {
        const auto it = current.find(id);
        if (it == current.end() || !it->second.attributes.contains(attribute)) {
            return Json("{{unresolved:" + id + "." + attribute + "}}");
        }
        return it->second.attributes[attribute];
    };
    lookup.import_value = [&](const std::string& name) -> Result<Json> {
        auto e = cloud_.store.read<std::optional<Json>>([&](Tx& tx) { return tx.get(scope, kExportKind, name); });
        if (!e) return e.error();
        if (!*e) return validation_error("No export named " + name + " found.");
        return (**e)["Value"];
    };
    PseudoParameters pseudo{scope.account, scope.region, stack["StackName"], stack["StackId"],
                            stack.value("NotificationARNs", Json::array())};
    Evaluator evaluator(prepared.template_doc, prepared.parameters.values, pseudo, lookup);
    if (auto e = evaluator.evaluate_conditions(); !e) return e.error();
    Json changes = Json::array();
    std::set<std::string> targets;
    for (const auto& [id, res] : prepared.template_doc["Resources"].items()) {
        if (!evaluator.included(res)) continue;
        targets.insert(id);
        const std::string type = res["Type"];
        const auto it = current.find(id);
        Json rc{{"LogicalResourceId", id}, {"ResourceType", type}};
        if (it == current.end()) {
            rc["Action"] = "Add";
            changes.push_back(Json{{"Type", "Resource"}, {"ResourceChange", rc}});
            continue;
        }
        auto props = evaluator.resolve(res.value("Properties", Json::object()));
        const ResourceState& old = it->second;
        if (props && *props == old.properties && old.type == type) continue;
        rc["Action"] = "Modify";
        rc["PhysicalResourceId"] = old.physical_id;
        std::vector<std::string> create_only;
        if (auto* provider = providers_.find(type)) create_only = provider->create_only_properties();
        if (create_only.empty()) create_only = schema_create_only_properties(type).value_or(std::vector<std::string>{});
        std::string replacement = old.type != type ? "True" : "False";
        Json details = Json::array();
        std::set<std::string> names;
        const Json next = props ? *props : Json::object();
        for (const auto& [k, v] : next.items()) names.insert(k);
        for (const auto& [k, v] : old.properties.items()) names.insert(k);
        for (const auto& name : names) {
            const Json a = old.properties.value(name, Json());
            const Json b = next.value(name, Json());
            if (a == b && props) continue;
            const bool recreate = std::find(create_only.begin(), create_only.end(), name) != create_only.end();
            const bool unknown = b.dump().find("{{unresolved:") != std::string::npos || !props;
            if (recreate) replacement = unknown && replacement != "True" ? "Conditional" : "True";
            details.push_back(Json{{"Target", Json{{"Attribute", "Properties"},
                                                   {"Name", name},
                                                   {"RequiresRecreation", recreate ? (unknown ? "Conditionally" : "Always")
                                                                                   : "Never"}}},
                                   {"Evaluation", unknown ? "Dynamic" : "Static"},
                                   {"ChangeSource", unknown ? "ResourceAttribute" : "DirectModification"}});
        }
        rc["Replacement"] = replacement;
        rc["Scope"] = Json::array({"Properties"});
        rc["Details"] = details;
        changes.push_back(Json{{"Type", "Resource"}, {"ResourceChange", rc}});
    }
    for (const auto& [id, r] : current) {
        if (targets.count(id) != 0) continue;
        changes.push_back(Json{{"Type", "Resource"},
                               {"ResourceChange", Json{{"Action", "Remove"},
                                                       {"LogicalResourceId", id},
                                                       {"PhysicalResourceId", r.physical_id},
                                                       {"ResourceType", r.type}}}});
    }
    return changes;
}

namespace {

Json new_stack(const Json& in, const std::string& stack_id, const std::string& name, const std::string& now) {
    return Json{{"StackId", stack_id},
                {"StackName", name},
                {"CreationTime", now},
                {"StackStatus", "REVIEW_IN_PROGRESS"},
                {"DisableRollback", in.value("DisableRollback", false) || str(in, "OnFailure") == "DO_NOTHING"},
                {"EnableTerminationProtection", in.value("EnableTerminationProtection", false)},
                {"NotificationARNs", arr(in, "NotificationARNs")},
                {"Capabilities", arr(in, "Capabilities")},
                {"Tags", arr(in, "Tags")},
                {"Parameters", Json::array()},
                {"RawParameters", Json::object()},
                {"ParameterValues", Json::object()}};
}

void apply_prepared(Json& stack, const Json& in, const StackEngine* /*engine*/, const std::string& body,
                    const Json& tmpl, const ResolvedParameters& params) {
    stack["TemplateBody"] = body;
    stack["Template"] = tmpl;
    stack["Parameters"] = params.described;
    stack["RawParameters"] = params.raw;
    Json values = Json::object();
    for (const auto& [k, v] : params.values) values[k] = v;
    stack["ParameterValues"] = values;
    if (tmpl.contains("Description")) stack["Description"] = scalar_string(tmpl["Description"]);
    else stack.erase("Description");
    if (in.contains("Capabilities")) stack["Capabilities"] = in["Capabilities"];
    if (in.contains("Tags")) stack["Tags"] = in["Tags"];
    if (in.contains("NotificationARNs")) stack["NotificationARNs"] = in["NotificationARNs"];
    if (in.contains("RoleARN")) stack["RoleARN"] = in["RoleARN"];
    if (in.contains("ClientRequestToken")) stack["ClientRequestToken"] = in["ClientRequestToken"];
    else stack.erase("ClientRequestToken");
}

} // namespace

Result<Json> StackEngine::create_stack(const Json& in, ApiCall& c) {
    const std::string name = str(in, "StackName");
    static const std::regex kName("[a-zA-Z][-a-zA-Z0-9]{0,127}");
    if (!std::regex_match(name, kName)) {
        return validation_error("1 validation error detected: Value '" + name +
                                "' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression "
                                "pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*");
    }
    const Scope scope{c.account(), c.region()};
    auto exists = cloud_.store.read<std::optional<Json>>([&](Tx& tx) { return tx.get(scope, kStackNameKind, name); });
    if (!exists) return exists.error();
    if (*exists) return already_exists("Stack [" + name + "] already exists");
    const std::string stack_id =
        "arn:aws:cloudformation:" + c.region() + ":" + c.account() + ":stack/" + name + "/" + random_uuid();
    auto caller = acting_caller(str(in, "RoleARN"), c);
    if (!caller) return caller.error();
    auto prepared = prepare(in, c, nullptr, name, stack_id);
    if (!prepared) return prepared.error();
    const std::string now = iso_millis_now();
    Json stack = new_stack(in, stack_id, name, now);
    apply_prepared(stack, in, this, prepared->body, prepared->template_doc, prepared->parameters);
    stack["StackStatus"] = "CREATE_IN_PROGRESS";
    auto written = cloud_.store.write<void>([&](Tx& tx) -> Result<void> {
        auto again = tx.get(scope, kStackNameKind, name);
        if (!again) return again.error();
        if (*again) return already_exists("Stack [" + name + "] already exists");
        if (auto p = tx.put(scope, kStackKind, stack_id, stack); !p) return p;
        if (auto p = tx.put(scope, kStackNameKind, name, Json{{"StackId", stack_id}}); !p) return p;
        return tx.put(Scope{"", ""}, kIndexKind, stack_id, Json{{"Account", scope.account}, {"Region", scope.region}});
    });
    if (!written) return written.error();
    launch(Operation{Operation::Kind::Create, scope, stack_id, *caller, random_uuid()});
    return Json{{"StackId", stack_id}};
}

Result<void> StackEngine::start_update(Tx& tx, const Scope& scope, Json& stack, const Prepared& prepared,
                                       const Json& in, const std::string& /*now*/) {
    Json previous = Json::object();
    for (const char* key : {"Template", "TemplateBody", "ParameterValues", "RawParameters", "Parameters"}) {
        if (stack.contains(key)) previous[key] = stack[key];
    }
    stack["Previous"] = previous;
    apply_prepared(stack, in, this, prepared.body, prepared.template_doc, prepared.parameters);
    if (in.contains("DisableRollback")) stack["DisableRollback"] = in["DisableRollback"];
    stack["StackStatus"] = "UPDATE_IN_PROGRESS";
    return tx.put(scope, kStackKind, stack["StackId"].get<std::string>(), stack);
}

Result<Json> StackEngine::update_stack(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto found = cloud_.store.read<Json>([&](Tx& tx) { return find_stack(tx, scope, str(in, "StackName"), false); });
    if (!found) return found.error();
    Json stack = *found;
    const std::string status = stack["StackStatus"];
    if (!updatable(status)) {
        return validation_error("Stack:" + stack["StackId"].get<std::string>() + " is in " + status +
                                " state and can not be updated.");
    }
    auto caller = acting_caller(in.contains("RoleARN") ? str(in, "RoleARN") : stack.value("RoleARN", ""), c);
    if (!caller) return caller.error();
    auto prepared = prepare(in, c, &stack, stack["StackName"], stack["StackId"]);
    if (!prepared) return prepared.error();
    auto changes = plan_changes(scope, stack, *prepared);
    if (!changes) return changes.error();
    if (changes->empty() && prepared->body == stack.value("TemplateBody", "") &&
        Json(prepared->parameters.raw) == stack.value("RawParameters", Json::object()) &&
        (!in.contains("Tags") || in["Tags"] == stack.value("Tags", Json::array()))) {
        return validation_error("No updates are to be performed.");
    }
    auto written = cloud_.store.write<void>([&](Tx& tx) -> Result<void> {
        auto again = find_stack(tx, scope, stack["StackId"], false);
        if (!again) return again.error();
        if (!updatable((*again)["StackStatus"])) {
            return validation_error("Stack:" + stack["StackId"].get<std::string>() + " is in " +
                                    (*again)["StackStatus"].get<std::string>() + " state and can not be updated.");
        }
        return start_update(tx, scope, stack, *prepared, in, iso_millis_now());
    });
    if (!written) return written.error();
    launch(Operation{Operation::Kind::Update, scope, stack["StackId"], *caller, random_uuid()});
    return Json{{"StackId", stack["StackId"]}};
}

Result<Json> StackEngine::delete_stack(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto found = cloud_.store.read<Json>([&](Tx& tx) { return find_stack(tx, scope, str(in, "StackName"), true); });
    if (!found) {
        if (found.error().code == "ValidationError") return Json::object();  // deleting a missing stack succeeds
        return found.error();
    }
    Json stack = *found;
    const std::string status = stack["StackStatus"];
    if (status == "DELETE_COMPLETE" || status == "DELETE_IN_PROGRESS") return Json::object();
    if (stack.value("EnableTerminationProtection", false)) {
        return validation_error("Stack [" + stack["StackName"].get<std::string>() +
                                "] cannot be deleted while TerminationProtection is enabled");
    }
    if (status.find("_IN_PROGRESS") != std::string::npos && status != "REVIEW_IN_PROGRESS") {
        return validation_error("Stack [" + stack["StackName"].get<std::string>() + "] is in " + status +
                                " state and can not be deleted.");
    }
    auto caller = acting_caller(in.contains("RoleARN") ? str(in, "RoleARN") : stack.value("RoleARN", ""), c);
    if (!caller) return caller.error();
    stack["StackStatus"] = "DELETE_IN_PROGRESS";
    auto written = cloud_.store.write<void>(
        [&](Tx& tx) { return tx.put(scope, kStackKind, stack["StackId"].get<std::string>(), stack); });
    if (!written) return written.error();
    launch(Operation{Operation::Kind::Delete, scope, stack["StackId"], *caller, random_uuid()});
    return Json::object();
}

Result<Json> StackEngine::describe_stacks(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    const std::string name = str(in, "StackName");
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        Json stacks = Json::array();
        if (!name.empty()) {
            auto s = find_stack(tx, scope, name, is_arn(name));
            if (!s) return s.error();
            stacks.push_back(describe_stack(*s));
        } else {
            auto all = tx.list(scope, kStackNameKind);
            if (!all) return all.error();
            for (const auto& [n, ref] : *all) {
                auto s = tx.get(scope, kStackKind, ref["StackId"].get<std::string>());
                if (!s) return s.error();
                if (*s) stacks.push_back(describe_stack(**s));
            }
        }
        return Json{{"Stacks", stacks}};
    });
}

Result<Json> StackEngine::list_stacks(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    std::set<std::string> filter;
    for (const auto& f : arr(in, "StackStatusFilter")) filter.insert(f.get<std::string>());
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto all = tx.list(scope, kStackKind);
        if (!all) return all.error();
        Json out = Json::array();
        for (const auto& [id, s] : *all) {
            if (!filter.empty() && filter.count(s["StackStatus"]) == 0) continue;
            Json summary{{"StackId", id},
                         {"StackName", s["StackName"]},
                         {"CreationTime", s["CreationTime"]},
                         {"StackStatus", s["StackStatus"]},
                         {"DriftInformation", Json{{"StackDriftStatus", "NOT_CHECKED"}}}};
            for (const char* key : {"StackStatusReason", "LastUpdatedTime", "DeletionTime"}) {
                if (s.contains(key)) summary[key] = s[key];
            }
            if (s.contains("Description")) summary["TemplateDescription"] = s["Description"];
            out.push_back(std::move(summary));
        }
        return Json{{"StackSummaries", out}};
    });
}

Result<Json> StackEngine::describe_stack_events(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto s = find_stack(tx, scope, str(in, "StackName"), true);
        if (!s) return s.error();
        auto rows = tx.list(scope, kEventKind, (*s)["StackId"].get<std::string>() + "|");
        if (!rows) return rows.error();
        Json events = Json::array();
        for (auto it = rows->rbegin(); it != rows->rend(); ++it) events.push_back(it->second);
        return Json{{"StackEvents", events}};
    });
}

Result<Json> StackEngine::list_stack_resources(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto s = cloud_.store.read<Json>([&](Tx& tx) { return find_stack(tx, scope, str(in, "StackName"), true); });
    if (!s) return s.error();
    Json out = Json::array();
    for (const auto& [id, r] : load_resources(scope, (*s)["StackId"])) {
        Json x{{"LogicalResourceId", id},
               {"PhysicalResourceId", r.physical_id},
               {"ResourceType", r.type},
               {"LastUpdatedTimestamp", r.timestamp},
               {"ResourceStatus", r.status},
               {"DriftInformation", Json{{"StackResourceDriftStatus", "NOT_CHECKED"}}}};
        if (!r.status_reason.empty()) x["ResourceStatusReason"] = r.status_reason;
        out.push_back(std::move(x));
    }
    return Json{{"StackResourceSummaries", out}};
}

Result<Json> StackEngine::describe_stack_resources(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto s = cloud_.store.read<Json>([&](Tx& tx) { return find_stack(tx, scope, str(in, "StackName"), true); });
    if (!s) return s.error();
    const std::string logical = str(in, "LogicalResourceId");
    Json out = Json::array();
    for (const auto& [id, r] : load_resources(scope, (*s)["StackId"])) {
        if (!logical.empty() && id != logical) continue;
        Json x{{"StackName", (*s)["StackName"]}, {"StackId", (*s)["StackId"]},
               {"LogicalResourceId", id},        {"PhysicalResourceId", r.physical_id},
               {"ResourceType", r.type},         {"Timestamp", r.timestamp},
               {"ResourceStatus", r.status},     {"DriftInformation", Json{{"StackResourceDriftStatus", "NOT_CHECKED"}}}};
        if (!r.status_reason.empty()) x["ResourceStatusReason"] = r.status_reason;
        out.push_back(std::move(x));
    }
    return Json{{"StackResources", out}};
}

Result<Json> StackEngine::describe_stack_resource(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto s = cloud_.store.read<Json>([&](Tx& tx) { return find_stack(tx, scope, str(in, "StackName"), true); });
    if (!s) return s.error();
    const std::string logical = str(in, "LogicalResourceId");
    auto resources = load_resources(scope, (*s)["StackId"]);
    const auto it = resources.find(logical);
    if (it == resources.end()) {
        return validation_error("Resource " + logical + " does not exist for stack " + str(in, "StackName"));
    }
    const ResourceState& r = it->second;
    Json x{{"StackName", (*s)["StackName"]}, {"StackId", (*s)["StackId"]},
           {"LogicalResourceId", logical},   {"PhysicalResourceId", r.physical_id},
           {"ResourceType", r.type},         {"LastUpdatedTimestamp", r.timestamp},
           {"ResourceStatus", r.status},     {"DriftInformation", Json{{"StackResourceDriftStatus", "NOT_CHECKED"}}}};
    if (!r.status_reason.empty()) x["ResourceStatusReason"] = r.status_reason;
    const Json& tmpl = (*s)["Template"];
    if (tmpl.contains("Resources") && tmpl["Resources"].contains(logical) &&
        tmpl["Resources"][logical].contains("Metadata")) {
        x["Metadata"] = tmpl["Resources"][logical]["Metadata"].dump();
    }
    return Json{{"StackResourceDetail", x}};
}

Result<Json> StackEngine::get_template(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto s = find_stack(tx, scope, str(in, "StackName"), true);
        if (!s) return s.error();
        Json source = *s;
        if (!str(in, "ChangeSetName").empty()) {
            bool found = false;
            auto sets = tx.list(scope, kChangeSetKind);
            if (!sets) return sets.error();
            for (const auto& [id, cs] : *sets) {
                if (cs["StackId"] == (*s)["StackId"] &&
                    (id == str(in, "ChangeSetName") || cs["ChangeSetName"] == str(in, "ChangeSetName"))) {
                    source = cs;
                    found = true;
                }
            }
            if (!found) return change_set_not_found(str(in, "ChangeSetName"));
        }
        const bool processed = str(in, "TemplateStage") == "Processed";
        return Json{{"TemplateBody", processed ? source.value("Template", Json::object()).dump()
                                               : source.value("TemplateBody", std::string("{}"))},
                    {"StagesAvailable", Json::array({"Original", "Processed"})}};
    });
}

Result<Json> StackEngine::get_template_summary(const Json& in, ApiCall& c) {
    std::string body;
    if (!str(in, "StackName").empty()) {
        const Scope scope{c.account(), c.region()};
        auto s = cloud_.store.read<Json>([&](Tx& tx) { return find_stack(tx, scope, str(in, "StackName"), true); });
        if (!s) return s.error();
        body = s->value("TemplateBody", "");
    } else {
        auto b = template_body(in, c);
        if (!b) return b.error();
        body = *b;
    }
    auto tmpl = parse_template(body);
    if (!tmpl) return tmpl.error();
    std::string reason;
    Json out{{"Parameters", parameter_declarations(*tmpl)}, {"Capabilities", template_capabilities(*tmpl, reason)}};
    if (!reason.empty()) out["CapabilitiesReason"] = reason;
    std::set<std::string> types;
    for (const auto& [id, res] : (*tmpl)["Resources"].items()) types.insert(res["Type"].get<std::string>());
    out["ResourceTypes"] = types;
    if (tmpl->contains("Description")) out["Description"] = scalar_string((*tmpl)["Description"]);
    if (tmpl->contains("AWSTemplateFormatVersion")) out["Version"] = scalar_string((*tmpl)["AWSTemplateFormatVersion"]);
    if (tmpl->contains("Metadata")) out["Metadata"] = (*tmpl)["Metadata"].dump();
    out["DeclaredTransforms"] = Json::array();
    return out;
}

Result<Json> StackEngine::validate_template(const Json& in, ApiCall& c) {
    auto body = template_body(in, c);
    if (!body) return body.error();
    auto tmpl = parse_template(*body);
    if (!tmpl) return tmpl.error();
    if (auto g = validate_graph(*tmpl); !g) return g.error();
    Json params = Json::array();
    for (const auto& p : parameter_declarations(*tmpl)) {
        Json x{{"ParameterKey", p["ParameterKey"]}, {"NoEcho", p["NoEcho"]}};
        if (p.contains("DefaultValue")) x["DefaultValue"] = p["DefaultValue"];
        if (p.contains("Description")) x["Description"] = p["Description"];
        params.push_back(std::move(x));
    }
    std::string reason;
    Json out{{"Parameters", params}, {"Capabilities", template_capabilities(*tmpl, reason)},
             {"DeclaredTransforms", Json::array()}};
    if (!reason.empty()) out["CapabilitiesReason"] = reason;
    if (tmpl->contains("Description")) out["Description"] = scalar_string((*tmpl)["Description"]);
    return out;
}

Result<Json> StackEngine::create_change_set(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    const std::string name = str(in, "StackName");
    const std::string cs_name = str(in, "ChangeSetName");
    const std::string type = in.value("ChangeSetType", "UPDATE");
    static const std::regex kName("[a-zA-Z][-a-zA-Z0-9]{0,127}");
    if (!std::regex_match(cs_name, kName)) {
        return validation_error("1 validation error detected: Value '" + cs_name +
                                "' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular "
                                "expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
    }
    if (type != "CREATE" && type != "UPDATE") {
        return validation_error("ChangeSetType " + type + " is not supported by localcloud (CREATE or UPDATE)");
    }
    auto found = cloud_.store.read<Json>([&](Tx& tx) { return find_stack(tx, scope, name, false); });
    Json stack;
    bool is_new = false;
    if (type == "CREATE") {
        if (found && (*found)["StackStatus"] != "REVIEW_IN_PROGRESS") {
            return already_exists("Stack [" + name + "] already exists and cannot be created again with the changeSet [" +
                                  cs_name + "].");
        }
        if (found) {
            stack = *found;
        } else {
            if (!std::regex_match(name, kName)) return validation_error("Stack name " + name + " is not valid");
            is_new = true;
            stack = new_stack(in, "arn:aws:cloudformation:" + c.region() + ":" + c.account() + ":stack/" + name + "/" +
                                      random_uuid(),
                              name, iso_millis_now());
        }
    } else {
        if (!found) return validation_error("Stack [" + name + "] does not exist");
        stack = *found;
    }
    const std::string stack_id = stack["StackId"];
    if (in.contains("RoleARN") && !str(in, "RoleARN").empty()) {
        auto caller = acting_caller(str(in, "RoleARN"), c);
        if (!caller) return caller.error();
    }
    auto prepared = prepare(in, c, type == "UPDATE" ? &stack : nullptr, name, stack_id);
    if (!prepared) return prepared.error();
    auto changes = plan_changes(scope, stack, *prepared);
    if (!changes) return changes.error();
    const std::string cs_id = "arn:aws:cloudformation:" + c.region() + ":" + c.account() + ":changeSet/" + cs_name + "/" +
                              random_uuid();
    Json cs{{"ChangeSetId", cs_id},
            {"ChangeSetName", cs_name},
            {"StackId", stack_id},
            {"StackName", stack["StackName"]},
            {"ChangeSetType", type},
            {"CreationTime", iso_millis_now()},
            {"Changes", *changes},
            {"Input", in},
            {"TemplateBody", prepared->body},
            {"Template", prepared->template_doc},
            {"Parameters", prepared->parameters.described},
            {"Capabilities", arr(in, "Capabilities")},
            {"Tags", in.contains("Tags") ? in["Tags"] : stack.value("Tags", Json::array())},
            {"NotificationARNs", arr(in, "NotificationARNs")}};
    if (in.contains("Description")) cs["Description"] = in["Description"];
    const bool unchanged = type == "UPDATE" && changes->empty() &&
                           prepared->body == stack.value("TemplateBody", "") &&
                           Json(prepared->parameters.raw) == stack.value("RawParameters", Json::object()) &&
                           (!in.contains("Tags") || in["Tags"] == stack.value("Tags", Json::array()));
    if (unchanged) {
        cs["Status"] = "FAILED";
        cs["ExecutionStatus"] = "UNAVAILABLE";
        cs["StatusReason"] = "The submitted information didn't contain changes. Submit different information to create "
                             "a change set.";
    } else {
        cs["Status"] = "CREATE_COMPLETE";
        cs["ExecutionStatus"] = "AVAILABLE";
    }
    auto written = cloud_.store.write<void>([&](Tx& tx) -> Result<void> {
        auto sets = tx.list(scope, kChangeSetKind);
        if (!sets) return sets.error();
        for (const auto& [id, other] : *sets) {
            if (other["StackId"] == stack_id && other["ChangeSetName"] == cs_name) {
                return already_exists("ChangeSet " + cs_name + " already exists");
            }
        }
        if (is_new) {
            auto again = tx.get(scope, kStackNameKind, name);
            if (!again) return again.error();
            if (*again) return already_exists("Stack [" + name + "] already exists");
            if (auto p = tx.put(scope, kStackKind, stack_id, stack); !p) return p;
            if (auto p = tx.put(scope, kStackNameKind, name, Json{{"StackId", stack_id}}); !p) return p;
            if (auto p = tx.put(Scope{"", ""}, kIndexKind, stack_id,
                                Json{{"Account", scope.account}, {"Region", scope.region}});
                !p) {
                return p;
            }
            // AWS writes the REVIEW_IN_PROGRESS event when a CREATE change set brings the stack into being.
            Json event{{"StackId", stack_id},
                       {"EventId", random_uuid()},
                       {"StackName", name},
                       {"LogicalResourceId", name},
                       {"PhysicalResourceId", stack_id},
                       {"ResourceType", "AWS::CloudFormation::Stack"},
                       {"Timestamp", stack["CreationTime"]},
                       {"ResourceStatus", "REVIEW_IN_PROGRESS"},
                       {"ResourceStatusReason", "User Initiated"}};
            if (auto p = tx.put(scope, kEventKind, stack_id + "|00000000000000000-000000", event); !p) return p;
        }
        return tx.put(scope, kChangeSetKind, cs_id, cs);
    });
    if (!written) return written.error();
    return Json{{"Id", cs_id}, {"StackId", stack_id}};
}

namespace {

Result<Json> find_change_set(Tx& tx, const Scope& scope, const std::string& name, const std::string& stack_name) {
    auto sets = tx.list(scope, kChangeSetKind);
    if (!sets) return sets.error();
    for (const auto& [id, cs] : *sets) {
        if (id == name) return cs;
        if (cs["ChangeSetName"] == name &&
            (stack_name.empty() || cs["StackName"] == stack_name || cs["StackId"] == stack_name)) {
            return cs;
        }
    }
    return change_set_not_found(name);
}

} // namespace

Result<Json> StackEngine::describe_change_set(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto cs = cloud_.store.read<Json>(
        [&](Tx& tx) { return find_change_set(tx, scope, str(in, "ChangeSetName"), str(in, "StackName")); });
    if (!cs) return cs.error();
    Json out = *cs;
    for (const char* key : {"Input", "TemplateBody", "Template", "ChangeSetType"}) out.erase(key);
    out["RollbackConfiguration"] = Json::object();
    out["IncludeNestedStacks"] = false;
    return out;
}

Result<Json> StackEngine::execute_change_set(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto cs = cloud_.store.read<Json>(
        [&](Tx& tx) { return find_change_set(tx, scope, str(in, "ChangeSetName"), str(in, "StackName")); });
    if (!cs) return cs.error();
    if ((*cs)["ExecutionStatus"] != "AVAILABLE") {
        return make_error("InvalidChangeSetStatus",
                          "ChangeSet [" + (*cs)["ChangeSetId"].get<std::string>() +
                              "] cannot be executed in its current status of [" +
                              (*cs)["Status"].get<std::string>() + "]",
                          400);
    }
    const std::string stack_id = (*cs)["StackId"];
    Json input = (*cs)["Input"];
    if (in.contains("DisableRollback")) input["DisableRollback"] = in["DisableRollback"];
    auto caller = acting_caller(str(input, "RoleARN"), c);
    if (!caller) return caller.error();
    const bool create = (*cs)["ChangeSetType"] == "CREATE";
    const Operation::Kind kind = create ? Operation::Kind::Create : Operation::Kind::Update;
    auto s = cloud_.store.read<Json>([&](Tx& tx) { return find_stack(tx, scope, stack_id, false); });
    if (!s) return s.error();
    Json stack = *s;
    // Parameters are resolved again from the change set's input against the template it recorded.
    input.erase("TemplateURL");
    input.erase("UsePreviousTemplate");
    input["TemplateBody"] = (*cs)["TemplateBody"];
    auto prepared = prepare(input, c, create ? nullptr : &stack, stack["StackName"], stack_id);
    if (!prepared) return prepared.error();
    auto written = cloud_.store.write<void>([&](Tx& tx) -> Result<void> {
        auto current = find_stack(tx, scope, stack_id, false);
        if (!current) return current.error();
        stack = *current;
        const std::string status = stack["StackStatus"];
        if (create ? status != "REVIEW_IN_PROGRESS" : !updatable(status)) {
            return validation_error("Stack:" + stack_id + " is in " + status + " state and can not be updated.");
        }
        stack["ChangeSetId"] = (*cs)["ChangeSetId"];
        if (create) {
            apply_prepared(stack, input, this, prepared->body, prepared->template_doc, prepared->parameters);
            stack["DisableRollback"] = input.value("DisableRollback", false);
            stack["StackStatus"] = "CREATE_IN_PROGRESS";
            if (auto p = tx.put(scope, kStackKind, stack_id, stack); !p) return p;
        } else {
            if (auto u = start_update(tx, scope, stack, *prepared, input, iso_millis_now()); !u) return u;
        }
        auto sets = tx.list(scope, kChangeSetKind);
        if (!sets) return sets.error();
        for (const auto& [id, other] : *sets) {
            if (other["StackId"] == stack_id) {
                if (auto e = tx.erase(scope, kChangeSetKind, id); !e) return e.error();
            }
        }
        return ok();
    });
    if (!written) return written.error();
    launch(Operation{kind, scope, stack_id, *caller, random_uuid()});
    return Json::object();
}

Result<Json> StackEngine::delete_change_set(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    return cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
        auto cs = find_change_set(tx, scope, str(in, "ChangeSetName"), str(in, "StackName"));
        if (!cs) return cs.error();
        if (auto e = tx.erase(scope, kChangeSetKind, (*cs)["ChangeSetId"].get<std::string>()); !e) return e.error();
        return Json::object();
    });
}

Result<Json> StackEngine::list_change_sets(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto s = find_stack(tx, scope, str(in, "StackName"), false);
        if (!s) return s.error();
        auto sets = tx.list(scope, kChangeSetKind);
        if (!sets) return sets.error();
        Json out = Json::array();
        for (const auto& [id, cs] : *sets) {
            if (cs["StackId"] != (*s)["StackId"]) continue;
            Json x{{"StackId", cs["StackId"]},           {"StackName", cs["StackName"]},
                   {"ChangeSetId", id},                  {"ChangeSetName", cs["ChangeSetName"]},
                   {"ExecutionStatus", cs["ExecutionStatus"]}, {"Status", cs["Status"]},
                   {"CreationTime", cs["CreationTime"]}};
            if (cs.contains("StatusReason")) x["StatusReason"] = cs["StatusReason"];
            if (cs.contains("Description")) x["Description"] = cs["Description"];
            out.push_back(std::move(x));
        }
        return Json{{"Summaries", out}};
    });
}

Result<Json> StackEngine::list_exports(const Json& /*in*/, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto all = tx.list(scope, kExportKind);
        if (!all) return all.error();
        Json out = Json::array();
        for (const auto& [name, e] : *all) {
            out.push_back(Json{{"ExportingStackId", e["StackId"]}, {"Name", name}, {"Value", e["Value"]}});
        }
        return Json{{"Exports", out}};
    });
}

Result<Json> StackEngine::list_imports(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    const std::string name = str(in, "ExportName");
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto rows = tx.list(scope, kImportKind, name + "|");
        if (!rows) return rows.error();
        Json out = Json::array();
        for (const auto& [key, doc] : *rows) out.push_back(doc["StackName"]);
        if (out.empty()) return validation_error("Export '" + name + "' is not imported by any stack.");
        return Json{{"Imports", out}};
    });
}

Result<Json> StackEngine::update_termination_protection(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    return cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
        auto s = find_stack(tx, scope, str(in, "StackName"), false);
        if (!s) return s.error();
        Json stack = *s;
        stack["EnableTerminationProtection"] = in.value("EnableTerminationProtection", false);
        if (auto p = tx.put(scope, kStackKind, stack["StackId"].get<std::string>(), stack); !p) return p.error();
        return Json{{"StackId", stack["StackId"]}};
    });
}

Result<Json> StackEngine::continue_update_rollback(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto s = cloud_.store.read<Json>([&](Tx& tx) { return find_stack(tx, scope, str(in, "StackName"), false); });
    if (!s) return s.error();
    Json stack = *s;
    if (stack["StackStatus"] != "UPDATE_ROLLBACK_FAILED") {
        return validation_error("Stack " + stack["StackName"].get<std::string>() + " is in " +
                                stack["StackStatus"].get<std::string>() +
                                " state and can not be rolled back: ContinueUpdateRollback needs UPDATE_ROLLBACK_FAILED");
    }
    auto caller = acting_caller(in.contains("RoleARN") ? str(in, "RoleARN") : stack.value("RoleARN", ""), c);
    if (!caller) return caller.error();
    stack["StackStatus"] = "UPDATE_ROLLBACK_IN_PROGRESS";
    auto w = cloud_.store.write<void>([&](Tx& tx) { return tx.put(scope, kStackKind, stack["StackId"].get<std::string>(), stack); });
    if (!w) return w.error();
    launch(Operation{Operation::Kind::ContinueRollback, scope, stack["StackId"], *caller, random_uuid()});
    return Json::object();
}

Result<Json> StackEngine::rollback_stack(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto s = cloud_.store.read<Json>([&](Tx& tx) { return find_stack(tx, scope, str(in, "StackName"), false); });
    if (!s) return s.error();
    Json stack = *s;
    const std::string status = stack["StackStatus"];
    if (status != "CREATE_FAILED" && status != "UPDATE_FAILED" && status != "ROLLBACK_FAILED") {
        return validation_error("Stack " + stack["StackName"].get<std::string>() + " is in " + status +
                                " state and can not be rolled back");
    }
    auto caller = acting_caller(in.contains("RoleARN") ? str(in, "RoleARN") : stack.value("RoleARN", ""), c);
    if (!caller) return caller.error();
    stack["StackStatus"] = status == "UPDATE_FAILED" ? "UPDATE_ROLLBACK_IN_PROGRESS" : "ROLLBACK_IN_PROGRESS";
    auto w = cloud_.store.write<void>([&](Tx& tx) { return tx.put(scope, kStackKind, stack["StackId"].get<std::string>(), stack); });
    if (!w) return w.error();
    launch(Operation{Operation::Kind::RollbackStack, scope, stack["StackId"], *caller, random_uuid()});
    return Json{{"StackId", stack["StackId"]}};
}

} // namespace cdk::localcloud::cloudformation
