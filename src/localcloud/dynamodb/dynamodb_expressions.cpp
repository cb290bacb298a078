#include "localcloud/dynamodb/dynamodb_expressions.hpp"

#include "core/parse_int.hpp"
#include "localcloud/dynamodb/dynamodb_errors.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>

namespace cdk::localcloud::dynamodb {

namespace {

struct Token {
    enum class Kind { Name, Placeholder, Value, Number, Punct, End };
    Kind kind = Kind::End;
    std::string text;
};

NodePtr make_node(Node n) {
    return std::make_shared<const Node>(std::move(n));
}

std::string upper(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

Result<std::vector<Token>> tokenize(const std::string& text) {
    if (text.size() > kMaxExpressionBytes) {
        return validation("Invalid expression: Expression size has exceeded the maximum allowed size");
    }
    std::vector<Token> out;
    std::size_t i = 0;
    auto word = [&](std::size_t from) {
        std::size_t j = from;
        while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_'))
            ++j;
        return j;
    };
    while (i < text.size()) {
        const char c = text[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
            continue;
        }
        if (out.size() >= kMaxTokens) return validation("Invalid expression: too many tokens");
        if (c == '#' || c == ':') {
            const std::size_t j = word(i + 1);
            if (j == i + 1)
                return validation(std::string("Invalid expression: Syntax error; token: \"") + c + "\"");
            out.push_back({c == '#' ? Token::Kind::Placeholder : Token::Kind::Value, text.substr(i, j - i)});
            i = j;
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            std::size_t j = i;
            while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j])))
                ++j;
            out.push_back({Token::Kind::Number, text.substr(i, j - i)});
            i = j;
        } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            const std::size_t j = word(i);
            out.push_back({Token::Kind::Name, text.substr(i, j - i)});
            i = j;
        } else if ((c == '<' || c == '>') && i + 1 < text.size() &&
                   (text[i + 1] == '=' || (c == '<' && text[i + 1] == '>'))) {
            out.push_back({Token::Kind::Punct, text.substr(i, 2)});
            i += 2;
        } else if (std::string_view("=<>(),.[]+-").find(c) != std::string_view::npos) {
            out.push_back({Token::Kind::Punct, std::string(1, c)});
            ++i;
        } else {
            return validation(std::string("Invalid expression: Syntax error; token: \"") + c + "\"");
        }
    }
    out.push_back({Token::Kind::End, ""});
    return out;
}

class Parser {
public:
    Parser(std::vector<Token> tokens, const ExpressionContext& ctx) : t_(std::move(tokens)), ctx_(ctx) {}

    [[nodiscard]] const Token& peek(std::size_t ahead = 0) const {
        return t_[std::min(pos_ + ahead, t_.size() - 1)];
    }
    [[nodiscard]] bool at_end() const { return peek().kind == Token::Kind::End; }
    [[nodiscard]] bool is_punct(const char* p) const {
        return peek().kind == Token::Kind::Punct && peek().text == p;
    }
    [[nodiscard]] bool is_keyword(const char* k) const {
        return peek().kind == Token::Kind::Name && upper(peek().text) == k;
    }
    Error syntax() const {
        return validation("Invalid expression: Syntax error; token: \"" +
                          (at_end() ? std::string("<EOF>") : peek().text) + "\"");
    }
    Result<void> expect(const char* p) {
        if (!is_punct(p)) return syntax();
        ++pos_;
        return ok();
    }

    Result<NodePtr> condition(int depth) {
        if (depth > kMaxDepth) return validation("Invalid expression: The expression is nested too deeply");
        auto left = conjunction(depth + 1);
        if (!left) return left;
        NodePtr out = *left;
        while (is_keyword("OR")) {
            ++pos_;
            auto right = conjunction(depth + 1);
            if (!right) return right;
            out = std::make_shared<Node>(Node{.kind = Node::Kind::Or, .args = {out, *right}});
        }
        return out;
    }

