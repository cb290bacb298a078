#include "core/json_reader.hpp"
#include "tests/core/json_text_generator.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>

namespace cdk::json {
namespace {

using OJson = nlohmann::ordered_json;
using testing::same;
using testing::TextGenerator;

/// Parses with parse_ordered and with nlohmann; both must give the same document, keys in the same order.
void expect_like_nlohmann(const std::string& text) {
    auto ours = parse_ordered(text);
    ASSERT_TRUE(ours) << ours.error().message;
    const OJson theirs = OJson::parse(text);
    EXPECT_EQ(*ours, theirs);
    EXPECT_EQ(ours->dump(), theirs.dump()); // == on ordered_json ignores nothing, but dump shows the order
}

/// parse_ordered and nlohmann agree: both fail, or both succeed with the same document.
void expect_agreement(const std::string& text) {
    auto ours = parse_ordered(text);
    const OJson theirs = OJson::parse(text, nullptr, /*allow_exceptions=*/false);
    if (theirs.is_discarded()) {
        ASSERT_FALSE(ours) << "accepted what nlohmann rejects: " << text;
    } else {
        ASSERT_TRUE(ours) << ours.error().message << "\n" << text;
        ASSERT_TRUE(same(*ours, theirs))
            << text << "\nours:   " << ours->dump() << "\ntheirs: " << theirs.dump();
    }
}

/// parse (Json: std::map objects, its own fast path) and nlohmann's Json::parse agree the same way.
void expect_unordered_agreement(const std::string& text) {
    auto ours = parse(text);
    if (text.find('\0') != std::string::npos) { // nlohmann stops at a NUL byte; parse refuses it
        ASSERT_FALSE(ours) << text;
        return;
    }
    const Json theirs = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (theirs.is_discarded()) {
        ASSERT_FALSE(ours) << "accepted what nlohmann rejects: " << text;
    } else {
        ASSERT_TRUE(ours) << ours.error().message << "\n" << text;
        ASSERT_EQ(ours->dump(), theirs.dump()) << text;
    }
}

TEST(JsonReaderTest, RandomDocumentsParseLikeNlohmann) {
    TextGenerator gen(2026);
    for (int i = 0; i < 3000; ++i) {
        const std::string text = gen.text();
        expect_agreement(text);
        expect_unordered_agreement(text);
        if (HasFatalFailure()) FAIL() << "case " << i;
    }
}

TEST(JsonReaderTest, UnorderedParseKeepsTheLastValueOfARepeatedKeyAndItsDepthLimit) {
    EXPECT_EQ(parse(R"({"a":1,"b":2,"a":{"c":3}})").value(), Json::parse(R"({"a":{"c":3},"b":2})"));
    expect_unordered_agreement(R"({"a":1,"b":[1,-0,18446744073709551615,0.5],"a":"x\u00e9"})");
    // The fast path gives up at the caller's depth limit too: nlohmann's parser then reports it.
    EXPECT_EQ(parse("[[1]]", {1, 100}).error().code, "JsonTooDeep");
    EXPECT_TRUE(parse("[[1]]", {2, 100}));
    EXPECT_EQ(parse("{\"a\":{}}", {1, 100}).error().code, "JsonTooDeep");
    EXPECT_TRUE(parse("1", {0, 100}));
    const std::string deep = std::string(300, '[') + std::string(300, ']'); // beyond the fast path's 256
    EXPECT_TRUE(parse(deep));
}

TEST(JsonReaderTest, LongWhitespaceRunsAndStringRunsParseLikeNlohmann) {
    // The whitespace and string scans go 16 bytes at a time: runs of every length around and beyond 16,
    // mixing the four whitespace bytes, and strings with a special byte at every position.
    std::mt19937 rng(7);
    const std::string kWhitespace = " \t\n\r";
    const auto run = [&](std::size_t length) {
        std::string ws;
        for (std::size_t i = 0; i < length; ++i) {
            ws += rng() % 4 == 0 ? kWhitespace[rng() % 4] : ' ';
        }
        return ws;
    };
    TextGenerator gen(11);
    for (int i = 0; i < 500; ++i) {
        std::string text;
        for (const char c : gen.text()) {
            text += c;
            if (c == ',' || c == ':' || c == '[' || c == '{') text += run(rng() % 40);
        }
        expect_agreement(run(rng() % 40) + text + run(rng() % 40));
        if (HasFatalFailure()) FAIL() << "case " << i;
    }
    const std::string kSpecial[] = {"\\\"", "\\\\", "\\n", "\\u0041", "\xc3\xa9", "\x01", "\"x"};
    for (std::size_t length = 0; length < 40; ++length) {
        for (std::size_t at = 0; at <= length; ++at) {
            for (const auto& special : kSpecial) {
                std::string body(length, 'a');
                body.insert(at, special);
                expect_agreement("[\"" + body + "\", \"" + body + body + "\"]");
                if (HasFatalFailure()) FAIL() << "length " << length << " at " << at;
            }
        }
    }
}

TEST(JsonReaderTest, RandomlyDamagedDocumentsFailOrParseLikeNlohmann) {
    TextGenerator gen(99);
    static const char kBytes[] = {'"',    '\\',   ',',    ':',    '{',    '}',    '[',    ']',   '0',
                                  '1',    '-',    '.',    'e',    'u',    'n',    't',    ' ',   '\x00',
                                  '\x1f', '\x80', '\xbf', '\xc3', '\xed', '\xef', '\xf0', '\xff'};
    for (int i = 0; i < 6000; ++i) {
        std::string text = gen.text();
        for (int edits = gen.pick(1, 3); edits > 0 && !text.empty(); --edits) {
            const auto at = static_cast<std::size_t>(gen.pick(0, static_cast<int>(text.size()) - 1));
            switch (gen.pick(0, 2)) {
            case 0: text[at] = kBytes[gen.pick(0, static_cast<int>(sizeof kBytes) - 1)]; break;
            case 1: text.erase(at, 1); break;
            default: text.insert(at, 1, kBytes[gen.pick(0, static_cast<int>(sizeof kBytes) - 1)]); break;
            }
        }
        expect_agreement(text);
        expect_unordered_agreement(text);
        if (HasFatalFailure()) FAIL() << "case " << i;
    }
}

TEST(JsonReaderTest, EdgeCasesParseLikeNlohmann) {
    for (const char* text : {"0",
                             "-0",
                             "-",
                             "01",
                             "1.",
                             ".5",
                             "1e5",
                             "-1E-2",
                             "999999999999999999",
                             "1000000000000000000",
                             "18446744073709551615",
                             "18446744073709551616",
                             "-9223372036854775808",
                             "-9223372036854775809",
                             "[1,]",
                             "[,1]",
                             "{\"a\":1,}",
                             "{\"a\" 1}",
                             "{1:2}",
                             "\"\\ud83d\\ude00\"",
                             "\"\\ud83d\"",
                             "\"\\ude00\"",
                             "\"\\ud83dx\"",
                             "\"\\u00e9\\u0000\"",
                             "\"\\x\"",
                             "\"\xc3\xa9\"",
                             "\"\xc3\"",
                             "\"\xe0\x80\x80\"",
                             "\"\xed\xa0\x80\"",
                             "\"\xf4\x90\x80\x80\"",
                             "\xef\xbb\xbf{}",
                             "\xef\xbb{}",
                             "tru",
                             "nul",
                             "true false",
                             " \t\r\n[ ] ",
                             "[[[[[[]]]]]]",
                             "{\"a\":{\"a\":{}}}",
                             "\"a\nb\"",
                             "",
                             " "}) {
        expect_agreement(text);
        expect_unordered_agreement(text);
    }
    std::string deep(1000, '[');
    deep += std::string(1000, ']');
    expect_agreement(deep); // deeper than the fast path goes: nlohmann's parser takes it
}

TEST(JsonReaderTest, SameDocumentAsNlohmann) {
    expect_like_nlohmann(
        R"({"z":1,"a":[true,false,null,-1,18446744073709551615,0.5,"s\u00e9\n"],"m":{},"e":[]})");
    expect_like_nlohmann(R"("just a string")");
    expect_like_nlohmann("42");
    expect_like_nlohmann(R"([[[{"deep":{"deeper":[{"k":"v"}]}}]]])");
    expect_like_nlohmann(" {\"ws\" :\t[ 1 , 2 ]\n} ");
}

TEST(JsonReaderTest, RepeatedKeysKeepFirstPositionAndLastValue) {
    // What nlohmann::ordered_json::parse does (ordered_map::operator[] finds the first occurrence).
    const std::string small = R"({"a":1,"b":2,"a":{"x":[3]},"c":4,"b":5})";
    expect_like_nlohmann(small);
    auto parsed = parse_ordered(small);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->dump(), R"({"a":{"x":[3]},"b":5,"c":4})");
    // Large objects (the hash-set path), with repeats far apart and nested.
    std::string big = "{";
    for (int i = 0; i < 100; ++i)
        big += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    big += R"("k7":"again","k99":{"inner":1,"inner":2},"k0":[0],"k7":"last"})";
    expect_like_nlohmann(big);
    parsed = parse_ordered(big);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->size(), 100U);
    EXPECT_EQ((*parsed)["k7"], "last");
    EXPECT_EQ((*parsed)["k99"].dump(), R"({"inner":2})");
    EXPECT_EQ(parsed->begin().key(), "k0");
}

