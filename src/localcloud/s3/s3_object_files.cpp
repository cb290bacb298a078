#include "localcloud/s3/s3_object_files.hpp"

#include "aws/sigv4/verifier.hpp"
#include "core/hash.hpp"
#include "core/strings.hpp"
#include "localcloud/protocol/base64.hpp"
#include "localcloud/s3/s3_errors.hpp"
#include "localcloud/server/http_message.hpp"
#include "localcloud/state/directory_sync.hpp"
#include "localcloud/state/ids.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace cdk::localcloud::s3 {

namespace {

/// Streams bytes into a new object file, hashing them.
class FileWriter {
public:
    explicit FileWriter(const std::filesystem::path& dir) : dir_(dir), id_(random_uuid()) {
        tmp_ = dir_ / (id_ + ".tmp");
        file_ = std::fopen(tmp_.c_str(), "wb");
        md5_ = EVP_MD_CTX_new();
        EVP_DigestInit_ex(md5_, EVP_md5(), nullptr);
    }
    ~FileWriter() {
        if (file_ != nullptr) {
            std::fclose(file_);
            std::error_code ec;
            std::filesystem::remove(tmp_, ec);
        }
        EVP_MD_CTX_free(md5_);
    }
    FileWriter(const FileWriter&) = delete;
    FileWriter& operator=(const FileWriter&) = delete;

    /// Also computes the S3 checksum `algorithm` of the bytes (StoredFile::checksum).
    void add_checksum(ChecksumAlgorithm algorithm) { checksum_ = std::make_unique<Checksum>(algorithm); }

    bool write(const char* data, std::size_t n) {
        if (file_ == nullptr) return false;
        EVP_DigestUpdate(md5_, data, n);
        sha_.update(std::string_view(data, n));
        if (checksum_) checksum_->update(std::string_view(data, n));
        size_ += n;
        return std::fwrite(data, 1, n, file_) == n;
    }

    Result<StoredFile> commit() {
        if (file_ == nullptr) return internal("cannot create an object file in " + dir_.string());
        const bool flushed = std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0;
        std::fclose(file_);
        file_ = nullptr;
        if (!flushed) return internal("cannot write object file " + tmp_.string());
        std::error_code ec;
        std::filesystem::rename(tmp_, dir_ / id_, ec);
        if (ec) return internal("cannot rename object file: " + ec.message());
        // The new name durable before the record that names it commits; concurrent PUTs share the fsync.
        if (auto synced = DirectorySync::of(dir_).sync(); !synced) {
            std::filesystem::remove(dir_ / id_, ec);
            return internal(synced.error().message);
        }
        unsigned char md[32];
        unsigned int len = 0;
        StoredFile out;
        out.file_id = id_;
        out.size = size_;
        EVP_DigestFinal_ex(md5_, md, &len);
        out.md5_hex = strings::to_hex(std::string_view(reinterpret_cast<char*>(md), len));
        out.sha256_b64 = base64_encode(sha_.digest());
        if (checksum_) {
            out.checksum_algorithm = checksum_->algorithm();
            out.checksum_b64 = checksum_->base64();
        }
        return out;
    }

private:
    std::filesystem::path dir_;
    std::string id_;
    std::filesystem::path tmp_;
    std::FILE* file_ = nullptr;
    EVP_MD_CTX* md5_;
    hash::Sha256 sha_;
    std::unique_ptr<Checksum> checksum_;
    std::uint64_t size_ = 0;
};

/// Reads a body from memory or its spool file, in chunks.
class BodyReader {
public:
    explicit BodyReader(const ServerRequest& request) : request_(request) {
        if (!request.body_file.empty()) file_ = std::fopen(request.body_file.c_str(), "rb");
    }
    ~BodyReader() {
        if (file_ != nullptr) std::fclose(file_);
    }
    BodyReader(const BodyReader&) = delete;
    BodyReader& operator=(const BodyReader&) = delete;

