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
        auto stack = cloud_.store.read<std::optional<Stack>>(
            [&](Tx& tx) { return records::get_stack(tx, op.scope, stack_id); });
        if (!stack || !*stack) continue;
        Stack doc = std::move(**stack);
        const std::string status = doc.status;
        const auto it = failed.find(status);
        if (it == failed.end()) continue;
        set_stack_status(op, doc, it->second,
                         "localcloud stopped while the stack was " + status + "; the operation was interrupted");
    }
}

Result<Stack> StackEngine::find_stack(Tx& tx, const Scope& scope, const std::string& name_or_id, bool include_deleted) {
    std::string id = name_or_id;
    if (!is_arn(name_or_id)) {
        auto live = records::live_stack_id(tx, scope, name_or_id);
        if (!live) return live.error();
        if (!*live) return stack_not_found(name_or_id);
        id = **live;
    }
    auto stack = records::get_stack(tx, scope, id);
    if (!stack) return stack.error();
    if (!*stack) return stack_not_found(name_or_id);
    if (!include_deleted && (*stack)->status == "DELETE_COMPLETE") return stack_not_found(name_or_id);
    return std::move(**stack);
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

Result<StackEngine::Prepared> StackEngine::prepare(const Json& in, ApiCall& c, const Stack* existing,
                                                   const std::string& stack_name, const std::string& stack_id) {
    Prepared p;
    if (in.value("UsePreviousTemplate", false)) {
        if (existing == nullptr) return validation_error("UsePreviousTemplate is only valid for an existing stack");
        p.body = existing->deployed.body;
    } else {
        auto body = template_body(in, c);
        if (!body) return body.error();
        p.body = std::move(*body);
    }
    auto doc = parse_template(p.body);
    if (!doc) return doc.error();
    p.template_doc = std::move(*doc);
    if (auto g = validate_graph(p.template_doc); !g) return g.error();
    const std::map<std::string, std::string> previous =
        existing != nullptr ? existing->deployed.raw : std::map<std::string, std::string>{};
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

Result<Json> StackEngine::plan_changes(const Scope& scope, const Stack& stack, const Prepared& prepared) {
    auto current = load_resources(scope, stack.id);
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
    lookup.import_value = [&](const std::string& name) { return import_value(scope, name); };
    Evaluator evaluator(prepared.template_doc, prepared.parameters.values, stack.pseudo(scope), lookup);
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

Stack new_stack(const Json& in, const std::string& stack_id, const std::string& name, const std::string& now) {
    Stack s;
    s.id = stack_id;
    s.name = name;
    s.creation_time = now;
    s.status = "REVIEW_IN_PROGRESS";
    s.disable_rollback = in.value("DisableRollback", false) || str(in, "OnFailure") == "DO_NOTHING";
    s.termination_protection = in.value("EnableTerminationProtection", false);
    s.notification_arns = arr(in, "NotificationARNs");
    s.capabilities = arr(in, "Capabilities");
    s.tags = arr(in, "Tags");
    return s;
}

/// What a create, an update or a change set's execution deploys, as the stack's new state.
void apply_prepared(Stack& stack, const Json& in, const std::string& body, const Json& tmpl,
                    const ResolvedParameters& params) {
    stack.deployed.body = body;
    stack.deployed.doc = tmpl;
    stack.deployed.parameters = params.described;
    stack.deployed.raw = params.raw;
    stack.deployed.values = params.values;
    stack.description = tmpl.contains("Description") ? scalar_string(tmpl["Description"]) : std::string{};
    if (in.contains("Capabilities")) stack.capabilities = arr(in, "Capabilities");
    if (in.contains("Tags")) stack.tags = arr(in, "Tags");
    if (in.contains("NotificationARNs")) stack.notification_arns = arr(in, "NotificationARNs");
    if (in.contains("RoleARN")) stack.role_arn = str(in, "RoleARN");
    stack.client_request_token = str(in, "ClientRequestToken");
}

/// Whether an update would change nothing: no resource changes, the same template, parameters and tags.
bool no_changes(const Stack& stack, const Json& changes, const std::string& body,
                const std::map<std::string, std::string>& raw_parameters, const Json& in) {
    return changes.empty() && body == stack.deployed.body && raw_parameters == stack.deployed.raw &&
           (!in.contains("Tags") || in["Tags"] == stack.tags);
}

/// `ValidationError: Stack:<id> is in <status> state and can not be updated.`
Error not_updatable(const Stack& stack) {
    return validation_error("Stack:" + stack.id + " is in " + stack.status + " state and can not be updated.");
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
    auto exists = cloud_.store.read<std::optional<std::string>>(
        [&](Tx& tx) { return records::live_stack_id(tx, scope, name); });
    if (!exists) return exists.error();
    if (*exists) return already_exists("Stack [" + name + "] already exists");
    const std::string stack_id =
        "arn:aws:cloudformation:" + c.region() + ":" + c.account() + ":stack/" + name + "/" + random_uuid();
    auto caller = acting_caller(str(in, "RoleARN"), c);
    if (!caller) return caller.error();
    auto prepared = prepare(in, c, nullptr, name, stack_id);
    if (!prepared) return prepared.error();
    Stack stack = new_stack(in, stack_id, name, iso_millis_now());
    apply_prepared(stack, in, prepared->body, prepared->template_doc, prepared->parameters);
    stack.status = "CREATE_IN_PROGRESS";
    auto written = cloud_.store.write<void>([&](Tx& tx) -> Result<void> {
        auto again = records::live_stack_id(tx, scope, name);
        if (!again) return again.error();
        if (*again) return already_exists("Stack [" + name + "] already exists");
        return records::add_stack(tx, scope, stack);
    });
    if (!written) return written.error();
    launch(Operation{Operation::Kind::Create, scope, stack_id, *caller, random_uuid()});
    return Json{{"StackId", stack_id}};
}

Result<void> StackEngine::start_update(Tx& tx, const Scope& scope, Stack& stack, const Prepared& prepared,
                                       const Json& in) {
    stack.previous = stack.deployed;
    apply_prepared(stack, in, prepared.body, prepared.template_doc, prepared.parameters);
    if (in.contains("DisableRollback")) stack.disable_rollback = in.value("DisableRollback", false);
    stack.status = "UPDATE_IN_PROGRESS";
    return records::put_stack(tx, scope, stack);
}

Result<Json> StackEngine::update_stack(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto found = cloud_.store.read<Stack>([&](Tx& tx) { return find_stack(tx, scope, str(in, "StackName"), false); });
    if (!found) return found.error();
    Stack stack = std::move(*found);
    if (!updatable(stack.status)) return not_updatable(stack);
    auto caller = acting_caller(in.contains("RoleARN") ? str(in, "RoleARN") : stack.role_arn, c);
    if (!caller) return caller.error();
    auto prepared = prepare(in, c, &stack, stack.name, stack.id);
    if (!prepared) return prepared.error();
    auto changes = plan_changes(scope, stack, *prepared);
    if (!changes) return changes.error();
    if (no_changes(stack, *changes, prepared->body, prepared->parameters.raw, in)) {
        return validation_error("No updates are to be performed.");
    }
    auto written = cloud_.store.write<void>([&](Tx& tx) -> Result<void> {
        auto again = find_stack(tx, scope, stack.id, false);
        if (!again) return again.error();
        if (!updatable(again->status)) return not_updatable(*again);
        return start_update(tx, scope, stack, *prepared, in);
    });
    if (!written) return written.error();
    launch(Operation{Operation::Kind::Update, scope, stack.id, *caller, random_uuid()});
    return Json{{"StackId", stack.id}};
}

Result<Json> StackEngine::delete_stack(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto found = cloud_.store.read<Stack>([&](Tx& tx) { return find_stack(tx, scope, str(in, "StackName"), true); });
    if (!found) {
        if (found.error().code == "ValidationError") return Json::object();  // deleting a missing stack succeeds
        return found.error();
    }
    Stack stack = std::move(*found);
    const std::string status = stack.status;
    if (status == "DELETE_COMPLETE" || status == "DELETE_IN_PROGRESS") return Json::object();
    if (stack.termination_protection) {
        return validation_error("Stack [" + stack.name + "] cannot be deleted while TerminationProtection is enabled");
    }
    if (status.find("_IN_PROGRESS") != std::string::npos && status != "REVIEW_IN_PROGRESS") {
        return validation_error("Stack [" + stack.name + "] is in " + status + " state and can not be deleted.");
    }
    auto caller = acting_caller(in.contains("RoleARN") ? str(in, "RoleARN") : stack.role_arn, c);
    if (!caller) return caller.error();
    stack.status = "DELETE_IN_PROGRESS";
    auto written = cloud_.store.write<void>([&](Tx& tx) { return records::put_stack(tx, scope, stack); });
    if (!written) return written.error();
    launch(Operation{Operation::Kind::Delete, scope, stack.id, *caller, random_uuid()});
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
            stacks.push_back(s->description_json());
        } else {
            auto all = tx.list(scope, kStackNameKind);
            if (!all) return all.error();
            for (const auto& [n, ref] : *all) {
                auto s = records::get_stack(tx, scope, ref.value("StackId", ""));
                if (!s) return s.error();
                if (*s) stacks.push_back((*s)->description_json());
            }
        }
        return Json{{"Stacks", stacks}};
    });
}

