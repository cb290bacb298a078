#include "localcloud/state/store.hpp"

#include "core/json_reader.hpp"
#include "localcloud/state/connection.hpp"
#include "localcloud/state/migrations.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <stdexcept>

namespace cdk::localcloud {

namespace {

using detail::Sql;
using detail::Statement;

Result<Json> parse_doc(std::string_view text) {
    auto doc = json::parse(text);
    if (!doc) return make_error("StoreError", "corrupt entity document: " + doc.error().message, 500);
    return doc;
}

/// The smallest string greater than every string starting with `prefix` (for range scans).
std::string prefix_end(std::string_view prefix) {
    return std::string(prefix) + "\xF4\x8F\xBF\xBF";
}

} // namespace

Result<std::optional<Json>> Tx::get(const Scope& scope, std::string_view kind, std::string_view name) {
    Statement st(*connection_, Sql::Get);
    if (!st.ok()) return connection_->error("prepare get");
    st.bind(1, scope.account).bind(2, scope.region).bind(3, kind).bind(4, name);
    const int rc = st.step();
    if (rc == SQLITE_DONE) return std::optional<Json>{};
    if (rc != SQLITE_ROW) return connection_->error("get");
    auto doc = parse_doc(st.text(0));
    if (!doc) return doc.error();
    return std::optional<Json>(std::move(*doc));
}

Result<void> Tx::put(const Scope& scope, std::string_view kind, std::string_view name, const Json& doc) {
    const std::string text = doc.dump();
    Statement st(*connection_, Sql::Put);
    if (!st.ok()) return connection_->error("prepare put");
    st.bind(1, scope.account).bind(2, scope.region).bind(3, kind).bind(4, name).bind(5, text);
    if (st.step() != SQLITE_DONE) return connection_->error("put");
    return ok();
}

Result<bool> Tx::erase(const Scope& scope, std::string_view kind, std::string_view name) {
    Statement st(*connection_, Sql::Erase);
    if (!st.ok()) return connection_->error("prepare erase");
    st.bind(1, scope.account).bind(2, scope.region).bind(3, kind).bind(4, name);
    if (st.step() != SQLITE_DONE) return connection_->error("erase");
    return sqlite3_changes(connection_->db()) > 0;
}

Result<std::vector<std::pair<std::string, Json>>> Tx::list(const Scope& scope, std::string_view kind,
                                                           std::string_view prefix,
                                                           std::string_view start_after, std::size_t limit) {
    const std::string end = prefix_end(prefix);
    Statement st(*connection_, Sql::List);
    if (!st.ok()) return connection_->error("prepare list");
    st.bind(1, scope.account)
        .bind(2, scope.region)
        .bind(3, kind)
        .bind(4, prefix)
        .bind(5, end)
        .bind(6, start_after);
    st.bind_int(7, limit == 0 ? -1 : static_cast<long long>(limit));
    std::vector<std::pair<std::string, Json>> out;
    while (true) {
        const int rc = st.step();
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) return connection_->error("list");
        auto doc = parse_doc(st.text(1));
        if (!doc) return doc.error();
        out.emplace_back(std::string(st.text(0)), std::move(*doc));
    }
    return out;
}

Result<std::vector<Scope>> Tx::find_scopes(std::string_view kind, std::string_view name) {
    Statement st(*connection_, Sql::FindScopes);
    if (!st.ok()) return connection_->error("prepare find");
    st.bind(1, kind).bind(2, name);
    std::vector<Scope> out;
    while (true) {
        const int rc = st.step();
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) return connection_->error("find");
        out.push_back(Scope{std::string(st.text(0)), std::string(st.text(1))});
    }
    return out;
}

Result<void> Tx::erase_prefix(const Scope& scope, std::string_view kind, std::string_view prefix) {
    const std::string end = prefix_end(prefix);
    Statement st(*connection_, Sql::ErasePrefix);
    if (!st.ok()) return connection_->error("prepare erase_prefix");
    st.bind(1, scope.account).bind(2, scope.region).bind(3, kind).bind(4, prefix).bind(5, end);
    if (st.step() != SQLITE_DONE) return connection_->error("erase_prefix");
    return ok();
}

