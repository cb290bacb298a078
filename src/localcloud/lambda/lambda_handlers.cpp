#include "aws/protocol/codec.hpp"
#include "localcloud/auth/authenticator.hpp"
#include "localcloud/lambda/cfn_event_source_mapping_provider.hpp"
#include "localcloud/lambda/cfn_function_provider.hpp"
#include "localcloud/lambda/event_source_mappings.hpp"
#include "localcloud/lambda/event_source_poller.hpp"
#include "localcloud/lambda/lambda_backend.hpp"
#include "localcloud/lambda/lambda_errors.hpp"
#include "localcloud/lambda/lambda_executor.hpp"
#include "localcloud/lambda/lambda_routes.hpp"
#include "localcloud/protocol/base64.hpp"

namespace cdk::localcloud::lambda {

namespace {

/// Lambda over REST-JSON, decoded and encoded by the model-driven codec (aws/protocol) from the Lambda model.
class LambdaService final : public Service {
public:
    explicit LambdaService(CloudContext& cloud)
        : backend_(cloud), mappings_(cloud), poller_(std::make_unique<EventSourcePoller>(cloud)) {}

    [[nodiscard]] std::string_view name() const override { return "lambda"; }
    [[nodiscard]] Protocol protocol() const override { return Protocol::RestJson; }

    Result<ServerResponse> handle(RequestContext& ctx) override {
        auto model = aws::protocol::ServiceModel::get("lambda");
        if (!model) return model.error();
        aws::ClientRequest wire = to_sigv4_request(ctx.http);
        if (!ctx.http.body_file.empty()) wire.body = ctx.http.body_text();
        auto parsed = aws::protocol::parse_request(**model, wire);
        if (!parsed) return parsed.error();
        const LambdaCall call{ctx.caller, ctx.region, ctx.condition_context};
        int status_override = 0;
        auto output = dispatch(call, parsed->operation, parsed->input, status_override);
        if (!output) return output.error();
        const aws::HttpResponse r =
            aws::protocol::serialize_response(**model, parsed->operation, *output, ctx.request_id);
        ServerResponse out;
        out.status = status_override != 0 ? status_override : r.status;
        for (const auto& [k, v] : r.headers)
            out.set_header(k, v);
        out.body = r.body;
        return out;
    }

private:
    Result<Json> dispatch(const LambdaCall& call, const std::string& op, const Json& in, int& status) {
        const std::string fn = in.value("FunctionName", "");
        if (op == "CreateFunction") return backend_.create_function(call, in);
        if (op == "GetFunction" || op == "GetFunctionConfiguration") {
            auto f = backend_.get_function(call, fn, "lambda:" + op);
            if (!f) return f.error();
            if (op == "GetFunctionConfiguration") return (*f)["Configuration"];
            Json out{
                {"Configuration", (*f)["Configuration"]},
                {"Code", {{"RepositoryType", "S3"}, {"Location", "file://" + (*f).value("CodeDir", "")}}},
                {"Tags", (*f).value("Tags", Json::object())}};
            if (f->contains("Concurrency")) out["Concurrency"] = (*f)["Concurrency"];
            return out;
        }
        if (op == "UpdateFunctionCode") {
            Json code = Json::object();
            for (const char* k : {"ZipFile", "S3Bucket", "S3Key", "ImageUri"}) {
                if (in.contains(k)) code[k] = in[k];
            }
            return backend_.update_code(call, fn, code);
        }
        if (op == "UpdateFunctionConfiguration") return backend_.update_configuration(call, fn, in);
        if (op == "DeleteFunction") {
            std::string ref = fn;
            if (in.contains("Qualifier")) ref += ":" + in["Qualifier"].get<std::string>();
            if (auto d = backend_.delete_function(call, ref); !d) return d.error();
            status = 204;
            return Json::object();
        }
        if (op == "ListFunctions") {
            auto all = backend_.list_functions(call);
            if (!all) return all.error();
            return Json{{"Functions", *all}};
        }
        if (op == "AddPermission") {
            auto statement = backend_.add_permission(call, fn, in);
            if (!statement) return statement.error();
            return Json{{"Statement", statement->dump()}};
        }
        if (op == "RemovePermission") {
            if (auto r = backend_.remove_permission(call, fn, in.value("StatementId", "")); !r)
                return r.error();
            return Json::object();
        }
        if (op == "GetPolicy") {
            auto f = backend_.get_function(call, fn, "lambda:GetPolicy");
            if (!f) return f.error();
            if (!f->contains("Policy")) return not_found("The resource you requested does not exist.");
            return Json{{"Policy", (*f)["Policy"].dump()},
                        {"RevisionId", (*f)["Configuration"]["RevisionId"]}};
        }
        if (op == "Invoke") return invoke(call, fn, in);
        if (op == "PutFunctionConcurrency") {
            return backend_.put_concurrency(call, fn, in.value("ReservedConcurrentExecutions", -1LL));
        }
        if (op == "GetFunctionConcurrency") return backend_.get_concurrency(call, fn);
        if (op == "DeleteFunctionConcurrency") {
            if (auto d = backend_.delete_concurrency(call, fn); !d) return d.error();
            status = 204;
            return Json::object();
        }
        if (op == "PutFunctionEventInvokeConfig")
            return backend_.put_event_invoke_config(call, qualified(in), in);
        if (op == "GetFunctionEventInvokeConfig")
            return backend_.get_event_invoke_config(call, qualified(in));
        if (op == "DeleteFunctionEventInvokeConfig") {
            if (auto d = backend_.delete_event_invoke_config(call, qualified(in)); !d) return d.error();
            status = 204;
            return Json::object();
        }
        if (op == "CreateAlias") {
            status = 201;
            return backend_.create_alias(call, fn, in);
        }
        if (op == "GetAlias") return backend_.get_alias(call, fn, in.value("Name", ""));
        if (op == "UpdateAlias") return backend_.update_alias(call, fn, in);
        if (op == "ListAliases") {
            auto all = backend_.list_aliases(call, fn);
            if (!all) return all.error();
            Json aliases = Json::array();
            for (auto& a : *all) {
                if (in.contains("FunctionVersion") && a.value("FunctionVersion", "") != in["FunctionVersion"])
                    continue;
                aliases.push_back(std::move(a));
            }
            return Json{{"Aliases", aliases}};
        }
        if (op == "DeleteAlias") {
            if (auto d = backend_.delete_alias(call, fn, in.value("Name", "")); !d) return d.error();
            status = 204;
            return Json::object();
        }
        if (op == "CreateEventSourceMapping") {
            status = 202;
            return mappings_.create(call, in);
        }
        if (op == "GetEventSourceMapping") return mappings_.get(call, in.value("UUID", ""));
        if (op == "ListEventSourceMappings") return mappings_.list(call, in);
        if (op == "UpdateEventSourceMapping") {
            status = 202;
            return mappings_.update(call, in);
        }
        if (op == "DeleteEventSourceMapping") {
            status = 202;
            return mappings_.remove(call, in.value("UUID", ""));
        }
        if (op == "PublishVersion") {
            status = 201;
            return backend_.publish_version(call, fn, in.value("Description", ""));
        }
        return make_error("UnknownOperationException",
                          "Lambda operation " + op + " is not implemented by localcloud", 400);
    }

