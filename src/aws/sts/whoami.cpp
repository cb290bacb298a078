#include "aws/sts/whoami.hpp"

namespace cdk::aws::sts {

Result<WhoAmI> who_am_i(const auth::Session& session) {
    WhoAmI out;
    out.profile = session.profile();
    out.credentials_source = auth::describe_credentials_source(session);
    out.region = session.region();
    out.region_source = session.region_source();
    auto endpoint = session.endpoint_for("sts");
    if (!endpoint) return endpoint.error();
    out.sts_endpoint = endpoint->url;
    out.sts_endpoint_source = endpoint->source;
    auto sts = StsClient::create(session);
    if (!sts) return sts.error();
    auto identity = sts->get_caller_identity();
    if (!identity) {
        Error e = identity.error();
        e.message +=
            " (credentials from " + out.credentials_source + ", STS endpoint " + out.sts_endpoint + ")";
        return e;
    }
    out.identity = *identity;
    return out;
}

} // namespace cdk::aws::sts
