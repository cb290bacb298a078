#include "localcloud/iam/condition_operators.hpp"

#include "core/strings.hpp"

#include <cmath>
#include <ctime>
#include <functional>
#include <optional>

namespace cdk::localcloud::iam {

bool wildcard_match(std::string_view pattern, std::string_view text, bool ignore_case) {
    auto eq = [ignore_case](char a, char b) {
        if (!ignore_case) return a == b;
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    };
    std::size_t p = 0;
    std::size_t t = 0;
    std::size_t star = std::string_view::npos;
    std::size_t mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || (pattern[p] != '*' && eq(pattern[p], text[t])))) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

std::string substitute_variables(std::string_view text, const Context& context) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
            const std::size_t close = text.find('}', i);
            if (close != std::string_view::npos) {
                const std::string key{text.substr(i + 2, close - i - 2)};
                if (key == "*" || key == "?" || key == "$") {
                    out += key;
                } else {
                    const auto it = context.find(context_key(key));
                    // An unresolvable variable matches nothing: keep a marker that no value contains.
                    out += (it != context.end() && it->second.size() == 1)
                               ? it->second.front()
                               : std::string("\x01unresolved\x01");
                }
                i = close + 1;
                continue;
            }
        }
        out.push_back(text[i++]);
    }
    return out;
}

