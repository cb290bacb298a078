#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/state/store.hpp"

namespace cdk::localcloud::cloudformation {

/// CloudFormation dynamic references in a resource's resolved properties, resolved as `caller` (the stack's
/// role) in `scope` just before a provider sees them:
///  * `{{resolve:secretsmanager:secret-id[:SecretString[:json-key[:version-stage[:version-id]]]]}}`
///  (secret-id a
///    name or an ARN, which may name another account; empty parts take their defaults: the whole
///    SecretString, AWSCURRENT) — authorized as secretsmanager:GetSecretValue and kms:Decrypt;
///  * `{{resolve:ssm:name}}` / `{{resolve:ssm:name:version}}` — String and StringList (ssm:GetParameter);
///  * `{{resolve:ssm-secure:name[:version]}}` — SecureString, decrypted (ssm:GetParameter, kms:Decrypt).
/// A reference may be the whole string or part of it, any number per string. The result goes to the
/// provider only: the engine stores, shows and compares the properties as written (with the references),
/// so a value never appears in events, GetTemplate, DescribeStacks or DescribeStackResource.
/// Errors carry the message CloudFormation gives the failed resource. Properties without a reference are
/// returned as they are, without touching the store. Call it outside any store transaction.
[[nodiscard]] Result<Json> resolve_dynamic_references(CloudContext& cloud, const Caller& caller,
                                                      const Scope& scope, const Json& properties);

/// Whether `value` holds a dynamic reference anywhere.
[[nodiscard]] bool has_dynamic_reference(const Json& value);

} // namespace cdk::localcloud::cloudformation
