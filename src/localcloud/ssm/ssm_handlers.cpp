#include "localcloud/ssm/ssm_routes.hpp"

namespace cdk::localcloud::ssm {

void register_ssm(CloudContext& /*cloud*/, ServiceRegistry& /*services*/, cloudformation::ProviderRegistry& /*providers*/) {}

} // namespace cdk::localcloud::ssm
