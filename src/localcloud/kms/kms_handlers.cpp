#include "localcloud/kms/kms_routes.hpp"

namespace cdk::localcloud::kms {

void register_kms(CloudContext& /*cloud*/, ServiceRegistry& /*services*/, cloudformation::ProviderRegistry& /*providers*/) {}

} // namespace cdk::localcloud::kms