    Result<NodePtr> conjunction(int depth) {
        auto left = negation(depth + 1);
        if (!left) return left;
        NodePtr out = *left;
        while (is_keyword("AND")) {
            ++pos_;
            auto right = negation(depth + 1);
            if (!right) return right;
            out = std::make_shared<Node>(Node{.kind = Node::Kind::And, .args = {out, *right}});
        }
        return out;
    }

    Result<NodePtr> negation(int depth) {
        if (depth > kMaxDepth) return validation("Invalid expression: The expression is nested too deeply");
        if (is_keyword("NOT")) {
            ++pos_;
            auto inner = negation(depth + 1);
            if (!inner) return inner;
            return make_node(Node{.kind = Node::Kind::Not, .args = {*inner}});
        }
        return primary(depth + 1);
    }

    Result<NodePtr> primary(int depth) {
        if (depth > kMaxDepth) return validation("Invalid expression: The expression is nested too deeply");
        if (is_punct("(")) {
            ++pos_;
            auto inner = condition(depth + 1);
            if (!inner) return inner;
            if (auto e = expect(")"); !e) return e.error();
            return inner;
        }
        if (peek().kind == Token::Kind::Name && peek(1).kind == Token::Kind::Punct && peek(1).text == "(" &&
            peek().text != "size") {
            return function(depth + 1, true);
        }
        auto left = operand(depth + 1);
        if (!left) return left;
        if (is_keyword("BETWEEN")) {
            ++pos_;
            auto low = operand(depth + 1);
            if (!low) return low;
            if (!is_keyword("AND")) return syntax();
            ++pos_;
            auto high = operand(depth + 1);
            if (!high) return high;
            return make_node(Node{.kind = Node::Kind::Between, .args = {*left, *low, *high}});
        }
        if (is_keyword("IN")) {
            ++pos_;
            if (auto e = expect("("); !e) return e.error();
            Node in{.kind = Node::Kind::In, .args = {*left}};
            do {
                auto item = operand(depth + 1);
                if (!item) return item;
                in.args.push_back(*item);
                if (in.args.size() > 101)
                    return validation("Invalid expression: The IN operator takes at most 100 operands");
            } while (is_punct(",") && (++pos_, true));
            if (auto e = expect(")"); !e) return e.error();
            return make_node(std::move(in));
        }
        for (const char* op : {"=", "<>", "<", "<=", ">", ">="}) {
            if (is_punct(op)) {
                ++pos_;
                auto right = operand(depth + 1);
                if (!right) return right;
                return make_node(Node{.kind = Node::Kind::Compare, .op = op, .args = {*left, *right}});
            }
        }
        return syntax();
    }

    /// A function call; `boolean` for a condition function, else an operand function (size).
    Result<NodePtr> function(int depth, bool boolean) {
        static const std::set<std::string> kBoolean = {"attribute_exists", "attribute_not_exists",
                                                       "attribute_type", "begins_with", "contains"};
        const std::string name = peek().text;
        if (boolean ? kBoolean.count(name) == 0 : name != "size") {
            return validation("Invalid expression: Invalid function name; function: " + name);
        }
        pos_ += 2;
        Node f{.kind = Node::Kind::Function, .op = name};
        while (!is_punct(")")) {
            auto arg = operand(depth + 1);
            if (!arg) return arg;
            f.args.push_back(*arg);
            if (f.args.size() > 2)
                return validation(
                    "Invalid expression: Incorrect number of operands for operator or function; function: " +
                    name);
            if (!is_punct(",")) break;
            ++pos_;
        }
        if (auto e = expect(")"); !e) return e.error();
        const std::size_t want =
            (name == "attribute_exists" || name == "attribute_not_exists" || name == "size") ? 1 : 2;
        if (f.args.size() != want) {
            return validation(
                "Invalid expression: Incorrect number of operands for operator or function; function: " +
                name + ", number of operands: " + std::to_string(f.args.size()));
        }
        if (f.args[0]->kind != Node::Kind::Attribute && name != "size") {
            return validation("Invalid expression: Incorrect operand type for operator or function; operator "
                              "or function: " +
                              name + ", operand type: " +
                              (f.args[0]->kind == Node::Kind::Value ? type_of(f.args[0]->value) : "M"));
        }
        return make_node(std::move(f));
    }

