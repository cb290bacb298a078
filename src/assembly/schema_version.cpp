#include "assembly/schema_version.hpp"

#include <charconv>

namespace cdk::assembly {

Result<int> parse_major_version(std::string_view version) {
    const auto dot = version.find('.');
    const std::string_view major = version.substr(0, dot);
    int value = 0;
    const auto [end, ec] = std::from_chars(major.data(), major.data() + major.size(), value);
    if (major.empty() || ec != std::errc{} || end != major.data() + major.size() || value < 0) {
        return make_error("AssemblyVersionInvalid",
                          "'" + std::string(version) + "' is not a schema version (expected e.g. '55.0.0')");
    }
    return value;
}

Result<void> check_readable_version(std::string_view version, std::string_view where) {
    auto major = parse_major_version(version);
    if (!major) {
        return make_error("AssemblyVersionInvalid", std::string(where) + ": " + major.error().message);
    }
    if (*major > kMaxSupportedMajor) {
        return make_error("AssemblyVersionUnsupported",
                          std::string(where) + ": cloud assembly schema version " + std::string(version) +
                              " is newer than this cdkpp reads (up to " + std::to_string(kMaxSupportedMajor) +
                              ".x.x); upgrade cdkpp or synthesize with an older construct library");
    }
    return ok();
}

} // namespace cdk::assembly
