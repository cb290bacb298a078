#pragma once

#include "aws/auth/session.hpp"
#include "aws/client/aws_client.hpp"

#include <optional>

namespace cdk::aws::ssm {

/// An SSM parameter.
struct Parameter {
    std::string name;
    std::string value;
    std::string type;
    long long version = 0;
};

/// Typed client for AWS Systems Manager parameters.
class SsmClient {
public:
    explicit SsmClient(AwsClient client) : client_(std::move(client)) {}
    [[nodiscard]] static Result<SsmClient> create(const auth::Session& session);

    /// The parameter, or nullopt when it does not exist.
    [[nodiscard]] Result<std::optional<Parameter>> get_parameter(const std::string& name,
                                                                 bool decrypt = false) const;
    /// Creates or (with overwrite) updates; returns the new version.
    [[nodiscard]] Result<long long> put_parameter(const std::string& name, const std::string& value,
                                                  const std::string& type = "String",
                                                  bool overwrite = true) const;
    [[nodiscard]] Result<void> delete_parameter(const std::string& name) const;
    /// Every parameter under a path (recursive).
    [[nodiscard]] Result<std::vector<Parameter>> get_parameters_by_path(const std::string& path) const;

    [[nodiscard]] const AwsClient& raw() const { return client_; }

private:
    AwsClient client_;
};

} // namespace cdk::aws::ssm
