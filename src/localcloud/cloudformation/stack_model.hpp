#pragma once

// The engine's records as types: a stack, what it was deployed from, its outputs, a change set, a resource,
// an event, an export and an import. Each has one to_json/from_json pair, the only code that knows the keys
// of the stored JSON (the store keeps documents); the engine passes these types, never a document.

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/cloudformation/intrinsics.hpp"
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

/// What a stack is deployed from: the template as given and as parsed, and its parameters.
struct StackTemplate {
    std::string body;                       ///< TemplateBody, as the caller sent it
    Json doc = Json::object();              ///< Template, parsed
    Json parameters = Json::array();        ///< Parameters, DescribeStacks' form
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
    Json notification_arns = Json::array();
    Json capabilities = Json::array();
    Json tags = Json::array();
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
    Json changes = Json::array();
    Json input = Json::object(); ///< the CreateChangeSet input, replayed by ExecuteChangeSet
    std::string template_body;
    Json template_doc = Json::object();
    Json parameters = Json::array();
    Json capabilities = Json::array();
    Json tags = Json::array();
    Json notification_arns = Json::array();

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
/// Records a new live stack: the stack, its name and its place in the global index (for recovery).
[[nodiscard]] Result<void> add_stack(Tx& tx, const Scope& scope, const Stack& stack);
[[nodiscard]] Result<std::vector<ChangeSet>> change_sets(Tx& tx, const Scope& scope);
[[nodiscard]] Result<void> put_change_set(Tx& tx, const Scope& scope, const ChangeSet& change_set);
/// Removes every change set of the stack.
[[nodiscard]] Result<void> erase_change_sets(Tx& tx, const Scope& scope, const std::string& stack_id);
[[nodiscard]] Result<std::optional<Export>> find_export(Tx& tx, const Scope& scope, const std::string& name);

} // namespace records

} // namespace cdk::localcloud::cloudformation
