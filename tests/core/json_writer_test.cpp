#include "core/json_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

namespace cdk::json {
namespace {

using OJson = nlohmann::ordered_json;

template <typename J> std::string reference(const J& value, int indent) {
    return value.dump(indent, ' ', false, J::error_handler_t::replace);
}

constexpr int kIndents[] = {-1, 0, 1, 2, 4};

template <typename J> void expect_same(const J& value) {
    for (const int indent : kIndents) {
        ASSERT_EQ(dump(value, indent), reference(value, indent)) << "indent " << indent;
    }
}

/// Builds random documents that exercise every branch of nlohmann's serializer.
class Generator {
public:
    explicit Generator(std::uint32_t seed) : rng_(seed) {}

    std::string string() {
        static const std::vector<std::string> kPieces = {"abc",
                                                         "Ref",
                                                         " ",
                                                         "\"",
                                                         "\\",
                                                         "/",
                                                         "\n",
                                                         "\t",
                                                         "\r",
                                                         "\b",
                                                         "\f",
                                                         std::string(1, '\0'),
                                                         "\x01",
                                                         "\x1f",
                                                         "\x7f",
                                                         "é",
                                                         "日本",
                                                         "😀",
                                                         "\xc3",
                                                         "\xff",
                                                         "\xe6\x97",
                                                         "\xed\xa0\x80",
                                                         "\xf4\x90\x80\x80",
                                                         "\xc0\xaf",
                                                         "\x80",
                                                         "${Token[TOKEN.123]}",
                                                         "arn:aws:s3:::bucket/*",
                                                         "{}",
                                                         "[]",
                                                         ":",
                                                         ","};
        std::string s;
        const int pieces = pick(0, 6);
        for (int i = 0; i < pieces; ++i) {
            if (pick(0, 3) == 0) {
                s += kPieces[static_cast<std::size_t>(pick(0, static_cast<int>(kPieces.size()) - 1))];
            } else {
                s += static_cast<char>(pick(0, 255)); // any byte
            }
        }
        return s;
    }

    template <typename J> J value(int depth) {
        const int kind = pick(0, depth > 4 ? 8 : 11);
        switch (kind) {
        case 0: return nullptr;
        case 1: return pick(0, 1) == 1;
        case 2: return static_cast<std::int64_t>(pick(-1000, 1000));
        case 3: return std::numeric_limits<std::int64_t>::min() + pick(0, 3);
        case 4: return std::numeric_limits<std::uint64_t>::max() - static_cast<std::uint64_t>(pick(0, 3));
        case 5: return real();
        case 6:
        case 7:
        case 8: return string();
        case 9: {
            J arr = J::array();
            const int n = pick(0, 5);
            for (int i = 0; i < n; ++i)
                arr.push_back(value<J>(depth + 1));
            return arr;
        }
        default: {
            J obj = J::object();
            const int n = pick(0, 5);
            for (int i = 0; i < n; ++i)
                obj[string()] = value<J>(depth + 1);
            return obj;
        }
        }
    }

private:
    double real() {
        static const double kSpecial[] = {
            0.0,   -0.0,   0.1,    1e21,    1e-7,  -1.5,         123456789.125,
            1e300, 5e-324, 2.5e15, 1.0 / 3, 100.0, std::nan(""), std::numeric_limits<double>::infinity()};
        if (pick(0, 1) == 0) return kSpecial[pick(0, static_cast<int>(std::size(kSpecial)) - 1)];
        std::uniform_real_distribution<double> d(-1e6, 1e6);
        return d(rng_);
    }

    int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

