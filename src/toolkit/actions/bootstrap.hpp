#pragma once

#include "aws/cloudformation/cloudformation_types.hpp"
#include "core/result.hpp"
#include "toolkit/bootstrap/bootstrap_parameters.hpp"
#include "toolkit/environments.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cdk::toolkit {

/// Reports progress of a multi-stack operation: which stack (label) and what happened.
struct ProgressSink {
    std::function<void(const std::string& label, const aws::cloudformation::StackEvent&)> on_event;
    std::function<void(const std::string& label, const std::string& message)> on_message;
};

/// `bootstrap`: what to bootstrap and how.
struct BootstrapOptions {
    std::vector<std::string> environments; ///< `aws://ACCOUNT/REGION`; unknown parts from the credentials
    std::string toolkit_stack_name;        ///< default CDKToolkit
    bootstrap::BootstrapParameterInput parameters;
    std::optional<bool> termination_protection;
    std::map<std::string, std::string> tags;
    std::optional<std::filesystem::path> template_file; ///< --template: a custom template (JSON or YAML)
    bool execute = true;                                ///< --no-execute leaves the change set
    bool force = false;                                 ///< deploy even when unchanged or a downgrade
    std::chrono::milliseconds poll_interval{1000};
};

/// What happened in one environment.
struct BootstrapResult {
    std::string environment; ///< aws://account/region
    std::string stack_name;
    bool no_op = false; ///< nothing changed
    bool executed = false;
    std::string status;
    int version = 0;
    std::vector<std::string> notes;
    std::map<std::string, std::string> outputs;
    std::optional<Error> error;
};

/// The template `bootstrap` deploys: ours, or the `--template` file.
[[nodiscard]] Result<Json> load_bootstrap_template(const std::optional<std::filesystem::path>& file);

/// Bootstraps every environment, concurrently, with the caller's credentials (which must belong to the
/// target account: `WrongAccount` otherwise). Per environment: read the toolkit stack, compute the
/// parameters (stock rules), refuse a downgrade unless forced (`BootstrapDowngrade`) or another variant,
/// deploy with a change set (ImportExistingResources, previous parameter values kept), report `no_op`
/// when nothing changed. Always returns one result per environment; failures are in `error`.
[[nodiscard]] std::vector<BootstrapResult>
bootstrap_environments(const BootstrapOptions& options, SessionPool& sessions, const ProgressSink& progress);

} // namespace cdk::toolkit
