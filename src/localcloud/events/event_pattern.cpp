#include "localcloud/events/event_pattern.hpp"

#include "core/error.hpp"
#include "core/json_reader.hpp"
#include "core/parse_int.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace cdk::localcloud::events {
namespace {

Error invalid(const std::string& message) {
    return make_error("InvalidEventPatternException", "Event pattern is not valid. Reason: " + message, 400);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

bool starts_with(const std::string& s, const std::string& p) {
    return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}

bool ends_with(const std::string& s, const std::string& p) {
    return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

/// The literal pieces of a wildcard pattern between its `*`s (`\*` is a literal star).
std::vector<std::string> wildcard_pieces(const std::string& pattern) {
    std::vector<std::string> pieces(1);
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '\\' && i + 1 < pattern.size() && pattern[i + 1] == '*') {
            pieces.back() += '*';
            ++i;
        } else if (pattern[i] == '*') {
            pieces.emplace_back();
        } else {
            pieces.back() += pattern[i];
        }
    }
    return pieces;
}

/// `*` matches any run (also empty): the first piece is a prefix, the last a suffix, and the pieces between
/// are found left to right (the leftmost occurrence is always the best choice), so the cost is that of the
/// substring searches, without backtracking.
bool wildcard_match(const std::string& s, const std::string& pattern) {
    const std::vector<std::string> pieces = wildcard_pieces(pattern);
    if (pieces.size() == 1) return s == pieces[0];
    const std::string& first = pieces.front();
    const std::string& last = pieces.back();
    if (s.size() < first.size() + last.size()) return false;
    if (s.compare(0, first.size(), first) != 0) return false;
    if (s.compare(s.size() - last.size(), last.size(), last) != 0) return false;
    std::size_t at = first.size();
    const std::size_t end = s.size() - last.size();
    for (std::size_t i = 1; i + 1 < pieces.size(); ++i) {
        if (pieces[i].empty()) continue;
        const auto found = s.find(pieces[i], at);
        if (found == std::string::npos || found + pieces[i].size() > end) return false;
        at = found + pieces[i].size();
    }
    return true;
}

/// An IPv4 address as a number, or -1.
long long ipv4(const std::string& s) {
    long long out = 0;
    int parts = 0;
    std::size_t i = 0;
    while (parts < 4) {
        if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return -1;
        long long n = 0;
        int digits = 0;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
            n = n * 10 + (s[i] - '0');
            if (++digits > 3 || n > 255) return -1;
            ++i;
        }
        out = out * 256 + n;
        ++parts;
        if (parts < 4) {
            if (i >= s.size() || s[i] != '.') return -1;
            ++i;
        }
    }
    return i == s.size() ? out : -1;
}

bool cidr_match(const std::string& value, const std::string& cidr) {
    const auto slash = cidr.find('/');
    const long long net = ipv4(cidr.substr(0, slash));
    const int bits = parse_int<int>(cidr.substr(slash + 1)).value_or(-1);
    if (bits < 0 || bits > 32) return false;
    const long long ip = ipv4(value);
    if (ip < 0 || net < 0) return false;
    const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
    return (static_cast<std::uint32_t>(ip) & mask) == (static_cast<std::uint32_t>(net) & mask);
}

bool valid_cidr(const Json& v) {
    if (!v.is_string()) return false;
    const std::string s = v.get<std::string>();
    const auto slash = s.find('/');
    if (slash == std::string::npos || ipv4(s.substr(0, slash)) < 0) return false;
    const std::string bits = s.substr(slash + 1);
    const auto n = parse_int<int>(bits);
    return bits.size() <= 2 && n && *n >= 0 && *n <= 32;
}

Result<void> check_string_operand(const std::string& op, const Json& v, bool allow_ignore_case) {
    if (v.is_string()) return ok();
    if (allow_ignore_case && v.is_object() && v.size() == 1 && v.contains("equals-ignore-case") &&
        v["equals-ignore-case"].is_string())
        return ok();
    return invalid(op + " match pattern must be a string");
}