    std::mt19937 rng_;
};

TEST(JsonWriterTest, RandomDocumentsMatchNlohmannByteForByte) {
    Generator gen(20261126);
    for (int i = 0; i < 3000; ++i) {
        const auto doc = gen.value<Json>(0);
        expect_same(doc);
        if (HasFatalFailure()) FAIL() << "case " << i;
    }
}

TEST(JsonWriterTest, RandomOrderedDocumentsMatchNlohmannByteForByte) {
    Generator gen(7);
    for (int i = 0; i < 3000; ++i) {
        const auto doc = gen.value<OJson>(0);
        expect_same(doc);
        if (HasFatalFailure()) FAIL() << "case " << i;
    }
}

TEST(JsonWriterTest, HandPickedCases) {
    expect_same(Json::object());
    expect_same(Json::array());
    expect_same(Json(nullptr));
    expect_same(Json("plain"));
    expect_same(Json(""));
    expect_same(Json::parse(R"({"b":{"x":[1,{},[],[[]]]},"a":true,"c":null,"d":-0.0,"e":1e21})"));
    expect_same(
        OJson::parse(R"({"z":1,"a":{"y":"line\nbreak","x":"tab\there"},"m":[0.1,18446744073709551615]})"));
    expect_same(Json(std::string("bad \xff utf8 \xc3")));
    expect_same(Json{{std::string("key \xe2\x82"), std::string("\xe2\x82\xac ok")}});
    expect_same(Json::binary({1, 2, 3}));
    EXPECT_EQ(dump(Json{{"a", 1}}, 2), "{\n  \"a\": 1\n}");
    EXPECT_EQ(dump(OJson{{"b", "\x01"}, {"a", 2U}}), "{\"b\":\"\\u0001\",\"a\":2}");
}

TEST(JsonWriterTest, DumpToAppends) {
    std::string out = "x=";
    dump_to(out, Json{1, 2}, -1);
    EXPECT_EQ(out, "x=[1,2]");
    dump_to(out, OJson("\xc3\xa9"), -1); // non-ASCII goes through nlohmann's serializer into the same string
    EXPECT_EQ(out, "x=[1,2]\"\xc3\xa9\"");
}

TEST(JsonWriterTest, AppendStringQuotesAsDumpDoes) {
    for (const std::string& s : {std::string(), std::string("plain"), std::string("q\"b\\c\n\t\x01\x1f\x7f/"),
                                 std::string("caf\xc3\xa9 \xf0\x9f\x9a\x80"),
                                 std::string("bad \xff\xfe \xc3"), std::string("nul \0 inside", 13)}) {
        std::string out = "k:";
        append_string(out, s);
        EXPECT_EQ(out, "k:" + dump(Json(s))) << s;
    }
}

// Plain runs are scanned 16 bytes at a time: a special byte at every position of strings around that size.
TEST(JsonWriterTest, SpecialBytesAtEveryPositionOfAString) {
    const std::vector<std::string> specials = {
        "\"", "\\", "\x01", "\x1f", "\x7f", " ", "\xc3\xa9", "\xff", std::string(1, '\0')};
    for (const std::string& special : specials) {
        for (std::size_t len = 0; len <= 40; ++len) {
            for (std::size_t at = 0; at <= len; ++at) {
                std::string s(len, 'a');
                s.insert(at, special);
                std::string out;
                append_string(out, s);
                ASSERT_EQ(out, dump(Json(s))) << "special at " << at << " of " << len;
                const Json doc = Json::array({s, Json{{s, 1}}});
                ASSERT_EQ(dump(doc, 1), doc.dump(1, ' ', false, Json::error_handler_t::replace));
            }
        }
    }
}

// A short string is scanned with one 16-byte load when that stays inside its page: strings that end right
// before an inaccessible page (every length and start up to the boundary) are quoted without a fault.
TEST(JsonWriterTest, ShortStringsAtTheEndOfAPage) {
    const long page = ::sysconf(_SC_PAGESIZE);
    void* mem = ::mmap(nullptr, static_cast<std::size_t>(2 * page), PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(mem, MAP_FAILED);
    ASSERT_EQ(::mprotect(static_cast<char*>(mem) + page, static_cast<std::size_t>(page), PROT_NONE), 0);
    char* end = static_cast<char*>(mem) + page;
    for (std::size_t len = 0; len < 20; ++len) {
        std::memset(end - 20, 'x', 20);
        if (len > 2) end[-2] = '"';
        const std::string_view s(end - len, len);
        std::string out;
        append_string(out, s);
        EXPECT_EQ(out, dump(Json(std::string(s)))) << len;
    }
    ::munmap(mem, static_cast<std::size_t>(2 * page));
}

TEST(JsonWriterTest, DumpToAtAnIndentLaysOutAsANestedValue) {
    const OJson inner = OJson::parse(R"({"a":[1,{"b":"c"},[]],"d":{}})");
    const OJson outer{{"x", inner}};
    std::string out = "{\n  \"x\": ";
    dump_to(out, inner, 2, 2);
    out += "\n}";
    EXPECT_EQ(out, dump(outer, 2));
    std::string sorted = "{\n  \"x\": ";
    dump_to(sorted, Json(inner), 2, 2);
    sorted += "\n}";
    EXPECT_EQ(sorted, dump(Json{{"x", Json(inner)}}, 2));
}

} // namespace
} // namespace cdk::json
