#include "localcloud/s3/s3_object_files.hpp"

#include "core/parse_int.hpp"
#include "core/strings.hpp"
#include "localcloud/protocol/base64.hpp"
#include "localcloud/s3/s3_errors.hpp"
#include "localcloud/state/ids.hpp"

#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <openssl/evp.h>
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
        sha_ = EVP_MD_CTX_new();
        EVP_DigestInit_ex(md5_, EVP_md5(), nullptr);
        EVP_DigestInit_ex(sha_, EVP_sha256(), nullptr);
    }
    ~FileWriter() {
        if (file_ != nullptr) {
            std::fclose(file_);
            std::error_code ec;
            std::filesystem::remove(tmp_, ec);
        }
        EVP_MD_CTX_free(md5_);
        EVP_MD_CTX_free(sha_);
    }
    FileWriter(const FileWriter&) = delete;
    FileWriter& operator=(const FileWriter&) = delete;

    bool write(const char* data, std::size_t n) {
        if (file_ == nullptr) return false;
        EVP_DigestUpdate(md5_, data, n);
        EVP_DigestUpdate(sha_, data, n);
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
        const int dfd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY);
        if (dfd >= 0) {
            ::fsync(dfd);
            ::close(dfd);
        }
        unsigned char md[32];
        unsigned int len = 0;
        StoredFile out;
        out.file_id = id_;
        out.size = size_;
        EVP_DigestFinal_ex(md5_, md, &len);
        out.md5_hex = strings::to_hex(std::string_view(reinterpret_cast<char*>(md), len));
        EVP_DigestFinal_ex(sha_, md, &len);
        out.sha256_b64 = base64_encode(std::string_view(reinterpret_cast<char*>(md), len));
        return out;
    }

private:
    std::filesystem::path dir_;
    std::string id_;
    std::filesystem::path tmp_;
    std::FILE* file_ = nullptr;
    EVP_MD_CTX* md5_;
    EVP_MD_CTX* sha_;
    std::uint64_t size_ = 0;
};

/// Reads a body from memory or its spool file, in chunks.
class BodyReader {
public:
    explicit BodyReader(const HttpRequest& request) : request_(request) {
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
    /// Reads one CRLF-terminated line (for aws-chunked framing).
    bool line(std::string& out) {
        out.clear();
        char c = 0;
        while (read(&c, 1) == 1) {
            if (c == '\n') {
                if (!out.empty() && out.back() == '\r') out.pop_back();
                return true;
            }
            out.push_back(c);
        }
        return false;
    }

private:
    const HttpRequest& request_;
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

} // namespace

Result<StoredFile> store_body(const std::filesystem::path& objects_dir, HttpRequest& request) {
    const bool chunked = strings::starts_with(request.header("x-amz-content-sha256"), "STREAMING-") ||
                         request.header("content-encoding").find("aws-chunked") != std::string::npos;
    FileWriter out(objects_dir);
    BodyReader in(request);
    char buf[65536];
    if (!chunked) {
        std::size_t n = 0;
        while ((n = in.read(buf, sizeof buf)) > 0) {
            if (!out.write(buf, n)) return internal("cannot write object file");
        }
        return out.commit();
    }
    std::string line;
    while (in.line(line)) {
        const std::size_t semi = line.find(';');
        const std::string size_text{strings::trim(line.substr(0, semi))};
        if (size_text.empty()) continue;
        const auto size = cdk::parse_int<std::uint64_t>(size_text, 16);
        if (!size) return make_error("IncompleteBody", "malformed aws-chunked body", 400);
        std::uint64_t left = *size;
        if (left == 0) break;  // trailers follow; their checksums are not verified
        while (left > 0) {
            const std::size_t n = in.read(buf, static_cast<std::size_t>(std::min<std::uint64_t>(left, sizeof buf)));
            if (n == 0) return make_error("IncompleteBody", "the aws-chunked body ended early", 400);
            if (!out.write(buf, n)) return internal("cannot write object file");
            left -= n;
        }
        in.line(line);  // CRLF after the chunk data
    }
    return out.commit();
}

Result<StoredFile> copy_file(const std::filesystem::path& objects_dir,
                             std::shared_ptr<const fs::OpenFile> source) {
    return copy_stream(objects_dir, {std::move(source)});
}

Result<StoredFile> concat_files(const std::filesystem::path& objects_dir, const std::vector<std::string>& file_ids) {
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
