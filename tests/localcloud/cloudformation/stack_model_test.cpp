// The engine's record types: each reads the document the engine stored before they existed (the stored keys
// did not change) and writes it back the same; the API shapes leave out what the API does not show.
#include "localcloud/cloudformation/stack_model.hpp"

#include <gtest/gtest.h>

namespace cdk::localcloud::cloudformation {
namespace {

TEST(CfnStackModelTest, StackReadsAndWritesItsStoredDocument) {
    // A stack document as the untyped engine wrote it: an update in progress with its previous template.
    const Json stored = Json::parse(R"({
      "StackId": "arn:aws:cloudformation:ap-southeast-2:111111111111:stack/S/1", "StackName": "S",
      "CreationTime": "2026-01-01T00:00:00.000Z", "StackStatus": "UPDATE_IN_PROGRESS",
      "StackStatusReason": "User Initiated", "LastUpdatedTime": "2026-01-02T00:00:00.000Z",
      "DisableRollback": false, "EnableTerminationProtection": true, "NotificationARNs": [],
      "Capabilities": ["CAPABILITY_IAM"], "Tags": [{"Key": "k", "Value": "v"}], "RoleARN": "arn:aws:iam::1:role/r",
      "ClientRequestToken": "t", "ChangeSetId": "arn:cs", "Description": "d",
      "TemplateBody": "{\"Resources\":{}}", "Template": {"Resources": {}},
      "Parameters": [{"ParameterKey": "P", "ParameterValue": "2"}], "RawParameters": {"P": "2"},
      "ParameterValues": {"P": "2", "L": ["a", "b"]},
      "Previous": {"TemplateBody": "{}", "Template": {}, "Parameters": [], "RawParameters": {"P": "1"},
                   "ParameterValues": {"P": "1"}},
      "Outputs": [{"OutputKey": "O", "OutputValue": "v", "ExportName": "E"}, {"OutputKey": "D", "OutputValue": "w",
                   "Description": "about"}]})");
    const Stack s = Stack::from_json(stored);
    EXPECT_EQ(s.status, "UPDATE_IN_PROGRESS");
    EXPECT_TRUE(s.termination_protection);
    EXPECT_EQ(s.deployed.raw.at("P"), "2");
    EXPECT_EQ(s.deployed.values.at("L"), Json::array({"a", "b"}));
    ASSERT_TRUE(s.previous.has_value());
    EXPECT_EQ(s.previous->raw.at("P"), "1");
    ASSERT_EQ(s.outputs.size(), 2U);
    EXPECT_EQ(s.outputs[0].export_name, std::optional<std::string>("E"));
    EXPECT_FALSE(s.outputs[0].description.has_value());
    EXPECT_EQ(s.to_json(), stored);