Result<Json> StackEngine::list_stacks(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    std::set<std::string> filter;
    for (const auto& f : arr(in, "StackStatusFilter")) {
        if (f.is_string()) filter.insert(f.get<std::string>());
    }
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto all = tx.list(scope, kStackKind);
        if (!all) return all.error();
        Json out = Json::array();
        for (const auto& [id, doc] : *all) {
            const Stack s = Stack::from_json(doc);
            if (!filter.empty() && filter.count(s.status) == 0) continue;
            out.push_back(s.summary_json());
        }
        return Json{{"StackSummaries", out}};
    });
}

Result<Json> StackEngine::describe_stack_events(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto s = find_stack(tx, scope, str(in, "StackName"), true);
        if (!s) return s.error();
        // Events are stored in DescribeStackEvents' form (StackEvent::to_json), newest last.
        auto rows = tx.list(scope, kEventKind, s->id + "|");
        if (!rows) return rows.error();
        Json events = Json::array();
        for (auto it = rows->rbegin(); it != rows->rend(); ++it) events.push_back(it->second);
        return Json{{"StackEvents", events}};
    });
}

namespace {

/// The fields DescribeStackResource(s) and ListStackResources share.
Json resource_fields(const ResourceState& r, const char* timestamp_key) {
    Json x{{"LogicalResourceId", r.logical_id},
           {"PhysicalResourceId", r.physical_id},
           {"ResourceType", r.type},
           {timestamp_key, r.timestamp},
           {"ResourceStatus", r.status},
           {"DriftInformation", Json{{"StackResourceDriftStatus", "NOT_CHECKED"}}}};
    if (!r.status_reason.empty()) x["ResourceStatusReason"] = r.status_reason;
    return x;
}

Json with_stack(Json x, const Stack& stack) {
    x["StackName"] = stack.name;
    x["StackId"] = stack.id;
    return x;
}

} // namespace

