#pragma once

// The engine's records as types: a stack, what it was deployed from, its outputs, a change set, a resource,
// an event, an export and an import. Each has one to_json/from_json pair, the only code that knows the keys
// of the stored JSON (the store keeps documents); the engine passes these types, never a document.

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/cloudformation/intrinsics.hpp"
#include "localcloud/cloudformation/parameters.hpp"
#include "localcloud/state/store.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cdk::localcloud::cloudformation {

inline constexpr std::string_view kStackKind = "cfn-stack";          ///< name: stack id (ARN)
inline constexpr std::string_view kStackNameKind = "cfn-stack-name"; ///< name: live stack name → {StackId}
inline constexpr std::string_view kResourceKind = "cfn-resource";    ///< name: stack id | logical id
inline constexpr std::string_view kCleanupKind = "cfn-cleanup"; ///< name: stack id | logical id | physical id
inline constexpr std::string_view kEventKind = "cfn-event";     ///< name: stack id | sequence
inline constexpr std::string_view kChangeSetKind = "cfn-changeset"; ///< name: change set id (ARN)
inline constexpr std::string_view kExportKind = "cfn-export";       ///< name: export name
inline constexpr std::string_view kImportKind = "cfn-import";     ///< name: export name | importing stack id
inline constexpr std::string_view kIndexKind = "cfn-stack-index"; ///< global scope; name: stack id

/// A stack's (or change set's) tag.
struct Tag {
    std::string key;
    std::string value;
    [[nodiscard]] Json to_json() const;
    [[nodiscard]] static Tag from_json(const Json& doc);
    bool operator==(const Tag&) const = default;
};

/// Tags, Capabilities, NotificationARNs, Parameters as lists: the one conversion each way of the list members
/// of records and API inputs (a member that is absent or not a list reads as empty).
[[nodiscard]] std::vector<Tag> tags_from_json(const Json& list);
[[nodiscard]] Json tags_json(const std::vector<Tag>& tags);
[[nodiscard]] std::vector<std::string> strings_from_json(const Json& list);
[[nodiscard]] std::vector<StackParameter> parameters_from_json(const Json& list);
[[nodiscard]] Json parameters_json(const std::vector<StackParameter>& parameters);

/// What a stack is deployed from: the template as given and as parsed, and its parameters.
struct StackTemplate {
    std::string body;                       ///< TemplateBody, as the caller sent it
    Json doc = Json::object();              ///< Template, parsed
    std::vector<StackParameter> parameters; ///< Parameters, as DescribeStacks shows them
    std::map<std::string, std::string> raw; ///< RawParameters: as given, for UsePreviousValue
    std::map<std::string, Json> values;     ///< ParameterValues: resolved, for the evaluator
    [[nodiscard]] Json to_json() const;
    [[nodiscard]] static StackTemplate from_json(const Json& doc);
};

/// One of DescribeStacks' Outputs.
struct StackOutput {
    std::string key;
    std::string value;
    std::optional<std::string> description;
    std::optional<std::string> export_name;
    [[nodiscard]] Json to_json() const;
    [[nodiscard]] static StackOutput from_json(const Json& doc);
};

/// A stack as stored (kind cfn-stack). Optional texts are empty when absent.
struct Stack {
    std::string id;
    std::string name;
    std::string creation_time;
    std::string status;
    std::string status_reason;
    std::string last_updated_time;
    std::string deletion_time;
    std::string description;
    std::string role_arn;
    std::string client_request_token;
    std::string change_set_id; ///< the change set that last started an operation
    bool disable_rollback = false;
    bool termination_protection = false;
    std::vector<std::string> notification_arns;
    std::vector<std::string> capabilities;
    std::vector<Tag> tags;
    StackTemplate deployed;
    /// What an update replaced: a rollback converges back to it.
    std::optional<StackTemplate> previous;
    std::vector<StackOutput> outputs;

    [[nodiscard]] Json to_json() const;
    [[nodiscard]] static Stack from_json(const Json& doc);
    /// DescribeStacks' Stack.
    [[nodiscard]] Json description_json() const;
    /// ListStacks' StackSummary.
    [[nodiscard]] Json summary_json() const;
    /// The pseudo parameters of this stack in `scope`.
    [[nodiscard]] PseudoParameters pseudo(const Scope& scope) const;
};

