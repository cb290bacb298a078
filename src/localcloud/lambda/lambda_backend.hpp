#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/iam/policy_evaluator.hpp"
#include "localcloud/lambda/lambda_executor.hpp"
#include "localcloud/server/cloud_context.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cdk::localcloud::lambda {

/// Who asks, where, and with which condition keys: one Lambda operation's authorization input.
struct LambdaCall {
    Caller caller;
    std::string region;
    iam::Context context;
};

/// Invoke's InvocationType.
enum class InvocationType { RequestResponse, Event, DryRun };

/// The outcome of one invocation.
struct Invocation {
    int status_code = 200;      ///< 200 (ran), 202 (Event: accepted), 204 (DryRun)
    std::string payload;        ///< the JSON result, or the error object for function errors
    std::string function_error; ///< "" or "Unhandled"
    std::string log_tail;       ///< the last 4 KB of the log (plain text)
    std::string executed_version = "$LATEST";
};

/// Lambda functions of one account and region: configuration (API shape), code unpacked under
/// `<data dir>/lambda/<id>/`, resource policy (AddPermission statements), published versions and URL
/// configs. Every method authorizes `lambda:<Action>` as the call's caller (identity policies; the
/// function's resource policy too for invocation and cross-account access), like the Lambda API.
class LambdaBackend {
public:
    explicit LambdaBackend(CloudContext& cloud);

    /// `input` is CreateFunction's (Code.ZipFile raw zip bytes, or Code.S3Bucket/S3Key) or, from
    /// CloudFormation, Code.InlineCode: source text written as index.js / index.py.
    [[nodiscard]] Result<Json> create_function(const LambdaCall& call, const Json& input);
    /// The stored function record ({Configuration, Policy?, Tags, Versions, …}) after authorizing `action`.
    /// The function record, authorized as `action`; `inside`, when given, is called with it inside the read
    /// transaction that found it.
    [[nodiscard]] Result<Json> get_function(const LambdaCall& call, const std::string& name,
                                            const std::string& action,
                                            const std::function<void(const Json&)>& inside = nullptr);
    [[nodiscard]] Result<Json> update_code(const LambdaCall& call, const std::string& name, const Json& code);
    [[nodiscard]] Result<Json> update_configuration(const LambdaCall& call, const std::string& name,
                                                    const Json& input);
    [[nodiscard]] Result<void> delete_function(const LambdaCall& call, const std::string& name);
    [[nodiscard]] Result<std::vector<Json>> list_functions(const LambdaCall& call);

    /// Adds a statement to the function's policy; returns the statement.
    [[nodiscard]] Result<Json> add_permission(const LambdaCall& call, const std::string& name,
                                              const Json& input);
    [[nodiscard]] Result<void> remove_permission(const LambdaCall& call, const std::string& name,
                                                 const std::string& statement_id);

    /// Publishes $LATEST as the next numbered version; returns its configuration.
    [[nodiscard]] Result<Json> publish_version(const LambdaCall& call, const std::string& name,
                                               const std::string& description);
    [[nodiscard]] Result<void> delete_version(const LambdaCall& call, const std::string& name,
                                              const std::string& version);
    /// CreateAlias / GetAlias / ListAliases / UpdateAlias / DeleteAlias: a name pointing at a version, with
    /// optional `RoutingConfig.AdditionalVersionWeights` (Invoke with the alias as qualifier runs the alias's
    /// version, or one of the additional ones with its weight's probability). Stored in the function record.
    [[nodiscard]] Result<Json> create_alias(const LambdaCall& call, const std::string& name,
                                            const Json& input);
    [[nodiscard]] Result<Json> get_alias(const LambdaCall& call, const std::string& name,
                                         const std::string& alias);
    [[nodiscard]] Result<std::vector<Json>> list_aliases(const LambdaCall& call, const std::string& name);
    [[nodiscard]] Result<Json> update_alias(const LambdaCall& call, const std::string& name,
                                            const Json& input);
    [[nodiscard]] Result<void> delete_alias(const LambdaCall& call, const std::string& name,
                                            const std::string& alias);
    /// The version an alias routes one invocation to (weighted draw over its routing config).
    [[nodiscard]] static std::string route_alias(const Json& alias, double draw);
    /// A uniform draw in [0, 1).
    [[nodiscard]] static double random_unit();

    /// Creates or replaces the function URL config; returns {FunctionUrl, FunctionArn, AuthType}.
    [[nodiscard]] Result<Json> put_url_config(const LambdaCall& call, const std::string& name,
                                              const Json& input);
    [[nodiscard]] Result<void> delete_url_config(const LambdaCall& call, const std::string& name);

