#pragma once

// Internals shared by the engine's source files (stack_api.cpp, stack_operation.cpp, stack_records.cpp).

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

/// Stack statuses an update may start from.
[[nodiscard]] bool updatable(const std::string& status);

/// `ValidationError: Stack with id X does not exist`.
[[nodiscard]] Error stack_not_found(const std::string& name_or_id);

} // namespace cdk::localcloud::cloudformation
