// Runs the libFuzzer target of localcloud_input_fuzzer.cpp inside the normal test suite, without libFuzzer:
// seeded mutations (the mutator of aws_response_fuzz_test, plus deep nesting) of one real input per reader.
// Not coverage-guided (scripts/fuzz-localcloud is); it keeps the readers total on every build.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<std::string> seeds() {
    return {
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:*",)"
        R"("Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":["1"]}}}]})",
        R"({"Resources":{"P":{"Type":"AWS::SSM::Parameter","Properties":{"Value":{"Fn::Join":["-",["a","b"]]}}}}})",
        "Resources:\n  P:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Value: !Sub "
        "'${AWS::Region}'\n"
        "      Tags: [!Ref A, !GetAtt B.Arn, {K: ~}, True, 0x1F, -1]\n",
        "Resources:\n  P:\n    Type: !!str X::Y\n    Properties:\n      A: !If [C, !GetAtt [B, Arn], !Sub "
        "['${x}', "
        "{x: 1:30}]]\n      N: [1e3, .5, 08, 0b1, yes, Off, NULL, 2010-09-09, !!int '7', !!float 1]\n      "
        "R: &a x\n"
        "      S: *a\n",
        "<Delete><Quiet>true</Quiet><Object><Key>a&amp;b&#65;&#x1F600;</Key></Object><Object><Key>c</Key>"
        "</Object></Delete>",
        "<?xml "
        "version=\"1.0\"?><Tagging><TagSet><Tag><Key>k</Key><Value><![CDATA[v<]]></Value></Tag></TagSet>"
        "</Tagging>",
        "4;chunk-signature=" + std::string(64, '0') +
            "\r\nbody\r\n0;chunk-signature=" + std::string(64, '0') +
            "\r\nx-amz-checksum-crc32:AAAAAA==\r\nx-amz-trailer-signature:" + std::string(64, '0') +
            "\r\n\r\n",
    };
}

std::string mutate(std::string input, const std::string& other, std::mt19937_64& rng) {
    auto pick = [&](std::size_t n) { return n == 0 ? std::size_t{0} : static_cast<std::size_t>(rng() % n); };
    static const std::string kInteresting[] = {"<",
                                               ">",
                                               "</",
                                               "&",
                                               "&#",
                                               "&#zz;",
                                               "&#xD800;",
                                               "\"",
                                               "{",
                                               "}",
                                               "[",
                                               "]",
                                               ":",
                                               "\\u",
                                               "\\ud800",
                                               "\xff",
                                               "\xc0\x80",
                                               std::string(1, '\0'),
                                               "9999999999999999999",
                                               "-1",
                                               "1e999",
                                               "!Ref ",
                                               "- ",
                                               "\n  ",
                                               "*a",
                                               "&a ",
                                               "? ",
                                               "|",
                                               ">-",
                                               "'",
                                               "~",
                                               "<![CDATA["};
    switch (rng() % 8) {
    case 0:
        if (!input.empty()) input[pick(input.size())] ^= static_cast<char>(1u << (rng() % 8));
        break;
    case 1: input.insert(pick(input.size() + 1), 1, static_cast<char>(rng() & 0xff)); break;
    case 2:
        if (!input.empty()) {
            const std::size_t at = pick(input.size());
            input.erase(at, 1 + pick(std::min<std::size_t>(16, input.size() - at)));
        }
        break;
    case 3: input.resize(pick(input.size() + 1)); break;
    case 4: input.insert(pick(input.size() + 1), kInteresting[pick(std::size(kInteresting))]); break;
    case 5: input = input.substr(0, pick(input.size() + 1)) + other.substr(pick(other.size() + 1)); break;
    case 6: { // deep nesting: the stack-overflow class of issue 21
        static const char* kOpen[] = {"[", "{\"a\":", "<a>", "- ", "["};
        const std::size_t depth = std::size_t{1} << (4 + rng() % 12); // 16 .. 32768
        std::string open;
        for (std::size_t i = 0; i < depth; ++i)
            open += kOpen[rng() % std::size(kOpen)];
        input.insert(pick(input.size() + 1), open);
        break;
    }
    default: {
        const std::size_t at = pick(input.size());
        const std::string piece = input.substr(at, 1 + pick(32));
        input.insert(pick(input.size() + 1), piece);
        break;
    }
    }
    return input;
}

TEST(LocalcloudInputFuzzTest, SeededMutationsOfEveryReaderAreTotal) {
    const auto corpus = seeds();
    std::mt19937_64 rng(21);
    for (const auto& seed : corpus) {
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(seed.data()), seed.size());
    }
    for (int i = 0; i < 4000; ++i) {
        std::string input = corpus[rng() % corpus.size()];
        const int rounds = 1 + static_cast<int>(rng() % 4);
        for (int r = 0; r < rounds; ++r)
            input = mutate(std::move(input), corpus[rng() % corpus.size()], rng);
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
    }
    SUCCEED();
}

} // namespace