    /// Invokes the function (lambda:InvokeFunction: identity policies in the function's account, the resource
    /// policy for other principals). `qualifier` "" or "$LATEST" or a version number. The handler runs as the
    /// function's execution role: a session assumed as lambda.amazonaws.com (the role's trust policy must
    /// admit it) in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, AWS_ENDPOINT_URL pointing
    /// back at localcloud; its log goes to the log group `/aws/lambda/<name>` when the role may write it.
    ///  * RequestResponse runs it now (TooManyRequestsException when its reserved concurrency is taken);
    ///  * Event queues it and returns 202: it runs on its own thread, retried (MaximumRetryAttempts, default
    ///  2)
    ///    after a function error, then sent to the on-failure destination or the dead-letter queue (SQS, SNS
    ///    or Lambda, called as the execution role); a success goes to the on-success destination;
    ///  * DryRun only authorizes (204).
    /// Other services of localcloud (SNS delivering to Lambda) call it with `call` their own service
    /// principal.
    [[nodiscard]] Result<Invocation> invoke(const LambdaCall& call, const std::string& name,
                                            const std::string& qualifier, const std::string& payload,
                                            InvocationType type = InvocationType::RequestResponse);

    /// Invokes the function (RequestResponse) for an event source mapping: Lambda's own poller, which needs
    /// no permission to invoke (the mapping was authorized when it was created). `function_arn` is the
    /// mapping's FunctionArn (qualified by a version or alias, or not); the handler runs as its execution
    /// role as above.
    [[nodiscard]] Result<Invocation> invoke_for_mapping(const std::string& region,
                                                        const std::string& function_arn,
                                                        const std::string& payload);

    /// PutFunctionConcurrency / GetFunctionConcurrency / DeleteFunctionConcurrency: the function's reserved
    /// concurrency ({ReservedConcurrentExecutions} or {} when none is set).
    [[nodiscard]] Result<Json> put_concurrency(const LambdaCall& call, const std::string& name,
                                               long long reserved);
    [[nodiscard]] Result<Json> get_concurrency(const LambdaCall& call, const std::string& name);
    [[nodiscard]] Result<void> delete_concurrency(const LambdaCall& call, const std::string& name);
    /// Put/Get/DeleteFunctionEventInvokeConfig: retries, maximum event age and destinations of Event
    /// invocations.
    [[nodiscard]] Result<Json> put_event_invoke_config(const LambdaCall& call, const std::string& name,
                                                       const Json& input);
    [[nodiscard]] Result<Json> get_event_invoke_config(const LambdaCall& call, const std::string& name);
    [[nodiscard]] Result<void> delete_event_invoke_config(const LambdaCall& call, const std::string& name);

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

    /// One invocation's resolved function, version and event.
    struct Prepared {
        std::string account;
        std::string region;
        std::string function_arn; ///< unqualified
        Json config;              ///< the version's configuration
        std::string code_dir;
        std::string event;
        Json event_config;       ///< EventInvokeConfig (or {})
        long long reserved = -1; ///< reserved concurrency, -1 for none
        std::shared_ptr<const Executor::CodeHold>
            code_hold; ///< the function's code directories, kept meanwhile
    };

private:
    Result<Invocation> run_prepared(const Json& function, const FunctionRef& f, const std::string& qualifier,
                                    const std::string& region, const std::string& payload,
                                    std::shared_ptr<const Executor::CodeHold> hold, InvocationType type);
    Result<Invocation> execute(const Prepared& p);
    void run_async(Prepared p);
    Result<void> deliver(const Prepared& p, const std::string& target, const std::string& body,
                         bool dead_letter, const Invocation* outcome);
    void write_log(const Prepared& p, const Caller& role, const std::string& stream, const std::string& log);
    Result<void> authorize(Tx& tx, const LambdaCall& call, const Json* function, const std::string& action,
                           const std::string& resource, const std::string& resource_account);
    /// `authorize` of an action on a stored function (its ARN and account), as `modify` takes it.
    std::function<Result<void>(Tx&, const Json&, const std::string&)>
    function_authorizer(const LambdaCall& call);
    Result<std::string> unpack_code(const LambdaCall& call, const Json& code, const std::string& runtime,
                                    std::string& sha256, long long& size);

    CloudContext& cloud_;
    std::shared_ptr<Executor> exec_;
};

} // namespace cdk::localcloud::lambda