Result<Json> StackEngine::list_stack_resources(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto s = cloud_.store.read<Stack>([&](Tx& tx) { return find_stack(tx, scope, str(in, "StackName"), true); });
    if (!s) return s.error();
    Json out = Json::array();
    for (const auto& [id, r] : load_resources(scope, s->id)) out.push_back(resource_fields(r, "LastUpdatedTimestamp"));
    return Json{{"StackResourceSummaries", out}};
}

Result<Json> StackEngine::describe_stack_resources(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto s = cloud_.store.read<Stack>([&](Tx& tx) { return find_stack(tx, scope, str(in, "StackName"), true); });
    if (!s) return s.error();
    const std::string logical = str(in, "LogicalResourceId");
    Json out = Json::array();
    for (const auto& [id, r] : load_resources(scope, s->id)) {
        if (!logical.empty() && id != logical) continue;
        out.push_back(with_stack(resource_fields(r, "Timestamp"), *s));
    }
    return Json{{"StackResources", out}};
}

Result<Json> StackEngine::describe_stack_resource(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto s = cloud_.store.read<Stack>([&](Tx& tx) { return find_stack(tx, scope, str(in, "StackName"), true); });
    if (!s) return s.error();
    const std::string logical = str(in, "LogicalResourceId");
    auto resources = load_resources(scope, s->id);
    const auto it = resources.find(logical);
    if (it == resources.end()) {
        return validation_error("Resource " + logical + " does not exist for stack " + str(in, "StackName"));
    }
    Json x = with_stack(resource_fields(it->second, "LastUpdatedTimestamp"), *s);
    const Json& tmpl = s->deployed.doc;
    if (tmpl.contains("Resources") && tmpl["Resources"].contains(logical) &&
        tmpl["Resources"][logical].contains("Metadata")) {
        x["Metadata"] = tmpl["Resources"][logical]["Metadata"].dump();
    }
    return Json{{"StackResourceDetail", x}};
}

