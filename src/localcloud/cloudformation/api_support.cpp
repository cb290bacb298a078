// What the API's operation groups share: reading the input, finding stacks, the template a call names, its
// parameters and checks (prepare), the change plan, and the acting role.
#include "core/strings.hpp"
#include "localcloud/auth/authenticator.hpp"
#include "localcloud/cloudformation/create_only_properties.hpp"
#include "localcloud/cloudformation/stack_internal.hpp"
#include "localcloud/sts/sts_backend.hpp"

#include <algorithm>

namespace cdk::localcloud::cloudformation {

std::string input_string(const Json& in, const char* key) {
    return in.contains(key) && in[key].is_string() ? in[key].get<std::string>() : std::string{};
}

Json input_array(const Json& in, const char* key) {
    return in.contains(key) && in[key].is_array() ? in[key] : Json::array();
}

bool is_arn(const std::string& s) {
    return strings::starts_with(s, "arn:");
}

Error already_exists(const std::string& message) {
    return make_error("AlreadyExistsException", message, 400);
}

Error change_set_not_found(const std::string& name) {
    return make_error("ChangeSetNotFound", "ChangeSet [" + name + "] does not exist", 404);
}

namespace {

std::vector<ParameterInput> parameter_inputs(const Json& in) {
    std::vector<ParameterInput> out;
    for (const auto& p : input_array(in, "Parameters")) {
        ParameterInput pi;
        pi.key = p.value("ParameterKey", "");
        if (p.contains("ParameterValue") && p["ParameterValue"].is_string())
            pi.value = p["ParameterValue"].get<std::string>();
        pi.use_previous = p.value("UsePreviousValue", false);
        out.push_back(std::move(pi));
    }
    return out;
}

} // namespace

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
                        if (!resources.contains(x.get<std::string>()))
                            unresolved.insert(x.get<std::string>());
                        refs.insert(x.get<std::string>());
                    }
                }
            }
            if (d.is_string() && !resources.contains(d.get<std::string>()))
                unresolved.insert(d.get<std::string>());
        }
        for (const auto& r : refs) {
            if (!known(r))
                unresolved.insert(r);
            else if (resources.contains(r))
                deps[id].insert(r);
        }
    }
    if (!unresolved.empty()) {
        return validation_error(
            "Template format error: Unresolved resource dependencies [" +
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
            return validation_error(
                "Template format error: Unresolved resource dependencies [" +
                strings::join(std::vector<std::string>(unresolved.begin(), unresolved.end()), ", ") +
                "] in the Outputs block of the template");
        }
    }
    // Kahn: whatever is left is on or behind a cycle.
    std::map<std::string, std::size_t> indegree;
    std::map<std::string, std::vector<std::string>> users;
    for (const auto& [id, res] : resources.items())
        indegree[id] = 0;
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
        for (const auto& [id, n] : indegree)
            names.push_back(id);
        return validation_error("Circular dependency between resources: [" + strings::join(names, ", ") +
                                "]");
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
        for (const char* key :
             {"RoleName", "UserName", "GroupName", "ManagedPolicyName", "InstanceProfileName"}) {
            if (props.is_object() && props.contains(key)) named = true;
        }
    }
    if (named && have.count("CAPABILITY_NAMED_IAM") == 0) {
        return make_error("InsufficientCapabilitiesException",
                          "Requires capabilities : [CAPABILITY_NAMED_IAM]", 400);
    }
    if (iam && have.count("CAPABILITY_IAM") == 0 && have.count("CAPABILITY_NAMED_IAM") == 0) {
        return make_error("InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_IAM]",
                          400);
    }
    return ok();
}

Stack new_stack(const Json& in, const std::string& stack_id, const std::string& name,
                const std::string& now) {
    Stack s;
    s.id = stack_id;
    s.name = name;
    s.creation_time = now;
    s.status = "REVIEW_IN_PROGRESS";
    s.disable_rollback = in.value("DisableRollback", false) || input_string(in, "OnFailure") == "DO_NOTHING";
    s.termination_protection = in.value("EnableTerminationProtection", false);
    s.notification_arns = input_array(in, "NotificationARNs");
    s.capabilities = input_array(in, "Capabilities");
    s.tags = input_array(in, "Tags");
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
    if (in.contains("Capabilities")) stack.capabilities = input_array(in, "Capabilities");
    if (in.contains("Tags")) stack.tags = input_array(in, "Tags");
    if (in.contains("NotificationARNs")) stack.notification_arns = input_array(in, "NotificationARNs");
    if (in.contains("RoleARN")) stack.role_arn = input_string(in, "RoleARN");
    stack.client_request_token = input_string(in, "ClientRequestToken");
}

/// Whether an update would change nothing: no resource changes, the same template, parameters and tags.
bool no_changes(const Stack& stack, const Json& changes, const std::string& body,
                const std::map<std::string, std::string>& raw_parameters, const Json& in) {
    return changes.empty() && body == stack.deployed.body && raw_parameters == stack.deployed.raw &&
           (!in.contains("Tags") || in["Tags"] == stack.tags);
}

