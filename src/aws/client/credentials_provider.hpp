#pragma once

#include "aws/sigv4/credentials.hpp"
#include "core/result.hpp"

#include <string>

namespace cdk::aws {

/// A source of AWS credentials (environment, profile, assumed role, process, ...).
class CredentialsProvider {
public:
    virtual ~CredentialsProvider() = default;
    /// Current credentials; temporary ones are refreshed by the provider before they expire.
    [[nodiscard]] virtual Result<Credentials> credentials() = 0;
    /// Where the credentials come from, in words ("environment variables AWS_ACCESS_KEY_ID/...").
    [[nodiscard]] virtual std::string describe() const = 0;
};

/// Fixed credentials.
class StaticCredentialsProvider final : public CredentialsProvider {
public:
    StaticCredentialsProvider(Credentials credentials, std::string description)
        : credentials_(std::move(credentials)), description_(std::move(description)) {}
    [[nodiscard]] Result<Credentials> credentials() override { return credentials_; }
    [[nodiscard]] std::string describe() const override { return description_; }

private:
    Credentials credentials_;
    std::string description_;
};

} // namespace cdk::aws