TEST(JsonReaderTest, RandomObjectsWithRepeatedKeys) {
    std::mt19937 rng(11);
    for (int round = 0; round < 200; ++round) {
        const int n = std::uniform_int_distribution<int>(0, 40)(rng);
        const int distinct = std::uniform_int_distribution<int>(1, 30)(rng);
        std::string text = "{";
        for (int i = 0; i < n; ++i) {
            if (i > 0) text += ",";
            text += "\"k" + std::to_string(std::uniform_int_distribution<int>(0, distinct)(rng)) + "\":";
            text += (i % 3 == 0) ? "{\"n\":" + std::to_string(i) + "}" : std::to_string(i);
        }
        text += "}";
        expect_like_nlohmann(text);
        if (HasFailure()) FAIL() << text;
    }
}

TEST(JsonReaderTest, ObjectOfTwentyThousandKeys) {
    std::string text = "{";
    for (int i = 0; i < 20000; ++i) {
        if (i > 0) text += ",\n";
        text += "\"/Big/Resource" + std::to_string(19999 - i) +
                "/Resource\":[{\"type\":\"aws:cdk:logicalId\",\"data\":\"R" + std::to_string(i) + "\"}]";
    }
    text += "}";
    auto parsed = parse_ordered(text);
    ASSERT_TRUE(parsed) << parsed.error().message;
    ASSERT_EQ(parsed->size(), 20000U);
    int i = 0;
    for (const auto& [key, value] : parsed->items()) { // file order, not sorted
        ASSERT_EQ(key, "/Big/Resource" + std::to_string(19999 - i) + "/Resource");
        ASSERT_EQ(value[0]["data"], "R" + std::to_string(i));
        ++i;
    }
    // The same members as nlohmann's sorted parse (its ordered parse is quadratic: seconds at this size).
    EXPECT_EQ(Json(*parsed), Json::parse(text));
}

