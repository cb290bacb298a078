#include "localcloud/cloudformation/stack_model.hpp"

#include "localcloud/state/ids.hpp"

namespace cdk::localcloud::cloudformation {

namespace {

std::string text(const Json& doc, const char* key) {
    const auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

Json array(const Json& doc, const char* key) {
    const auto it = doc.find(key);
    return it != doc.end() && it->is_array() ? *it : Json::array();
}

Json object(const Json& doc, const char* key) {
    const auto it = doc.find(key);
    return it != doc.end() && it->is_object() ? *it : Json::object();
}

/// Writes `value` under `key` when it is not empty (the stored form omits absent texts).
void put_text(Json& doc, const char* key, const std::string& value) {
    if (!value.empty()) doc.emplace(key, value);
}

Json outputs_json(const std::vector<StackOutput>& outputs) {
    Json list = Json::array();
    for (const auto& o : outputs)
        list.push_back(o.to_json());
    return list;
}

/// Writes `value` under `key` when it is set.
void put_optional(Json& doc, const char* key, const std::optional<std::string>& value) {
    if (value) doc[key] = *value;
}

} // namespace

Json Tag::to_json() const {
    return Json{{"Key", key}, {"Value", value}};
}

Tag Tag::from_json(const Json& doc) {
    return Tag{text(doc, "Key"), text(doc, "Value")};
}

std::vector<Tag> tags_from_json(const Json& list) {
    std::vector<Tag> out;
    if (!list.is_array()) return out;
    for (const auto& t : list)
        out.push_back(Tag::from_json(t));
    return out;
}

Json tags_json(const std::vector<Tag>& tags) {
    Json out = Json::array();
    for (const auto& t : tags)
        out.push_back(t.to_json());
    return out;
}

std::vector<std::string> strings_from_json(const Json& list) {
    std::vector<std::string> out;
    if (!list.is_array()) return out;
    for (const auto& v : list) {
        if (v.is_string()) out.push_back(v.get<std::string>());
    }
    return out;
}

std::vector<StackParameter> parameters_from_json(const Json& list) {
    std::vector<StackParameter> out;
    if (!list.is_array()) return out;
    for (const auto& p : list)
        out.push_back(StackParameter::from_json(p));
    return out;
}

Json parameters_json(const std::vector<StackParameter>& parameters) {
    Json out = Json::array();
    for (const auto& p : parameters)
        out.push_back(p.to_json());
    return out;
}

Json StackTemplate::to_json() const {
    Json values_doc = Json::object();
    for (const auto& [k, v] : values)
        values_doc[k] = v;
    return Json{{"TemplateBody", body},
                {"Template", doc},
                {"Parameters", parameters_json(parameters)},
                {"RawParameters", raw},
                {"ParameterValues", values_doc}};
}

StackTemplate StackTemplate::from_json(const Json& doc) {
    StackTemplate t;
    t.body = text(doc, "TemplateBody");
    t.doc = doc.value("Template", Json::object());
    t.parameters = parameters_from_json(array(doc, "Parameters"));
    const Json raw = object(doc, "RawParameters");
    for (const auto& [k, v] : raw.items()) {
        if (v.is_string()) t.raw[k] = v.get<std::string>();
    }
    const Json values = object(doc, "ParameterValues");
    for (const auto& [k, v] : values.items())
        t.values[k] = v;
    return t;
}

Json StackOutput::to_json() const {
    Json o{{"OutputKey", key}, {"OutputValue", value}};
    put_optional(o, "Description", description);
    put_optional(o, "ExportName", export_name);
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
    doc.update(Json{{"StackId", id},
                    {"StackName", name},
                    {"CreationTime", creation_time},
                    {"StackStatus", status},
                    {"DisableRollback", disable_rollback},
                    {"EnableTerminationProtection", termination_protection},
                    {"NotificationARNs", notification_arns},
                    {"Capabilities", capabilities},
                    {"Tags", tags_json(tags)}});
    put_text(doc, "StackStatusReason", status_reason);
    put_text(doc, "LastUpdatedTime", last_updated_time);
    put_text(doc, "DeletionTime", deletion_time);
    put_text(doc, "Description", description);
    put_text(doc, "RoleARN", role_arn);
    put_text(doc, "ClientRequestToken", client_request_token);
    put_text(doc, "ChangeSetId", change_set_id);
    if (previous) doc.emplace("Previous", previous->to_json());
    if (!outputs.empty()) doc.emplace("Outputs", outputs_json(outputs));
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
    s.notification_arns = strings_from_json(array(doc, "NotificationARNs"));
    s.capabilities = strings_from_json(array(doc, "Capabilities"));
    s.tags = tags_from_json(array(doc, "Tags"));
    if (const auto previous = doc.find("Previous"); previous != doc.end() && previous->is_object())
        s.previous = StackTemplate::from_json(*previous);
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
             {"Tags", tags_json(tags)},
             {"Parameters", parameters_json(deployed.parameters)},
             {"EnableTerminationProtection", termination_protection},
             {"RollbackConfiguration", Json::object()},
             {"DriftInformation", Json{{"StackDriftStatus", "NOT_CHECKED"}}}};
    put_text(out, "Description", description);
    put_text(out, "StackStatusReason", status_reason);
    put_text(out, "LastUpdatedTime", last_updated_time);
    put_text(out, "DeletionTime", deletion_time);
    put_text(out, "RoleARN", role_arn);
    put_text(out, "ChangeSetId", change_set_id);
    if (!outputs.empty()) out.emplace("Outputs", outputs_json(outputs));
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
    return PseudoParameters{scope.account, scope.region, name, id, Json(notification_arns)};
}

Json ChangeDetail::to_json() const {
    return Json{
        {"Target",
         Json{{"Attribute", "Properties"}, {"Name", name}, {"RequiresRecreation", requires_recreation}}},
        {"Evaluation", evaluation},
        {"ChangeSource", change_source}};
}

ChangeDetail ChangeDetail::from_json(const Json& doc) {
    const Json target = object(doc, "Target");
    return ChangeDetail{text(target, "Name"), text(target, "RequiresRecreation"), text(doc, "Evaluation"),
                        text(doc, "ChangeSource")};
}

Json ResourceChange::to_json() const {
    Json rc{{"Action", action}, {"LogicalResourceId", logical_id}, {"ResourceType", type}};
    if (action != "Add") rc.emplace("PhysicalResourceId", physical_id);
    if (action == "Modify") {
        Json shown = Json::array();
        for (const auto& d : details)
            shown.push_back(d.to_json());
        rc.update(
            Json{{"Replacement", replacement}, {"Scope", Json::array({"Properties"})}, {"Details", shown}});
    }
    return Json{{"Type", "Resource"}, {"ResourceChange", rc}};
}

ResourceChange ResourceChange::from_json(const Json& doc) {
    const Json rc = object(doc, "ResourceChange");
    ResourceChange c;
    c.action = text(rc, "Action");
    c.logical_id = text(rc, "LogicalResourceId");
    c.physical_id = text(rc, "PhysicalResourceId");
    c.type = text(rc, "ResourceType");
    c.replacement = text(rc, "Replacement");
    for (const auto& d : array(rc, "Details"))
        c.details.push_back(ChangeDetail::from_json(d));
    return c;
}

Json ChangeSet::to_json() const {
    Json changes_json = Json::array();
    for (const auto& c : changes)
        changes_json.push_back(c.to_json());
    Json doc{{"ChangeSetId", id},
             {"ChangeSetName", name},
             {"StackId", stack_id},
             {"StackName", stack_name},
             {"ChangeSetType", type},
             {"CreationTime", creation_time},
             {"Status", status},
             {"ExecutionStatus", execution_status},
             {"Changes", changes_json},
             {"Input", input},
             {"TemplateBody", template_body},
             {"Template", template_doc},
             {"Parameters", parameters_json(parameters)},
             {"Capabilities", capabilities},
             {"Tags", tags_json(tags)},
             {"NotificationARNs", notification_arns}};
    put_text(doc, "StatusReason", status_reason);
    if (description) doc.emplace("Description", *description);
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
    if (const auto description = doc.find("Description"); description != doc.end())
        cs.description = *description;
    for (const auto& c : array(doc, "Changes"))
        cs.changes.push_back(ResourceChange::from_json(c));
    cs.input = doc.value("Input", Json::object());
    cs.template_body = text(doc, "TemplateBody");
    cs.template_doc = doc.value("Template", Json::object());
    cs.parameters = parameters_from_json(array(doc, "Parameters"));
    cs.capabilities = strings_from_json(array(doc, "Capabilities"));
    cs.tags = tags_from_json(array(doc, "Tags"));
    cs.notification_arns = strings_from_json(array(doc, "NotificationARNs"));
    return cs;
}

Json ChangeSet::description_json() const {
    Json out = to_json();
    for (const char* key : {"Input", "TemplateBody", "Template", "ChangeSetType"})
        out.erase(key);
    out.update(Json{{"RollbackConfiguration", Json::object()}, {"IncludeNestedStacks", false}});
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
    if (description) x.emplace("Description", *description);
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

StackEvent StackEvent::from_json(const Json& doc) {
    StackEvent e;
    e.stack_id = text(doc, "StackId");
    e.event_id = text(doc, "EventId");
    e.stack_name = text(doc, "StackName");
    e.logical_id = text(doc, "LogicalResourceId");
    e.physical_id = text(doc, "PhysicalResourceId");
    e.type = text(doc, "ResourceType");
    e.timestamp = text(doc, "Timestamp");
    e.status = text(doc, "ResourceStatus");
    e.reason = text(doc, "ResourceStatusReason");
    e.client_request_token = text(doc, "ClientRequestToken");
    e.resource_properties = text(doc, "ResourceProperties");
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

Result<void> erase_live_name(Tx& tx, const Scope& scope, const Stack& stack) {
    auto live = live_stack_id(tx, scope, stack.name);
    if (!live) return live.error();
    if (*live != stack.id) return ok();
    auto erased = tx.erase(scope, kStackNameKind, stack.name);
    if (!erased) return erased.error();
    return ok();
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

Result<std::vector<Stack>> stacks(Tx& tx, const Scope& scope) {
    auto rows = tx.list(scope, kStackKind);
    if (!rows) return rows.error();
    std::vector<Stack> out;
    for (const auto& [id, doc] : *rows)
        out.push_back(Stack::from_json(doc));
    return out;
}

Result<std::vector<Stack>> live_stacks(Tx& tx, const Scope& scope) {
    auto names = tx.list(scope, kStackNameKind);
    if (!names) return names.error();
    std::vector<Stack> out;
    for (const auto& [name, ref] : *names) {
        auto stack = get_stack(tx, scope, text(ref, "StackId"));
        if (!stack) return stack.error();
        if (*stack) out.push_back(std::move(**stack));
    }
    return out;
}

Result<std::vector<StackEvent>> events(Tx& tx, const Scope& scope, const std::string& stack_id) {
    auto rows = tx.list(scope, kEventKind, stack_id + "|");
    if (!rows) return rows.error();
    std::vector<StackEvent> out;
    for (const auto& [key, doc] : *rows)
        out.push_back(StackEvent::from_json(doc));
    return out;
}

Result<void> put_event(Tx& tx, const Scope& scope, const std::string& sequence, const StackEvent& event) {
    return tx.put(scope, kEventKind, event.stack_id + "|" + sequence, event.to_json());
}

Result<std::vector<Export>> exports(Tx& tx, const Scope& scope) {
    auto rows = tx.list(scope, kExportKind);
    if (!rows) return rows.error();
    std::vector<Export> out;
    for (const auto& [name, doc] : *rows) {
        out.push_back(Export::from_json(doc));
        out.back().name = name;
    }
    return out;
}

Result<void> put_export(Tx& tx, const Scope& scope, const Export& exported) {
    return tx.put(scope, kExportKind, exported.name, exported.to_json());
}

Result<void> erase_export(Tx& tx, const Scope& scope, const std::string& name) {
    auto erased = tx.erase(scope, kExportKind, name);
    if (!erased) return erased.error();
    return ok();
}

Result<std::vector<Import>> imports(Tx& tx, const Scope& scope, const std::string& export_prefix) {
    auto rows = tx.list(scope, kImportKind, export_prefix);
    if (!rows) return rows.error();
    std::vector<Import> out;
    for (const auto& [key, doc] : *rows)
        out.push_back(Import::from_json(doc));
    return out;
}

Result<void> put_import(Tx& tx, const Scope& scope, const Import& use) {
    return tx.put(scope, kImportKind, use.export_name + "|" + use.stack_id, use.to_json());
}

Result<void> erase_import(Tx& tx, const Scope& scope, const Import& use) {
    auto erased = tx.erase(scope, kImportKind, use.export_name + "|" + use.stack_id);
    if (!erased) return erased.error();
    return ok();
}

Result<std::map<std::string, ResourceState>> resources(Tx& tx, const Scope& scope,
                                                       const std::string& stack_id) {
    auto rows = tx.list(scope, kResourceKind, stack_id + "|");
    if (!rows) return rows.error();
    std::map<std::string, ResourceState> out;
    for (const auto& [key, doc] : *rows) {
        ResourceState r = ResourceState::from_json(doc);
        out[r.logical_id] = std::move(r);
    }
    return out;
}

Result<std::vector<ResourceState>> cleanups(Tx& tx, const Scope& scope, const std::string& stack_id) {
    auto rows = tx.list(scope, kCleanupKind, stack_id + "|");
    if (!rows) return rows.error();
    std::vector<ResourceState> out;
    for (const auto& [key, doc] : *rows)
        out.push_back(ResourceState::from_json(doc));
    return out;
}

Result<void> put_resource(Tx& tx, const Scope& scope, const std::string& stack_id,
                          const ResourceState& resource) {
    return tx.put(scope, kResourceKind, stack_id + "|" + resource.logical_id, resource.to_json());
}

Result<void> erase_resource(Tx& tx, const Scope& scope, const std::string& stack_id,
                            const std::string& logical_id) {
    auto erased = tx.erase(scope, kResourceKind, stack_id + "|" + logical_id);
    if (!erased) return erased.error();
    return ok();
}

Result<void> put_cleanup(Tx& tx, const Scope& scope, const std::string& stack_id,
                         const ResourceState& replaced) {
    return tx.put(scope, kCleanupKind, stack_id + "|" + replaced.logical_id + "|" + replaced.physical_id,
                  replaced.to_json());
}

Result<void> erase_cleanup(Tx& tx, const Scope& scope, const std::string& stack_id,
                           const ResourceState& replaced) {
    auto erased =
        tx.erase(scope, kCleanupKind, stack_id + "|" + replaced.logical_id + "|" + replaced.physical_id);
    if (!erased) return erased.error();
    return ok();
}

} // namespace records

} // namespace cdk::localcloud::cloudformation
