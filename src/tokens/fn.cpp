#include "tokens/fn.hpp"

#include "tokens/errors.hpp"
#include "tokens/intrinsic.hpp"
#include "tokens/resolve.hpp"
#include "tokens/token.hpp"

#include <algorithm>
#include <memory>

namespace cdk {
namespace {

std::string str_token(const char* name, Json args) {
    return Token::as_string(Intrinsic::make(Json{{name, std::move(args)}}, name));
}

Json cond_token(const char* name, Json args) {
    return Token::as_any(Intrinsic::make(Json{{name, std::move(args)}}, name));
}

Json to_json_list(const std::vector<std::string>& values) {
    Json out = Json::array();
    for (const auto& v : values) {
        out.push_back(v);
    }
    return out;
}

/// `Fn::Join` with the CDK's folding of literals and nested joins.
class FnJoin : public IResolvable {
public:
    FnJoin(std::string delimiter, Json values)
        : delimiter_(std::move(delimiter)), values_(std::move(values)) {}

    Json resolve(ResolveContext& context) const override {
        if (Token::reverse(values_)) {
            return Json{{"Fn::Join", Json::array({delimiter_, values_})}};
        }
        std::vector<Json> resolved;
        for (const auto& v : values_) {
            resolved.push_back(context.resolve(v));
        }
        auto joined = detail::minimal_cloudformation_join(delimiter_, std::move(resolved));
        if (joined.size() == 1) {
            return joined[0];
        }
        return Json{{"Fn::Join", Json::array({delimiter_, joined})}};
    }
    std::string display_hint() const override { return "Fn::Join"; }
    bool stable_across_passes() const override { return true; }

private:
    std::string delimiter_;
    Json values_;
};

/// An intrinsic that asks its stack for the AWS::LanguageExtensions transform.
class LanguageExtensionIntrinsic : public Intrinsic {
public:
    using Intrinsic::Intrinsic;
    Json resolve(ResolveContext& context) const override {
        if (context.options().add_transform) {
            context.options().add_transform("AWS::LanguageExtensions");
        }
        return value();
    }
};

Json combine(const char* name, const std::vector<Json>& conditions) {
    if (conditions.empty()) {
        throw ValidationError(std::string(name) + " needs at least one condition");
    }
    if (conditions.size() == 1) {
        return conditions[0];
    }
    if (conditions.size() <= 10) {
        return cond_token(name, Json(conditions));
    }
    std::vector<Json> groups;
    for (std::size_t i = 0; i < conditions.size(); i += 10) {
        const auto end = std::min(conditions.size(), i + 10);
        groups.push_back(
            combine(name, std::vector<Json>(conditions.begin() + static_cast<std::ptrdiff_t>(i),
                                            conditions.begin() + static_cast<std::ptrdiff_t>(end))));
    }
    return combine(name, groups);
}

} // namespace

std::string Fn::ref(const std::string& logical_name) {
    return str_token("Ref", logical_name);
}

std::string Fn::get_att(const std::string& logical_name, const std::string& attribute) {
    return str_token("Fn::GetAtt", Json::array({logical_name, attribute}));
}

std::string Fn::join(const std::string& delimiter, const std::vector<std::string>& values) {
    if (values.empty()) {
        throw ValidationError("Fn::join requires at least one value to be provided");
    }
    return Token::as_string(std::make_shared<FnJoin>(delimiter, to_json_list(values)));
}

std::vector<std::string> Fn::split(const std::string& delimiter, const std::string& source,
                                   std::optional<int> assumed_length) {
    if (!Token::is_unresolved(source)) {
        std::vector<std::string> out;
        if (delimiter.empty()) {
            for (const char c : source) {
                out.emplace_back(1, c);
            }
            return out;
        }
        std::size_t start = 0;
        while (true) {
            const auto pos = source.find(delimiter, start);
            out.push_back(source.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
            if (pos == std::string::npos) {
                return out;
            }
            start = pos + delimiter.size();
        }
    }
    if (Token::is_unresolved(delimiter)) {
        throw ValidationError("Fn::split: 'delimiter' may not be a token value", {}, delimiter);
    }
    auto list =
        Token::as_list(Intrinsic::make(Json{{"Fn::Split", Json::array({delimiter, source})}}, "Fn::Split"));
    if (!assumed_length) {
        return list;
    }
    std::vector<std::string> out;
    out.reserve(static_cast<size_t>(std::max(*assumed_length, 0)));
    for (int i = 0; i < *assumed_length; ++i) {
        out.push_back(select(i, list));
    }
    return out;
}

std::string Fn::select(int index, const std::vector<std::string>& array) {
    bool literal = true;
    for (const auto& item : array) {
        literal = literal && !Token::is_unresolved(item);
    }
    if (literal) {
        if (index < 0 || static_cast<std::size_t>(index) >= array.size()) {
            throw ValidationError("Fn::select: index " + std::to_string(index) +
                                  " is out of range of a list of " + std::to_string(array.size()));
        }
        return array[static_cast<std::size_t>(index)];
    }
    return str_token("Fn::Select", Json::array({index, to_json_list(array)}));
}

std::string Fn::sub(const std::string& body, const std::map<std::string, std::string>& variables) {
    if (variables.empty()) {
        return str_token("Fn::Sub", body);
    }
    return str_token("Fn::Sub", Json::array({body, Json(variables)}));
}

std::string Fn::base64(const std::string& data) {
    return str_token("Fn::Base64", data);
}

std::vector<std::string> Fn::cidr(const std::string& ip_block, int count, const std::string& size_mask) {
    if (count < 1 || count > 256) {
        throw ValidationError("Fn::Cidr's count attribute must be between 1 and 256, " +
                                  std::to_string(count) + " was provided",
                              {}, std::to_string(count));
    }
    Json args = Json::array({ip_block, count});
    if (!size_mask.empty()) {
        args.push_back(size_mask);
    }
    return Token::as_list(Intrinsic::make(Json{{"Fn::Cidr", args}}, "Fn::Cidr"));
}

std::vector<std::string> Fn::get_azs(const std::string& region) {
    return Token::as_list(Intrinsic::make(Json{{"Fn::GetAZs", region}}, "Fn::GetAZs"));
}

std::string Fn::import_value(const std::string& shared_value_to_import) {
    return str_token("Fn::ImportValue", shared_value_to_import);
}

std::string Fn::find_in_map(const std::string& map_name, const std::string& top_level_key,
                            const std::string& second_level_key, std::optional<std::string> default_value) {
    Json args = Json::array({map_name, top_level_key, second_level_key});
    if (!default_value) {
        return str_token("Fn::FindInMap", args);
    }
    args.push_back(Json{{"DefaultValue", *default_value}});
    return Token::as_string(
        std::make_shared<LanguageExtensionIntrinsic>(Json{{"Fn::FindInMap", args}}, "Fn::FindInMap"));
}

std::string Fn::to_json_string(const Json& object) {
    if (!Token::is_unresolved(object)) {
        return object.dump();
    }
    return Token::as_string(
        std::make_shared<LanguageExtensionIntrinsic>(Json{{"Fn::ToJsonString", object}}, "Fn::ToJsonString"));
}

double Fn::len(const Json& array) {
    if (!Token::is_unresolved(array)) {
        if (!array.is_array()) {
            throw ValidationError("Fn::len needs an array", {}, array.dump());
        }
        return static_cast<double>(array.size());
    }
    return Token::as_number(
        std::make_shared<LanguageExtensionIntrinsic>(Json{{"Fn::Length", array}}, "Fn::Length"));
}

std::string Fn::transform(const std::string& macro_name, const Json& parameters) {
    return str_token("Fn::Transform", Json{{"Name", macro_name}, {"Parameters", parameters}});
}

Json Fn::condition_equals(const Json& lhs, const Json& rhs) {
    return cond_token("Fn::Equals", Json::array({lhs, rhs}));
}

Json Fn::condition_and(const std::vector<Json>& conditions) {
    return combine("Fn::And", conditions);
}

Json Fn::condition_or(const std::vector<Json>& conditions) {
    return combine("Fn::Or", conditions);
}

Json Fn::condition_not(const Json& condition) {
    return cond_token("Fn::Not", Json::array({condition}));
}

Json Fn::condition_if(const std::string& condition_id, const Json& value_if_true,
                      const Json& value_if_false) {
    return cond_token("Fn::If", Json::array({condition_id, value_if_true, value_if_false}));
}

Json Fn::condition_contains(const std::vector<std::string>& list_of_strings, const std::string& value) {
    return cond_token("Fn::Contains", Json::array({to_json_list(list_of_strings), value}));
}

Json Fn::condition_each_member_equals(const std::vector<std::string>& list_of_strings,
                                      const std::string& value) {
    return cond_token("Fn::EachMemberEquals", Json::array({to_json_list(list_of_strings), value}));
}

Json Fn::condition_each_member_in(const std::vector<std::string>& strings_to_check,
                                  const std::vector<std::string>& strings_to_match) {
    return cond_token("Fn::EachMemberIn",
                      Json::array({to_json_list(strings_to_check), to_json_list(strings_to_match)}));
}

} // namespace cdk
