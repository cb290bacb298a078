// Runs the libFuzzer target of aws_response_fuzzer.cpp inside the normal test suite, without libFuzzer:
// a seeded mutator (bit flips, byte inserts and deletes, truncation, splicing, boundary values) over one
// real message per protocol. It is not coverage-guided (scripts/fuzz-aws is); it keeps every parser
// that reads network bytes honest on every build, and under the debug preset ASan/UBSan watch it.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<std::string> seeds() {
    using namespace std::string_literals;
    return {
        "\x00\x01<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>A</AccessKeyId>"
        "<Expiration>2026-01-02T03:04:05Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>"s,
        "\x02\x01<DescribeStacksResponse><DescribeStacksResult><Stacks><member><StackName>s</StackName>"
        "<StackStatus>CREATE_COMPLETE</StackStatus><Outputs><member><OutputKey>k</OutputKey></member></"
        "Outputs>"
        "</member></Stacks><NextToken>t</NextToken></DescribeStacksResult></DescribeStacksResponse>"s,
        "\x05\x01<ListBucketResult><Contents><Key>a</Key><Size>1</Size></Contents>"
        "<IsTruncated>false</IsTruncated></ListBucketResult>"s,
        "\x09\x01{\"Parameter\":{\"Name\":\"/p\",\"Value\":\"v\",\"LastModifiedDate\":1767323045.5}}"s,
        "\x0b\x02{\"__type\":\"x#ResourceNotFoundException\",\"message\":\"m\"}"s,
        "\x0c\x01{\"Configuration\":{\"FunctionName\":\"f\",\"MemorySize\":128,\"Environment\":{"
        "\"Variables\":"
        "{\"A\":\"b\"}}},\"Code\":{\"Location\":\"http://x\"}}"s,
        "\x06\x03<Error><Code>NoSuchKey</Code><Message>m</Message><RequestId>r</RequestId></Error>"s,
        "\x01\x02AWS4-HMAC-SHA256 Credential=AKID/20260102/us-east-1/sts/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=abcdef\n&Action=GetCallerIdentity"s,
    };
}

/// One mutation of `input`, chosen by `rng`; `other` is another seed for splicing.
std::string mutate(std::string input, const std::string& other, std::mt19937_64& rng) {
    auto pick = [&](std::size_t n) { return n == 0 ? std::size_t{0} : static_cast<std::size_t>(rng() % n); };
    static const std::string kInteresting[] = {"<",
                                               ">",
                                               "</",
                                               "&",
                                               "&#",
                                               "&amp;",
                                               "\"",
                                               "{",
                                               "}",
                                               "[",
                                               "]",
                                               ":",
                                               "\\u",
                                               "\\",
                                               "\xff",
                                               std::string(1, '\0'),
                                               "9999999999999999999",
                                               "-1",
                                               "1e999",
                                               "NaN",
                                               "=",
                                               "%",
                                               "%zz",
                                               "\n",
                                               "T",
                                               "Z"};
    switch (rng() % 7) {
    case 0: // flip a bit
        if (!input.empty()) input[pick(input.size())] ^= static_cast<char>(1u << (rng() % 8));
        break;
    case 1: // insert a random byte
        input.insert(pick(input.size() + 1), 1, static_cast<char>(rng() & 0xff));
        break;
    case 2: // delete a range
        if (!input.empty()) {
            const auto at = pick(input.size());
            input.erase(at, 1 + pick(16));
        }
        break;
    case 3: // truncate
        input.resize(pick(input.size() + 1));
        break;
    case 4: // splice with another seed
        input = input.substr(0, pick(input.size() + 1)) + other.substr(pick(other.size() + 1));
        break;
    case 5: // insert a token parsers treat specially
        input.insert(pick(input.size() + 1), kInteresting[pick(std::size(kInteresting))]);
        break;
    default: // duplicate a slice (deep nesting, repeated members)
        if (!input.empty()) {
            const auto at = pick(input.size());
            const auto slice = input.substr(at, 1 + pick(64));
            input.insert(at, slice);
        }
        break;
    }
    return input;
}

TEST(AwsResponseFuzz, SeedsParse) {
    for (const auto& seed : seeds()) {
        EXPECT_EQ(LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(seed.data()), seed.size()), 0);
    }
}

TEST(AwsResponseFuzz, SurvivesTwentyThousandMutatedInputs) {
    const auto corpus = seeds();
    std::mt19937_64 rng(20261126); // fixed: a failure reproduces
    for (int i = 0; i < 20000; ++i) {
        std::string input = corpus[rng() % corpus.size()];
        const int rounds = 1 + static_cast<int>(rng() % 8);
        for (int r = 0; r < rounds; ++r)
            input = mutate(std::move(input), corpus[rng() % corpus.size()], rng);
        ASSERT_EQ(LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size()), 0)
            << "iteration " << i;
    }
}

} // namespace