    Result<NodePtr> operand(int depth) {
        if (depth > kMaxDepth) return validation("Invalid expression: The expression is nested too deeply");
        if (peek().kind == Token::Kind::Value) {
            const std::string name = peek().text;
            if (!ctx_.values.contains(name)) {
                return validation(
                    "Invalid expression: An expression attribute value used in expression is not defined; "
                    "attribute value: " +
                    name);
            }
            used_values.insert(name);
            ++pos_;
            return make_node(Node{.kind = Node::Kind::Value, .value = ctx_.values[name]});
        }
        if (peek().kind == Token::Kind::Name && peek().text == "size" && peek(1).kind == Token::Kind::Punct &&
            peek(1).text == "(") {
            return function(depth + 1, false);
        }
        auto p = path();
        if (!p) return p.error();
        return make_node(Node{.kind = Node::Kind::Attribute, .path = *p});
    }

    Result<Path> path() {
        Path out;
        auto element = [&]() -> Result<void> {
            if (peek().kind == Token::Kind::Placeholder) {
                const std::string name = peek().text;
                if (!ctx_.names.contains(name) || !ctx_.names[name].is_string()) {
                    return validation(
                        "Invalid expression: An expression attribute name used in the document path is "
                        "not defined; attribute name: " +
                        name);
                }
                used_names.insert(name);
                out.push_back({ctx_.names[name].get<std::string>()});
            } else if (peek().kind == Token::Kind::Name) {
                if (is_reserved_word(upper(peek().text))) {
                    return validation(
                        "Invalid expression: Attribute name is a reserved keyword; reserved keyword: " +
                        peek().text);
                }
                out.push_back({peek().text});
            } else {
                return syntax();
            }
            ++pos_;
            return ok();
        };
        if (auto e = element(); !e) return e.error();
        while (true) {
            if (out.size() > kMaxDepth)
                return validation("Invalid expression: The document path is too deep");
            if (is_punct(".")) {
                ++pos_;
                if (auto e = element(); !e) return e.error();
            } else if (is_punct("[")) {
                ++pos_;
                const auto index =
                    peek().kind == Token::Kind::Number ? parse_int<long>(peek().text) : std::nullopt;
                if (!index || peek().text.size() > 9) return syntax();
                out.push_back({"", *index});
                ++pos_;
                if (auto e = expect("]"); !e) return e.error();
            } else {
                break;
            }
        }
        return out;
    }

    /// SET's value: operand, `a + b`, `a - b`, if_not_exists(path, v), list_append(a, b).
    Result<NodePtr> set_value(int depth) {
        auto left = set_operand(depth + 1);
        if (!left) return left;
        if (is_punct("+") || is_punct("-")) {
            const std::string op = peek().text;
            ++pos_;
            auto right = set_operand(depth + 1);
            if (!right) return right;
            return make_node(Node{.kind = Node::Kind::Function, .op = op, .args = {*left, *right}});
        }
        return left;
    }

