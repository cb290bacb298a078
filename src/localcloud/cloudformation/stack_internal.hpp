#pragma once

// Internals shared by the engine's source files: the API groups (api_*.cpp, helpers in api_support.cpp), the
// operations (stack_operation.cpp) and the records (stack_records.cpp).

#include "localcloud/cloudformation/parameters.hpp"
#include "localcloud/cloudformation/stack_engine.hpp"
#include "localcloud/cloudformation/template.hpp"

#include <string>

namespace cdk::localcloud::cloudformation {

struct StackEngine::Operation {
    using Kind = OperationKind;
    Kind kind = Kind::Create;
    Scope scope;
    std::string stack_id;
    Caller caller;
    std::string token;
};

struct StackEngine::ChangeSetStack {
    Stack stack;
    bool is_new = false; ///< recorded with the change set
};

struct StackEngine::Prepared {
    std::string body;
    Json template_doc;
    ResolvedParameters parameters;
};

/// The provider's failure as CloudFormation writes it into the resource's event.
[[nodiscard]] std::string handler_message(const Error& error, const std::string& token);

/// Runs `work` for every node once all its dependencies succeeded, at most one pool task per node; stops
/// scheduling at the first failure and waits for the tasks in flight. Returns the failed nodes (and, when a
/// dependency cycle left nodes unscheduled, those too), sorted. (stack_converge.cpp)
[[nodiscard]] std::vector<std::string> run_graph(WorkerPool& pool, const std::set<std::string>& nodes,
                                                 const std::map<std::string, std::set<std::string>>& deps,
                                                 const std::function<bool(const std::string&)>& work,
                                                 const std::atomic<bool>& stopping);

/// The create-only properties of `type`: the provider's, else the resource schema's (a change to one
/// replaces the resource).
[[nodiscard]] std::vector<std::string> create_only_of(ResourceProvider* provider, const std::string& type);

/// Stack statuses an update may start from.
[[nodiscard]] bool updatable(const std::string& status);

/// `ValidationError: Stack with id X does not exist`.
[[nodiscard]] Error stack_not_found(const std::string& name_or_id);

// API helpers (api_support.cpp)

/// A string member of an API input, "" when absent.
[[nodiscard]] std::string input_string(const Json& in, const char* key);
/// A list member of an API input, [] when absent.
[[nodiscard]] Json input_array(const Json& in, const char* key);
/// A list of strings of an API input (Capabilities, NotificationARNs, …), [] when absent.
[[nodiscard]] std::vector<std::string> input_strings(const Json& in, const char* key);
[[nodiscard]] bool is_arn(const std::string& s);
/// A StackName or ChangeSetName: a letter, then up to 127 letters, digits and dashes.
[[nodiscard]] bool valid_name(const std::string& name);
/// The API's error for a `member` (stackName, changeSetName) that is not `valid_name`; `pattern` is the
/// one the model gives.
[[nodiscard]] Error name_error(const std::string& value, const std::string& member,
                               const std::string& pattern);
/// A new stack's id (its ARN) in the caller's account and region.
[[nodiscard]] std::string new_stack_id(const ApiCall& call, const std::string& name);
/// The role an operation on `stack` acts as: the input's RoleARN when given, else the stack's.
[[nodiscard]] std::string role_arn(const Json& in, const Stack& stack);
[[nodiscard]] Error already_exists(const std::string& message);
[[nodiscard]] Error change_set_not_found(const std::string& name);
/// Unresolved references and dependency cycles, with CloudFormation's messages.
[[nodiscard]] Result<void> validate_graph(const Json& tmpl);
/// CAPABILITY_IAM / CAPABILITY_NAMED_IAM as CloudFormation requires them.
[[nodiscard]] Result<void> check_capabilities(const Json& tmpl, const std::vector<std::string>& capabilities);
/// A stack in REVIEW_IN_PROGRESS with the settings of a CreateStack / CreateChangeSet input.
[[nodiscard]] Stack new_stack(const Json& in, const std::string& stack_id, const std::string& name,
                              const std::string& now);
/// What a create, an update or a change set's execution deploys, as the stack's new state.
void apply_prepared(Stack& stack, const Json& in, const std::string& body, const Json& tmpl,
                    const ResolvedParameters& params);
/// Whether an update would change nothing: no resource changes, the same template, parameters and tags.
[[nodiscard]] bool no_changes(const Stack& stack, const std::vector<ResourceChange>& changes,
                              const std::string& body,
                              const std::map<std::string, std::string>& raw_parameters, const Json& in);
/// `ValidationError: Stack:<id> is in <status> state and can not be updated.`
[[nodiscard]] Error not_updatable(const Stack& stack);

} // namespace cdk::localcloud::cloudformation