namespace {

/// At most this many writes share one commit (a bound on how long the last of them waits).
constexpr std::size_t kMaxGroup = 64;

/// Set while this thread runs a read or write callback of some store: a `read` or `write` called from inside
/// one is a bug (a nested write would wait for the commit its own callback is part of), reported at once
/// instead of hanging the server.
thread_local int t_in_callback = 0;

struct InCallback {
    InCallback() { ++t_in_callback; }
    ~InCallback() { --t_in_callback; }
    InCallback(const InCallback&) = delete;
    InCallback& operator=(const InCallback&) = delete;
};

void refuse_nested(const char* what) {
    if (t_in_callback > 0) {
        throw std::logic_error(std::string("localcloud bug: Store::") + what +
                               " called inside a Store::read/write callback (it would wait for itself)");
    }
}

} // namespace

Store::Store(std::unique_ptr<detail::Connection> writer, std::filesystem::path file)
    : writer_(std::move(writer)), file_(std::move(file)) {}

Store::~Store() {
    readers_.clear();
    if (writer_ != nullptr) {
        sqlite3_exec(writer_->db(), "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
    }
}

Result<std::unique_ptr<Store>> Store::open(const std::filesystem::path& file) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    auto writer = detail::Connection::open(file, false);
    if (!writer) return writer.error();
    std::unique_ptr<Store> store(new Store(std::move(*writer), file));
    for (const char* pragma :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
        if (auto r = store->exec(pragma); !r) return r.error();
    }
    if (auto r = store->migrate(); !r) return r.error();
    return store;
}

unsigned long long Store::commits() const {
    std::lock_guard lock(queue_mutex_);
    return commits_;
}

