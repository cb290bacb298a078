#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/iam/policy_evaluator.hpp"
#include "localcloud/server/cloud_context.hpp"

#include <string>
#include <vector>

namespace cdk::localcloud::lambda {

/// Who asks, where, and with which condition keys: one Lambda operation's authorization input.
struct LambdaCall {
    Caller caller;
    std::string region;
    iam::Context context;
};

/// The outcome of one invocation.
struct Invocation {
    std::string payload;          ///< the JSON result, or the error object for function errors
    std::string function_error;   ///< "" or "Unhandled"
    std::string log_tail;         ///< the last 4 KB of the log (plain text)
    std::string executed_version = "$LATEST";
};

/// Lambda functions of one account and region: configuration (API shape), code unpacked under
/// `<data dir>/lambda/<id>/`, resource policy (AddPermission statements), published versions and URL
/// configs. Every method authorizes `lambda:<Action>` as the call's caller (identity policies; the
/// function's resource policy too for invocation and cross-account access), like the Lambda API.
class LambdaBackend {
public:
    explicit LambdaBackend(CloudContext& cloud) : cloud_(cloud) {}

    /// `input` is CreateFunction's (Code.ZipFile raw zip bytes, or Code.S3Bucket/S3Key) or, from
    /// CloudFormation, Code.InlineCode: source text written as index.js / index.py.
    [[nodiscard]] Result<Json> create_function(const LambdaCall& call, const Json& input);
    /// The stored function record ({Configuration, Policy?, Tags, Versions, …}) after authorizing `action`.
    [[nodiscard]] Result<Json> get_function(const LambdaCall& call, const std::string& name, const std::string& action);
    [[nodiscard]] Result<Json> update_code(const LambdaCall& call, const std::string& name, const Json& code);
    [[nodiscard]] Result<Json> update_configuration(const LambdaCall& call, const std::string& name, const Json& input);
    [[nodiscard]] Result<void> delete_function(const LambdaCall& call, const std::string& name);
    [[nodiscard]] Result<std::vector<Json>> list_functions(const LambdaCall& call);

    /// Adds a statement to the function's policy; returns the statement.
    [[nodiscard]] Result<Json> add_permission(const LambdaCall& call, const std::string& name, const Json& input);
    [[nodiscard]] Result<void> remove_permission(const LambdaCall& call, const std::string& name,
                                                 const std::string& statement_id);

    /// Publishes $LATEST as the next numbered version; returns its configuration.
    [[nodiscard]] Result<Json> publish_version(const LambdaCall& call, const std::string& name,
                                               const std::string& description);
    [[nodiscard]] Result<void> delete_version(const LambdaCall& call, const std::string& name,
                                              const std::string& version);
    /// Creates or replaces the function URL config; returns {FunctionUrl, FunctionArn, AuthType}.
    [[nodiscard]] Result<Json> put_url_config(const LambdaCall& call, const std::string& name, const Json& input);
    [[nodiscard]] Result<void> delete_url_config(const LambdaCall& call, const std::string& name);

    /// Runs the function (lambda:InvokeFunction: identity policies in the function's account, the resource
    /// policy for other principals). `qualifier` "" or "$LATEST" or a version number.
    [[nodiscard]] Result<Invocation> invoke(const LambdaCall& call, const std::string& name,
                                            const std::string& qualifier, const std::string& payload);

    /// Splits a function name, partial or full ARN into (account, name, qualifier); the account defaults to
    /// the caller's.
    struct FunctionRef {
        std::string account;
        std::string name;
        std::string qualifier;
    };
    [[nodiscard]] static FunctionRef parse_ref(const std::string& ref, const std::string& default_account);
    [[nodiscard]] static std::string arn(const std::string& region, const std::string& account,
                                         const std::string& name);

private:
    Result<void> authorize(Tx& tx, const LambdaCall& call, const Json* function, const std::string& action,
                           const std::string& resource, const std::string& resource_account);
    Result<std::string> unpack_code(const LambdaCall& call, const Json& code, const std::string& runtime,
                                    std::string& sha256, long long& size);

    CloudContext& cloud_;
};

} // namespace cdk::localcloud::lambda
