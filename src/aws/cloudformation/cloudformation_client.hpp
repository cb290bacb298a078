#pragma once

#include "aws/auth/session.hpp"
#include "aws/client/aws_client.hpp"
#include "aws/cloudformation/cloudformation_types.hpp"

#include <optional>

namespace cdk::aws::cloudformation {

/// Typed client for AWS CloudFormation: stacks, change sets, events, resources, templates, exports and
/// termination protection. Paginated operations are followed to the end.
class CloudFormationClient {
public:
    explicit CloudFormationClient(AwsClient client) : client_(std::move(client)) {}
    [[nodiscard]] static Result<CloudFormationClient> create(const auth::Session& session);

    /// The stack, or nullopt when it does not exist.
    [[nodiscard]] Result<std::optional<Stack>> describe_stack(const std::string& name) const;
    [[nodiscard]] Result<std::vector<Stack>> describe_stacks() const;
    /// CreateStack / UpdateStack with the model's input fields; returns the stack id.
    [[nodiscard]] Result<std::string> create_stack(const Json& input) const;
    [[nodiscard]] Result<std::string> update_stack(const Json& input) const;
    [[nodiscard]] Result<void> delete_stack(const std::string& name, const std::string& role_arn = "") const;

    /// CreateChangeSet with the model's input fields; returns the change set id.
    [[nodiscard]] Result<std::string> create_change_set(const Json& input) const;
    [[nodiscard]] Result<Json> describe_change_set(const std::string& stack,
                                                   const std::string& change_set) const;
    [[nodiscard]] Result<void> execute_change_set(const std::string& stack,
                                                  const std::string& change_set) const;
    [[nodiscard]] Result<void> delete_change_set(const std::string& stack,
                                                 const std::string& change_set) const;
    [[nodiscard]] Result<Json> list_change_sets(const std::string& stack) const;

    /// Events newest first.
    [[nodiscard]] Result<std::vector<StackEvent>> describe_stack_events(const std::string& stack) const;
    [[nodiscard]] Result<Json> describe_stack_resources(const std::string& stack) const;
    [[nodiscard]] Result<Json> list_stack_resources(const std::string& stack) const;
    /// The template body ("Original" or "Processed").
    [[nodiscard]] Result<std::string> get_template(const std::string& stack,
                                                   const std::string& stage = "Original") const;
    [[nodiscard]] Result<Json> get_template_summary(const Json& input) const;
    [[nodiscard]] Result<Json> list_exports() const;
    [[nodiscard]] Result<void> update_termination_protection(const std::string& stack, bool enabled) const;
    [[nodiscard]] Result<void> continue_update_rollback(const std::string& stack,
                                                        const std::string& role_arn = "") const;
    [[nodiscard]] Result<void> rollback_stack(const std::string& stack,
                                              const std::string& role_arn = "") const;

    [[nodiscard]] const AwsClient& raw() const { return client_; }

private:
    /// Calls a paginated operation and concatenates `list_key` across pages.
    [[nodiscard]] Result<Json> paginate(const std::string& operation, Json input,
                                        const std::string& list_key) const;

    AwsClient client_;
};

} // namespace cdk::aws::cloudformation