    Result<NodePtr> set_operand(int depth) {
        if (depth > kMaxDepth) return validation("Invalid expression: The expression is nested too deeply");
        if (peek().kind == Token::Kind::Name && peek(1).kind == Token::Kind::Punct && peek(1).text == "(") {
            const std::string name = peek().text;
            if (name != "if_not_exists" && name != "list_append") {
                return validation("Invalid UpdateExpression: Invalid function name; function: " + name);
            }
            pos_ += 2;
            Node f{.kind = Node::Kind::Function, .op = name};
            auto a = set_value(depth + 1);
            if (!a) return a;
            if (auto e = expect(","); !e) return e.error();
            auto b = set_value(depth + 1);
            if (!b) return b;
            if (auto e = expect(")"); !e) return e.error();
            if (name == "if_not_exists" && (*a)->kind != Node::Kind::Attribute) {
                return validation("Invalid UpdateExpression: Operator or function requires a document path; "
                                  "operator or function: if_not_exists");
            }
            f.args = {*a, *b};
            return make_node(std::move(f));
        }
        return operand(depth + 1);
    }

    Result<std::vector<UpdateAction>> update() {
        std::vector<UpdateAction> out;
        std::set<std::string> clauses;
        while (!at_end()) {
            if (peek().kind != Token::Kind::Name) return syntax();
            const std::string clause = upper(peek().text);
            if (clause != "SET" && clause != "REMOVE" && clause != "ADD" && clause != "DELETE")
                return syntax();
            if (!clauses.insert(clause).second) {
                return validation("Invalid UpdateExpression: The \"" + clause +
                                  "\" section can only be used once in an update expression;");
            }
            ++pos_;
            do {
                auto p = path();
                if (!p) return p.error();
                UpdateAction a{.path = *p};
                if (clause == "SET") {
                    a.kind = UpdateAction::Kind::Set;
                    if (auto e = expect("="); !e) return e.error();
                    auto v = set_value(1);
                    if (!v) return v.error();
                    a.value = *v;
                } else if (clause == "REMOVE") {
                    a.kind = UpdateAction::Kind::Remove;
                } else {
                    a.kind = clause == "ADD" ? UpdateAction::Kind::Add : UpdateAction::Kind::Delete;
                    if (peek().kind != Token::Kind::Value) return syntax();
                    auto v = operand(1);
                    if (!v) return v.error();
                    a.value = *v;
                }
                out.push_back(std::move(a));
            } while (is_punct(",") && (++pos_, true));
        }
        if (out.empty()) return syntax();
        return out;
    }

    std::set<std::string> used_names;
    std::set<std::string> used_values;

private:
    std::vector<Token> t_;
    const ExpressionContext& ctx_;
    std::size_t pos_ = 0;
};

/// Pointer to the value at `path` in `item`, or nullptr.
const Json* resolve(const Json& item, const Path& path) {
    if (path.empty() || !item.is_object()) return nullptr;
    auto it = item.find(path[0].name);
    if (it == item.end()) return nullptr;
    const Json* cur = &*it;
    for (std::size_t i = 1; i < path.size(); ++i) {
        if (path[i].index >= 0) {
            if (!cur->contains("L") || !(*cur)["L"].is_array()) return nullptr;
            const Json& list = (*cur)["L"];
            if (static_cast<std::size_t>(path[i].index) >= list.size()) return nullptr;
            cur = &list[static_cast<std::size_t>(path[i].index)];
        } else {
            if (!cur->contains("M") || !(*cur)["M"].is_object()) return nullptr;
            auto next = (*cur)["M"].find(path[i].name);
            if (next == (*cur)["M"].end()) return nullptr;
            cur = &*next;
        }
    }
    return cur;
}

/// The parent container of `path`'s last element, created for the top level only.
Json* parent_of(Json& item, const Path& path) {
    Json* cur = &item;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
        Json* next = nullptr;
        if (i == 0) {
            auto it = cur->find(path[0].name);
            if (it != cur->end()) next = &*it;
        } else if (path[i].index >= 0) {
            if (cur->contains("L") && static_cast<std::size_t>(path[i].index) < (*cur)["L"].size())
                next = &(*cur)["L"][static_cast<std::size_t>(path[i].index)];
        } else if (cur->contains("M") && (*cur)["M"].contains(path[i].name)) {
            next = &(*cur)["M"][path[i].name];
        }
        if (next == nullptr) return nullptr;
        cur = next;
    }
    return cur;
}