/// One property a Modify changes (DescribeChangeSet's ResourceChangeDetail, Target.Attribute "Properties").
struct ChangeDetail {
    std::string name;                ///< the property
    std::string requires_recreation; ///< Never, Conditionally or Always
    std::string evaluation;          ///< Static or Dynamic
    std::string change_source;       ///< DirectModification or ResourceAttribute
    [[nodiscard]] Json to_json() const;
    [[nodiscard]] static ChangeDetail from_json(const Json& doc);
};

/// One change of a change set (DescribeChangeSet's Change of Type "Resource").
struct ResourceChange {
    std::string action; ///< Add, Modify or Remove
    std::string logical_id;
    std::string physical_id; ///< not shown for Add
    std::string type;
    std::string replacement; ///< Modify: True, False or Conditional
    std::vector<ChangeDetail> details;
    [[nodiscard]] Json to_json() const;
    [[nodiscard]] static ResourceChange from_json(const Json& doc);
};

/// A change set as stored (kind cfn-changeset).
struct ChangeSet {
    std::string id;
    std::string name;
    std::string stack_id;
    std::string stack_name;
    std::string type; ///< CREATE or UPDATE
    std::string creation_time;
    std::string status;
    std::string execution_status;
    std::string status_reason;
    std::optional<Json> description;
    std::vector<ResourceChange> changes;
    /// The CreateChangeSet input, replayed by ExecuteChangeSet through the same `prepare` as a CreateStack:
    /// kept in the operation's wire shape, the one input `prepare` reads.
    Json input = Json::object();
    std::string template_body;
    Json template_doc = Json::object();
    std::vector<StackParameter> parameters;
    std::vector<std::string> capabilities;
    std::vector<Tag> tags;
    std::vector<std::string> notification_arns;

    [[nodiscard]] Json to_json() const;
    [[nodiscard]] static ChangeSet from_json(const Json& doc);
    /// DescribeChangeSet's output.
    [[nodiscard]] Json description_json() const;
    /// ListChangeSets' ChangeSetSummary.
    [[nodiscard]] Json summary_json() const;
};

/// One resource of a stack as provisioned (what DescribeStackResources shows, plus what the engine needs).
struct ResourceState {
    std::string logical_id;
    std::string type;
    std::string physical_id;
    std::string status;
    std::string status_reason;
    std::string timestamp;
    Json properties = Json::object();
    Json attributes = Json::object();
    std::string deletion_policy;
    std::string update_replace_policy;
    std::vector<std::string> depends_on;
    [[nodiscard]] Json to_json() const;
    [[nodiscard]] static ResourceState from_json(const Json& doc);
};

/// One of DescribeStackEvents' StackEvents (stored in this form, kind cfn-event).
struct StackEvent {
    std::string stack_id;
    std::string event_id;
    std::string stack_name;
    std::string logical_id;
    std::string physical_id;
    std::string type;
    std::string timestamp;
    std::string status;
    std::string reason;
    std::string client_request_token;
    std::string resource_properties; ///< JSON text of the properties, on *_IN_PROGRESS of a create or update
    [[nodiscard]] Json to_json() const;
    [[nodiscard]] static StackEvent from_json(const Json& doc);
    /// An event of `stack` (its id, name and request token) with a fresh event id.
    [[nodiscard]] static StackEvent of(const Stack& stack, std::string logical_id, std::string physical_id,
                                       std::string type, std::string status, std::string reason,
                                       std::string timestamp);
};

/// An output exported by a stack (kind cfn-export, by name).
struct Export {
    std::string name;
    std::string value;
    std::string stack_id;
    std::string stack_name;
    [[nodiscard]] Json to_json() const;
    [[nodiscard]] static Export from_json(const Json& doc);
};

/// A stack's use of an export (kind cfn-import, by export name | stack id).
struct Import {
    std::string export_name;
    std::string stack_id;
    std::string stack_name;
    [[nodiscard]] Json to_json() const;
    [[nodiscard]] static Import from_json(const Json& doc);
};