namespace {

std::vector<std::string> policy_values(const Json& value) {
    std::vector<std::string> out;
    auto add = [&out](const Json& v) {
        if (v.is_string())
            out.push_back(v.get<std::string>());
        else if (v.is_boolean())
            out.emplace_back(v.get<bool>() ? "true" : "false");
        else if (v.is_number_integer())
            out.push_back(std::to_string(v.get<long long>()));
        else if (v.is_number())
            out.push_back(std::to_string(v.get<double>()));
    };
    if (value.is_array()) {
        for (const auto& v : value)
            add(v);
    } else {
        add(value);
    }
    return out;
}

std::optional<double> to_number(const std::string& s) {
    try {
        std::size_t used = 0;
        const double d = std::stod(s, &used);
        if (used != s.size()) return std::nullopt;
        return d;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<double> to_epoch(const std::string& s) {
    if (auto n = to_number(s)) return n;
    std::tm tm{};
    int y = 0, mo = 0, d = 0, h = 0, mi = 0;
    double sec = 0;
    const int got = std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%lf", &y, &mo, &d, &h, &mi, &sec);
    if (got < 3) return std::nullopt;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = static_cast<int>(sec);
    return static_cast<double>(timegm(&tm));
}

using Matcher = std::function<bool(const std::string& context_value, const std::string& policy_value)>;

struct OperatorSpec {
    Matcher match;
    bool negated = false;
};

std::optional<OperatorSpec> lookup_operator(const std::string& name) {
    auto numeric = [](auto cmp) {
        return Matcher([cmp](const std::string& c, const std::string& p) {
            const auto a = to_number(c);
            const auto b = to_number(p);
            return a && b && cmp(*a, *b);
        });
    };
    auto date = [](auto cmp) {
        return Matcher([cmp](const std::string& c, const std::string& p) {
            const auto a = to_epoch(c);
            const auto b = to_epoch(p);
            return a && b && cmp(*a, *b);
        });
    };
    const Matcher string_equals = [](const std::string& c, const std::string& p) { return c == p; };
    const Matcher string_equals_ic = [](const std::string& c, const std::string& p) {
        return strings::to_lower(c) == strings::to_lower(p);
    };
    const Matcher like = [](const std::string& c, const std::string& p) { return wildcard_match(p, c); };
    const Matcher bool_eq = [](const std::string& c, const std::string& p) {
        return strings::to_lower(c) == strings::to_lower(p);
    };
    if (name == "StringEquals") return OperatorSpec{string_equals};
    if (name == "StringNotEquals") return OperatorSpec{string_equals, true};
    if (name == "StringEqualsIgnoreCase") return OperatorSpec{string_equals_ic};
    if (name == "StringNotEqualsIgnoreCase") return OperatorSpec{string_equals_ic, true};
    if (name == "StringLike") return OperatorSpec{like};
    if (name == "StringNotLike") return OperatorSpec{like, true};
    if (name == "ArnEquals" || name == "ArnLike") return OperatorSpec{like};
    if (name == "ArnNotEquals" || name == "ArnNotLike") return OperatorSpec{like, true};
    if (name == "Bool") return OperatorSpec{bool_eq};
    if (name == "NumericEquals") return OperatorSpec{numeric([](double a, double b) { return a == b; })};
    if (name == "NumericNotEquals")
        return OperatorSpec{numeric([](double a, double b) { return a == b; }), true};
    if (name == "NumericLessThan") return OperatorSpec{numeric([](double a, double b) { return a < b; })};
    if (name == "NumericLessThanEquals")
        return OperatorSpec{numeric([](double a, double b) { return a <= b; })};
    if (name == "NumericGreaterThan") return OperatorSpec{numeric([](double a, double b) { return a > b; })};
    if (name == "NumericGreaterThanEquals")
        return OperatorSpec{numeric([](double a, double b) { return a >= b; })};
    if (name == "DateEquals") return OperatorSpec{date([](double a, double b) { return a == b; })};
    if (name == "DateNotEquals") return OperatorSpec{date([](double a, double b) { return a == b; }), true};
    if (name == "DateLessThan") return OperatorSpec{date([](double a, double b) { return a < b; })};
    if (name == "DateLessThanEquals") return OperatorSpec{date([](double a, double b) { return a <= b; })};
    if (name == "DateGreaterThan") return OperatorSpec{date([](double a, double b) { return a > b; })};
    if (name == "DateGreaterThanEquals") return OperatorSpec{date([](double a, double b) { return a >= b; })};
    return std::nullopt;
}

bool evaluate_one(const std::string& full_name, const std::string& key, const Json& value,
                  const Context& context) {
    std::string name = full_name;
    enum class SetOp { None, AnyValue, AllValues } set_op = SetOp::None;
    if (strings::starts_with(name, "ForAnyValue:")) {
        set_op = SetOp::AnyValue;
        name = name.substr(12);
    } else if (strings::starts_with(name, "ForAllValues:")) {
        set_op = SetOp::AllValues;
        name = name.substr(13);
    }
    bool if_exists = false;
    if (strings::ends_with(name, "IfExists")) {
        if_exists = true;
        name = name.substr(0, name.size() - 8);
    }
    const auto it = context.find(context_key(key));
    const bool present = it != context.end() && !it->second.empty();
    std::vector<std::string> wanted = policy_values(value);
    for (auto& w : wanted)
        w = substitute_variables(w, context);

    if (name == "Null") {
        const bool want_absent = !wanted.empty() && strings::to_lower(wanted.front()) == "true";
        return want_absent ? !present : present;
    }
    const auto op = lookup_operator(name);
    if (!op) return false;
    if (!present) {
        if (if_exists) return true;
        if (set_op == SetOp::AllValues) return true;
        if (set_op == SetOp::AnyValue) return false;
        return op->negated;
    }
    const auto& actual = it->second;
    auto matches_any_wanted = [&](const std::string& c) {
        for (const auto& w : wanted) {
            if (op->match(c, w)) return true;
        }
        return false;
    };
    if (set_op == SetOp::AllValues) {
        for (const auto& c : actual) {
            if (matches_any_wanted(c) == op->negated) return false;
        }
        return true;
    }
    if (op->negated) {
        // ForAnyValue with a negated operator: some value matches none; otherwise: no value matches.
        for (const auto& c : actual) {
            const bool m = matches_any_wanted(c);
            if (set_op == SetOp::AnyValue && !m) return true;
            if (set_op != SetOp::AnyValue && m) return false;
        }
        return set_op != SetOp::AnyValue;
    }
    for (const auto& c : actual) {
        if (matches_any_wanted(c)) return true;
    }
    return false;
}

} // namespace

bool evaluate_conditions(const Json& condition, const Context& context) {
    if (!condition.is_object()) return condition.is_null();
    for (const auto& [op_name, block] : condition.items()) {
        if (!block.is_object()) return false;
        for (const auto& [key, value] : block.items()) {
            if (!evaluate_one(op_name, key, value, context)) return false;
        }
    }
    return true;
}

} // namespace cdk::localcloud::iam