long double number(const Json& v) {
    const std::string s = v["N"].get<std::string>();
    return std::strtold(s.c_str(), nullptr);
}

std::string format_number(long double x) {
    if (x == std::floor(x) && std::fabs(x) < 1e18L) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.0Lf", x);
        return buf;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.20Lg", x);
    std::string s = buf;
    if (s.find('e') == std::string::npos && s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0')
            s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
    }
    return s;
}

std::optional<Json> operand_value(const Node& n, const Json& item) {
    if (n.kind == Node::Kind::Value) return n.value;
    if (n.kind == Node::Kind::Attribute) {
        if (const Json* v = resolve(item, n.path)) return *v;
        return std::nullopt;
    }
    if (n.kind == Node::Kind::Function && n.op == "size") {
        auto v = operand_value(*n.args[0], item);
        if (!v) return std::nullopt;
        const std::string t = type_of(*v);
        std::size_t size = 0;
        if (t == "S" || t == "B")
            size = (*v)[t].get<std::string>().size();
        else if (t == "SS" || t == "NS" || t == "BS" || t == "L" || t == "M")
            size = (*v)[t].size();
        else
            return std::nullopt;
        return Json{{"N", std::to_string(size)}};
    }
    return std::nullopt;
}

bool equal_values(const Json& a, const Json& b) {
    const std::string t = type_of(a);
    if (t != type_of(b)) return false;
    if (t == "N") return number(a) == number(b);
    if (t == "SS" || t == "NS" || t == "BS") {
        std::set<std::string> x, y;
        for (const auto& e : a[t])
            x.insert(t == "NS" ? format_number(std::strtold(e.get<std::string>().c_str(), nullptr))
                               : e.get<std::string>());
        for (const auto& e : b[t])
            y.insert(t == "NS" ? format_number(std::strtold(e.get<std::string>().c_str(), nullptr))
                               : e.get<std::string>());
        return x == y;
    }
    return a == b;
}

bool scalar(const std::string& t) {
    return t == "S" || t == "N" || t == "B";
}

} // namespace

std::string normalize_number(const std::string& text) {
    return format_number(std::strtold(text.c_str(), nullptr));
}

std::string type_of(const Json& value) {
    if (!value.is_object() || value.size() != 1) return "";
    return value.begin().key();
}

