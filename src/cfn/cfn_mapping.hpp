#pragma once

#include "cfn/cfn_element.hpp"

#include <optional>
#include <string>

namespace cdk {

/// Props of a template mapping.
struct CfnMappingProps {
    /// `{top-level key: {second-level key: value}}`.
    Json mapping = Json::object();
    /// Render the mapping only if `find_in_map` needs it at deploy time (literal look-ups are folded).
    bool lazy = false;
};

/// A template mapping (CDK: CfnMapping).
class CfnMapping : public CfnElement {
public:
    CfnMapping(Construct& scope, std::string_view id, const CfnMappingProps& props = {});

    /// `Fn::FindInMap` on this mapping; throws when literal keys are absent from the mapping.
    [[nodiscard]] std::string find_in_map(const std::string& key1, const std::string& key2,
                                          std::optional<std::string> default_value = std::nullopt);
    void set_value(const std::string& key1, const std::string& key2, Json value);
    [[nodiscard]] Json to_cloudformation() const override;

private:
    Json mapping_;
    bool lazy_;
    bool lazy_render_ = false;
};

} // namespace cdk
