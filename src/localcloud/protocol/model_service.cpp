#include "localcloud/protocol/model_service.hpp"

#include "aws/protocol/codec.hpp"
#include "localcloud/auth/authenticator.hpp"

namespace cdk::localcloud {

Result<HttpResponse> serve_model_request(std::string_view model_name, RequestContext& ctx,
                                         const ModelDispatch& dispatch) {
    auto model = aws::protocol::ServiceModel::get(std::string(model_name));
    if (!model) return model.error();
    aws::HttpRequest wire = to_sigv4_request(ctx.http);
    if (!ctx.http.body_file.empty()) wire.body = ctx.http.body_text();
    auto parsed = aws::protocol::parse_request(**model, wire);
    if (!parsed) return parsed.error();
    auto output = dispatch(parsed->operation, parsed->input);
    if (!output) return output.error();
    const aws::HttpResponse rendered =
        aws::protocol::serialize_response(**model, parsed->operation, *output, ctx.request_id);
    HttpResponse out;
    out.status = rendered.status == 0 ? 200 : rendered.status;
    for (const auto& h : rendered.headers)
        out.set_header(h.name, h.value);
    out.body = rendered.body;
    return out;
}

} // namespace cdk::localcloud