Result<Json> StackEngine::get_template(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    const std::string change_set = str(in, "ChangeSetName");
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto s = find_stack(tx, scope, str(in, "StackName"), true);
        if (!s) return s.error();
        std::string body = s->deployed.body.empty() ? std::string("{}") : s->deployed.body;
        Json doc = s->deployed.doc;
        if (!change_set.empty()) {
            bool found = false;
            auto sets = records::change_sets(tx, scope);
            if (!sets) return sets.error();
            for (const auto& cs : *sets) {
                if (cs.stack_id == s->id && (cs.id == change_set || cs.name == change_set)) {
                    body = cs.template_body;
                    doc = cs.template_doc;
                    found = true;
                }
            }
            if (!found) return change_set_not_found(change_set);
        }
        const bool processed = str(in, "TemplateStage") == "Processed";
        return Json{{"TemplateBody", processed ? doc.dump() : body},
                    {"StagesAvailable", Json::array({"Original", "Processed"})}};
    });
}

Result<Json> StackEngine::get_template_summary(const Json& in, ApiCall& c) {
    std::string body;
    if (!str(in, "StackName").empty()) {
        const Scope scope{c.account(), c.region()};
        auto s = cloud_.store.read<Stack>([&](Tx& tx) { return find_stack(tx, scope, str(in, "StackName"), true); });
        if (!s) return s.error();
        body = s->deployed.body;
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
    const std::string type = in.contains("ChangeSetType") ? str(in, "ChangeSetType") : std::string("UPDATE");
    static const std::regex kName("[a-zA-Z][-a-zA-Z0-9]{0,127}");
    if (!std::regex_match(cs_name, kName)) {
        return validation_error("1 validation error detected: Value '" + cs_name +
                                "' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular "
                                "expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
    }
    if (type != "CREATE" && type != "UPDATE") {
        return validation_error("ChangeSetType " + type + " is not supported by localcloud (CREATE or UPDATE)");
    }
    auto found = cloud_.store.read<Stack>([&](Tx& tx) { return find_stack(tx, scope, name, false); });
    Stack stack;
    bool is_new = false;
    if (type == "CREATE") {
        if (found && found->status != "REVIEW_IN_PROGRESS") {
            return already_exists("Stack [" + name + "] already exists and cannot be created again with the changeSet [" +
                                  cs_name + "].");
        }
        if (found) {
            stack = std::move(*found);
        } else {
            if (!std::regex_match(name, kName)) return validation_error("Stack name " + name + " is not valid");
            is_new = true;
            stack = new_stack(in, "arn:aws:cloudformation:" + c.region() + ":" + c.account() + ":stack/" + name + "/" +
                                      random_uuid(),
                              name, iso_millis_now());
        }
    } else {
        if (!found) return validation_error("Stack [" + name + "] does not exist");
        stack = std::move(*found);
    }
    if (in.contains("RoleARN") && !str(in, "RoleARN").empty()) {
        auto caller = acting_caller(str(in, "RoleARN"), c);
        if (!caller) return caller.error();
    }
    auto prepared = prepare(in, c, type == "UPDATE" ? &stack : nullptr, name, stack.id);
    if (!prepared) return prepared.error();
    auto changes = plan_changes(scope, stack, *prepared);
    if (!changes) return changes.error();
    ChangeSet cs;
    cs.id = "arn:aws:cloudformation:" + c.region() + ":" + c.account() + ":changeSet/" + cs_name + "/" + random_uuid();
    cs.name = cs_name;
    cs.stack_id = stack.id;
    cs.stack_name = stack.name;
    cs.type = type;
    cs.creation_time = iso_millis_now();
    cs.changes = *changes;
    cs.input = in;
    cs.template_body = prepared->body;
    cs.template_doc = prepared->template_doc;
    cs.parameters = prepared->parameters.described;
    cs.capabilities = arr(in, "Capabilities");
    cs.tags = in.contains("Tags") ? in["Tags"] : stack.tags;
    cs.notification_arns = arr(in, "NotificationARNs");
    if (in.contains("Description")) cs.description = in["Description"];
    if (type == "UPDATE" && no_changes(stack, *changes, prepared->body, prepared->parameters.raw, in)) {
        cs.status = "FAILED";
        cs.execution_status = "UNAVAILABLE";
        cs.status_reason = "The submitted information didn't contain changes. Submit different information to create "
                           "a change set.";
    } else {
        cs.status = "CREATE_COMPLETE";
        cs.execution_status = "AVAILABLE";
    }
    auto written = cloud_.store.write<void>([&](Tx& tx) -> Result<void> {
        auto sets = records::change_sets(tx, scope);
        if (!sets) return sets.error();
        for (const auto& other : *sets) {
            if (other.stack_id == stack.id && other.name == cs_name) {
                return already_exists("ChangeSet " + cs_name + " already exists");
            }
        }
        if (is_new) {
            auto again = records::live_stack_id(tx, scope, name);
            if (!again) return again.error();
            if (*again) return already_exists("Stack [" + name + "] already exists");
            if (auto p = records::add_stack(tx, scope, stack); !p) return p;
            // AWS writes the REVIEW_IN_PROGRESS event when a CREATE change set brings the stack into being.
            const StackEvent event = StackEvent::of(stack, name, stack.id, "AWS::CloudFormation::Stack",
                                                    "REVIEW_IN_PROGRESS", "User Initiated", stack.creation_time);
            if (auto p = tx.put(scope, kEventKind, stack.id + "|00000000000000000-000000", event.to_json()); !p) return p;
        }
        return records::put_change_set(tx, scope, cs);
    });
    if (!written) return written.error();
    return Json{{"Id", cs.id}, {"StackId", stack.id}};
}

namespace {

Result<ChangeSet> find_change_set(Tx& tx, const Scope& scope, const std::string& name, const std::string& stack_name) {
    auto sets = records::change_sets(tx, scope);
    if (!sets) return sets.error();
    for (auto& cs : *sets) {
        if (cs.id == name) return std::move(cs);
        if (cs.name == name && (stack_name.empty() || cs.stack_name == stack_name || cs.stack_id == stack_name)) {
            return std::move(cs);
        }
    }
    return change_set_not_found(name);
}

} // namespace

Result<Json> StackEngine::describe_change_set(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto cs = cloud_.store.read<ChangeSet>(
        [&](Tx& tx) { return find_change_set(tx, scope, str(in, "ChangeSetName"), str(in, "StackName")); });
    if (!cs) return cs.error();
    return cs->description_json();
}

Result<Json> StackEngine::execute_change_set(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto cs = cloud_.store.read<ChangeSet>(
        [&](Tx& tx) { return find_change_set(tx, scope, str(in, "ChangeSetName"), str(in, "StackName")); });
    if (!cs) return cs.error();
    if (cs->execution_status != "AVAILABLE") {
        return make_error("InvalidChangeSetStatus",
                          "ChangeSet [" + cs->id + "] cannot be executed in its current status of [" + cs->status + "]",
                          400);
    }
    const std::string stack_id = cs->stack_id;
    Json input = cs->input;
    if (in.contains("DisableRollback")) input["DisableRollback"] = in["DisableRollback"];
    auto caller = acting_caller(str(input, "RoleARN"), c);
    if (!caller) return caller.error();
    const bool create = cs->type == "CREATE";
    const Operation::Kind kind = create ? Operation::Kind::Create : Operation::Kind::Update;
    auto s = cloud_.store.read<Stack>([&](Tx& tx) { return find_stack(tx, scope, stack_id, false); });
    if (!s) return s.error();
    Stack stack = std::move(*s);
    // Parameters are resolved again from the change set's input against the template it recorded.
    input.erase("TemplateURL");
    input.erase("UsePreviousTemplate");
    input["TemplateBody"] = cs->template_body;
    auto prepared = prepare(input, c, create ? nullptr : &stack, stack.name, stack_id);
    if (!prepared) return prepared.error();
    auto written = cloud_.store.write<void>([&](Tx& tx) -> Result<void> {
        auto current = find_stack(tx, scope, stack_id, false);
        if (!current) return current.error();
        stack = std::move(*current);
        if (create ? stack.status != "REVIEW_IN_PROGRESS" : !updatable(stack.status)) {
            return validation_error("Stack:" + stack_id + " is in " + stack.status + " state and can not be updated.");
        }
        stack.change_set_id = cs->id;
        if (create) {
            apply_prepared(stack, input, prepared->body, prepared->template_doc, prepared->parameters);
            stack.disable_rollback = input.value("DisableRollback", false);
            stack.status = "CREATE_IN_PROGRESS";
            if (auto p = records::put_stack(tx, scope, stack); !p) return p;
        } else {
            if (auto u = start_update(tx, scope, stack, *prepared, input); !u) return u;
        }
        return records::erase_change_sets(tx, scope, stack_id);
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
        if (auto e = tx.erase(scope, kChangeSetKind, cs->id); !e) return e.error();
        return Json::object();
    });
}

Result<Json> StackEngine::list_change_sets(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto s = find_stack(tx, scope, str(in, "StackName"), false);
        if (!s) return s.error();
        auto sets = records::change_sets(tx, scope);
        if (!sets) return sets.error();
        Json out = Json::array();
        for (const auto& cs : *sets) {
            if (cs.stack_id == s->id) out.push_back(cs.summary_json());
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
        for (const auto& [name, doc] : *all) {
            const Export e = Export::from_json(doc);
            out.push_back(Json{{"ExportingStackId", e.stack_id}, {"Name", name}, {"Value", e.value}});
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
        for (const auto& [key, doc] : *rows) out.push_back(Import::from_json(doc).stack_name);
        if (out.empty()) return validation_error("Export '" + name + "' is not imported by any stack.");
        return Json{{"Imports", out}};
    });
}

Result<Json> StackEngine::update_termination_protection(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    return cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
        auto s = find_stack(tx, scope, str(in, "StackName"), false);
        if (!s) return s.error();
        s->termination_protection = in.value("EnableTerminationProtection", false);
        if (auto p = records::put_stack(tx, scope, *s); !p) return p.error();
        return Json{{"StackId", s->id}};
    });
}