Result<void> Store::write_grouped(const std::function<bool(Tx&)>& fn) {
    refuse_nested("write");
    WriteJob job{&fn, true, false, false, false, ok(), nullptr, {}};
    std::unique_lock lock(queue_mutex_);
    queue_.push_back(&job);
    while (!job.done) {
        // A thread leads a group only while its own job waits in the queue (a job already taken into a group
        // waits for that group's end).
        if (committing_ || !job.queued) {
            job.wake.wait(lock);
            continue;
        }
        committing_ = true;
        const std::size_t n = std::min(queue_.size(), kMaxGroup);
        std::vector<WriteJob*> group(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
        for (WriteJob* j : group)
            j->queued = false;
        lock.unlock();
        commit_group(group); // noexcept in effect: every callback's exception is caught and handed back
        lock.lock();
        committing_ = false;
        ++commits_;
        // The next group may start now; the first of the queue commits it.
        if (!queue_.empty()) queue_.front()->wake.notify_one();
        lock.unlock();
        // Then, before any writer of this group goes on (deleting what it replaced, say), the reads that
        // began before the commit end: none of them can still be looking at the old state.
        wait_for_earlier_reads();
        lock.lock();
        // Wake exactly the threads of the group (their write is durable, or failed). A woken thread returns
        // only after this thread releases the lock, so no job (nor its condition variable) ends while
        // notified.
        for (WriteJob* j : group) {
            j->done = true;
            if (j != &job) j->wake.notify_one();
        }
    }
    lock.unlock();
    if (job.exception) std::rethrow_exception(job.exception);
    return job.status;
}

void Store::commit_group(const std::vector<WriteJob*>& group) {
    // Every job ends with a status: its callback's own failure, or the group's when the group is lost (a job
    // whose callback never ran gets the group's error too, never a missing result).
    const auto fail_all = [&](const Error& e) {
        for (WriteJob* j : group) {
            if (!j->ran || j->kept) j->status = e;
        }
    };
    detail::Connection& db = *writer_;
    if (auto b = db.run(Sql::BeginImmediate); !b) {
        fail_all(b.error());
        return;
    }
    Tx tx(db);
    for (WriteJob* j : group) {
        if (auto s = db.run(Sql::Savepoint); !s) {
            rollback(db);
            fail_all(s.error());
            return;
        }
        j->ran = true;
        try {
            InCallback in;
            j->kept = (*j->fn)(tx);
        } catch (...) {
            j->exception = std::current_exception();
            j->kept = false;
        }
        // A failed callback leaves nothing behind; the others of the group are untouched.
        if (!j->kept) {
            if (auto r = db.run(Sql::RollbackTo); !r) {
                rollback(db); // SQLite may have ended the transaction already (disk full, I/O error)
                fail_all(r.error());
                return;
            }
        }
        if (auto r = db.run(Sql::Release); !r) {
            rollback(db);
            fail_all(r.error());
            return;
        }
    }
    if (auto c = db.run(Sql::Commit); !c) {
        rollback(db);
        fail_all(c.error());
    }
}

Result<Store::Lease> Store::acquire_reader() {
    std::unique_lock lock(readers_mutex_);
    for (;;) {
        if (!idle_readers_.empty()) {
            detail::Connection* c = idle_readers_.back();
            idle_readers_.pop_back();
            active_reads_.push_back(read_generation_);
            return Lease{c, read_generation_};
        }
        if (open_readers_ < kMaxReaders) {
            ++open_readers_;
            lock.unlock();
            auto opened = detail::Connection::open(file_, true);
            lock.lock();
            if (!opened) {
                --open_readers_;
                readers_cv_.notify_one();
                return opened.error();
            }
            detail::Connection* c = opened->get();
            readers_.push_back(std::move(*opened));
            // The generation is taken now, before the read's snapshot (its first statement): never later.
            active_reads_.push_back(read_generation_);
            return Lease{c, read_generation_};
        }
        readers_cv_.wait(lock);
    }
}

void Store::release_reader(const Lease& lease) noexcept {
    {
        std::lock_guard lock(readers_mutex_);
        idle_readers_.push_back(lease.connection);
        const auto it = std::find(active_reads_.begin(), active_reads_.end(), lease.generation);
        if (it != active_reads_.end()) active_reads_.erase(it);
        if (waiting_for_reads_ > 0) reads_ended_cv_.notify_all();
    }
    readers_cv_.notify_one();
}

void Store::wait_for_earlier_reads() {
    std::unique_lock lock(readers_mutex_);
    const unsigned long long committed = ++read_generation_; // reads from now on see the commit
    ++waiting_for_reads_;
    reads_ended_cv_.wait(lock, [&] {
        return std::none_of(active_reads_.begin(), active_reads_.end(),
                            [&](unsigned long long g) { return g < committed; });
    });
    --waiting_for_reads_;
}

Result<void> Store::read_on_a_reader(const std::function<void(Tx&)>& job) {
    refuse_nested("read");
    auto leased = acquire_reader();
    if (!leased) return leased.error();
    // Back to the pool with no transaction open, whether the callback returned or threw.
    struct Return {
        Store& store;
        Lease lease;
        ~Return() {
            rollback(*lease.connection);
            store.release_reader(lease);
        }
    } back{*this, *leased};
    detail::Connection& db = *leased->connection;
    if (auto b = db.run(Sql::Begin); !b) return b.error();
    Tx tx(db);
    {
        InCallback in;
        job(tx);
    }
    (void)db.run(Sql::Commit); // a read has nothing to lose; `back` rolls back what a failed COMMIT left
    return ok();
}

void Store::rollback(detail::Connection& connection) noexcept {
    // After a failed COMMIT or a read, the transaction may already be over; ROLLBACK then only reports that.
    sqlite3* db = connection.db();
    if (sqlite3_get_autocommit(db) == 0) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
}

Result<void> Store::exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(writer_->db(), sql, nullptr, nullptr, &message) != SQLITE_OK) {
        Error e =
            make_error("StoreError", fmt::format("sqlite '{}': {}", sql, message ? message : "error"), 500);
        sqlite3_free(message);
        return e;
    }
    return ok();
}

Result<void> Store::migrate() {
    int current = 0;
    {
        sqlite3_stmt* version = nullptr;
        const bool read =
            sqlite3_prepare_v2(writer_->db(), "PRAGMA user_version", -1, &version, nullptr) == SQLITE_OK &&
            sqlite3_step(version) == SQLITE_ROW;
        if (read) current = sqlite3_column_int(version, 0);
        sqlite3_finalize(version);
        if (!read) return writer_->error("user_version");
    }
    const auto& steps = migrations();
    for (std::size_t i = static_cast<std::size_t>(current); i < steps.size(); ++i) {
        if (auto b = exec("BEGIN IMMEDIATE"); !b) return b;
        if (auto r = exec(steps[i]); !r) {
            (void)exec("ROLLBACK");
            return r;
        }
        const std::string bump = fmt::format("PRAGMA user_version={}", i + 1);
        if (auto r = exec(bump.c_str()); !r) {
            (void)exec("ROLLBACK");
            return r;
        }
        if (auto c = exec("COMMIT"); !c) return c;
        current = static_cast<int>(i + 1);
    }
    schema_version_ = current;
    return ok();
}

} // namespace cdk::localcloud
