// Templates and exports: GetTemplate, GetTemplateSummary, ValidateTemplate, ListExports, ListImports.
#include "localcloud/cloudformation/stack_internal.hpp"

#include <set>

namespace cdk::localcloud::cloudformation {

namespace {

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
            for (const auto& v : decl["AllowedValues"])
                allowed.push_back(scalar_string(v));
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
    std::string reason;
    Json out{{"Parameters", parameter_declarations(*tmpl)},
             {"Capabilities", template_capabilities(*tmpl, reason)}};
    if (!reason.empty()) out["CapabilitiesReason"] = reason;
    std::set<std::string> types;
    for (const auto& [id, res] : (*tmpl)["Resources"].items())
        types.insert(res["Type"].get<std::string>());
    out["ResourceTypes"] = types;
    if (tmpl->contains("Description")) out["Description"] = scalar_string((*tmpl)["Description"]);
    if (tmpl->contains("AWSTemplateFormatVersion"))
        out["Version"] = scalar_string((*tmpl)["AWSTemplateFormatVersion"]);
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
    Json out{{"Parameters", params},
             {"Capabilities", template_capabilities(*tmpl, reason)},
             {"DeclaredTransforms", Json::array()}};
    if (!reason.empty()) out["CapabilitiesReason"] = reason;
    if (tmpl->contains("Description")) out["Description"] = scalar_string((*tmpl)["Description"]);
    return out;
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
    const std::string name = input_string(in, "ExportName");
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto rows = tx.list(scope, kImportKind, name + "|");
        if (!rows) return rows.error();
        Json out = Json::array();
        for (const auto& [key, doc] : *rows)
            out.push_back(Import::from_json(doc).stack_name);
        if (out.empty()) return validation_error("Export '" + name + "' is not imported by any stack.");
        return Json{{"Imports", out}};
    });
}

} // namespace cdk::localcloud::cloudformation