Result<Json> StackEngine::start_rollback(const Json& in, ApiCall& c, Stack stack, const std::string& status,
                                         OperationKind kind) {
    const Scope scope{c.account(), c.region()};
    auto caller = acting_caller(in.contains("RoleARN") ? str(in, "RoleARN") : stack.role_arn, c);
    if (!caller) return caller.error();
    stack.status = status;
    auto w = cloud_.store.write<void>([&](Tx& tx) { return records::put_stack(tx, scope, stack); });
    if (!w) return w.error();
    launch(Operation{kind, scope, stack.id, *caller, random_uuid()});
    return Json{{"StackId", stack.id}};
}

Result<Json> StackEngine::continue_update_rollback(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto s = cloud_.store.read<Stack>([&](Tx& tx) { return find_stack(tx, scope, str(in, "StackName"), false); });
    if (!s) return s.error();
    if (s->status != "UPDATE_ROLLBACK_FAILED") {
        return validation_error("Stack " + s->name + " is in " + s->status +
                                " state and can not be rolled back: ContinueUpdateRollback needs UPDATE_ROLLBACK_FAILED");
    }
    auto started = start_rollback(in, c, std::move(*s), "UPDATE_ROLLBACK_IN_PROGRESS", Operation::Kind::ContinueRollback);
    if (!started) return started.error();
    return Json::object();
}

Result<Json> StackEngine::rollback_stack(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto s = cloud_.store.read<Stack>([&](Tx& tx) { return find_stack(tx, scope, str(in, "StackName"), false); });
    if (!s) return s.error();
    const std::string status = s->status;
    if (status != "CREATE_FAILED" && status != "UPDATE_FAILED" && status != "ROLLBACK_FAILED") {
        return validation_error("Stack " + s->name + " is in " + status + " state and can not be rolled back");
    }
    return start_rollback(in, c, std::move(*s),
                          status == "UPDATE_FAILED" ? "UPDATE_ROLLBACK_IN_PROGRESS" : "ROLLBACK_IN_PROGRESS",
                          Operation::Kind::RollbackStack);
}

} // namespace cdk::localcloud::cloudformation
