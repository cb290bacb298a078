#pragma once

#include "cfn/cfn_element.hpp"

#include <string>

namespace cdk {

class CfnCondition;

/// Props of a stack output (CDK: CfnOutputProps).
struct CfnOutputProps {
    /// The value (a string, possibly holding tokens, or any Json).
    Json value = Json(Json::value_t::discarded);
    std::string description;
    /// Export name; makes the output importable from other stacks.
    std::string export_name;
    const CfnCondition* condition = nullptr;
};

/// A stack output (CDK: CfnOutput).
class CfnOutput : public CfnElement {
public:
    CfnOutput(Construct& scope, std::string_view id, const CfnOutputProps& props);

    [[nodiscard]] const Json& value() const { return props_.value; }
    [[nodiscard]] const std::string& export_name() const { return props_.export_name; }
    /// `Fn::ImportValue` of the export name; throws if the output has none.
    [[nodiscard]] std::string import_value() const;
    [[nodiscard]] Json to_cloudformation() const override;

private:
    CfnOutputProps props_;
};

} // namespace cdk
