#include "tokens/arn.hpp"

#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/token.hpp"

#include <vector>

namespace cdk {

namespace {

std::vector<std::string> split_colons(const std::string& arn) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t pos = arn.find(':'); pos != std::string::npos; pos = arn.find(':', start)) {
        parts.push_back(arn.substr(start, pos - start));
        start = pos + 1;
    }
    parts.push_back(arn.substr(start));
    return parts;
}

ArnComponents split_token(const std::string& arn, ArnFormat format) {
    const std::vector<std::string> parts = Fn::split(":", arn);
    ArnComponents c;
    c.partition = Fn::select(1, parts);
    c.service = Fn::select(2, parts);
    c.region = Fn::select(3, parts);
    c.account = Fn::select(4, parts);
    c.arn_format = format;
    if (format == ArnFormat::NoResourceName || format == ArnFormat::ColonResourceName) {
        c.resource = Fn::select(5, parts);
        if (format == ArnFormat::ColonResourceName) {
            c.resource_name = Fn::select(6, parts);
            c.sep = ":";
        }
        return c;
    }
    const std::vector<std::string> last = Fn::split("/", Fn::select(5, parts));
    const bool leading_slash = format == ArnFormat::SlashResourceSlashResourceName;
    c.resource = Fn::select(leading_slash ? 1 : 0, last);
    c.resource_name = Fn::select(leading_slash ? 2 : 1, last);
    c.sep = "/";
    return c;
}

} // namespace

ArnComponents Arn::split(const std::string& arn, ArnFormat format) {
    if (arn.rfind("arn:", 0) != 0) {
        if (Token::is_unresolved(arn)) return split_token(arn, format);
        throw ValidationError("ARNs must start with \"arn:\" and have at least 6 components: " + arn, {},
                              arn);
    }
    const std::vector<std::string> parts = split_colons(arn);
    if (parts.size() < 2 || parts[1].empty()) {
        throw ValidationError("The `partition` component (2nd component) of an ARN is required: " + arn, {},
                              arn);
    }
    if (parts.size() < 3 || parts[2].empty()) {
        throw ValidationError("The `service` component (3rd component) of an ARN is required: " + arn, {},
                              arn);
    }
    if (parts.size() < 6 || parts[5].empty()) {
        throw ValidationError("The `resource` component (6th component) of an ARN is required: " + arn, {},
                              arn);
    }
    ArnComponents c;
    c.partition = parts[1];
    c.service = parts[2];
    c.region = parts[3];
    c.account = parts[4];
    const std::string& resource_part = parts[5];
    const std::vector<std::string> rest(parts.begin() + 6, parts.end());
    std::size_t start = 0;
    std::size_t slash = resource_part.find('/');
    if (slash == 0) {
        slash = resource_part.find('/', 1);
        start = 1;
        c.arn_format = ArnFormat::SlashResourceSlashResourceName;
    }
    if (slash != std::string::npos) {
        if (format == ArnFormat::NoResourceName) {
            slash = std::string::npos;
            c.arn_format = ArnFormat::NoResourceName;
        } else {
            c.sep = "/";
            c.arn_format =
                start == 0 ? ArnFormat::SlashResourceName : ArnFormat::SlashResourceSlashResourceName;
        }
    } else if (!rest.empty()) {
        c.sep = ":";
        c.arn_format = ArnFormat::ColonResourceName;
    } else {
        c.arn_format = ArnFormat::NoResourceName;
    }
    if (slash != std::string::npos) {
        c.resource = resource_part.substr(start, slash - start);
        c.resource_name = resource_part.substr(slash + 1);
    } else {
        c.resource = resource_part;
    }
    if (!rest.empty()) {
        std::string name =
            c.resource_name && !c.resource_name->empty() ? *c.resource_name + ":" : std::string{};
        for (std::size_t i = 0; i < rest.size(); ++i)
            name += (i == 0 ? "" : ":") + rest[i];
        c.resource_name = name;
    }
    return c;
}

std::string Arn::extract_resource_name(const std::string& arn, const std::string& resource_type) {
    if (arn.rfind("arn:", 0) != 0 && Token::is_unresolved(arn)) {
        return Fn::select(1, Fn::split(":" + resource_type + "/", arn));
    }
    const ArnComponents c = split(arn, ArnFormat::SlashResourceName);
    if (!Token::is_unresolved(c.resource) && c.resource != resource_type) {
        throw ValidationError("Expected resource type '" + resource_type + "' in ARN, got '" + c.resource +
                                  "' in '" + arn + "'",
                              {}, arn);
    }
    if (!c.resource_name || c.resource_name->empty()) {
        throw ValidationError("Expected resource name in ARN, didn't find one: '" + arn + "'", {}, arn);
    }
    return *c.resource_name;
}

} // namespace cdk
