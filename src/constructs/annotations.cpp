#include "constructs/annotations.hpp"

namespace cdk {

void Annotations::add_info(const std::string& message) {
    scope_->node().add_metadata(kInfo, message);
}
void Annotations::add_warning(const std::string& message) {
    scope_->node().add_metadata(kWarning, message);
}
void Annotations::add_error(const std::string& message) {
    scope_->node().add_metadata(kError, message);
}

} // namespace cdk
