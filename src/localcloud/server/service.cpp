#include "localcloud/server/service.hpp"

namespace cdk::localcloud {

void ServiceRegistry::add(std::unique_ptr<Service> service) {
    services_.push_back(std::move(service));
}

Service* ServiceRegistry::find(std::string_view name) const {
    for (const auto& s : services_) {
        if (s->name() == name) return s.get();
    }
    return nullptr;
}

std::vector<std::string> ServiceRegistry::names() const {
    std::vector<std::string> out;
    for (const auto& s : services_)
        out.emplace_back(s->name());
    return out;
}

} // namespace cdk::localcloud
