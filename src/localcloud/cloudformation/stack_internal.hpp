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

struct StackEngine::Prepared {
    std::string body;
    Json template_doc;
    ResolvedParameters parameters;
};

[[nodiscard]] inline std::string resource_key(const std::string& stack_id, const std::string& logical_id) {
    return stack_id + "|" + logical_id;
}

/// The provider's failure as CloudFormation writes it into the resource's event.
[[nodiscard]] std::string handler_message(const Error& error, const std::string& token);

/// Runs `work` for every node once all its dependencies succeeded, at most one pool task per node; stops
/// scheduling at the first failure and waits for the tasks in flight. Returns the failed nodes (and, when a
/// dependency cycle left nodes unscheduled, those too), sorted. (stack_converge.cpp)
[[nodiscard]] std::vector<std::string> run_graph(WorkerPool& pool, const std::set<std::string>& nodes,
                                                 const std::map<std::string, std::set<std::string>>& deps,
                                                 const std::function<bool(const std::string&)>& work,
                                                 const std::atomic<bool>& stopping);

/// Stack statuses an update may start from.
[[nodiscard]] bool updatable(const std::string& status);

/// `ValidationError: Stack with id X does not exist`.
[[nodiscard]] Error stack_not_found(const std::string& name_or_id);

// API helpers (api_support.cpp)

/// A string member of an API input, "" when absent.
[[nodiscard]] std::string input_string(const Json& in, const char* key);
/// A list member of an API input, [] when absent.
[[nodiscard]] Json input_array(const Json& in, const char* key);
[[nodiscard]] bool is_arn(const std::string& s);
[[nodiscard]] Error already_exists(const std::string& message);
[[nodiscard]] Error change_set_not_found(const std::string& name);
/// Unresolved references and dependency cycles, with CloudFormation's messages.
[[nodiscard]] Result<void> validate_graph(const Json& tmpl);
/// CAPABILITY_IAM / CAPABILITY_NAMED_IAM as CloudFormation requires them.
[[nodiscard]] Result<void> check_capabilities(const Json& tmpl, const Json& capabilities);
/// A stack in REVIEW_IN_PROGRESS with the settings of a CreateStack / CreateChangeSet input.
[[nodiscard]] Stack new_stack(const Json& in, const std::string& stack_id, const std::string& name,
                              const std::string& now);
/// What a create, an update or a change set's execution deploys, as the stack's new state.
void apply_prepared(Stack& stack, const Json& in, const std::string& body, const Json& tmpl,
                    const ResolvedParameters& params);
/// Whether an update would change nothing: no resource changes, the same template, parameters and tags.
[[nodiscard]] bool no_changes(const Stack& stack, const Json& changes, const std::string& body,
                              const std::map<std::string, std::string>& raw_parameters, const Json& in);
/// `ValidationError: Stack:<id> is in <status> state and can not be updated.`
[[nodiscard]] Error not_updatable(const Stack& stack);

} // namespace cdk::localcloud::cloudformation
