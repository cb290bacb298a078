#include "aws/cloudformation/cloudformation_client.hpp"

namespace cdk::aws::cloudformation {

namespace {
std::string s(const Json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
Result<void> done(const Result<Json>& r) {
    if (!r) return r.error();
    return ok();
}
} // namespace

Stack stack_from_json(const Json& j) {
    Stack st;
    st.name = s(j, "StackName");
    st.id = s(j, "StackId");
    st.status = s(j, "StackStatus");
    st.status_reason = s(j, "StackStatusReason");
    st.creation_time = s(j, "CreationTime");
    st.last_updated_time = s(j, "LastUpdatedTime");
    st.termination_protection = j.value("EnableTerminationProtection", false);
    st.role_arn = s(j, "RoleARN");
    for (const auto& o : j.value("Outputs", Json::array())) {
        st.outputs.push_back(
            {s(o, "OutputKey"), s(o, "OutputValue"), s(o, "Description"), s(o, "ExportName")});
    }
    for (const auto& p : j.value("Parameters", Json::array()))
        st.parameters[s(p, "ParameterKey")] = s(p, "ParameterValue");
    for (const auto& t : j.value("Tags", Json::array()))
        st.tags[s(t, "Key")] = s(t, "Value");
    st.raw = j;
    return st;
}

StackEvent stack_event_from_json(const Json& j) {
    return {s(j, "EventId"),
            s(j, "StackName"),
            s(j, "LogicalResourceId"),
            s(j, "PhysicalResourceId"),
            s(j, "ResourceType"),
            s(j, "ResourceStatus"),
            s(j, "ResourceStatusReason"),
            s(j, "Timestamp")};
}

Result<CloudFormationClient> CloudFormationClient::create(const auth::Session& session) {
    auto client = session.client("cloudformation");
    if (!client) return client.error();
    return CloudFormationClient(std::move(*client));
}

Result<Json> CloudFormationClient::paginate(const std::string& operation, Json input,
                                            const std::string& list_key) const {
    Json all = Json::array();
    for (int page = 0; page < 1000; ++page) {
        auto out = client_.call(operation, input);
        if (!out) return out.error();
        for (auto& item : out->value(list_key, Json::array()))
            all.push_back(std::move(item));
        const std::string next = s(*out, "NextToken");
        if (next.empty()) break;
        input["NextToken"] = next;
    }
    return all;
}

Result<std::optional<Stack>> CloudFormationClient::describe_stack(const std::string& name) const {
    auto out = client_.call("DescribeStacks", {{"StackName", name}});
    if (!out) {
        if (out.error().code == "ValidationError" &&
            out.error().message.find("does not exist") != std::string::npos) {
            return std::optional<Stack>();
        }
        return out.error();
    }
    const Json stacks = out->value("Stacks", Json::array());
    if (stacks.empty()) return std::optional<Stack>();
    return std::optional<Stack>(stack_from_json(stacks.at(0)));
}

Result<std::vector<Stack>> CloudFormationClient::describe_stacks() const {
    auto all = paginate("DescribeStacks", Json::object(), "Stacks");
    if (!all) return all.error();
    std::vector<Stack> out;
    for (const auto& j : *all)
        out.push_back(stack_from_json(j));
    return out;
}

Result<std::string> CloudFormationClient::create_stack(const Json& input) const {
    auto out = client_.call("CreateStack", input);
    if (!out) return out.error();
    return s(*out, "StackId");
}

Result<std::string> CloudFormationClient::update_stack(const Json& input) const {
    auto out = client_.call("UpdateStack", input);
    if (!out) return out.error();
    return s(*out, "StackId");
}

Result<void> CloudFormationClient::delete_stack(const std::string& name, const std::string& role_arn) const {
    Json input{{"StackName", name}};
    if (!role_arn.empty()) input["RoleARN"] = role_arn;
    return done(client_.call("DeleteStack", input));
}

Result<std::string> CloudFormationClient::create_change_set(const Json& input) const {
    auto out = client_.call("CreateChangeSet", input);
    if (!out) return out.error();
    return s(*out, "Id");
}

Result<Json> CloudFormationClient::describe_change_set(const std::string& stack,
                                                       const std::string& change_set) const {
    return client_.call("DescribeChangeSet", {{"StackName", stack}, {"ChangeSetName", change_set}});
}

Result<void> CloudFormationClient::execute_change_set(const std::string& stack,
                                                      const std::string& change_set) const {
    return done(client_.call("ExecuteChangeSet", {{"StackName", stack}, {"ChangeSetName", change_set}}));
}

Result<void> CloudFormationClient::delete_change_set(const std::string& stack,
                                                     const std::string& change_set) const {
    return done(client_.call("DeleteChangeSet", {{"StackName", stack}, {"ChangeSetName", change_set}}));
}

Result<Json> CloudFormationClient::list_change_sets(const std::string& stack) const {
    return paginate("ListChangeSets", {{"StackName", stack}}, "Summaries");
}

Result<std::vector<StackEvent>> CloudFormationClient::describe_stack_events(const std::string& stack) const {
    auto all = paginate("DescribeStackEvents", {{"StackName", stack}}, "StackEvents");
    if (!all) return all.error();
    std::vector<StackEvent> out;
    for (const auto& j : *all)
        out.push_back(stack_event_from_json(j));
    return out;
}

Result<Json> CloudFormationClient::describe_stack_resources(const std::string& stack) const {
    auto out = client_.call("DescribeStackResources", {{"StackName", stack}});
    if (!out) return out.error();
    return out->value("StackResources", Json::array());
}

Result<Json> CloudFormationClient::list_stack_resources(const std::string& stack) const {
    return paginate("ListStackResources", {{"StackName", stack}}, "StackResourceSummaries");
}

Result<std::string> CloudFormationClient::get_template(const std::string& stack,
                                                       const std::string& stage) const {
    auto out = client_.call("GetTemplate", {{"StackName", stack}, {"TemplateStage", stage}});
    if (!out) return out.error();
    return s(*out, "TemplateBody");
}

Result<Json> CloudFormationClient::get_template_summary(const Json& input) const {
    return client_.call("GetTemplateSummary", input);
}

Result<Json> CloudFormationClient::list_exports() const {
    return paginate("ListExports", Json::object(), "Exports");
}

Result<void> CloudFormationClient::update_termination_protection(const std::string& stack,
                                                                 bool enabled) const {
    return done(client_.call("UpdateTerminationProtection",
                             {{"StackName", stack}, {"EnableTerminationProtection", enabled}}));
}

Result<void> CloudFormationClient::continue_update_rollback(const std::string& stack,
                                                            const std::string& role_arn) const {
    Json input{{"StackName", stack}};
    if (!role_arn.empty()) input["RoleARN"] = role_arn;
    return done(client_.call("ContinueUpdateRollback", input));
}

Result<void> CloudFormationClient::rollback_stack(const std::string& stack,
                                                  const std::string& role_arn) const {
    Json input{{"StackName", stack}};
    if (!role_arn.empty()) input["RoleARN"] = role_arn;
    return done(client_.call("RollbackStack", input));
}

} // namespace cdk::aws::cloudformation
