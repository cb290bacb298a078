#pragma once

#include <string>
#include <vector>

namespace cdk {
class Construct;
}

namespace cdk::lambda {

/// Where a function's code comes from (CDK: Code): inline text or a local file/directory published as an
/// asset (`Code::from_asset`), or an existing S3 object.
class Code {
public:
    /// The handler source itself (`ZipFile`), at most 4 KiB-ish; Node.js and Python only.
    [[nodiscard]] static Code from_inline(std::string code);
    /// A directory (zipped) or a .zip/.jar file, staged into the assembly and published before deployment.
    [[nodiscard]] static Code from_asset(std::string path, std::vector<std::string> exclude = {});
    /// An object that already exists in S3.
    [[nodiscard]] static Code from_bucket(std::string bucket_name, std::string key);

    enum class Kind { Inline, Asset, S3 };
    [[nodiscard]] Kind kind() const { return kind_; }
    [[nodiscard]] const std::string& text() const { return text_; }
    [[nodiscard]] const std::string& path() const { return text_; }
    [[nodiscard]] const std::string& bucket_name() const { return bucket_; }
    [[nodiscard]] const std::string& key() const { return key_; }
    [[nodiscard]] const std::vector<std::string>& exclude() const { return exclude_; }

private:
    Kind kind_ = Kind::Inline;
    std::string text_;
    std::string bucket_;
    std::string key_;
    std::vector<std::string> exclude_;
};

} // namespace cdk::lambda
