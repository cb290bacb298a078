#include "localcloud/s3/s3_backend.hpp"

#include "core/strings.hpp"
#include "localcloud/s3/s3_errors.hpp"

#include <regex>
#include <set>

namespace cdk::localcloud::s3 {

namespace {
const Scope kGlobal{"", ""};
std::string object_name(const std::string& bucket, const std::string& key) {
    return bucket + "/" + key;
}
} // namespace

bool valid_bucket_name(const std::string& name) {
    static const std::regex kName(R"(^[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]$)");
    return std::regex_match(name, kName) && name.find("..") == std::string::npos;
}

Result<Json> S3Backend::find_bucket(Tx& tx, const std::string& name) {
    auto b = tx.get(kGlobal, "s3:bucket", name);
    if (!b) return b.error();
    if (!b->has_value()) return no_such_bucket(name);
    return std::move(**b);
}

Result<Json> S3Backend::create_bucket(Tx& tx, const std::string& account, const std::string& region,
                                      const std::string& name, long long now) {
    if (!valid_bucket_name(name)) return invalid_bucket_name(name);
    auto existing = tx.get(kGlobal, "s3:bucket", name);
    if (!existing) return existing.error();
    if (existing->has_value()) {
        if ((**existing)["Account"] == account) {
            return make_error("BucketAlreadyOwnedByYou",
                              "Your previous request to create the named bucket "
                              "succeeded and you already own it.",
                              409);
        }
        return make_error("BucketAlreadyExists",
                          "The requested bucket name is not available. The bucket namespace "
                          "is shared by all users of the system. Please select a different "
                          "name and try again.",
                          409);
    }
    Json bucket{{"Name", name},
                {"Account", account},
                {"Region", region},
                {"CreationDate", now},
                {"Config", Json::object()}};
    if (auto r = tx.put(kGlobal, "s3:bucket", name, bucket); !r) return r.error();
    return bucket;
}

Result<void> S3Backend::delete_bucket(Tx& tx, const std::string& name) {
    auto any = tx.list(kGlobal, "s3:object", name + "/", {}, 1);
    if (!any) return any.error();
    if (!any->empty()) return bucket_not_empty(name);
    auto erased = tx.erase(kGlobal, "s3:bucket", name);
    if (!erased) return erased.error();
    if (!*erased) return no_such_bucket(name);
    return ok();
}

Result<void> S3Backend::save_bucket(Tx& tx, const Json& bucket) {
    return tx.put(kGlobal, "s3:bucket", bucket["Name"].get<std::string>(), bucket);
}

Result<std::vector<Json>> S3Backend::list_buckets(Tx& tx, const std::string& account) {
    auto rows = tx.list(kGlobal, "s3:bucket");
    if (!rows) return rows.error();
    std::vector<Json> out;
    for (auto& [n, b] : *rows) {
        if (b["Account"] == account) out.push_back(b);
    }
    return out;
}

Result<std::optional<Json>> S3Backend::get_object(Tx& tx, const std::string& bucket, const std::string& key) {
    return tx.get(kGlobal, "s3:object", object_name(bucket, key));
}

Result<std::string> S3Backend::put_object(Tx& tx, const std::string& bucket, const Json& object) {
    const std::string name = object_name(bucket, object["Key"].get<std::string>());
    auto old = tx.get(kGlobal, "s3:object", name);
    if (!old) return old.error();
    if (auto r = tx.put(kGlobal, "s3:object", name, object); !r) return r.error();
    return old->has_value() ? (**old).value("File", "") : std::string{};
}

Result<std::string> S3Backend::delete_object(Tx& tx, const std::string& bucket, const std::string& key) {
    const std::string name = object_name(bucket, key);
    auto old = tx.get(kGlobal, "s3:object", name);
    if (!old) return old.error();
    if (!old->has_value()) return std::string{};
    auto erased = tx.erase(kGlobal, "s3:object", name);
    if (!erased) return erased.error();
    return (**old).value("File", "");
}

Result<Listing> S3Backend::list_objects(Tx& tx, const std::string& bucket, const std::string& prefix,
                                        const std::string& delimiter, const std::string& start_after,
                                        std::size_t max_keys) {
    Listing out;
    const std::string base = bucket + "/";
    std::string cursor = start_after.empty() ? std::string{} : base + start_after;
    std::set<std::string> seen_prefixes;
    std::size_t count = 0;
    while (true) {
        auto rows = tx.list(kGlobal, "s3:object", base + prefix, cursor, 1000);
        if (!rows) return rows.error();
        if (rows->empty()) return out;
        for (auto& [name, obj] : *rows) {
            cursor = name;
            const std::string key = name.substr(base.size());
            if (!delimiter.empty()) {
                const std::size_t d = key.find(delimiter, prefix.size());
                if (d != std::string::npos) {
                    const std::string common = key.substr(0, d + delimiter.size());
                    if (seen_prefixes.count(common) != 0) continue;
                    if (count == max_keys) {
                        out.truncated = true;
                        return out;
                    }
                    seen_prefixes.insert(common);
                    out.common_prefixes.push_back(common);
                    out.next_key = common;
                    ++count;
                    // Skip the rest of this prefix.
                    cursor = base + common + "\xF4\x8F\xBF\xBF";
                    break;
                }
            }
            if (count == max_keys) {
                out.truncated = true;
                return out;
            }
            out.objects.push_back(obj);
            out.next_key = key;
            ++count;
        }
    }
}

Result<std::optional<Json>> S3Backend::get_upload(Tx& tx, const std::string& upload_id) {
    return tx.get(kGlobal, "s3:upload", upload_id);
}

Result<void> S3Backend::put_upload(Tx& tx, const Json& upload) {
    return tx.put(kGlobal, "s3:upload", upload["UploadId"].get<std::string>(), upload);
}

Result<void> S3Backend::delete_upload(Tx& tx, const std::string& upload_id) {
    auto erased = tx.erase(kGlobal, "s3:upload", upload_id);
    if (!erased) return erased.error();
    return ok();
}

} // namespace cdk::localcloud::s3
