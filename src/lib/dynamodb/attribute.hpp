#pragma once

#include <string>

namespace cdk::dynamodb {

/// The type of a key attribute (CDK: AttributeType).
enum class AttributeType { Binary, Number, String };
/// `B`, `N`, `S`, as DynamoDB spells them.
[[nodiscard]] std::string to_string(AttributeType type);

/// A key attribute: its name and type (CDK: Attribute).
struct Attribute {
    std::string name;
    AttributeType type = AttributeType::String;
};

/// How reads and writes are charged (CDK: BillingMode).
enum class BillingMode { PayPerRequest, Provisioned };
/// `PAY_PER_REQUEST`, `PROVISIONED`.
[[nodiscard]] std::string to_string(BillingMode mode);

/// Which attributes an index holds (CDK: ProjectionType).
enum class ProjectionType { KeysOnly, Include, All };
/// `KEYS_ONLY`, `INCLUDE`, `ALL`.
[[nodiscard]] std::string to_string(ProjectionType type);

/// What a stream record carries (CDK: StreamViewType).
enum class StreamViewType { NewImage, OldImage, NewAndOldImages, KeysOnly };
/// `NEW_IMAGE`, `OLD_IMAGE`, `NEW_AND_OLD_IMAGES`, `KEYS_ONLY`.
[[nodiscard]] std::string to_string(StreamViewType type);

/// Server-side encryption of a table (CDK: TableEncryption). Default is the AWS-owned key.
enum class TableEncryption { Default, CustomerManaged, AwsManaged };

/// The storage class of a table (CDK: TableClass).
enum class TableClass { Standard, StandardInfrequentAccess };
/// `STANDARD`, `STANDARD_INFREQUENT_ACCESS`.
[[nodiscard]] std::string to_string(TableClass table_class);

} // namespace cdk::dynamodb