TEST(JsonReaderTest, MalformedTextNamesTheBytePosition) {
    auto r = parse_ordered(R"({"version": "55.0.0", "artifacts": {)");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "JsonMalformed");
    EXPECT_EQ(r.error().message.rfind("at byte 37: ", 0), 0U) << r.error().message;
    EXPECT_NE(r.error().message.find("syntax error"), std::string::npos) << r.error().message;
    auto trailing = parse_ordered("{} x");
    ASSERT_FALSE(trailing);
    EXPECT_EQ(trailing.error().message.rfind("at byte 4: ", 0), 0U) << trailing.error().message;
    EXPECT_FALSE(parse_ordered(""));
    EXPECT_FALSE(parse_ordered(R"({"a":1,})"));
}

// Deep nesting is bounded: an error, never a stack overflow in what later walks the document.
TEST(JsonReaderTest, BoundedParseRefusesDeepLargeAndMalformedText) {
    const std::string deep = std::string(48000, '[') + std::string(48000, ']');
    auto d = parse(deep);
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error().code, "JsonTooDeep");
    auto o = parse_ordered(deep);
    ASSERT_FALSE(o);
    EXPECT_EQ(o.error().code, "JsonTooDeep");
    const std::string at_limit = std::string(kMaxDepth, '[') + std::string(kMaxDepth, ']');
    EXPECT_TRUE(parse(at_limit));
    EXPECT_TRUE(parse_ordered(at_limit));
    const std::string over = "[" + at_limit + "]";
    EXPECT_FALSE(parse(over));
    EXPECT_FALSE(parse_ordered(over));
    EXPECT_EQ(parse("{\"a\":1}", {2, 6}).error().code, "JsonTooLarge");
    EXPECT_EQ(parse("{\"a\":[[1]]}", {2, 100}).error().code, "JsonTooDeep");
    EXPECT_EQ(parse("{\"a\":\"\xFF\"}").error().code, "JsonMalformed");
    EXPECT_EQ(parse("{\"a\":").error().code, "JsonMalformed");
    EXPECT_EQ(parse("").error().code, "JsonMalformed");
    // nlohmann stops at a NUL byte: `"a"\0}[` read as "a" (found by the HTTP fuzz, seed 7).
    EXPECT_EQ(parse(std::string("\"a\"\0}[", 6)).error().code, "JsonMalformed");
    EXPECT_EQ(parse(R"({"a":[1,{"b":null}],"c":1.5})").value(),
              Json::parse(R"({"a":[1,{"b":null}],"c":1.5})"));
}

} // namespace
} // namespace cdk::json
