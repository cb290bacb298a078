// Templates and exports: GetTemplate, GetTemplateSummary, ValidateTemplate, ListExports, ListImports.
#include "localcloud/cloudformation/stack_internal.hpp"

#include <set>

namespace cdk::localcloud::cloudformation {

namespace {

Json template_capabilities(const Json& tmpl, std::string& reason) {
    Json caps = Json::array();
    if (!check_capabilities(tmpl, {})) {
        auto named = check_capabilities(tmpl, {"CAPABILITY_IAM"});
        caps.push_back(named ? "CAPABILITY_IAM" : "CAPABILITY_NAMED_IAM");
        reason = "The following resource(s) require capabilities: [AWS::IAM::*]";
    }
    return caps;
}

/// Shows the template's top-level `section` (a scalar) as `key` when the template has it.
void put_scalar(Json& out, const char* key, const Json& tmpl, const char* section) {
    if (const auto it = tmpl.find(section); it != tmpl.end()) out.emplace(key, scalar_string(*it));
}

} // namespace

Result<Json> StackEngine::get_template(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    const std::string change_set = input_string(in, "ChangeSetName");
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto s = find_stack(tx, scope, input_string(in, "StackName"), true);
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
        const bool processed = input_string(in, "TemplateStage") == "Processed";
        return Json{{"TemplateBody", processed ? doc.dump() : body},
                    {"StagesAvailable", Json::array({"Original", "Processed"})}};
    });
}

Result<Json> StackEngine::get_template_summary(const Json& in, ApiCall& c) {
    std::string body;
    if (!input_string(in, "StackName").empty()) {
        const Scope scope{c.account(), c.region()};
        auto s = cloud_.store.read<Stack>(
            [&](Tx& tx) { return find_stack(tx, scope, input_string(in, "StackName"), true); });
        if (!s) return s.error();
        body = s->deployed.body;
    } else {
        auto b = template_body(in, c);
        if (!b) return b.error();
        body = *b;
    }
    auto tmpl = parse_template(body);
    if (!tmpl) return tmpl.error();
    Json parameters = Json::array();
    for (const auto& p : declared_parameters(*tmpl))
        parameters.push_back(p.summary_json());
    std::set<std::string> types;
    for (const auto& [id, res] : tmpl->at("Resources").items())
        types.insert(res.value("Type", ""));
    std::string reason;
    Json out{{"Parameters", parameters},
             {"Capabilities", template_capabilities(*tmpl, reason)},
             {"ResourceTypes", types},
             {"DeclaredTransforms", Json::array()}};
    if (!reason.empty()) out.emplace("CapabilitiesReason", reason);
    put_scalar(out, "Description", *tmpl, "Description");
    put_scalar(out, "Version", *tmpl, "AWSTemplateFormatVersion");
    if (const auto metadata = tmpl->find("Metadata"); metadata != tmpl->end())
        out.emplace("Metadata", metadata->dump());
    return out;
}

Result<Json> StackEngine::validate_template(const Json& in, ApiCall& c) {
    auto body = template_body(in, c);
    if (!body) return body.error();
    auto tmpl = parse_template(*body);
    if (!tmpl) return tmpl.error();
    if (auto g = validate_graph(*tmpl); !g) return g.error();
    Json params = Json::array();
    for (const auto& p : declared_parameters(*tmpl))
        params.push_back(p.template_parameter_json());
    std::string reason;
    Json out{{"Parameters", params},
             {"Capabilities", template_capabilities(*tmpl, reason)},
             {"DeclaredTransforms", Json::array()}};
    if (!reason.empty()) out.emplace("CapabilitiesReason", reason);
    put_scalar(out, "Description", *tmpl, "Description");
    return out;
}

Result<Json> StackEngine::list_exports(const Json& /*in*/, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto exports =
        cloud_.store.read<std::vector<Export>>([&](Tx& tx) { return records::exports(tx, scope); });
    if (!exports) return exports.error();
    Json out = Json::array();
    for (const auto& e : *exports)
        out.push_back(Json{{"ExportingStackId", e.stack_id}, {"Name", e.name}, {"Value", e.value}});
    return Json{{"Exports", out}};
}

Result<Json> StackEngine::list_imports(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    const std::string name = input_string(in, "ExportName");
    auto uses = cloud_.store.read<std::vector<Import>>(
        [&](Tx& tx) { return records::imports(tx, scope, name + "|"); });
    if (!uses) return uses.error();
    if (uses->empty()) return validation_error("Export '" + name + "' is not imported by any stack.");
    Json out = Json::array();
    for (const auto& use : *uses)
        out.push_back(use.stack_name);
    return Json{{"Imports", out}};
}

} // namespace cdk::localcloud::cloudformation
