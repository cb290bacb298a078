// libFuzzer target for localcloud's readers of request bytes: the bounded JSON reader (core json::parse, the
// one every request body, policy and template goes through) and the ordered reader, the S3 request-body XML
// helpers (xml_find_all / xml_unescape), aws/protocol's XML reader, and the CloudFormation template parser
// (JSON and YAML). Each must be total: any bytes give a value or an error, never a crash, a hang or UB.
// Build and run with scripts/fuzz-localcloud (clang++ -fsanitize=fuzzer,address,undefined).
#include "aws/protocol/xml.hpp"
#include "core/json_reader.hpp"
#include "localcloud/cloudformation/template.hpp"
#include "localcloud/protocol/xml_writer.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace cdk;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto doc = json::parse(text)) {
        (void)doc->dump(); // what the services do with a parsed document: it must not overflow the stack
    }
    if (auto ordered = json::parse_ordered(text)) (void)ordered->dump();
    for (const auto& object : localcloud::xml_find_all(text, "Object")) {
        (void)localcloud::xml_unescape(localcloud::xml_find(object, "Key"));
    }
    (void)aws::protocol::parse_xml(text);
    if (auto tmpl = localcloud::cloudformation::parse_template(text)) (void)tmpl->dump();
    return 0;
}