    std::size_t read(char* out, std::size_t max) {
        if (file_ != nullptr) return std::fread(out, 1, max, file_);
        const std::size_t n = std::min(max, request_.body.size() - pos_);
        std::memcpy(out, request_.body.data() + pos_, n);
        pos_ += n;
        return n;
    }
    /// Reads one CRLF-terminated line of aws-chunked framing (at most 4 KiB: a longer one is broken framing).
    bool line(std::string& out) {
        constexpr std::size_t kMaxLine = 4096;
        out.clear();
        char c = 0;
        while (out.size() <= kMaxLine && read(&c, 1) == 1) {
            if (c == '\n') {
                if (!out.empty() && out.back() == '\r') out.pop_back();
                return true;
            }
            out.push_back(c);
        }
        return false;
    }

private:
    const ServerRequest& request_;
    std::FILE* file_ = nullptr;
    std::size_t pos_ = 0;
};

Result<StoredFile> copy_stream(const std::filesystem::path& dir,
                               const std::vector<std::shared_ptr<const fs::OpenFile>>& sources) {
    FileWriter out(dir);
    char buf[65536];
    for (const auto& src : sources) {
        std::uint64_t offset = 0;
        while (true) {
            const long n = src->read_at(buf, sizeof buf, offset);
            if (n < 0) return internal("cannot read an object file");
            if (n == 0) break;
            if (!out.write(buf, static_cast<std::size_t>(n))) return internal("cannot write object file");
            offset += static_cast<std::uint64_t>(n);
        }
    }
    return out.commit();
}

/// The trailer after an aws-chunked body's final chunk: `name:value` lines up to an empty one (or the end).
Result<std::vector<std::pair<std::string, std::string>>> read_trailers(BodyReader& in) {
    std::vector<std::pair<std::string, std::string>> out;
    std::string line;
    while (in.line(line) && !line.empty()) {
        auto trailer = aws::sigv4::parse_trailer_line(line);
        if (!trailer || out.size() == aws::sigv4::kMaxTrailers) {
            return make_error("IncompleteBody", "malformed aws-chunked trailer", 400);
        }
        out.push_back(std::move(*trailer));
    }
    return out;
}

/// Compares the checksum the request sent (its header, or the trailer it named) with the stored bytes'.
Result<void> check_sent_checksum(const ChecksumRequest& wanted, const StoredFile& file,
                                 const std::vector<std::pair<std::string, std::string>>& trailers) {
    std::string sent = wanted.header_value;
    if (wanted.in_trailer) {
        const std::string name = checksum_header(wanted.algorithm);
        const auto it =
            std::find_if(trailers.begin(), trailers.end(), [&](const auto& t) { return t.first == name; });
        if (it == trailers.end()) {
            return make_error("InvalidRequest",
                              "x-amz-trailer names " + name +
                                  ", and the body's trailer does not "
                                  "carry it",
                              400);
        }
        if (!well_formed_checksum(wanted.algorithm, it->second)) {
            return make_error("InvalidRequest", "Value for " + name + " trailing header is invalid.", 400);
        }
        sent = it->second;
    }
    if (sent.empty()) return ok(); // x-amz-sdk-checksum-algorithm alone: computed and stored, nothing sent
    return compare_checksum(wanted.algorithm, sent, file.checksum_b64);
}

} // namespace

Result<StoredFile> store_body(const std::filesystem::path& objects_dir, ServerRequest& request) {
    auto wanted = checksum_request(request);
    if (!wanted) return wanted.error();
    const bool chunked = strings::starts_with(request.header("x-amz-content-sha256"), "STREAMING-") ||
                         request.header("content-encoding").find("aws-chunked") != std::string::npos;
    FileWriter out(objects_dir);
    if (*wanted) out.add_checksum((*wanted)->algorithm);
    BodyReader in(request);
    char buf[65536];
    std::vector<std::pair<std::string, std::string>> trailers;
    if (!chunked) {
        std::size_t n = 0;
        while ((n = in.read(buf, sizeof buf)) > 0) {
            if (!out.write(buf, n)) return internal("cannot write object file");
        }
    } else {
        std::string line;
        while (true) {
            if (!in.line(line)) return make_error("IncompleteBody", "the aws-chunked body ended early", 400);
            if (strings::trim(line).empty()) continue;
            const auto size = parse_chunk_size(strings::trim(line));
            if (!size) return make_error("IncompleteBody", "malformed aws-chunked body", 400);
            if (*size == 0) break;
            std::uint64_t left = *size;
            while (left > 0) {
                const std::size_t n =
                    in.read(buf, static_cast<std::size_t>(std::min<std::uint64_t>(left, sizeof buf)));
                if (n == 0) return make_error("IncompleteBody", "the aws-chunked body ended early", 400);
                if (!out.write(buf, n)) return internal("cannot write object file");
                left -= n;
            }
            in.line(line); // CRLF after the chunk data
        }
        auto read = read_trailers(in);
        if (!read) return read.error();
        trailers = std::move(*read);
    }
    auto file = out.commit();
    if (!file) return file.error();
    if (*wanted) {
        if (auto checked = check_sent_checksum(**wanted, *file, trailers); !checked) {
            remove_file(objects_dir, file->file_id);
            return checked.error();
        }
    }
    return file;
}

Result<StoredFile> copy_file(const std::filesystem::path& objects_dir,
                             std::shared_ptr<const fs::OpenFile> source) {
    return copy_stream(objects_dir, {std::move(source)});
}

Result<StoredFile> concat_files(const std::filesystem::path& objects_dir,
                                const std::vector<std::string>& file_ids) {
    std::vector<std::shared_ptr<const fs::OpenFile>> sources;
    for (const auto& id : file_ids) {
        auto file = fs::OpenFile::open(objects_dir / id);
        if (!file) return internal("object file " + (objects_dir / id).string() + " is missing");
        sources.push_back(std::move(*file));
    }
    return copy_stream(objects_dir, sources);
}

void remove_file(const std::filesystem::path& objects_dir, const std::string& file_id) {
    if (file_id.empty()) return;
    std::error_code ec;
    std::filesystem::remove(objects_dir / file_id, ec);
}

} // namespace cdk::localcloud::s3