/// `ValidationError: Stack:<id> is in <status> state and can not be updated.`
Error not_updatable(const Stack& stack) {
    return validation_error("Stack:" + stack.id + " is in " + stack.status +
                            " state and can not be updated.");
}

Result<Stack> StackEngine::find_stack(Tx& tx, const Scope& scope, const std::string& name_or_id,
                                      bool include_deleted) {
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
        if (auto p = cloud_.iam.authorize_pass_role(tx, c.ctx.caller, role_arn, c.ctx.condition_context);
            !p) {
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
    if (in.contains("TemplateBody") && in["TemplateBody"].is_string())
        return in["TemplateBody"].get<std::string>();
    const std::string url = input_string(in, "TemplateURL");
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
    ServerRequest http;
    http.method = "GET";
    http.path = "/" + bucket + "/" + key;
    http.target = http.path;
    http.headers.emplace_back("host", "s3.amazonaws.com");
    RequestContext ctx{http,      c.ctx.request_id,        c.region(), c.ctx.caller,
                       c.ctx.now, c.ctx.condition_context, {}};
    ctx.condition_context[iam::context_key("aws:SecureTransport")] = {"true"};
    auto response = s3->handle(ctx);
    if (!response) return validation_error("S3 error: " + response.error().message);
    if (response->status != 200)
        return validation_error("S3 error: status " + std::to_string(response->status));
    if (response->body_file.empty()) return response->body;
    if (response->file_length > kMaxTemplateBytes) {
        return validation_error("Template format error: the template at TemplateURL has " +
                                std::to_string(response->file_length) +
                                " bytes; CloudFormation reads at most " + std::to_string(kMaxTemplateBytes));
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
    ServerRequest http;
    http.method = "POST";
    http.path = "/";
    http.target = "/";
    http.headers.emplace_back("x-amz-target", "AmazonSSM.GetParameter");
    http.headers.emplace_back("content-type", "application/x-amz-json-1.1");
    http.body = Json{{"Name", name}}.dump();
    http.body_size = http.body.size();
    RequestContext ctx{http,      c.ctx.request_id,        c.region(), c.ctx.caller,
                       c.ctx.now, c.ctx.condition_context, {}};
    auto response = ssm->handle(ctx);
    if (!response) return response.error();
    const auto body = json::parse(response->body);
    if (!body || !body->contains("Parameter")) return make_error("ParameterNotFound", name, 400);
    return (*body)["Parameter"].value("Value", "");
}

Result<StackEngine::Prepared> StackEngine::prepare(const Json& in, ApiCall& c, const Stack* existing,
                                                   const std::string& stack_name,
                                                   const std::string& stack_id) {
    Prepared p;
    if (in.value("UsePreviousTemplate", false)) {
        if (existing == nullptr)
            return validation_error("UsePreviousTemplate is only valid for an existing stack");
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
    PseudoParameters pseudo{c.account(), c.region(), stack_name, stack_id,
                            input_array(in, "NotificationARNs")};
    Evaluator evaluator(p.template_doc, p.parameters.values, pseudo, {});
    if (auto e = evaluator.evaluate_conditions(); !e) return e.error();
    if (auto r = evaluator.check_rules(); !r) return r.error();
    if (auto cap = check_capabilities(p.template_doc, input_array(in, "Capabilities")); !cap)
        return cap.error();
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
        if (create_only.empty())
            create_only = schema_create_only_properties(type).value_or(std::vector<std::string>{});
        std::string replacement = old.type != type ? "True" : "False";
        Json details = Json::array();
        std::set<std::string> names;
        const Json next = props ? *props : Json::object();
        for (const auto& [k, v] : next.items())
            names.insert(k);
        for (const auto& [k, v] : old.properties.items())
            names.insert(k);
        for (const auto& name : names) {
            const Json a = old.properties.value(name, Json());
            const Json b = next.value(name, Json());
            if (a == b && props) continue;
            const bool recreate =
                std::find(create_only.begin(), create_only.end(), name) != create_only.end();
            const bool unknown = b.dump().find("{{unresolved:") != std::string::npos || !props;
            if (recreate) replacement = unknown && replacement != "True" ? "Conditional" : "True";
            details.push_back(Json{
                {"Target",
                 Json{{"Attribute", "Properties"},
                      {"Name", name},
                      {"RequiresRecreation", recreate ? (unknown ? "Conditionally" : "Always") : "Never"}}},
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

Result<void> StackEngine::start_update(Tx& tx, const Scope& scope, Stack& stack, const Prepared& prepared,
                                       const Json& in) {
    stack.previous = stack.deployed;
    apply_prepared(stack, in, prepared.body, prepared.template_doc, prepared.parameters);
    if (in.contains("DisableRollback")) stack.disable_rollback = in.value("DisableRollback", false);
    stack.status = "UPDATE_IN_PROGRESS";
    return records::put_stack(tx, scope, stack);
}

} // namespace cdk::localcloud::cloudformation