    const Json shown = s.description_json();
    EXPECT_EQ(shown["Parameters"], stored["Parameters"]);
    EXPECT_EQ(shown["Outputs"], stored["Outputs"]);
    EXPECT_EQ(shown["RoleARN"], "arn:aws:iam::1:role/r");
    EXPECT_FALSE(shown.contains("Template"));
    EXPECT_FALSE(shown.contains("Previous"));
    EXPECT_FALSE(shown.contains("DeletionTime"));
    EXPECT_EQ(s.summary_json()["TemplateDescription"], "d");
}

TEST(CfnStackModelTest, AbsentTextsStayAbsent) {
    Stack s;
    s.id = "id";
    s.name = "S";
    s.status = "CREATE_COMPLETE";
    const Json doc = s.to_json();
    for (const char* key : {"StackStatusReason", "LastUpdatedTime", "DeletionTime", "Description", "RoleARN",
                            "ClientRequestToken", "ChangeSetId", "Previous", "Outputs"}) {
        EXPECT_FALSE(doc.contains(key)) << key;
    }
    EXPECT_EQ(Stack::from_json(doc).to_json(), doc);
}

TEST(CfnStackModelTest, ChangeSetKeepsItsInputButDoesNotShowIt) {
    ChangeSet cs;
    cs.id = "arn:cs";
    cs.name = "c";
    cs.stack_id = "arn:stack";
    cs.stack_name = "S";
    cs.type = "UPDATE";
    cs.status = "FAILED";
    cs.execution_status = "UNAVAILABLE";
    cs.status_reason = "no changes";
    cs.input = Json{{"StackName", "S"}, {"RoleARN", "arn:role"}};
    cs.template_body = "{}";
    cs.description = Json("why");
    const ChangeSet back = ChangeSet::from_json(cs.to_json());
    EXPECT_EQ(back.to_json(), cs.to_json());
    EXPECT_EQ(back.input["RoleARN"], "arn:role");
    const Json shown = cs.description_json();
    for (const char* key : {"Input", "TemplateBody", "Template", "ChangeSetType"})
        EXPECT_FALSE(shown.contains(key)) << key;
    EXPECT_EQ(shown["StatusReason"], "no changes");
    EXPECT_EQ(shown["IncludeNestedStacks"], false);
    const Json summary = cs.summary_json();
    EXPECT_EQ(summary["Description"], "why");
    EXPECT_FALSE(summary.contains("Changes"));
}

TEST(CfnStackModelTest, EventsCarryTheStackAndOnlyWhatIsSet) {
    Stack s;
    s.id = "arn:stack";
    s.name = "S";
    s.client_request_token = "tok";
    StackEvent e =
        StackEvent::of(s, "R", "p", "AWS::S3::Bucket", "CREATE_COMPLETE", "", "2026-01-01T00:00:00.000Z");
    Json doc = e.to_json();
    EXPECT_EQ(doc["StackId"], "arn:stack");
    EXPECT_EQ(doc["ClientRequestToken"], "tok");
    EXPECT_FALSE(doc.contains("ResourceStatusReason"));
    EXPECT_FALSE(doc.contains("ResourceProperties"));
    EXPECT_EQ(doc["EventId"].get<std::string>().size(), 36U);
    EXPECT_NE(StackEvent::of(s, "R", "p", "T", "X", "", "").event_id, e.event_id);
}

TEST(CfnStackModelTest, ResourcesExportsAndImportsRoundTrip) {
    ResourceState r;
    r.logical_id = "B";
    r.type = "AWS::S3::Bucket";
    r.physical_id = "b";
    r.properties = Json{{"BucketName", "b"}};
    r.depends_on = {"A"};
    EXPECT_EQ(ResourceState::from_json(r.to_json()).to_json(), r.to_json());
    const Export e{"E", "v", "arn:stack", "S"};
    EXPECT_EQ(Export::from_json(e.to_json()).to_json(), e.to_json());
    const Import i{"E", "arn:other", "O"};
    EXPECT_EQ(Import::from_json(i.to_json()).to_json(), i.to_json());
}

TEST(CfnStackModelTest, ChangesTagsAndParametersReadTheirStoredForm) {
    const Json stored = Json::parse(R"([
      {"Type": "Resource", "ResourceChange": {"Action": "Add", "LogicalResourceId": "A", "ResourceType": "T"}},
      {"Type": "Resource", "ResourceChange": {"Action": "Modify", "LogicalResourceId": "B", "PhysicalResourceId": "b",
        "ResourceType": "T", "Replacement": "Conditional", "Scope": ["Properties"], "Details": [
          {"Target": {"Attribute": "Properties", "Name": "N", "RequiresRecreation": "Conditionally"},
           "Evaluation": "Dynamic", "ChangeSource": "ResourceAttribute"}]}},
      {"Type": "Resource", "ResourceChange": {"Action": "Remove", "LogicalResourceId": "C", "PhysicalResourceId": "c",
        "ResourceType": "T"}}])");
    for (const auto& doc : stored)
        EXPECT_EQ(ResourceChange::from_json(doc).to_json(), doc);
    const ResourceChange modify = ResourceChange::from_json(stored[1]);
    ASSERT_EQ(modify.details.size(), 1U);
    EXPECT_EQ(modify.details[0].requires_recreation, "Conditionally");
    const Json tags = Json::parse(R"([{"Key": "k", "Value": "v"}])");
    EXPECT_EQ(tags_json(tags_from_json(tags)), tags);
    const Json parameters = Json::parse(R"([{"ParameterKey": "P", "ParameterValue": "****"},
      {"ParameterKey": "V", "ParameterValue": "/ssm/name", "ResolvedValue": "6"}])");
    EXPECT_EQ(parameters_json(parameters_from_json(parameters)), parameters);
    EXPECT_EQ(strings_from_json(Json::parse(R"(["a", 1, "b"])")), (std::vector<std::string>{"a", "b"}));
    EXPECT_TRUE(strings_from_json(Json()).empty());
}

TEST(CfnStackModelTest, EventsReadBackWhatTheyStored) {
    Stack s;
    s.id = "arn:stack";
    s.name = "S";
    StackEvent e = StackEvent::of(s, "R", "p", "T", "CREATE_IN_PROGRESS", "why", "2026-01-01T00:00:00.000Z");
    e.resource_properties = R"({"A":1})";
    EXPECT_EQ(StackEvent::from_json(e.to_json()).to_json(), e.to_json());
}

TEST(CfnStackModelTest, DeclaredParametersShowWhatTheTemplateSays) {
    const Json tmpl = Json::parse(R"({"Parameters": {
      "Env": {"Type": "String", "AllowedValues": ["dev", "prod"], "Default": "dev", "Description": "where"},
      "Count": {"Type": "Number", "MinValue": 1, "NoEcho": "true"}}})");
    const auto declared = declared_parameters(tmpl);
    ASSERT_EQ(declared.size(), 2U);
    EXPECT_EQ(declared[0].key, "Count");
    EXPECT_EQ(declared[0].min_value, std::optional<std::string>("1"));
    EXPECT_TRUE(declared[0].no_echo);
    EXPECT_EQ(declared[1].summary_json(), Json::parse(R"({"ParameterKey": "Env", "ParameterType": "String",
      "NoEcho": false, "DefaultValue": "dev", "Description": "where",
      "ParameterConstraints": {"AllowedValues": ["dev", "prod"]}})"));
    EXPECT_EQ(declared[0].template_parameter_json(),
              Json::parse(R"({"ParameterKey": "Count", "NoEcho": true})"));
    EXPECT_TRUE(declared_parameters(Json::parse(R"({"Parameters": []})")).empty());
}

} // namespace
} // namespace cdk::localcloud::cloudformation
