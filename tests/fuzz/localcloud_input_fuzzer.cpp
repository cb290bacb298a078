// libFuzzer target for localcloud's readers of request bytes: the bounded JSON reader (core json::parse, the
// one every request body, policy and template goes through) and the ordered reader, aws/protocol's XML reader (what
// S3's request bodies go through before the model maps them, parse_xml_payload), and the CloudFormation template parser
// (JSON and YAML). Each must be total: any bytes give a value or an error, never a crash, a hang or UB.
// Build and run with scripts/fuzz-localcloud (clang++ -fsanitize=fuzzer,address,undefined).
#include "aws/protocol/xml.hpp"
#include "core/json_reader.hpp"
#include "localcloud/cloudformation/template.hpp"

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
    (void)aws::protocol::parse_xml(text);
    if (auto tmpl = localcloud::cloudformation::parse_template(text)) (void)tmpl->dump();
    return 0;
}
