#include "cfn/cfn_mapping.hpp"

#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/lazy.hpp"
#include "tokens/token.hpp"

namespace cdk {

CfnMapping::CfnMapping(Construct& scope, std::string_view id, const CfnMappingProps& props)
    : CfnElement(scope, id), mapping_(props.mapping), lazy_(props.lazy) {
    if (!mapping_.is_object()) {
        throw ValidationError("a mapping must be a JSON object of objects", node().path(), mapping_.dump());
    }
}

std::string CfnMapping::find_in_map(const std::string& key1, const std::string& key2,
                                    std::optional<std::string> default_value) {
    bool fully_resolved = false;
    if (!Token::is_unresolved(key1)) {
        if (!mapping_.contains(key1)) {
            if (!default_value) {
                throw ValidationError("mapping doesn't contain top-level key '" + key1 + "'", node().path(),
                                      key1);
            }
        } else if (!Token::is_unresolved(key2)) {
            if (!mapping_[key1].contains(key2) && !default_value) {
                throw ValidationError("mapping doesn't contain second-level key '" + key2 + "'",
                                      node().path(), key2);
            }
            fully_resolved = mapping_[key1].contains(key2);
        }
    }
    if (fully_resolved && lazy_) {
        const Json& v = mapping_[key1][key2];
        return v.is_string() ? v.get<std::string>() : v.dump();
    }
    if (!fully_resolved) {
        lazy_render_ = true;
    }
    const CfnMapping* self = this;
    const std::string map_name = Lazy::uncached_string([self] { return self->logical_id(); });
    return Fn::find_in_map(map_name, key1, key2, std::move(default_value));
}

void CfnMapping::set_value(const std::string& key1, const std::string& key2, Json value) {
    mapping_[key1][key2] = std::move(value);
}

Json CfnMapping::to_cloudformation() const {
    if (lazy_ && !lazy_render_) {
        return Json::object();
    }
    return Json{{"Mappings", {{logical_id(), mapping_}}}};
}

} // namespace cdk
