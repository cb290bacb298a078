#include "lib/lambda/code.hpp"

#include "tokens/errors.hpp"

namespace cdk::lambda {

Code Code::from_inline(std::string code) {
    if (code.empty())
        throw ValidationError("Code::from_inline needs the handler source, got an empty string");
    Code c;
    c.kind_ = Kind::Inline;
    c.text_ = std::move(code);
    return c;
}

Code Code::from_asset(std::string path, std::vector<std::string> exclude) {
    Code c;
    c.kind_ = Kind::Asset;
    c.text_ = std::move(path);
    c.exclude_ = std::move(exclude);
    return c;
}

Code Code::from_bucket(std::string bucket_name, std::string key) {
    Code c;
    c.kind_ = Kind::S3;
    c.bucket_ = std::move(bucket_name);
    c.key_ = std::move(key);
    return c;
}

} // namespace cdk::lambda
