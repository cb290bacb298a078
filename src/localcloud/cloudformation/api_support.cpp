// What the API's operation groups share: reading the input, finding stacks, the template a call names, its
// parameters and checks (prepare), the change plan, and the acting role.
#include "core/strings.hpp"
#include "localcloud/auth/authenticator.hpp"
#include "localcloud/cloudformation/create_only_properties.hpp"
#include "localcloud/cloudformation/stack_internal.hpp"
#include "localcloud/state/ids.hpp"
#include "localcloud/sts/sts_backend.hpp"

#include <algorithm>
#include <regex>

namespace cdk::localcloud::cloudformation {

std::string input_string(const Json& in, const char* key) {
    const auto it = in.find(key);
    return it != in.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

Json input_array(const Json& in, const char* key) {
    const auto it = in.find(key);
    return it != in.end() && it->is_array() ? *it : Json::array();
}

std::vector<std::string> input_strings(const Json& in, const char* key) {
    return strings_from_json(input_array(in, key));
}

bool is_arn(const std::string& s) {
    return strings::starts_with(s, "arn:");
}

bool valid_name(const std::string& name) {
    static const std::regex kName("[a-zA-Z][-a-zA-Z0-9]{0,127}");
    return std::regex_match(name, kName);
}

Error name_error(const std::string& value, const std::string& member, const std::string& pattern) {
    return validation_error(
        "1 validation error detected: Value '" + value + "' at '" + member +
        "' failed to satisfy constraint: Member must satisfy regular expression pattern: " + pattern);
}

std::string new_stack_id(const ApiCall& call, const std::string& name) {
    return "arn:aws:cloudformation:" + call.region() + ":" + call.account() + ":stack/" + name + "/" +
           random_uuid();
}

std::string role_arn(const Json& in, const Stack& stack) {
    return in.contains("RoleARN") ? input_string(in, "RoleARN") : stack.role_arn;
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
        if (const auto value = p.find("ParameterValue"); value != p.end() && value->is_string())
            pi.value = value->get<std::string>();
        pi.use_previous = p.value("UsePreviousValue", false);
        out.push_back(std::move(pi));
    }
    return out;
}

} // namespace

namespace {

/// A section of the template, {} when absent.
const Json& section(const Json& tmpl, const char* name) {
    static const Json kEmpty = Json::object();
    const auto it = tmpl.find(name);
    return it != tmpl.end() && it->is_object() ? *it : kEmpty;
}

Error unresolved_error(const std::set<std::string>& unresolved, const char* block) {
    return validation_error(
        "Template format error: Unresolved resource dependencies [" +
        strings::join(std::vector<std::string>(unresolved.begin(), unresolved.end()), ", ") + "] in the " +
        block + " block of the template");
}

/// The template's resource graph: each resource's dependencies among the resources, and the names it
/// references that the template does not declare.
struct ResourceGraph {
    std::map<std::string, std::set<std::string>> deps;
    std::set<std::string> unresolved;
};

ResourceGraph resource_graph(const Json& resources, const std::function<bool(const std::string&)>& known) {
    ResourceGraph graph;
    for (const auto& [id, res] : resources.items()) {
        std::set<std::string> refs = references(res);
        if (const auto d = res.find("DependsOn"); d != res.end()) {
            const Json names = d->is_string() ? Json::array({*d}) : *d;
            for (const auto& x : names.is_array() ? names : Json::array()) {
                if (!x.is_string()) continue;
                if (!resources.contains(x.get<std::string>())) graph.unresolved.insert(x.get<std::string>());
                refs.insert(x.get<std::string>());
            }
        }
        for (const auto& r : refs) {
            if (!known(r))
                graph.unresolved.insert(r);
            else if (resources.contains(r))
                graph.deps[id].insert(r);
        }
    }
    return graph;
}

/// Kahn's algorithm: whatever is left is on or behind a cycle.
Result<void> check_cycles(const Json& resources, const std::map<std::string, std::set<std::string>>& deps) {
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
    if (indegree.empty()) return ok();
    std::vector<std::string> names;
    names.reserve(indegree.size());
    for (const auto& [id, n] : indegree)
        names.push_back(id);
    return validation_error("Circular dependency between resources: [" + strings::join(names, ", ") + "]");
}

} // namespace

/// Unresolved references and dependency cycles, with CloudFormation's messages.
Result<void> validate_graph(const Json& tmpl) {
    const Json& resources = section(tmpl, "Resources");
    const Json& params = section(tmpl, "Parameters");
    auto known = [&](const std::string& name) {
        return resources.contains(name) || params.contains(name) || strings::starts_with(name, "AWS::");
    };
    ResourceGraph graph = resource_graph(resources, known);
    if (!graph.unresolved.empty()) return unresolved_error(graph.unresolved, "Resources");
    for (const auto& [key, output] : section(tmpl, "Outputs").items()) {
        for (const auto& r : references(output)) {
            if (!known(r)) graph.unresolved.insert(r);
        }
    }
    if (!graph.unresolved.empty()) return unresolved_error(graph.unresolved, "Outputs");
    return check_cycles(resources, graph.deps);
}

