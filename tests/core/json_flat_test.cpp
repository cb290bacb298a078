#include "core/json_flat.hpp"
#include "core/json_reader.hpp"
#include "tests/core/json_text_generator.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cdk::json {
namespace {

using OJson = nlohmann::ordered_json;
using testing::same;
using testing::TextGenerator;

/// What FlatDocument accepts, parse_ordered accepts, with the same value (types and key order included);
/// returns whether it accepted.
bool expect_flat_like_ordered(const std::string& text) {
    FlatDocument doc;
    if (!doc.parse(text)) return false;
    auto ordered = parse_ordered(text);
    EXPECT_TRUE(ordered) << "flat accepted what parse_ordered rejects: " << text;
    if (!ordered) return true;
    const OJson flat = doc.to_ordered_json(FlatDocument::kRoot);
    EXPECT_TRUE(same(flat, *ordered))
        << text << "\nflat:    " << flat.dump() << "\nordered: " << ordered->dump();
    EXPECT_EQ(doc.to_json(FlatDocument::kRoot), Json(*ordered)) << text;
    return true;
}

TEST(JsonFlatTest, RandomDocumentsReadLikeParseOrdered) {
    TextGenerator gen(2027);
    int accepted = 0;
    for (int i = 0; i < 3000; ++i) {
        accepted += expect_flat_like_ordered(gen.text()) ? 1 : 0;
        if (HasFailure()) FAIL() << "case " << i;
    }
    EXPECT_GT(accepted, 1000); // the subset is most documents
}

TEST(JsonFlatTest, RandomlyDamagedDocumentsAreRefusedOrReadLikeParseOrdered) {
    TextGenerator gen(98);
    static const char kBytes[] = {'"', '\\',   ',',    ':',    '{',    '}',    '[',   ']',
                                  '0', '1',    '-',    '.',    'e',    'u',    'n',   't',
                                  ' ', '\x00', '\x1f', '\x80', '\xc3', '\xed', '\xff'};
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
        expect_flat_like_ordered(text);
        if (HasFailure()) FAIL() << "case " << i;
    }
}

TEST(JsonFlatTest, RefusesWhatItLeavesToParseOrdered) {
    for (const char* text :
         {"1.5", "1e5", "1000000000000000000", "{\"a\":1,\"a\":2}", "{\"a\":1,\"b\":{\"c\":[],\"c\":0}}",
          "\xef\xbb\xbf{}", "", "[1,]", "{\"a\" 1}", "\"\\ud83d\"", "\"\xc3\"", "01", "-", "nul", "[] []"}) {
        FlatDocument doc;
        EXPECT_FALSE(doc.parse(text)) << text;
    }
    std::string deep(300, '[');
    deep += std::string(300, ']');
    FlatDocument doc;
    EXPECT_FALSE(doc.parse(deep));
    // A repeated key among many (the hash-set check).
    std::string many = "{";
    for (int i = 0; i < 40; ++i)
        many += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    EXPECT_TRUE(doc.parse(many + "\"last\":0}"));
    EXPECT_FALSE(doc.parse(many + "\"k17\":0}"));
}

TEST(JsonFlatTest, NodesViewTheTextAndDecodeEscapes) {
    const std::string text =
        R"({"plain": "abc", "esc\"aped": "a\nb\u00e9", "n": -3, "u": 7, "l": [true, null]})";
    FlatDocument doc;
    ASSERT_TRUE(doc.parse(text));
    const auto plain = doc.find(FlatDocument::kRoot, "plain");
    ASSERT_NE(plain, 0u);
    EXPECT_EQ(doc.node(plain).string, "abc");
    EXPECT_GE(doc.node(plain).string.data(), text.data()); // a view into the text, not a copy
    EXPECT_LT(doc.node(plain).string.data(), text.data() + text.size());
    const auto escaped = doc.find(FlatDocument::kRoot, "esc\"aped");
    ASSERT_NE(escaped, 0u);
    EXPECT_EQ(doc.node(escaped).string, "a\nb\xc3\xa9");
    EXPECT_EQ(doc.integer(doc.find(FlatDocument::kRoot, "n")), -3);
    EXPECT_EQ(doc.node(doc.find(FlatDocument::kRoot, "n")).kind, FlatDocument::Kind::Integer);
    EXPECT_EQ(doc.node(doc.find(FlatDocument::kRoot, "u")).kind, FlatDocument::Kind::Unsigned);
    const auto list = doc.find(FlatDocument::kRoot, "l");
    EXPECT_EQ(doc.node(list).count, 2u);
    EXPECT_STREQ(doc.type_name(list), "array");
    EXPECT_STREQ(doc.type_name(list + 1), "boolean");
    EXPECT_STREQ(doc.type_name(list + 2), "null");
    EXPECT_EQ(doc.find(FlatDocument::kRoot, "missing"), 0u);
    EXPECT_EQ(doc.find(list, "plain"), 0u); // not an object
    EXPECT_EQ(doc.node(FlatDocument::kRoot).count, 5u);
    EXPECT_EQ(doc.node(FlatDocument::kRoot).next, doc.node(list).next);
}

} // namespace
} // namespace cdk::json
