#include "pipelines/detail/asset_publishing.hpp"

#include "constructs/stack.hpp"
#include "tokens/aws.hpp"
#include "tokens/fn.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace cdk::pipelines::detail {
namespace {

/// `arn:<partition>:<service>:<region>:<account>:<resource>` in the stack of `scope` (CDK: formatArn).
std::string stack_arn(const Construct& scope, const std::string& service, const std::string& resource) {
    const Stack& stack = Stack::of(scope);
    return "arn:" + Aws::PARTITION + ":" + service + ":" + stack.region() + ":" + stack.account() + ":" +
           resource;
}

const std::vector<std::string> kLogActions = {"logs:CreateLogGroup", "logs:CreateLogStream",
                                              "logs:PutLogEvents"};
const std::vector<std::string> kReportActions = {"codebuild:CreateReportGroup", "codebuild:CreateReport",
                                                 "codebuild:UpdateReport", "codebuild:BatchPutTestCases",
                                                 "codebuild:BatchPutCodeCoverages"};
const std::vector<std::string> kBuildActions = {"codebuild:BatchGetBuilds", "codebuild:StartBuild",
                                                "codebuild:StopBuild"};
/// What Project::bind_to_code_pipeline grants on the artifact key; the singleton role does not need it.
const std::vector<std::string> kProjectKeyActions = {"kms:Decrypt", "kms:Encrypt", "kms:ReEncrypt*",
                                                     "kms:GenerateDataKey*"};

constexpr std::size_t kMaxArnsPerStatement = 10;

} // namespace

AssetSingletonRole::AssetSingletonRole(Construct& scope, std::string_view id, const iam::RoleProps& props)
    : iam::Role(scope, id, props) {
    add_to_policy(iam::PolicyStatement(
        {.actions = kLogActions, .resources = {stack_arn(*this, "logs", "log-group:/aws/codebuild/*")}}));
    add_to_policy(iam::PolicyStatement(
        {.actions = kReportActions, .resources = {stack_arn(*this, "codebuild", "report-group/*")}}));
    add_to_policy(iam::PolicyStatement({.actions = kBuildActions, .resources = {"*"}}));
    reject_duplicates_ = true;
}

iam::AddToPrincipalPolicyResult AssetSingletonRole::add_to_policy(const iam::PolicyStatement& statement) {
    const std::vector<std::string>& actions = statement.actions();
    if (reject_duplicates_ &&
        (actions == kLogActions || actions == kReportActions || actions == kBuildActions)) {
        // Already there with wildcard resources: pretend it was added, as the CDK does.
        return {.statement_added = true};
    }
    if (actions == kProjectKeyActions) return {.statement_added = true};
    return iam::Role::add_to_policy(statement);
}

void AssetSingletonRole::add_assume_role(const std::string& role_arn_with_placeholders) {
    if (assume_batches_.empty() || assume_batches_.back().size() >= kMaxArnsPerStatement) {
        assume_batches_.emplace_back();
    }
    assume_batches_.back().push_back(role_arn_with_placeholders);
}

void AssetSingletonRole::flush_assume_roles() {
    for (const auto& batch : assume_batches_) {
        iam::PolicyStatement statement({.actions = {"sts:AssumeRole"}});
        std::vector<std::string> unique;
        for (const std::string& arn : batch) {
            if (std::find(unique.begin(), unique.end(), arn) == unique.end()) unique.push_back(arn);
        }
        std::vector<std::string> resources;
        for (const std::string& arn : unique) {
            resources.push_back(arn.find("${") != std::string::npos ? Fn::sub(arn) : arn);
        }
        statement.add_resources(resources);
        iam::Role::add_to_policy(statement);
    }
    assume_batches_.clear();
}

std::string sha1_hex(const std::string& data) {
    auto rotl = [](std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); };
    std::array<std::uint32_t, 5> h = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
    std::string message = data;
    const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
    message += static_cast<char>(0x80);
    while (message.size() % 64 != 56)
        message += '\0';
    for (int i = 7; i >= 0; --i)
        message += static_cast<char>((bits >> (i * 8)) & 0xff);
    for (std::size_t block = 0; block < message.size(); block += 64) {
        std::array<std::uint32_t, 80> w{};
        for (int i = 0; i < 16; ++i) {
            w[i] =
                (static_cast<std::uint32_t>(static_cast<unsigned char>(message[block + 4 * i])) << 24) |
                (static_cast<std::uint32_t>(static_cast<unsigned char>(message[block + 4 * i + 1])) << 16) |
                (static_cast<std::uint32_t>(static_cast<unsigned char>(message[block + 4 * i + 2])) << 8) |
                static_cast<std::uint32_t>(static_cast<unsigned char>(message[block + 4 * i + 3]));
        }
        for (int i = 16; i < 80; ++i)
            w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 80; ++i) {
            std::uint32_t f = 0;
            std::uint32_t k = 0;
            if (i < 20) {
                f = (b & c) | (~b & d);
                k = 0x5A827999u;
            } else if (i < 40) {
                f = b ^ c ^ d;
                k = 0x6ED9EBA1u;
            } else if (i < 60) {
                f = (b & c) | (b & d) | (c & d);
                k = 0x8F1BBCDCu;
            } else {
                f = b ^ c ^ d;
                k = 0xCA62C1D6u;
            }
            const std::uint32_t t = rotl(a, 5) + f + e + k + w[i];
            e = d;
            d = c;
            c = rotl(b, 30);
            b = a;
            a = t;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (std::uint32_t v : h) {
        for (int i = 7; i >= 0; --i)
            out += kHex[(v >> (i * 4)) & 0xf];
    }
    return out;
}

std::string construct_address(const Construct& scope) {
    std::string input;
    for (const Construct* c : scope.node().scopes()) {
        if (c->node().id() == "Default") continue;
        input += c->node().id();
        input += '\n';
    }
    return "c8" + sha1_hex(input);
}

} // namespace cdk::pipelines::detail
