#include "apps/cli/views/whoami.hpp"

#include "core/json.hpp"

namespace cdk::cli {

void render_whoami(std::ostream& out, const aws::sts::WhoAmI& who, bool json) {
    if (json) {
        const Json j{{"account", who.identity.account},
                     {"arn", who.identity.arn},
                     {"userId", who.identity.user_id},
                     {"profile", who.profile},
                     {"credentials", who.credentials_source},
                     {"region", who.region},
                     {"regionSource", who.region_source},
                     {"stsEndpoint", who.sts_endpoint},
                     {"stsEndpointSource", who.sts_endpoint_source}};
        out << j.dump(2) << "\n";
        return;
    }
    out << "account:     " << who.identity.account << "\n"
        << "arn:         " << who.identity.arn << "\n"
        << "user id:     " << who.identity.user_id << "\n"
        << "credentials: " << who.credentials_source << "\n"
        << "region:      " << who.region << " (from " << who.region_source << ")\n"
        << "sts:         " << who.sts_endpoint << " (" << who.sts_endpoint_source << ")\n";
}

} // namespace cdk::cli
