#pragma once
// The actions of the DynamoDB grants (aws-cdk-lib's aws-dynamodb/lib/perms.ts), shared by Table and TableV2.

#include <initializer_list>
#include <string>
#include <vector>

namespace cdk::dynamodb::perms {

inline const std::vector<std::string> kResourceReadDataActions = {"dynamodb:BatchGetItem", "dynamodb:Query",
                                                                  "dynamodb:GetItem", "dynamodb:Scan",
                                                                  "dynamodb:ConditionCheckItem"};
inline const std::vector<std::string> kPrincipalOnlyReadDataActions = {"dynamodb:GetRecords",
                                                                       "dynamodb:GetShardIterator"};
inline const std::vector<std::string> kKeyReadActions = {"kms:Decrypt", "kms:DescribeKey"};
inline const std::vector<std::string> kWriteDataActions = {"dynamodb:BatchWriteItem", "dynamodb:PutItem",
                                                           "dynamodb:UpdateItem", "dynamodb:DeleteItem"};
inline const std::vector<std::string> kKeyWriteActions = {"kms:Encrypt", "kms:ReEncrypt*",
                                                          "kms:GenerateDataKey*"};
inline const std::vector<std::string> kReadStreamDataActions = {
    "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"};
inline const char* const kDescribeTable = "dynamodb:DescribeTable";

inline std::vector<std::string> concat(std::initializer_list<std::vector<std::string>> parts) {
    std::vector<std::string> out;
    for (const auto& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

} // namespace cdk::dynamodb::perms
