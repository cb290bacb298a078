#include "localcloud/cloudformation/stack_model.hpp"

#include "localcloud/state/ids.hpp"

namespace cdk::localcloud::cloudformation {

namespace {

std::string text(const Json& doc, const char* key) {
    return doc.contains(key) && doc[key].is_string() ? doc[key].get<std::string>() : std::string{};
}

Json array(const Json& doc, const char* key) {
    return doc.contains(key) && doc[key].is_array() ? doc[key] : Json::array();
}

/// Writes `value` under `key` when it is not empty (the stored form omits absent texts).
void put_text(Json& doc, const char* key, const std::string& value) {
    if (!value.empty()) doc[key] = value;
}

} // namespace

Json StackTemplate::to_json() const {
    Json values_doc = Json::object();
    for (const auto& [k, v] : values)
        values_doc[k] = v;
    return Json{{"TemplateBody", body},
                {"Template", doc},
                {"Parameters", parameters},
                {"RawParameters", raw},
                {"ParameterValues", values_doc}};
}

StackTemplate StackTemplate::from_json(const Json& doc) {
    StackTemplate t;
    t.body = text(doc, "TemplateBody");
    t.doc = doc.value("Template", Json::object());
    t.parameters = array(doc, "Parameters");
    if (doc.contains("RawParameters") && doc["RawParameters"].is_object()) {
        for (const auto& [k, v] : doc["RawParameters"].items()) {
            if (v.is_string()) t.raw[k] = v.get<std::string>();
        }
    }
    if (doc.contains("ParameterValues") && doc["ParameterValues"].is_object()) {
        for (const auto& [k, v] : doc["ParameterValues"].items())
            t.values[k] = v;
    }
    return t;
}

Json StackOutput::to_json() const {
    Json o{{"OutputKey", key}, {"OutputValue", value}};
    if (description) o["Description"] = *description;
    if (export_name) o["ExportName"] = *export_name;
    return o;
}

StackOutput StackOutput::from_json(const Json& doc) {
    StackOutput o;
    o.key = text(doc, "OutputKey");
    o.value = text(doc, "OutputValue");
    if (doc.contains("Description")) o.description = text(doc, "Description");
    if (doc.contains("ExportName")) o.export_name = text(doc, "ExportName");
    return o;
}

Json Stack::to_json() const {
    Json doc = deployed.to_json();
    doc["StackId"] = id;
    doc["StackName"] = name;
    doc["CreationTime"] = creation_time;
    doc["StackStatus"] = status;
    doc["DisableRollback"] = disable_rollback;
    doc["EnableTerminationProtection"] = termination_protection;
    doc["NotificationARNs"] = notification_arns;
    doc["Capabilities"] = capabilities;
    doc["Tags"] = tags;
    put_text(doc, "StackStatusReason", status_reason);
    put_text(doc, "LastUpdatedTime", last_updated_time);
    put_text(doc, "DeletionTime", deletion_time);
    put_text(doc, "Description", description);
    put_text(doc, "RoleARN", role_arn);
    put_text(doc, "ClientRequestToken", client_request_token);
    put_text(doc, "ChangeSetId", change_set_id);
    if (previous) doc["Previous"] = previous->to_json();
    if (!outputs.empty()) {
        Json out = Json::array();
        for (const auto& o : outputs)
            out.push_back(o.to_json());
        doc["Outputs"] = out;
    }
    return doc;
}

Stack Stack::from_json(const Json& doc) {
    Stack s;
    s.deployed = StackTemplate::from_json(doc);
    s.id = text(doc, "StackId");
    s.name = text(doc, "StackName");
    s.creation_time = text(doc, "CreationTime");
    s.status = text(doc, "StackStatus");
    s.status_reason = text(doc, "StackStatusReason");
    s.last_updated_time = text(doc, "LastUpdatedTime");
    s.deletion_time = text(doc, "DeletionTime");
    s.description = text(doc, "Description");
    s.role_arn = text(doc, "RoleARN");
    s.client_request_token = text(doc, "ClientRequestToken");
    s.change_set_id = text(doc, "ChangeSetId");
    s.disable_rollback = doc.value("DisableRollback", false);
    s.termination_protection = doc.value("EnableTerminationProtection", false);
    s.notification_arns = array(doc, "NotificationARNs");
    s.capabilities = array(doc, "Capabilities");
    s.tags = array(doc, "Tags");
    if (doc.contains("Previous") && doc["Previous"].is_object())
        s.previous = StackTemplate::from_json(doc["Previous"]);
    for (const auto& o : array(doc, "Outputs"))
        s.outputs.push_back(StackOutput::from_json(o));
    return s;
}

Json Stack::description_json() const {
    Json out{{"StackId", id},
             {"StackName", name},
             {"CreationTime", creation_time},
             {"StackStatus", status},
             {"DisableRollback", disable_rollback},
             {"NotificationARNs", notification_arns},
             {"Capabilities", capabilities},
             {"Tags", tags},
             {"Parameters", deployed.parameters},
             {"EnableTerminationProtection", termination_protection},
             {"RollbackConfiguration", Json::object()},
             {"DriftInformation", Json{{"StackDriftStatus", "NOT_CHECKED"}}}};
    put_text(out, "Description", description);
    put_text(out, "StackStatusReason", status_reason);
    put_text(out, "LastUpdatedTime", last_updated_time);
    put_text(out, "DeletionTime", deletion_time);
    put_text(out, "RoleARN", role_arn);
    put_text(out, "ChangeSetId", change_set_id);
    if (!outputs.empty()) {
        Json list = Json::array();
        for (const auto& o : outputs)
            list.push_back(o.to_json());
        out["Outputs"] = list;
    }
    return out;
}

Json Stack::summary_json() const {
    Json summary{{"StackId", id},
                 {"StackName", name},
                 {"CreationTime", creation_time},
                 {"StackStatus", status},
                 {"DriftInformation", Json{{"StackDriftStatus", "NOT_CHECKED"}}}};
    put_text(summary, "StackStatusReason", status_reason);
    put_text(summary, "LastUpdatedTime", last_updated_time);
    put_text(summary, "DeletionTime", deletion_time);
    put_text(summary, "TemplateDescription", description);
    return summary;
}

PseudoParameters Stack::pseudo(const Scope& scope) const {
    return PseudoParameters{scope.account, scope.region, name, id, notification_arns};
}

Json ChangeSet::to_json() const {
    Json doc{{"ChangeSetId", id},
             {"ChangeSetName", name},
             {"StackId", stack_id},
             {"StackName", stack_name},
             {"ChangeSetType", type},
             {"CreationTime", creation_time},
             {"Status", status},
             {"ExecutionStatus", execution_status},
             {"Changes", changes},
             {"Input", input},
             {"TemplateBody", template_body},
             {"Template", template_doc},
             {"Parameters", parameters},
             {"Capabilities", capabilities},
             {"Tags", tags},
             {"NotificationARNs", notification_arns}};
    put_text(doc, "StatusReason", status_reason);
    if (description) doc["Description"] = *description;
    return doc;
}

ChangeSet ChangeSet::from_json(const Json& doc) {
    ChangeSet cs;
    cs.id = text(doc, "ChangeSetId");
    cs.name = text(doc, "ChangeSetName");
    cs.stack_id = text(doc, "StackId");
    cs.stack_name = text(doc, "StackName");
    cs.type = text(doc, "ChangeSetType");
    cs.creation_time = text(doc, "CreationTime");
    cs.status = text(doc, "Status");
    cs.execution_status = text(doc, "ExecutionStatus");
    cs.status_reason = text(doc, "StatusReason");
    if (doc.contains("Description")) cs.description = doc["Description"];
    cs.changes = array(doc, "Changes");
    cs.input = doc.value("Input", Json::object());
    cs.template_body = text(doc, "TemplateBody");
    cs.template_doc = doc.value("Template", Json::object());
    cs.parameters = array(doc, "Parameters");
    cs.capabilities = array(doc, "Capabilities");
    cs.tags = array(doc, "Tags");
    cs.notification_arns = array(doc, "NotificationARNs");
    return cs;
}

Json ChangeSet::description_json() const {
    Json out = to_json();
    for (const char* key : {"Input", "TemplateBody", "Template", "ChangeSetType"})
        out.erase(key);
    out["RollbackConfiguration"] = Json::object();
    out["IncludeNestedStacks"] = false;
    return out;
}

Json ChangeSet::summary_json() const {
    Json x{{"StackId", stack_id},
           {"StackName", stack_name},
           {"ChangeSetId", id},
           {"ChangeSetName", name},
           {"ExecutionStatus", execution_status},
           {"Status", status},
           {"CreationTime", creation_time}};
    put_text(x, "StatusReason", status_reason);
    if (description) x["Description"] = *description;
    return x;
}

Json ResourceState::to_json() const {
    return Json{{"LogicalResourceId", logical_id},
                {"ResourceType", type},
                {"PhysicalResourceId", physical_id},
                {"ResourceStatus", status},
                {"ResourceStatusReason", status_reason},
                {"LastUpdatedTimestamp", timestamp},
                {"Properties", properties},
                {"Attributes", attributes},
                {"DeletionPolicy", deletion_policy},
                {"UpdateReplacePolicy", update_replace_policy},
                {"DependsOn", depends_on}};
}

ResourceState ResourceState::from_json(const Json& doc) {
    ResourceState r;
    r.logical_id = text(doc, "LogicalResourceId");
    r.type = text(doc, "ResourceType");
    r.physical_id = text(doc, "PhysicalResourceId");
    r.status = text(doc, "ResourceStatus");
    r.status_reason = text(doc, "ResourceStatusReason");
    r.timestamp = text(doc, "LastUpdatedTimestamp");
    r.properties = doc.value("Properties", Json::object());
    r.attributes = doc.value("Attributes", Json::object());
    r.deletion_policy = text(doc, "DeletionPolicy");
    r.update_replace_policy = text(doc, "UpdateReplacePolicy");
    for (const auto& d : array(doc, "DependsOn")) {
        if (d.is_string()) r.depends_on.push_back(d.get<std::string>());
    }
    return r;
}

Json StackEvent::to_json() const {
    Json e{{"StackId", stack_id},
           {"EventId", event_id},
           {"StackName", stack_name},
           {"LogicalResourceId", logical_id},
           {"PhysicalResourceId", physical_id},
           {"ResourceType", type},
           {"Timestamp", timestamp},
           {"ResourceStatus", status}};
    put_text(e, "ResourceStatusReason", reason);
    put_text(e, "ClientRequestToken", client_request_token);
    put_text(e, "ResourceProperties", resource_properties);
    return e;
}

StackEvent StackEvent::of(const Stack& stack, std::string logical_id, std::string physical_id,
                          std::string type, std::string status, std::string reason, std::string timestamp) {
    StackEvent e;
    e.stack_id = stack.id;
    e.event_id = random_uuid();
    e.stack_name = stack.name;
    e.logical_id = std::move(logical_id);
    e.physical_id = std::move(physical_id);
    e.type = std::move(type);
    e.timestamp = std::move(timestamp);
    e.status = std::move(status);
    e.reason = std::move(reason);
    e.client_request_token = stack.client_request_token;
    return e;
}

Json Export::to_json() const {
    return Json{{"Name", name}, {"Value", value}, {"StackId", stack_id}, {"StackName", stack_name}};
}

Export Export::from_json(const Json& doc) {
    return Export{text(doc, "Name"), text(doc, "Value"), text(doc, "StackId"), text(doc, "StackName")};
}

Json Import::to_json() const {
    return Json{{"ExportName", export_name}, {"StackId", stack_id}, {"StackName", stack_name}};
}

Import Import::from_json(const Json& doc) {
    return Import{text(doc, "ExportName"), text(doc, "StackId"), text(doc, "StackName")};
}

namespace records {

Result<std::optional<Stack>> get_stack(Tx& tx, const Scope& scope, const std::string& stack_id) {
    auto doc = tx.get(scope, kStackKind, stack_id);
    if (!doc) return doc.error();
    if (!*doc) return std::optional<Stack>{};
    return std::optional<Stack>{Stack::from_json(**doc)};
}

Result<void> put_stack(Tx& tx, const Scope& scope, const Stack& stack) {
    return tx.put(scope, kStackKind, stack.id, stack.to_json());
}

Result<std::optional<std::string>> live_stack_id(Tx& tx, const Scope& scope, const std::string& name) {
    auto live = tx.get(scope, kStackNameKind, name);
    if (!live) return live.error();
    if (!*live) return std::optional<std::string>{};
    return std::optional<std::string>{text(**live, "StackId")};
}

Result<void> add_stack(Tx& tx, const Scope& scope, const Stack& stack) {
    if (auto p = put_stack(tx, scope, stack); !p) return p;
    if (auto p = tx.put(scope, kStackNameKind, stack.name, Json{{"StackId", stack.id}}); !p) return p;
    return tx.put(Scope{"", ""}, kIndexKind, stack.id,
                  Json{{"Account", scope.account}, {"Region", scope.region}});
}

Result<std::vector<ChangeSet>> change_sets(Tx& tx, const Scope& scope) {
    auto rows = tx.list(scope, kChangeSetKind);
    if (!rows) return rows.error();
    std::vector<ChangeSet> out;
    for (const auto& [id, doc] : *rows) {
        out.push_back(ChangeSet::from_json(doc));
        out.back().id = id;
    }
    return out;
}

Result<void> put_change_set(Tx& tx, const Scope& scope, const ChangeSet& change_set) {
    return tx.put(scope, kChangeSetKind, change_set.id, change_set.to_json());
}

Result<void> erase_change_sets(Tx& tx, const Scope& scope, const std::string& stack_id) {
    auto sets = change_sets(tx, scope);
    if (!sets) return sets.error();
    for (const auto& cs : *sets) {
        if (cs.stack_id != stack_id) continue;
        if (auto e = tx.erase(scope, kChangeSetKind, cs.id); !e) return e.error();
    }
    return ok();
}

Result<std::optional<Export>> find_export(Tx& tx, const Scope& scope, const std::string& name) {
    auto doc = tx.get(scope, kExportKind, name);
    if (!doc) return doc.error();
    if (!*doc) return std::optional<Export>{};
    return std::optional<Export>{Export::from_json(**doc)};
}

} // namespace records

} // namespace cdk::localcloud::cloudformation