    static std::string qualified(const Json& in) {
        std::string ref = in.value("FunctionName", "");
        if (in.contains("Qualifier")) ref += ":" + in["Qualifier"].get<std::string>();
        return ref;
    }

    Result<Json> invoke(const LambdaCall& call, const std::string& fn, const Json& in) {
        const std::string type = in.value("InvocationType", "RequestResponse");
        InvocationType t = InvocationType::RequestResponse;
        if (type == "Event")
            t = InvocationType::Event;
        else if (type == "DryRun")
            t = InvocationType::DryRun;
        else if (type != "RequestResponse") {
            return invalid_parameter(
                "1 validation error detected: Value '" + type +
                "' at 'invocationType' failed to "
                "satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, "
                "DryRun]");
        }
        auto r = backend_.invoke(call, fn, in.value("Qualifier", ""), in.value("Payload", ""), t);
        if (!r) return r.error();
        Json out{{"StatusCode", r->status_code}};
        if (t != InvocationType::RequestResponse) return out;
        out["Payload"] = r->payload;
        out["ExecutedVersion"] = r->executed_version;
        if (!r->function_error.empty()) out["FunctionError"] = r->function_error;
        if (in.value("LogType", "None") == "Tail") out["LogResult"] = base64_encode(r->log_tail);
        return out;
    }

    LambdaBackend backend_;
    EventSourceMappings mappings_;
    /// The event source mappings' poller: stopped (joined) when the service is destroyed.
    std::unique_ptr<EventSourcePoller> poller_;
};

} // namespace

void register_lambda(CloudContext& cloud, ServiceRegistry& services,
                     cloudformation::ProviderRegistry& providers) {
    Executor::of(cloud)->services = &services;
    add_service<LambdaService, CfnFunctionProvider, CfnPermissionProvider, CfnVersionProvider, CfnUrlProvider,
                CfnEventInvokeConfigProvider, CfnAliasProvider, CfnEventSourceMappingProvider>(
        cloud, services, providers);
}

} // namespace cdk::localcloud::lambda
