#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/state/store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cdk::localcloud::s3 {

/// One page of a bucket listing.
struct Listing {
    std::vector<Json> objects;
    std::vector<std::string> common_prefixes;
    bool truncated = false;
    std::string next_key; ///< the last key or prefix returned (continuation point)
};

/// S3 state: buckets (global names, owned by one account, with their policy and stored configuration
/// subresources) and object records pointing at durable files under the objects directory.
class S3Backend {
public:
    [[nodiscard]] Result<Json> find_bucket(Tx& tx, const std::string& name);
    [[nodiscard]] Result<Json> create_bucket(Tx& tx, const std::string& account, const std::string& region,
                                             const std::string& name, long long now);
    [[nodiscard]] Result<void> delete_bucket(Tx& tx, const std::string& name);
    [[nodiscard]] Result<void> save_bucket(Tx& tx, const Json& bucket);
    [[nodiscard]] Result<std::vector<Json>> list_buckets(Tx& tx, const std::string& account);

    [[nodiscard]] Result<std::optional<Json>> get_object(Tx& tx, const std::string& bucket,
                                                         const std::string& key);
    /// Stores the record; returns the file id of the object it replaced ("" if none) for removal after
    /// commit.
    [[nodiscard]] Result<std::string> put_object(Tx& tx, const std::string& bucket, const Json& object);
    /// Removes the record; returns the removed file id ("" if there was no such object).
    [[nodiscard]] Result<std::string> delete_object(Tx& tx, const std::string& bucket,
                                                    const std::string& key);
    [[nodiscard]] Result<Listing> list_objects(Tx& tx, const std::string& bucket, const std::string& prefix,
                                               const std::string& delimiter, const std::string& start_after,
                                               std::size_t max_keys);

    [[nodiscard]] Result<std::optional<Json>> get_upload(Tx& tx, const std::string& upload_id);
    [[nodiscard]] Result<void> put_upload(Tx& tx, const Json& upload);
    [[nodiscard]] Result<void> delete_upload(Tx& tx, const std::string& upload_id);
};

/// Whether `name` is a valid bucket name.
[[nodiscard]] bool valid_bucket_name(const std::string& name);

} // namespace cdk::localcloud::s3
