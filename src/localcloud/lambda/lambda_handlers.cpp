#include "aws/protocol/codec.hpp"
#include "localcloud/auth/authenticator.hpp"
#include "localcloud/lambda/cfn_function_provider.hpp"
#include "localcloud/lambda/lambda_backend.hpp"
#include "localcloud/lambda/lambda_errors.hpp"
#include "localcloud/lambda/lambda_routes.hpp"
#include "localcloud/protocol/base64.hpp"

#include <thread>

namespace cdk::localcloud::lambda {

namespace {

/// Lambda over REST-JSON, decoded and encoded by the model-driven codec (aws/protocol) from the Lambda model.
class LambdaService final : public Service {
public:
    explicit LambdaService(CloudContext& cloud) : backend_(cloud) {}

    [[nodiscard]] std::string_view name() const override { return "lambda"; }
    [[nodiscard]] Protocol protocol() const override { return Protocol::RestJson; }

    Result<HttpResponse> handle(RequestContext& ctx) override {
        auto model = aws::protocol::ServiceModel::get("lambda");
        if (!model) return model.error();
        aws::HttpRequest wire = to_sigv4_request(ctx.http);
        if (!ctx.http.body_file.empty()) wire.body = ctx.http.body_text();
        auto parsed = aws::protocol::parse_request(**model, wire);
        if (!parsed) return parsed.error();
        const LambdaCall call{ctx.caller, ctx.region, ctx.condition_context};
        int status_override = 0;
        auto output = dispatch(call, parsed->operation, parsed->input, status_override);
        if (!output) return output.error();
        const aws::HttpResponse r = aws::protocol::serialize_response(**model, parsed->operation, *output, ctx.request_id);
        HttpResponse out;
        out.status = status_override != 0 ? status_override : r.status;
        for (const auto& [k, v] : r.headers) out.set_header(k, v);
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
            return Json{{"Configuration", (*f)["Configuration"]},
                        {"Code", {{"RepositoryType", "S3"},
                                  {"Location", "file://" + (*f).value("CodeDir", "")}}},
                        {"Tags", (*f).value("Tags", Json::object())}};
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
            if (auto r = backend_.remove_permission(call, fn, in.value("StatementId", "")); !r) return r.error();
            return Json::object();
        }
        if (op == "GetPolicy") {
            auto f = backend_.get_function(call, fn, "lambda:GetPolicy");
            if (!f) return f.error();
            if (!f->contains("Policy")) return not_found("The resource you requested does not exist.");
            return Json{{"Policy", (*f)["Policy"].dump()}, {"RevisionId", (*f)["Configuration"]["RevisionId"]}};
        }
        if (op == "Invoke") return invoke(call, fn, in);
        return make_error("UnknownOperationException", "Lambda operation " + op + " is not implemented by localcloud",
                          400);
    }

    Result<Json> invoke(const LambdaCall& call, const std::string& fn, const Json& in) {
        const std::string type = in.value("InvocationType", "RequestResponse");
        const std::string qualifier = in.value("Qualifier", "");
        const std::string payload = in.value("Payload", "");
        if (type == "DryRun" || type == "Event") {
            auto f = backend_.get_function(call, fn, "lambda:InvokeFunction");
            if (!f) return f.error();
            if (type == "Event") {
                // Asynchronous: accepted now, run on its own thread (its result is discarded, as with no destination).
                std::thread([backend = &backend_, call, fn, qualifier, payload] {
                    // The top of a thread: an exception escaping would terminate the server. Its result is
                    // discarded either way.
                    try {
                        (void)backend->invoke(call, fn, qualifier, payload);
                    } catch (const std::exception&) {
                    }
                }).detach();
            }
            return Json{{"StatusCode", type == "Event" ? 202 : 204}};
        }
        auto r = backend_.invoke(call, fn, qualifier, payload);
        if (!r) return r.error();
        Json out{{"StatusCode", 200}, {"Payload", r->payload}, {"ExecutedVersion", r->executed_version}};
        if (!r->function_error.empty()) out["FunctionError"] = r->function_error;
        if (in.value("LogType", "None") == "Tail") out["LogResult"] = base64_encode(r->log_tail);
        return out;
    }

    LambdaBackend backend_;
};

} // namespace

void register_lambda(CloudContext& cloud, ServiceRegistry& services, cloudformation::ProviderRegistry& providers) {
    services.add(std::make_unique<LambdaService>(cloud));
    providers.add(std::make_unique<CfnFunctionProvider>(cloud));
    providers.add(std::make_unique<CfnPermissionProvider>(cloud));
    providers.add(std::make_unique<CfnVersionProvider>(cloud));
    providers.add(std::make_unique<CfnUrlProvider>(cloud));
}

} // namespace cdk::localcloud::lambda