/// CAPABILITY_IAM / CAPABILITY_NAMED_IAM as CloudFormation requires them.
Result<void> check_capabilities(const Json& tmpl, const std::vector<std::string>& capabilities) {
    const std::set<std::string> have(capabilities.begin(), capabilities.end());
    bool iam = false;
    bool named = false;
    for (const auto& [id, res] : section(tmpl, "Resources").items()) {
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
    s.notification_arns = input_strings(in, "NotificationARNs");
    s.capabilities = input_strings(in, "Capabilities");
    s.tags = tags_from_json(input_array(in, "Tags"));
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
    const auto description = tmpl.find("Description");
    stack.description = description != tmpl.end() ? scalar_string(*description) : std::string{};
    if (in.contains("Capabilities")) stack.capabilities = input_strings(in, "Capabilities");
    if (in.contains("Tags")) stack.tags = tags_from_json(input_array(in, "Tags"));
    if (in.contains("NotificationARNs")) stack.notification_arns = input_strings(in, "NotificationARNs");
    if (in.contains("RoleARN")) stack.role_arn = input_string(in, "RoleARN");
    stack.client_request_token = input_string(in, "ClientRequestToken");
}

/// Whether an update would change nothing: no resource changes, the same template, parameters and tags.
bool no_changes(const Stack& stack, const std::vector<ResourceChange>& changes, const std::string& body,
                const std::map<std::string, std::string>& raw_parameters, const Json& in) {
    return changes.empty() && body == stack.deployed.body && raw_parameters == stack.deployed.raw &&
           (!in.contains("Tags") || tags_from_json(input_array(in, "Tags")) == stack.tags);
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

namespace {

struct S3Location {
    std::string bucket;
    std::string key;
};

/// The bucket and key of a TemplateURL: path style (s3.<region>.amazonaws.com/b/k, localcloud's own
/// 127.0.0.1:<port>/b/k) or virtual-hosted style (b.s3.<region>.amazonaws.com/k).
Result<S3Location> s3_location(const std::string& url) {
    const auto parts = aws::parse_url(url);
    if (!parts || parts->path.size() < 2) return validation_error("TemplateURL must be a supported URL.");
    const std::string host = strings::to_lower(parts->host);
    const std::string path = parts->path.substr(1);
    const auto s3_at = host.find(".s3.");
    const auto s3_dash = host.find(".s3-");
    if (strings::starts_with(host, "s3.") || strings::starts_with(host, "s3-") || host == "127.0.0.1" ||
        host == "localhost") {
        const auto slash = path.find('/');
        if (slash == std::string::npos) return validation_error("TemplateURL must be a supported URL.");
        return S3Location{path.substr(0, slash), path.substr(slash + 1)};
    }
    if (s3_at != std::string::npos || s3_dash != std::string::npos)
        return S3Location{host.substr(0, s3_at != std::string::npos ? s3_at : s3_dash), path};
    return validation_error("TemplateURL must be a supported URL.");
}

/// The body of S3's answer, from the file its GET opened while the object's row was current: a concurrent
/// PUT cannot tear it.
Result<std::string> template_object(const ServerResponse& response) {
    if (response.status != 200)
        return validation_error("S3 error: status " + std::to_string(response.status));
    if (response.body_file.empty()) return response.body;
    if (response.file_length > kMaxTemplateBytes) {
        return validation_error("Template format error: the template at TemplateURL has " +
                                std::to_string(response.file_length) +
                                " bytes; CloudFormation reads at most " + std::to_string(kMaxTemplateBytes));
    }
    std::string body(response.file_length, '\0');
    std::size_t got = 0;
    while (got < body.size()) {
        const long n = response.open_file == nullptr
                           ? -1
                           : response.open_file->read_at(body.data() + got, body.size() - got,
                                                         response.file_offset + got);
        if (n <= 0) return validation_error("S3 error: the template object could not be read");
        got += static_cast<std::size_t>(n);
    }
    return body;
}

} // namespace

Result<std::string> StackEngine::template_body(const Json& in, ApiCall& c) {
    if (const auto body = in.find("TemplateBody"); body != in.end() && body->is_string())
        return body->get<std::string>();
    const std::string url = input_string(in, "TemplateURL");
    if (url.empty()) return validation_error("Either Template URL or Template Body must be specified.");
    auto location = s3_location(url);
    if (!location) return location.error();
    Service* s3 = services_.find("s3");
    if (s3 == nullptr) return validation_error("TemplateURL needs localcloud's S3");
    ServerRequest http;
    http.method = "GET";
    http.path = "/" + location->bucket + "/" + location->key;
    http.target = http.path;
    http.headers.emplace_back("host", "s3.amazonaws.com");
    RequestContext ctx{http,      c.ctx.request_id,        c.region(), c.ctx.caller,
                       c.ctx.now, c.ctx.condition_context, {}};
    ctx.condition_context[iam::context_key("aws:SecureTransport")] = {"true"};
    auto response = s3->handle(ctx);
    if (!response) return validation_error("S3 error: " + response.error().message);
    return template_object(*response);
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
    return body->at("Parameter").value("Value", "");
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
    if (auto cap = check_capabilities(p.template_doc, input_strings(in, "Capabilities")); !cap)
        return cap.error();
    return p;
}

std::vector<std::string> create_only_of(ResourceProvider* provider, const std::string& type) {
    std::vector<std::string> create_only;
    if (provider != nullptr) create_only = provider->create_only_properties();
    if (create_only.empty())
        create_only = schema_create_only_properties(type).value_or(std::vector<std::string>{});
    return create_only;
}

namespace {

/// How a Modify changes `old`: a detail per property that differs (every property when the new ones do not
/// resolve: `next` nullopt), and whether that needs a new physical resource.
ResourceChange modification(const ResourceState& old, const std::string& type,
                            const std::optional<Json>& next, const std::vector<std::string>& create_only) {
    ResourceChange change{
        "Modify", old.logical_id, old.physical_id, type, old.type != type ? "True" : "False", {}};
    const Json props = next ? *next : Json::object();
    std::set<std::string> names;
    for (const auto& [k, v] : props.items())
        names.insert(k);
    for (const auto& [k, v] : old.properties.items())
        names.insert(k);
    for (const auto& name : names) {
        const Json a = old.properties.value(name, Json());
        const Json b = props.value(name, Json());
        if (a == b && next) continue;
        const bool recreate = std::find(create_only.begin(), create_only.end(), name) != create_only.end();
        const bool unknown = b.dump().find("{{unresolved:") != std::string::npos || !next;
        if (recreate) change.replacement = unknown && change.replacement != "True" ? "Conditional" : "True";
        change.details.push_back(ChangeDetail{
            name, recreate ? (unknown ? "Conditionally" : "Always") : "Never", unknown ? "Dynamic" : "Static",
            unknown ? "ResourceAttribute" : "DirectModification"});
    }
    return change;
}

/// Ref and Fn::GetAtt of what the stack has provisioned now; what it has not yet resolves to a marker
/// ({{unresolved:…}}) that makes the property's change Dynamic.
ResourceLookup planning_lookup(const std::map<std::string, ResourceState>& current) {
    ResourceLookup lookup;
    lookup.ref = [&current](const std::string& id) -> std::optional<Json> {
        const auto it = current.find(id);
        if (it == current.end()) return Json("{{unresolved:" + id + "}}");
        return Json(it->second.physical_id);
    };
    lookup.get_att = [&current](const std::string& id, const std::string& attribute) -> Result<Json> {
        const auto it = current.find(id);
        if (it == current.end() || !it->second.attributes.contains(attribute)) {
            return Json("{{unresolved:" + id + "." + attribute + "}}");
        }
        return it->second.attributes.at(attribute);
    };
    return lookup;
}

} // namespace

Result<std::vector<ResourceChange>> StackEngine::plan_changes(const Scope& scope, const Stack& stack,
                                                              const Prepared& prepared) {
    const auto current = load_resources(scope, stack.id);
    ResourceLookup lookup = planning_lookup(current);
    lookup.import_value = [&](const std::string& name) -> Result<Json> {
        auto value = import_value(scope, name);
        if (!value) return value.error();
        return Json(*value);
    };
    Evaluator evaluator(prepared.template_doc, prepared.parameters.values, stack.pseudo(scope), lookup);
    if (auto e = evaluator.evaluate_conditions(); !e) return e.error();
    std::vector<ResourceChange> changes;
    std::set<std::string> targets;
    for (const auto& [id, res] : section(prepared.template_doc, "Resources").items()) {
        if (!evaluator.included(res)) continue;
        targets.insert(id);
        const std::string type = res.value("Type", "");
        const auto it = current.find(id);
        if (it == current.end()) {
            changes.push_back(ResourceChange{"Add", id, "", type, "", {}});
            continue;
        }
        auto props = evaluator.resolve(res.value("Properties", Json::object()));
        const ResourceState& old = it->second;
        if (props && *props == old.properties && old.type == type) continue;
        const std::optional<Json> next = props ? std::optional<Json>(*props) : std::nullopt;
        changes.push_back(modification(old, type, next, create_only_of(providers_.find(type), type)));
    }
    for (const auto& [id, r] : current) {
        if (targets.count(id) == 0)
            changes.push_back(ResourceChange{"Remove", id, r.physical_id, r.type, "", {}});
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