int compare_values(const Json& a, const Json& b) {
    const std::string t = type_of(a);
    // Values of different types (or not attribute values at all: a client's ExclusiveStartKey) order by type.
    if (t != type_of(b) || (t != "N" && t != "S" && t != "B")) {
        const std::string u = type_of(b);
        return t < u ? -1 : (t > u ? 1 : 0);
    }
    if (t == "N") {
        const long double x = number(a);
        const long double y = number(b);
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    const std::string x = a[t].get<std::string>();
    const std::string y = b[t].get<std::string>();
    return x.compare(y) < 0 ? -1 : (x.compare(y) > 0 ? 1 : 0);
}

std::string top_name(const Path& path) {
    return path.empty() ? "" : path[0].name;
}

Result<NodePtr> parse_condition(const std::string& text, const ExpressionContext& ctx) {
    auto tokens = tokenize(text);
    if (!tokens) return tokens.error();
    if (tokens->size() == 1) return validation("Invalid expression: The expression can not be empty;");
    Parser p(std::move(*tokens), ctx);
    auto node = p.condition(0);
    if (!node) return node;
    if (!p.at_end()) return p.syntax();
    return node;
}

Result<std::vector<UpdateAction>> parse_update(const std::string& text, const ExpressionContext& ctx) {
    auto tokens = tokenize(text);
    if (!tokens) return tokens.error();
    if (tokens->size() == 1) return validation("Invalid UpdateExpression: The expression can not be empty;");
    Parser p(std::move(*tokens), ctx);
    return p.update();
}

Result<std::vector<Path>> parse_projection(const std::string& text, const ExpressionContext& ctx) {
    auto tokens = tokenize(text);
    if (!tokens) return tokens.error();
    Parser p(std::move(*tokens), ctx);
    std::vector<Path> out;
    do {
        auto path = p.path();
        if (!path) return path.error();
        out.push_back(*path);
        if (!p.is_punct(",")) break;
        if (auto e = p.expect(","); !e) return e.error();
    } while (true);
    if (!p.at_end()) return p.syntax();
    return out;
}

Result<bool> evaluate_condition(const Node& n, const Json& item) {
    switch (n.kind) {
    case Node::Kind::And: {
        auto a = evaluate_condition(*n.args[0], item);
        if (!a || !*a) return a;
        return evaluate_condition(*n.args[1], item);
    }
    case Node::Kind::Or: {
        auto a = evaluate_condition(*n.args[0], item);
        if (!a || *a) return a;
        return evaluate_condition(*n.args[1], item);
    }
    case Node::Kind::Not: {
        auto a = evaluate_condition(*n.args[0], item);
        if (!a) return a;
        return !*a;
    }
    case Node::Kind::Compare: {
        auto a = operand_value(*n.args[0], item);
        auto b = operand_value(*n.args[1], item);
        if (n.op == "=") return a && b && equal_values(*a, *b);
        if (n.op == "<>") return !(a && b && equal_values(*a, *b));
        if (!a || !b || type_of(*a) != type_of(*b) || !scalar(type_of(*a))) return false;
        const int c = compare_values(*a, *b);
        if (n.op == "<") return c < 0;
        if (n.op == "<=") return c <= 0;
        if (n.op == ">") return c > 0;
        return c >= 0;
    }
    case Node::Kind::Between: {
        auto v = operand_value(*n.args[0], item);
        auto lo = operand_value(*n.args[1], item);
        auto hi = operand_value(*n.args[2], item);
        if (!v || !lo || !hi) return false;
        const std::string t = type_of(*v);
        if (!scalar(t) || type_of(*lo) != t || type_of(*hi) != t) return false;
        if (compare_values(*lo, *hi) > 0) {
            return validation(
                "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be "
                "greater than or equal to lower bound");
        }
        return compare_values(*lo, *v) <= 0 && compare_values(*v, *hi) <= 0;
    }
    case Node::Kind::In: {
        auto v = operand_value(*n.args[0], item);
        if (!v) return false;
        for (std::size_t i = 1; i < n.args.size(); ++i) {
            auto c = operand_value(*n.args[i], item);
            if (c && equal_values(*v, *c)) return true;
        }
        return false;
    }
    case Node::Kind::Function: {
        const std::string& f = n.op;
        if (f == "attribute_exists") return resolve(item, n.args[0]->path) != nullptr;
        if (f == "attribute_not_exists") return resolve(item, n.args[0]->path) == nullptr;
        auto a = operand_value(*n.args[0], item);
        auto b = operand_value(*n.args[1], item);
        if (!a || !b) return false;
        if (f == "attribute_type") return type_of(*b) == "S" && type_of(*a) == (*b)["S"].get<std::string>();
        if (f == "begins_with") {
            const std::string t = type_of(*a);
            if ((t != "S" && t != "B") || type_of(*b) != t) return false;
            const std::string s = (*a)[t].get<std::string>();
            const std::string prefix = (*b)[t].get<std::string>();
            return s.compare(0, prefix.size(), prefix) == 0;
        }
        if (f == "contains") {
            const std::string t = type_of(*a);
            if (t == "S" && type_of(*b) == "S")
                return (*a)["S"].get<std::string>().find((*b)["S"].get<std::string>()) != std::string::npos;
            if (t == "SS" || t == "NS" || t == "BS") {
                const std::string et = t.substr(0, 1);
                if (type_of(*b) != et) return false;
                for (const auto& e : (*a)[t])
                    if (equal_values(Json{{et, e}}, *b)) return true;
                return false;
            }
            if (t == "L") {
                for (const auto& e : (*a)["L"])
                    if (equal_values(e, *b)) return true;
            }
            return false;
        }
        return validation("Invalid expression: function " + f + " is not a condition");
    }
    default: return validation("Invalid expression: The expression is not a condition");
    }
}

namespace {

Result<Json> set_value_of(const Node& n, const Json& item) {
    if (n.kind == Node::Kind::Function && (n.op == "+" || n.op == "-")) {
        auto a = set_value_of(*n.args[0], item);
        if (!a) return a;
        auto b = set_value_of(*n.args[1], item);
        if (!b) return b;
        if (type_of(*a) != "N" || type_of(*b) != "N") {
            return validation("An operand in the update expression has an incorrect data type");
        }
        const long double x = number(*a);
        const long double y = number(*b);
        return Json{{"N", format_number(n.op == "+" ? x + y : x - y)}};
    }
    if (n.kind == Node::Kind::Function && n.op == "if_not_exists") {
        if (const Json* v = resolve(item, n.args[0]->path)) return *v;
        return set_value_of(*n.args[1], item);
    }
    if (n.kind == Node::Kind::Function && n.op == "list_append") {
        auto a = set_value_of(*n.args[0], item);
        if (!a) return a;
        auto b = set_value_of(*n.args[1], item);
        if (!b) return b;
        if (type_of(*a) != "L" || type_of(*b) != "L") {
            return validation("An operand in the update expression has an incorrect data type");
        }
        Json out = (*a)["L"];
        for (const auto& e : (*b)["L"])
            out.push_back(e);
        return Json{{"L", out}};
    }
    auto v = operand_value(n, item);
    if (!v) {
        return validation("The provided expression refers to an attribute that does not exist in the item");
    }
    return *v;
}

Result<void> assign(Json& item, const Path& path, Json value) {
    Json* parent = parent_of(item, path);
    const Error invalid =
        validation("The document path provided in the update expression is invalid for update");
    if (parent == nullptr) return invalid;
    const PathElement& last = path.back();
    if (path.size() == 1) {
        (*parent)[last.name] = std::move(value);
        return ok();
    }
    if (last.index >= 0) {
        if (!parent->contains("L")) return invalid;
        Json& list = (*parent)["L"];
        if (static_cast<std::size_t>(last.index) < list.size())
            list[static_cast<std::size_t>(last.index)] = std::move(value);
        else
            list.push_back(std::move(value));
        return ok();
    }
    if (!parent->contains("M")) return invalid;
    (*parent)["M"][last.name] = std::move(value);
    return ok();
}

void erase(Json& item, const Path& path) {
    Json* parent = parent_of(item, path);
    if (parent == nullptr) return;
    const PathElement& last = path.back();
    if (path.size() == 1) {
        parent->erase(last.name);
    } else if (last.index >= 0) {
        if (parent->contains("L") && static_cast<std::size_t>(last.index) < (*parent)["L"].size())
            (*parent)["L"].erase(static_cast<std::size_t>(last.index));
    } else if (parent->contains("M")) {
        (*parent)["M"].erase(last.name);
    }
}

} // namespace

Result<void> apply_update(const std::vector<UpdateAction>& actions, Json& item,
                          std::vector<std::string>& touched) {
    // Every operand is read from the item as it was before the update, as DynamoDB does.
    const Json before = item;
    std::set<std::string> seen;
    for (const auto& a : actions) {
        std::string key;
        for (const auto& e : a.path)
            key += e.index >= 0 ? "[" + std::to_string(e.index) + "]" : "." + e.name;
        for (const auto& s : seen) {
            if (s == key ||
                (s.size() < key.size() && key.compare(0, s.size(), s) == 0 &&
                 (key[s.size()] == '.' || key[s.size()] == '[')) ||
                (key.size() < s.size() && s.compare(0, key.size(), key) == 0 &&
                 (s[key.size()] == '.' || s[key.size()] == '['))) {
                return validation(
                    "Invalid UpdateExpression: Two document paths overlap with each other; must remove "
                    "or rewrite one of these paths; path one: [" +
                    s.substr(1) + "], path two: [" + key.substr(1) + "]");
            }
        }
        seen.insert(key);
        if (std::find(touched.begin(), touched.end(), top_name(a.path)) == touched.end())
            touched.push_back(top_name(a.path));
    }
    for (const auto& a : actions) {
        switch (a.kind) {
        case UpdateAction::Kind::Set: {
            auto v = set_value_of(*a.value, before);
            if (!v) return v.error();
            if (auto r = assign(item, a.path, *v); !r) return r;
            break;
        }
        case UpdateAction::Kind::Remove: erase(item, a.path); break;
        case UpdateAction::Kind::Add:
        case UpdateAction::Kind::Delete: {
            const Json& v = a.value->value;
            const std::string t = type_of(v);
            const Json* cur = resolve(before, a.path);
            if (a.kind == UpdateAction::Kind::Add && t == "N") {
                if (cur != nullptr && type_of(*cur) != "N") {
                    return validation("An operand in the update expression has an incorrect data type");
                }
                const long double base = cur != nullptr ? number(*cur) : 0;
                if (auto r = assign(item, a.path, Json{{"N", format_number(base + number(v))}}); !r) return r;
                break;
            }
            if (t != "SS" && t != "NS" && t != "BS") {
                return validation(
                    std::string("Invalid UpdateExpression: Incorrect operand type for operator or function; "
                                "operator: ") +
                    (a.kind == UpdateAction::Kind::Add ? "ADD" : "DELETE") +
                    ", operand type: " + (t.empty() ? "?" : t));
            }
            if (cur != nullptr && type_of(*cur) != t) {
                return validation("An operand in the update expression has an incorrect data type");
            }
            Json set = cur != nullptr ? (*cur)[t] : Json::array();
            for (const auto& e : v[t]) {
                auto it = std::find(set.begin(), set.end(), e);
                if (a.kind == UpdateAction::Kind::Add && it == set.end()) set.push_back(e);
                if (a.kind == UpdateAction::Kind::Delete && it != set.end()) set.erase(it);
            }
            if (set.empty())
                erase(item, a.path);
            else if (auto r = assign(item, a.path, Json{{t, set}}); !r)
                return r;
            break;
        }
        }
    }
    return ok();
}

Json project(const Json& item, const std::vector<Path>& paths) {
    Json out = Json::object();
    for (const auto& p : paths) {
        const Json* v = resolve(item, p);
        if (v == nullptr) continue;
        if (p.size() == 1) {
            out[p[0].name] = *v;
            continue;
        }
        // Nested: rebuild the containers down to the element (list elements keep their order, not their
        // index).
        Json* cur = &out[p[0].name];
        const Json* src = &item[p[0].name];
        for (std::size_t i = 1; i < p.size(); ++i) {
            const bool last = i + 1 == p.size();
            if (p[i].index >= 0) {
                const Json& elem = (*src)["L"][static_cast<std::size_t>(p[i].index)];
                if (!cur->contains("L")) (*cur)["L"] = Json::array();
                (*cur)["L"].push_back(last ? elem : Json::object());
                cur = &(*cur)["L"].back();
                src = &elem;
            } else {
                const Json& elem = (*src)["M"][p[i].name];
                if (!cur->contains("M")) (*cur)["M"] = Json::object();
                Json& slot = (*cur)["M"][p[i].name];
                if (last) slot = elem;
                cur = &slot;
                src = &elem;
            }
        }
    }
    return out;
}

} // namespace cdk::localcloud::dynamodb
