#include "toolkit/environments.hpp"

#include "aws/sts/sts_client.hpp"

#include <array>

namespace cdk::toolkit {

std::string partition_of(const std::string& region) {
    if (region.rfind("cn-", 0) == 0) return "aws-cn";
    if (region.rfind("us-gov-", 0) == 0) return "aws-us-gov";
    return "aws";
}

std::string substitute_placeholders(const std::string& text, const ResolvedEnvironment& env) {
    const std::array<std::pair<std::string, std::string>, 3> replacements{
        {{"${AWS::AccountId}", env.account},
         {"${AWS::Region}", env.region},
         {"${AWS::Partition}", env.partition}}};
    std::string out = text;
    for (const auto& [from, to] : replacements) {
        for (auto pos = out.find(from); pos != std::string::npos; pos = out.find(from, pos + to.size())) {
            out.replace(pos, from.size(), to);
        }
    }
    return out;
}

Error explain_credentials_error(const Error& error) {
    static const std::array<const char*, 5> kExpired = {"ExpiredToken", "ExpiredTokenException",
                                                        "RequestExpired", "InvalidClientTokenId",
                                                        "UnrecognizedClientException"};
    for (const char* code : kExpired) {
        if (error.code == code) {
            Error e = error;
            e.code = "ExpiredCredentials";
            e.message = "the AWS credentials in use are expired or not valid (" + error.code + ": " +
                        error.message +
                        "); renew them (e.g. `aws sso login`, a fresh session token, or `cdkpp local "
                        "profiles --write` "
                        "for localcloud) and run the command again";
            return e;
        }
    }
    return error;
}

Result<aws::auth::Session> SessionPool::for_region(const std::string& region) {
    std::lock_guard lock(mutex_);
    const auto it = sessions_.find(region);
    if (it != sessions_.end()) return it->second;
    aws::auth::SessionOptions options = options_;
    if (!region.empty()) options.region = region;
    auto session = aws::auth::Session::create(options);
    if (!session) return session.error();
    sessions_.emplace(region, *session);
    return *session;
}

Result<void> SessionPool::look_up_caller() {
    {
        std::lock_guard lock(mutex_);
        if (!caller_account_.empty()) return ok();
    }
    auto session = for_region("");
    if (!session) return session.error();
    auto sts = aws::sts::StsClient::create(*session);
    if (!sts) return sts.error();
    auto who = sts->get_caller_identity();
    if (!who) return explain_credentials_error(who.error());
    std::lock_guard lock(mutex_);
    caller_account_ = who->account;
    caller_arn_ = who->arn;
    return ok();
}

Result<std::string> SessionPool::caller_account() {
    if (auto r = look_up_caller(); !r) return r.error();
    std::lock_guard lock(mutex_);
    return caller_account_;
}

Result<std::string> SessionPool::caller_arn() {
    if (auto r = look_up_caller(); !r) return r.error();
    std::lock_guard lock(mutex_);
    return caller_arn_;
}

Result<ResolvedEnvironment> SessionPool::resolve(const assembly::Environment& env) {
    ResolvedEnvironment out;
    if (env.has_account()) {
        out.account = env.account;
    } else {
        auto account = caller_account();
        if (!account) return account.error();
        out.account = *account;
    }
    if (env.has_region()) {
        out.region = env.region;
    } else {
        auto session = for_region("");
        if (!session) return session.error();
        out.region = session->region();
    }
    out.partition = partition_of(out.region);
    return out;
}

} // namespace cdk::toolkit
