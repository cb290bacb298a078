#pragma once

#include "core/json.hpp"
#include "core/json_reader.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/iam/policy_evaluator.hpp"
#include "localcloud/state/store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cdk::localcloud::iam {

/// The entity kinds IAM stores: the principals, and groups of users.
enum class EntityKind { User, Role, Group };

[[nodiscard]] std::string to_string(EntityKind kind);

/// IAM state and the authorization entry point every service uses. Users, roles and customer managed
/// policies are per account (region ""); access keys are global (account "", region "") so a request's
/// key finds its account. Stateless: every method works inside the caller's transaction.
class IamBackend {
public:
    // users and roles
    [[nodiscard]] Result<Json> create_user(Tx& tx, const std::string& account, const std::string& name,
                                           const std::string& path, const Json& tags);
    [[nodiscard]] Result<Json> create_role(Tx& tx, const std::string& account, const std::string& name,
                                           const std::string& path, const std::string& trust_policy,
                                           int max_session_duration, const std::string& description,
                                           const Json& tags);
    /// A group (`GroupName`, `GroupId`, `Arn`, `Path`, `CreateDate`, its inline and attached policies); its
    /// members are the users whose `Groups` name it.
    [[nodiscard]] Result<Json> create_group(Tx& tx, const std::string& account, const std::string& name,
                                            const std::string& path);
    [[nodiscard]] Result<Json> get(Tx& tx, EntityKind kind, const std::string& account,
                                   const std::string& name);
    [[nodiscard]] Result<std::vector<Json>> list(Tx& tx, EntityKind kind, const std::string& account,
                                                 const std::string& path_prefix);
    [[nodiscard]] Result<void> remove(Tx& tx, EntityKind kind, const std::string& account,
                                      const std::string& name);
    [[nodiscard]] Result<void> update(Tx& tx, EntityKind kind, const std::string& account,
                                      const Json& entity);

    // group membership
    /// AddUserToGroup: both must exist; adding a member again changes nothing.
    [[nodiscard]] Result<void> add_user_to_group(Tx& tx, const std::string& account, const std::string& group,
                                                 const std::string& user);
    /// RemoveUserFromGroup: NoSuchEntity when either is missing or the user is not a member.
    [[nodiscard]] Result<void> remove_user_from_group(Tx& tx, const std::string& account,
                                                      const std::string& group, const std::string& user);
    /// The users of a group, in name order.
    [[nodiscard]] Result<std::vector<Json>> group_members(Tx& tx, const std::string& account,
                                                          const std::string& group);

    // inline and attached policies
    [[nodiscard]] Result<void> put_inline_policy(Tx& tx, EntityKind kind, const std::string& account,
                                                 const std::string& name, const std::string& policy_name,
                                                 const std::string& document);
    [[nodiscard]] Result<void> delete_inline_policy(Tx& tx, EntityKind kind, const std::string& account,
                                                    const std::string& name, const std::string& policy_name);
    [[nodiscard]] Result<void> attach_policy(Tx& tx, EntityKind kind, const std::string& account,
                                             const std::string& name, const std::string& policy_arn);
    [[nodiscard]] Result<void> detach_policy(Tx& tx, EntityKind kind, const std::string& account,
                                             const std::string& name, const std::string& policy_arn);

    // managed policies
    [[nodiscard]] Result<Json> create_policy(Tx& tx, const std::string& account, const std::string& name,
                                             const std::string& path, const std::string& document,
                                             const std::string& description);
    /// A managed policy (customer or AWS) by ARN: {PolicyName, Arn, DefaultVersionId, Document, …}.
    [[nodiscard]] Result<Json> get_policy(Tx& tx, const std::string& arn);
    [[nodiscard]] Result<void> delete_policy(Tx& tx, const std::string& arn);
    /// Replaces a customer managed policy's document (a new default version, as CreatePolicyVersion with
    /// SetAsDefault does).
    [[nodiscard]] Result<Json> set_policy_document(Tx& tx, const std::string& arn,
                                                   const std::string& document);
    [[nodiscard]] Result<std::vector<Json>> list_policies(Tx& tx, const std::string& account,
                                                          const std::string& scope);

    // access keys
    /// Stores a key record (see iam_backend.cpp for its fields).
    [[nodiscard]] Result<void> put_access_key(Tx& tx, const std::string& access_key_id, const Json& record);
    [[nodiscard]] Result<std::optional<Json>> find_access_key(Tx& tx, const std::string& access_key_id);
    [[nodiscard]] Result<Json> create_user_access_key(Tx& tx, const std::string& account,
                                                      const std::string& user);

    /// The caller's identity-based policies (users: inline + attached, and their groups'; sessions: their
    /// role's).
    [[nodiscard]] Result<std::vector<Json>> identity_policies(Tx& tx, const Caller& caller);

    /// Authorizes `caller` for `action` on `resource`; AccessDenied (or `denied_code`) with AWS's wording.
    [[nodiscard]] Result<void> authorize(Tx& tx, const Caller& caller, const std::string& action,
                                         const std::string& resource, const std::string& resource_account,
                                         const std::optional<Json>& resource_policy, ResourcePolicyMode mode,
                                         const Context& context,
                                         const std::string& denied_code = "AccessDenied");

    /// `iam:PassRole` for services that act as a role on the caller's behalf (CloudFormation's RoleARN,
    /// Lambda's execution role): the caller must be allowed to pass `role_arn`, the role must exist, and it
    /// must be in the caller's account. AccessDenied names the role.
    [[nodiscard]] Result<void> authorize_pass_role(Tx& tx, const Caller& caller, const std::string& role_arn,
                                                   const Context& context);

    /// Whether the role `role_arn` exists and its trust policy lets the service principal `service`
    /// (`lambda.amazonaws.com`, `codebuild.amazonaws.com`) assume it: what a service checks when a role is
    /// given to it.
    [[nodiscard]] Result<bool> trusts_service(Tx& tx, const std::string& role_arn, const std::string& service,
                                              const Context& context);
};

/// Adds a role's tags as `iam:ResourceTag/<key>` and `aws:ResourceTag/<key>` condition keys (CDK Pipelines
/// lets its roles assume only roles tagged `aws-cdk:bootstrap-role`).
void add_role_tag_context(Context& context, const Json& role);

/// The bounds of a policy document: AWS's largest policies are an SQS queue policy (256 KiB with the other
/// attributes), KMS key policies (32 KiB) and S3 bucket policies (20 KiB); the policy grammar nests about 6
/// levels deep (Statement, a statement, Condition, operator, key, values).
inline constexpr json::ParseLimits kPolicyLimits{64, std::size_t{256} * 1024};

/// Parses the JSON text of a policy (any service's) within `kPolicyLimits`; the error's message says what is
/// wrong and callers give it their service's code (MalformedPolicyDocument, MalformedPolicy, ...).
[[nodiscard]] Result<Json> parse_policy_json(std::string_view text);

/// A role's MaxSessionDuration as the request spells it ("" is the default, 3600); text that is not an
/// integer is ValidationError, as IAM answers it (the range is checked where the role is written).
[[nodiscard]] Result<int> parse_max_session_duration(std::string_view text);

/// Parses a policy document (JSON text, possibly URL-encoded as IAM returns it); MalformedPolicyDocument.
[[nodiscard]] Result<Json> parse_policy_document(const std::string& text);

} // namespace cdk::localcloud::iam