Result<void> check_numeric(const Json& v) {
    static const std::set<std::string> kOps = {"=", "<", "<=", ">", ">="};
    if (!v.is_array() || (v.size() != 2 && v.size() != 4)) return invalid("Invalid numeric matching");
    for (std::size_t i = 0; i < v.size(); i += 2) {
        if (!v[i].is_string() || kOps.count(v[i].get<std::string>()) == 0)
            return invalid("Unrecognized numeric range operator: " + v[i].dump());
        if (!v[i + 1].is_number()) return invalid("Value of " + v[i].get<std::string>() + " must be numeric");
    }
    if (v.size() == 4) {
        const std::string a = v[0].get<std::string>();
        const std::string b = v[2].get<std::string>();
        if (a == "=" || b == "=" || a.front() == b.front())
            return invalid("Bad numeric range operator: " + a + " and " + b);
    }
    return ok();
}

Result<void> check_matcher(const Json& m) {
    if (!m.is_object()) {
        if (m.is_array()) return invalid("Match value must be String, number, true, false, or null");
        return ok();
    }
    if (m.size() != 1) return invalid("Only one key allowed in match expression");
    const std::string& op = m.begin().key();
    const Json& v = m.begin().value();
    if (op == "prefix" || op == "suffix") return check_string_operand(op, v, true);
    if (op == "equals-ignore-case") return check_string_operand(op, v, false);
    if (op == "wildcard") {
        if (auto c = check_string_operand(op, v, false); !c) return c;
        const std::string w = v.get<std::string>();
        if (const auto at = w.find("**"); at != std::string::npos)
            return invalid("Consecutive wildcard characters at pos " + std::to_string(at + 1));
        return ok();
    }
    if (op == "exists") {
        if (!v.is_boolean()) return invalid("exists match pattern must be either true or false.");
        return ok();
    }
    if (op == "numeric") return check_numeric(v);
    if (op == "cidr") {
        if (!valid_cidr(v)) return invalid("Malformed CIDR, one '/' required");
        return ok();
    }
    if (op == "anything-but") {
        if (v.is_object()) {
            if (v.size() != 1) return invalid("Only one key allowed in anything-but");
            const std::string& inner = v.begin().key();
            const Json& iv = v.begin().value();
            if (inner != "prefix" && inner != "suffix" && inner != "wildcard" &&
                inner != "equals-ignore-case")
                return invalid("Unsupported anything-but pattern: " + inner);
            if (!iv.is_string() &&
                !(iv.is_array() && !iv.empty() &&
                  std::all_of(iv.begin(), iv.end(), [](const Json& x) { return x.is_string(); })))
                return invalid("anything-but " + inner + " match pattern must be a string or strings");
            return ok();
        }
        if (v.is_array()) {
            if (v.empty()) return invalid("Empty arrays are not allowed");
            for (const auto& x : v) {
                if (!x.is_string() && !x.is_number())
                    return invalid("Inside anything but list, only strings and numbers are allowed");
            }
            return ok();
        }
        if (!v.is_string() && !v.is_number())
            return invalid("Inside anything but, only strings and numbers are allowed");
        return ok();
    }
    return invalid("Unrecognized match type " + op);
}

Result<void> check_pattern(const Json& pattern, int depth) {
    if (depth > kMaxPatternDepth) return invalid("Event pattern nests too deeply");
    if (!pattern.is_object()) return invalid("Filter is not an object");
    for (const auto& [key, value] : pattern.items()) {
        if (key == "$or") {
            if (!value.is_array() || value.size() < 2)
                return invalid("$or must be an array of at least two patterns");
            for (const auto& alt : value) {
                if (auto c = check_pattern(alt, depth + 1); !c) return c.error();
            }
            continue;
        }
        if (value.is_object()) {
            if (auto c = check_pattern(value, depth + 1); !c) return c.error();
            continue;
        }
        if (!value.is_array()) return invalid("Match value must be an array: \"" + key + "\"");
        if (value.empty()) return invalid("Empty arrays are not allowed");
        for (const auto& m : value) {
            if (auto c = check_matcher(m); !c) return c.error();
        }
    }
    return ok();
}

bool equal_values(const Json& a, const Json& b) {
    if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
    return a == b;
}

bool string_op(const Json& operand, const std::string& value, bool prefix) {
    if (operand.is_object()) {
        const std::string s = lower(operand["equals-ignore-case"].get<std::string>());
        return prefix ? starts_with(lower(value), s) : ends_with(lower(value), s);
    }
    const std::string s = operand.get<std::string>();
    return prefix ? starts_with(value, s) : ends_with(value, s);
}

bool numeric_match(const Json& spec, double x) {
    for (std::size_t i = 0; i < spec.size(); i += 2) {
        const std::string op = spec[i].get<std::string>();
        const double n = spec[i + 1].get<double>();
        const bool ok = op == "="    ? x == n
                        : op == "<"  ? x < n
                        : op == "<=" ? x <= n
                        : op == ">"  ? x > n
                                     : x >= n;
        if (!ok) return false;
    }
    return true;
}

