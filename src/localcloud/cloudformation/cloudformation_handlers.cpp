#include "aws/protocol/codec.hpp"
#include "core/strings.hpp"
#include "localcloud/auth/authenticator.hpp"
#include "localcloud/cloudformation/cloudformation_routes.hpp"
#include "localcloud/cloudformation/stack_engine.hpp"
#include "localcloud/protocol/model_service.hpp"

namespace cdk::localcloud::cloudformation {

namespace {

constexpr std::string_view kXmlns = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

/// CloudFormation over the Query protocol: requests decoded and responses written by the model-driven
/// codec (src/aws/models/cloudformation.json), the work done by the StackEngine.
class CloudFormationService final : public Service {
public:
    CloudFormationService(CloudContext& cloud, ProviderRegistry& providers, ServiceRegistry& services)
        : engine_(cloud, providers, services) {
        engine_.recover();
    }

    [[nodiscard]] std::string_view name() const override { return "cloudformation"; }
    [[nodiscard]] Protocol protocol() const override { return Protocol::Query; }
    [[nodiscard]] std::string_view xmlns() const override { return kXmlns; }

    Result<ServerResponse> handle(RequestContext& ctx) override {
        auto model = aws::protocol::ServiceModel::get("cloudformation");
        if (!model) return model.error();
        aws::ClientRequest wire = to_sigv4_request(ctx.http);
        if (!ctx.http.body_file.empty()) wire.body = ctx.http.body_text();
        auto parsed = aws::protocol::parse_request(**model, wire);
        if (!parsed) return parsed.error();
        // The Query decoder percent-decodes to any bytes; what is stored and rendered must be UTF-8.
        if (!all_strings_utf8(parsed->input)) {
            return make_error("MalformedQueryString", "a parameter does not decode to UTF-8", 400);
        }
        ApiCall call{ctx};
        auto output = engine_.call(parsed->operation, parsed->input, call);
        if (!output) return output.error();
        return encode_response(**model, parsed->operation, *output, ctx.request_id);
    }

private:
    /// Whether every string (and key) in a decoded input is UTF-8. The input's depth is the model's.
    static bool all_strings_utf8(const Json& v) {
        if (v.is_string()) return strings::valid_utf8(v.get_ref<const std::string&>());
        if (v.is_object()) {
            for (const auto& [k, item] : v.items()) {
                if (!strings::valid_utf8(k) || !all_strings_utf8(item)) return false;
            }
        } else if (v.is_array()) {
            for (const auto& item : v) {
                if (!all_strings_utf8(item)) return false;
            }
        }
        return true;
    }

    StackEngine engine_;
};

} // namespace

void register_cloudformation(CloudContext& cloud, ServiceRegistry& services, ProviderRegistry& providers) {
    add_builtin_providers(providers);
    services.add(std::make_unique<CloudFormationService>(cloud, providers, services));
}

} // namespace cdk::localcloud::cloudformation
