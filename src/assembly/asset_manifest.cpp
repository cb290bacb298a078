#include "assembly/asset_manifest.hpp"

#include "assembly/detail/field_reader.hpp"
#include "assembly/detail/json_build.hpp"
#include "assembly/detail/json_file.hpp"
#include "assembly/detail/json_text.hpp"

namespace cdk::assembly {
namespace {

using OJson = nlohmann::ordered_json;
using detail::append_new_member;
using detail::FieldReader;

template <typename T> void put(OJson& out, const char* key, const std::optional<T>& value) {
    if (value) out[key] = *value;
}

template <typename Dest> void put_role(OJson& j, const Dest& d) {
    put(j, "region", d.region);
    put(j, "assumeRoleArn", d.assume_role_arn);
    put(j, "assumeRoleExternalId", d.assume_role_external_id);
    if (!d.assume_role_additional_options.is_null())
        j["assumeRoleAdditionalOptions"] = OJson(d.assume_role_additional_options);
}

void put_text(detail::JsonText& out, std::string_view key, const std::optional<std::string>& value) {
    if (!value) return;
    out.member(key, *value);
}

template <typename Dest> void put_role_text(detail::JsonText& out, const Dest& d) {
    put_text(out, "region", d.region);
    put_text(out, "assumeRoleArn", d.assume_role_arn);
    put_text(out, "assumeRoleExternalId", d.assume_role_external_id);
    if (!d.assume_role_additional_options.is_null()) {
        out.key("assumeRoleAdditionalOptions");
        out.value(d.assume_role_additional_options);
    }
}

template <typename Dest> void read_role(FieldReader& r, Dest& d) {
    d.region = r.optional_string("region");
    d.assume_role_arn = r.optional_string("assumeRoleArn");
    d.assume_role_external_id = r.optional_string("assumeRoleExternalId");
    if (const OJson* o = r.optional_object("assumeRoleAdditionalOptions"))
        d.assume_role_additional_options = Json(*o);
}

} // namespace

std::string_view to_string(FilePackaging packaging) {
    return packaging == FilePackaging::Zip ? "zip" : "file";
}

OJson asset_manifest_to_json(const AssetManifest& m) {
    OJson j = OJson::object();
    j["version"] = m.version;
    OJson files = OJson::object();
    for (const auto& [id, asset] : m.files) {
        OJson a = OJson::object();
        put(a, "displayName", asset.display_name);
        OJson source = OJson::object();
        put(source, "path", asset.source.path);
        put(source, "executable", asset.source.executable);
        if (asset.source.packaging) source["packaging"] = std::string(to_string(*asset.source.packaging));
        a["source"] = std::move(source);
        OJson dests = OJson::object();
        for (const auto& [did, d] : asset.destinations) {
            OJson dj = OJson::object();
            dj["bucketName"] = d.bucket_name;
            dj["objectKey"] = d.object_key;
            put_role(dj, d);
            append_new_member(dests, did, std::move(dj)); // ids of a std::map: unique
        }
        a["destinations"] = std::move(dests);
        append_new_member(files, id, std::move(a));
    }
    j["files"] = std::move(files);
    OJson images = OJson::object();
    for (const auto& [id, asset] : m.docker_images) {
        OJson a = OJson::object();
        put(a, "displayName", asset.display_name);
        a["source"] = asset.source.is_null() ? OJson::object() : OJson(asset.source);
        OJson dests = OJson::object();
        for (const auto& [did, d] : asset.destinations) {
            OJson dj = OJson::object();
            dj["repositoryName"] = d.repository_name;
            dj["imageTag"] = d.image_tag;
            put_role(dj, d);
            append_new_member(dests, did, std::move(dj)); // ids of a std::map: unique
        }
        a["destinations"] = std::move(dests);
        append_new_member(images, id, std::move(a));
    }
    j["dockerImages"] = std::move(images);
    return j;
}

std::string asset_manifest_to_text(const AssetManifest& m) {
    std::string text;
    text.reserve(512 + 1024 * (m.files.size() + m.docker_images.size()));
    detail::JsonText out(text);
    out.begin_object();
    out.member("version", m.version);
    out.key("files");
    out.begin_object();
    for (const auto& [id, asset] : m.files) {
        out.key(id);
        out.begin_object();
        put_text(out, "displayName", asset.display_name);
        out.key("source");
        out.begin_object();
        put_text(out, "path", asset.source.path);
        if (asset.source.executable) {
            out.key("executable");
            out.string_list(*asset.source.executable);
        }
        if (asset.source.packaging) out.member("packaging", to_string(*asset.source.packaging));
        out.end_object();
        out.key("destinations");
        out.begin_object();
        for (const auto& [did, d] : asset.destinations) {
            out.key(did);
            out.begin_object();
            out.member("bucketName", d.bucket_name);
            out.member("objectKey", d.object_key);
            put_role_text(out, d);
            out.end_object();
        }
        out.end_object();
        out.end_object();
    }
    out.end_object();
    out.key("dockerImages");
    out.begin_object();
    for (const auto& [id, asset] : m.docker_images) {
        out.key(id);
        out.begin_object();
        put_text(out, "displayName", asset.display_name);
        out.key("source");
        if (asset.source.is_null()) {
            out.begin_object();
            out.end_object();
        } else {
            out.value(asset.source);
        }
        out.key("destinations");
        out.begin_object();
        for (const auto& [did, d] : asset.destinations) {
            out.key(did);
            out.begin_object();
            out.member("repositoryName", d.repository_name);
            out.member("imageTag", d.image_tag);
            put_role_text(out, d);
            out.end_object();
        }
        out.end_object();
        out.end_object();
    }
    out.end_object();
    out.end_object();
    return text;
}

Result<AssetManifest> asset_manifest_from_json(const OJson& json, std::string_view where) {
    std::optional<Error> err;
    const std::string here(where);
    FieldReader r(json, here, err);
    AssetManifest m;
    m.version = r.required_string("version");
    if (err) return *err;
    if (auto readable = check_readable_version(m.version, where); !readable) return readable.error();
    if (const OJson* files = r.optional_object("files")) {
        for (const auto& [id, aj] : files->items()) {
            FieldReader ar(aj, here + ": files." + id, err);
            FileAsset asset;
            asset.display_name = ar.optional_string("displayName");
            if (const OJson* src = ar.optional_object("source")) {
                FieldReader sr(*src, ar.where("source"), err);
                asset.source.path = sr.optional_string("path");
                if (sr.has("executable")) asset.source.executable = sr.string_list("executable");
                if (auto packaging = sr.optional_string("packaging")) {
                    if (*packaging == "zip") {
                        asset.source.packaging = FilePackaging::Zip;
                    } else if (*packaging == "file") {
                        asset.source.packaging = FilePackaging::File;
                    } else {
                        sr.fail(sr.where("packaging") + " must be 'file' or 'zip', got '" + *packaging + "'");
                    }
                }
            } else {
                ar.fail(ar.where("source") + " is required but missing");
            }
            if (const OJson* dests = ar.optional_object("destinations")) {
                for (const auto& [did, dj] : dests->items()) {
                    FieldReader dr(dj, ar.where("destinations") + "." + did, err);
                    FileDestination d;
                    d.bucket_name = dr.required_string("bucketName");
                    d.object_key = dr.required_string("objectKey");
                    read_role(dr, d);
                    asset.destinations.emplace(did, std::move(d));
                }
            }
            if (err) return *err;
            m.files.emplace(id, std::move(asset));
        }
    }
    if (const OJson* images = r.optional_object("dockerImages")) {
        for (const auto& [id, aj] : images->items()) {
            FieldReader ar(aj, here + ": dockerImages." + id, err);
            DockerImageAsset asset;
            asset.display_name = ar.optional_string("displayName");
            if (const OJson* src = ar.optional_object("source")) asset.source = Json(*src);
            if (const OJson* dests = ar.optional_object("destinations")) {
                for (const auto& [did, dj] : dests->items()) {
                    FieldReader dr(dj, ar.where("destinations") + "." + did, err);
                    DockerImageDestination d;
                    d.repository_name = dr.required_string("repositoryName");
                    d.image_tag = dr.required_string("imageTag");
                    read_role(dr, d);
                    asset.destinations.emplace(did, std::move(d));
                }
            }
            if (err) return *err;
            m.docker_images.emplace(id, std::move(asset));
        }
    }
    if (err) return *err;
    return m;
}

Result<AssetManifest> read_asset_manifest(const std::string& path) {
    auto json = detail::read_json_file(path);
    if (!json) return json.error();
    return asset_manifest_from_json(*json, path);
}

} // namespace cdk::assembly
