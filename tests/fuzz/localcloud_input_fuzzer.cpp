// libFuzzer target for localcloud's readers of request bytes: the bounded JSON reader (core json::parse, the
// one every request body, policy and template goes through) and the ordered reader, aws/protocol's XML reader
// (what S3's request bodies go through before the model maps them, parse_xml_payload), and the CloudFormation
// template parser (JSON and YAML: cfn_template::read_template under localcloud's structure checks), and
// aws/sigv4's reader of signed aws-chunked bodies with their trailer. Each must be total: any bytes give a
// value or an error, never a crash, a hang or UB. Build and run with scripts/fuzz-localcloud (clang++
// -fsanitize=fuzzer,address,undefined).
#include "aws/protocol/xml.hpp"
#include "aws/sigv4/verifier.hpp"
#include "core/json_reader.hpp"
#include "localcloud/cloudformation/template.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
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
    aws::sigv4::SignatureInfo info;
    info.date_stamp = "20250101";
    info.amz_date = "20250101T000000Z";
    info.region = "us-east-1";
    info.service = "s3";
    info.signature = std::string(64, '0');
    std::size_t pos = 0;
    const auto read = [&](char* out, std::size_t max) {
        const std::size_t n = std::min(max, text.size() - pos);
        std::memcpy(out, text.data() + pos, n);
        pos += n;
        return n;
    };
    (void)aws::sigv4::verify_chunk_signatures(read, info, "secret", true);
    return 0;
}
