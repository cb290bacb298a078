#include "pipelines/confirm_permissions_broadening.hpp"

#include "tokens/errors.hpp"

namespace cdk::pipelines {

ConfirmPermissionsBroadening::ConfirmPermissionsBroadening(std::string id,
                                                           PermissionsBroadeningCheckProps props)
    : Step(std::move(id)), props_(props) {
    if (props_.stage == nullptr) {
        throw ValidationError("ConfirmPermissionsBroadening '" + this->id() +
                              "' needs the stage whose permissions it checks (props.stage)");
    }
}

} // namespace cdk::pipelines