bool anything_but(const Json& v, const Json& value) {
    if (v.is_object()) {
        if (!value.is_string()) return true;
        const std::string& inner = v.begin().key();
        const Json& iv = v.begin().value();
        const std::string s = value.get<std::string>();
        std::vector<std::string> operands;
        if (iv.is_string()) {
            operands.push_back(iv.get<std::string>());
        } else {
            for (const auto& x : iv)
                operands.push_back(x.get<std::string>());
        }
        for (const auto& o : operands) {
            const bool hit = inner == "prefix"     ? starts_with(s, o)
                             : inner == "suffix"   ? ends_with(s, o)
                             : inner == "wildcard" ? wildcard_match(s, o)
                                                   : lower(s) == lower(o);
            if (hit) return false;
        }
        return true;
    }
    if (v.is_array()) {
        return std::none_of(v.begin(), v.end(), [&](const Json& x) { return equal_values(x, value); });
    }
    return !equal_values(v, value);
}

/// One matcher against one (scalar) value of the event.
bool matcher_matches(const Json& m, const Json& value) {
    if (!m.is_object()) return equal_values(m, value);
    const std::string& op = m.begin().key();
    const Json& v = m.begin().value();
    if (op == "exists") return v.get<bool>();
    if (op == "prefix" || op == "suffix")
        return value.is_string() && string_op(v, value.get<std::string>(), op == "prefix");
    if (op == "equals-ignore-case")
        return value.is_string() && lower(value.get<std::string>()) == lower(v.get<std::string>());
    if (op == "wildcard")
        return value.is_string() && wildcard_match(value.get<std::string>(), v.get<std::string>());
    if (op == "numeric") return value.is_number() && numeric_match(v, value.get<double>());
    if (op == "cidr") return value.is_string() && cidr_match(value.get<std::string>(), v.get<std::string>());
    if (op == "anything-but") return anything_but(v, value);
    return false;
}

bool field_matches(const Json& matchers, const Json* value) {
    for (const auto& m : matchers) {
        const bool is_exists = m.is_object() && m.contains("exists");
        if (value == nullptr) {
            if (is_exists && !m["exists"].get<bool>()) return true;
            continue;
        }
        if (is_exists) {
            if (m["exists"].get<bool>() && !value->is_object()) return true;
            continue;
        }
        if (value->is_array()) {
            for (const auto& element : *value) {
                if (matcher_matches(m, element)) return true;
            }
            continue;
        }
        if (matcher_matches(m, *value)) return true;
    }
    return false;
}

} // namespace

Result<Json> parse_event_pattern(const std::string& text) {
    if (text.size() > kMaxPatternBytes) return invalid("Event pattern is longer than 4096 characters");
    auto doc = json::parse(
        text, json::ParseLimits{static_cast<std::size_t>(kMaxPatternDepth) * 2 + 2, kMaxPatternBytes});
    if (!doc) return invalid("Filter is not valid JSON");
    if (!doc->is_object() || doc->empty()) return invalid("Filter is not an object");
    if (auto c = check_pattern(*doc, 1); !c) return c.error();
    return std::move(*doc);
}

bool pattern_matches(const Json& pattern, const Json& event) {
    for (const auto& [key, value] : pattern.items()) {
        if (key == "$or") {
            if (std::none_of(value.begin(), value.end(),
                             [&](const Json& alt) { return pattern_matches(alt, event); }))
                return false;
            continue;
        }
        const Json* field = event.is_object() && event.contains(key) ? &event[key] : nullptr;
        if (value.is_object()) {
            if (field != nullptr && field->is_array()) {
                // An array of objects matches when one of its objects does (EventBridge flattens arrays).
                if (std::none_of(field->begin(), field->end(), [&](const Json& element) {
                        return element.is_object() && pattern_matches(value, element);
                    }))
                    return false;
                continue;
            }
            if (field == nullptr || !field->is_object()) {
                // A nested pattern over a missing object matches only if all its leaves accept absence.
                if (!pattern_matches(value, Json::object())) return false;
                continue;
            }
            if (!pattern_matches(value, *field)) return false;
            continue;
        }
        if (!field_matches(value, field)) return false;
    }
    return true;
}

} // namespace cdk::localcloud::events
