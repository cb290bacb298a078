#include "localcloud/s3/s3_routes.hpp"

namespace cdk::localcloud::s3 {

void register_s3(CloudContext& /*cloud*/, ServiceRegistry& /*services*/, cloudformation::ProviderRegistry& /*providers*/) {}

} // namespace cdk::localcloud::s3