/// Typed access to the records above in one transaction.
namespace records {

[[nodiscard]] Result<std::optional<Stack>> get_stack(Tx& tx, const Scope& scope, const std::string& stack_id);
[[nodiscard]] Result<void> put_stack(Tx& tx, const Scope& scope, const Stack& stack);
/// The live stack of that name's id, if any.
[[nodiscard]] Result<std::optional<std::string>> live_stack_id(Tx& tx, const Scope& scope,
                                                               const std::string& name);
/// Forgets the live name of a deleted stack, when it still names that stack.
[[nodiscard]] Result<void> erase_live_name(Tx& tx, const Scope& scope, const Stack& stack);
/// Records a new live stack: the stack, its name and its place in the global index (for recovery).
[[nodiscard]] Result<void> add_stack(Tx& tx, const Scope& scope, const Stack& stack);
[[nodiscard]] Result<std::vector<ChangeSet>> change_sets(Tx& tx, const Scope& scope);
[[nodiscard]] Result<void> put_change_set(Tx& tx, const Scope& scope, const ChangeSet& change_set);
/// Removes every change set of the stack.
[[nodiscard]] Result<void> erase_change_sets(Tx& tx, const Scope& scope, const std::string& stack_id);
[[nodiscard]] Result<std::optional<Export>> find_export(Tx& tx, const Scope& scope, const std::string& name);
/// Every stack of the scope, deleted ones too (ListStacks).
[[nodiscard]] Result<std::vector<Stack>> stacks(Tx& tx, const Scope& scope);
/// The live stacks, by name (DescribeStacks without a name).
[[nodiscard]] Result<std::vector<Stack>> live_stacks(Tx& tx, const Scope& scope);
/// The stack's events, oldest first.
[[nodiscard]] Result<std::vector<StackEvent>> events(Tx& tx, const Scope& scope, const std::string& stack_id);
/// Records an event of its stack under a time-ordered `sequence`.
[[nodiscard]] Result<void> put_event(Tx& tx, const Scope& scope, const std::string& sequence,
                                     const StackEvent& event);
[[nodiscard]] Result<std::vector<Export>> exports(Tx& tx, const Scope& scope);
[[nodiscard]] Result<void> put_export(Tx& tx, const Scope& scope, const Export& exported);
[[nodiscard]] Result<void> erase_export(Tx& tx, const Scope& scope, const std::string& name);
/// The uses of exports whose name starts with `export_prefix` ("" for all; "X|" for export X's).
[[nodiscard]] Result<std::vector<Import>> imports(Tx& tx, const Scope& scope,
                                                  const std::string& export_prefix);
[[nodiscard]] Result<void> put_import(Tx& tx, const Scope& scope, const Import& use);
[[nodiscard]] Result<void> erase_import(Tx& tx, const Scope& scope, const Import& use);
/// The resource record of `stack_id` (kind cfn-resource) and the records of replaced physical resources
/// awaiting cleanup (kind cfn-cleanup).
/// The stack's resources, by logical id, and its replaced physical resources awaiting cleanup.
[[nodiscard]] Result<std::map<std::string, ResourceState>> resources(Tx& tx, const Scope& scope,
                                                                     const std::string& stack_id);
[[nodiscard]] Result<std::vector<ResourceState>> cleanups(Tx& tx, const Scope& scope,
                                                          const std::string& stack_id);
[[nodiscard]] Result<void> put_resource(Tx& tx, const Scope& scope, const std::string& stack_id,
                                        const ResourceState& resource);
[[nodiscard]] Result<void> erase_resource(Tx& tx, const Scope& scope, const std::string& stack_id,
                                          const std::string& logical_id);
[[nodiscard]] Result<void> put_cleanup(Tx& tx, const Scope& scope, const std::string& stack_id,
                                       const ResourceState& replaced);
[[nodiscard]] Result<void> erase_cleanup(Tx& tx, const Scope& scope, const std::string& stack_id,
                                         const ResourceState& replaced);

} // namespace records

} // namespace cdk::localcloud::cloudformation
