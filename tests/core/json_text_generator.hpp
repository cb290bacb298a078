#pragma once

// Random JSON texts for the reader tests (json_reader_test.cpp, json_flat_test.cpp).

#include "core/json.hpp"

#include <cstdint>
#include <iterator>
#include <limits>
#include <random>
#include <string>

namespace cdk::json::testing {

using OJson = nlohmann::ordered_json;

/// Same value, same types (unsigned vs signed integers) and same key order.
inline bool same(const OJson& a, const OJson& b) {
    if (a.type() != b.type()) return false;
    if (a.is_object()) {
        if (a.size() != b.size()) return false;
        auto ib = b.items().begin();
        for (const auto& [key, value] : a.items()) {
            if (key != ib.key() || !same(value, ib.value())) return false;
            ++ib;
        }
        return true;
    }
    if (a.is_array()) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (!same(a[i], b[i])) return false;
        }
        return true;
    }
    return a == b;
}

/// Random documents as text: every JSON construct, escapes (ensure_ascii gives \u and surrogate pairs),
/// UTF-8, floats, integers of every size, repeated keys.
class TextGenerator {
public:
    explicit TextGenerator(std::uint32_t seed) : rng_(seed) {}

    std::string text() {
        const OJson doc = value(0);
        const int indent = pick(-1, 2);
        return doc.dump(indent, ' ', pick(0, 1) == 1, OJson::error_handler_t::replace);
    }

    int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

private:
    std::string string() {
        static const char* kPieces[] = {"a", "Ref",  " ",  "\"",           "\\",
                                        "/", "\n",   "\t", "\x01",         "\x7f",
                                        "é", "日本", "😀",  "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf",
                                        "k", "k",    "k"};
        std::string s;
        const int n = pick(0, 4);
        for (int i = 0; i < n; ++i)
            s += kPieces[pick(0, static_cast<int>(std::size(kPieces)) - 1)];
        return s;
    }

    OJson value(int depth) {
        switch (pick(0, depth > 4 ? 7 : 9)) {
        case 0: return nullptr;
        case 1: return pick(0, 1) == 1;
        case 2: return static_cast<std::int64_t>(pick(-100000, 100000));
        case 3: {
            static const std::int64_t kInts[] = {0,
                                                 -1,
                                                 999999999999999999,
                                                 -999999999999999999,
                                                 1000000000000000000,
                                                 std::numeric_limits<std::int64_t>::min(),
                                                 std::numeric_limits<std::int64_t>::max()};
            return kInts[pick(0, static_cast<int>(std::size(kInts)) - 1)];
        }
        case 4: return std::numeric_limits<std::uint64_t>::max() - static_cast<std::uint64_t>(pick(0, 2));
        case 5: {
            static const double kReals[] = {0.5, -0.0, 1e21, 1e-7, 3.25, -2.5e300};
            return kReals[pick(0, static_cast<int>(std::size(kReals)) - 1)];
        }
        case 6:
        case 7: return string();
        case 8: {
            OJson arr = OJson::array();
            for (int i = pick(0, 4); i > 0; --i)
                arr.push_back(value(depth + 1));
            return arr;
        }
        default: {
            OJson obj = OJson::object();
            for (int i = pick(0, 5); i > 0; --i)
                obj[string()] = value(depth + 1);
            return obj;
        }
        }
    }

    std::mt19937 rng_;
};

} // namespace cdk::json::testing
