#include "localcloud/cloudformation/stack_internal.hpp"
#include "localcloud/state/ids.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace cdk::localcloud::cloudformation {

std::string iso_millis_now() {
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[80];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return buf;
}

std::string handler_message(const Error& error, const std::string& token) {
    if (error.code == "ValidationError" || error.code == "NotSupported") return error.message;
    std::string code = error.code;
    if (code == "AccessDenied" || code == "AccessDeniedException")
        code = "AccessDenied";
    else if (code.find("NotFound") != std::string::npos || code.find("NoSuch") != std::string::npos)
        code = "NotFound";
    else if (code.find("AlreadyExists") != std::string::npos)
        code = "AlreadyExists";
    else if (code.find("Invalid") != std::string::npos || code.find("Validation") != std::string::npos)
        code = "InvalidRequest";
    else
        code = "GeneralServiceException";
    return "Resource handler returned message: \"" + error.message + "\" (RequestToken: " + token +
           ", HandlerErrorCode: " + code + ")";
}

bool updatable(const std::string& status) {
    return status == "CREATE_COMPLETE" || status == "UPDATE_COMPLETE" ||
           status == "UPDATE_ROLLBACK_COMPLETE" || status == "UPDATE_FAILED" || status == "IMPORT_COMPLETE" ||
           status == "IMPORT_ROLLBACK_COMPLETE";
}

Error stack_not_found(const std::string& name_or_id) {
    return validation_error("Stack with id " + name_or_id + " does not exist");
}

namespace {

std::string event_sequence() {
    static std::atomic<unsigned> counter{0};
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    char buf[48];
    std::snprintf(buf, sizeof buf, "%017lld-%06u", static_cast<long long>(us), counter++ % 1000000U);
    return buf;
}

} // namespace

void StackEngine::commit_or_report(const std::function<Result<bool>(Tx&)>& fn, std::string_view what) {
    if (auto r = commit(fn); !r) {
        std::fprintf(stderr, "localcloud: cloudformation: cannot record %.*s (%s): %s\n",
                     static_cast<int>(what.size()), what.data(), r.error().code.c_str(),
                     r.error().message.c_str());
    }
}

void StackEngine::set_stack_status(const Operation& op, Stack& stack, const std::string& status,
                                   const std::string& reason) {
    const std::string now = iso_millis_now();
    stack.status = status;
    stack.status_reason = reason;
    if (status == "DELETE_COMPLETE")
        stack.deletion_time = now;
    else if (status.rfind("CREATE_", 0) != 0 && status != "ROLLBACK_IN_PROGRESS" &&
             status != "ROLLBACK_COMPLETE" && status != "ROLLBACK_FAILED" && status != "REVIEW_IN_PROGRESS") {
        stack.last_updated_time = now;
    }
    const StackEvent event =
        StackEvent::of(stack, stack.name, stack.id, "AWS::CloudFormation::Stack", status, reason, now);
    commit_or_report(
        [&](Tx& tx) -> Result<bool> {
            if (auto p = records::put_stack(tx, op.scope, stack); !p) return p.error();
            if (status == "DELETE_COMPLETE") {
                if (auto e = records::erase_live_name(tx, op.scope, stack); !e) return e.error();
            }
            if (auto p = records::put_event(tx, op.scope, event_sequence(), event); !p) return p.error();
            return true;
        },
        "a stack status change");
}

void StackEngine::write_resource_event(const Operation& op, const Stack& stack, const ResourceState& r,
                                       const std::string& status, const std::string& reason, bool persist,
                                       bool erase) {
    StackEvent event =
        StackEvent::of(stack, r.logical_id, r.physical_id, r.type, status, reason, iso_millis_now());
    if (!r.properties.empty() && (status == "CREATE_IN_PROGRESS" || status == "UPDATE_IN_PROGRESS")) {
        event.resource_properties = r.properties.dump();
    }
    ResourceState recorded = r;
    recorded.status = status;
    recorded.status_reason = reason;
    recorded.timestamp = event.timestamp;
    commit_or_report(
        [&](Tx& tx) -> Result<bool> {
            if (persist) {
                if (auto p = records::put_resource(tx, op.scope, stack.id, recorded); !p) return p.error();
            }
            if (erase) {
                if (auto e = records::erase_resource(tx, op.scope, stack.id, r.logical_id); !e)
                    return e.error();
            }
            if (auto p = records::put_event(tx, op.scope, event_sequence(), event); !p) return p.error();
            return true;
        },
        "a resource event");
}

std::map<std::string, ResourceState> StackEngine::load_resources(const Scope& scope,
                                                                 const std::string& stack_id) {
    auto resources = cloud_.store.read<std::map<std::string, ResourceState>>(
        [&](Tx& tx) { return records::resources(tx, scope, stack_id); });
    return resources ? std::move(*resources) : std::map<std::string, ResourceState>{};
}

std::vector<ResourceState> StackEngine::load_cleanup(const Scope& scope, const std::string& stack_id) {
    auto replaced = cloud_.store.read<std::vector<ResourceState>>(
        [&](Tx& tx) { return records::cleanups(tx, scope, stack_id); });
    return replaced ? std::move(*replaced) : std::vector<ResourceState>{};
}

WorkerPool::WorkerPool(std::size_t threads) {
    for (std::size_t i = 0; i < threads; ++i) {
        threads_.emplace_back([this] {
            for (;;) {
                std::function<void()> task;
                {
                    std::unique_lock lock(mutex_);
                    cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
                    if (queue_.empty()) return;
                    task = std::move(queue_.front());
                    queue_.pop_front();
                }
                task();
            }
        });
    }
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_)
        t.join();
}

void WorkerPool::submit(std::function<void()> task) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(task));
    }
    cv_.notify_one();
}

} // namespace cdk::localcloud::cloudformation

namespace cdk::localcloud::cloudformation {

GroupCommitter::GroupCommitter(Store& store) : store_(store), thread_([this] { loop(); }) {}

GroupCommitter::~GroupCommitter() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

Result<void> GroupCommitter::write(const std::function<Result<bool>(Tx&)>& fn) {
    Item item{&fn, std::nullopt};
    std::unique_lock lock(mutex_);
    if (stopping_) {
        lock.unlock();
        auto r = store_.write<bool>(fn);
        if (!r) return r.error();
        return ok();
    }
    queue_.push_back(&item);
    cv_.notify_one();
    done_cv_.wait(lock, [&] { return item.result.has_value(); });
    return *item.result;
}

void GroupCommitter::loop() {
    for (;;) {
        std::vector<Item*> batch;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;
            batch.swap(queue_);
        }
        // The top of the committer thread: an exception escaping here would terminate the whole server. The
        // store has rolled the batch back; every writer in it gets the bug as its error.
        Result<void> written = ok();
        try {
            written = store_.write<void>([&](Tx& tx) -> Result<void> {
                for (Item* item : batch) {
                    auto r = (*item->fn)(tx);
                    if (!r) return r.error();
                }
                return ok();
            });
        } catch (const std::exception& e) {
            written = make_error("InternalFailure", std::string("localcloud bug: ") + e.what(), 500);
        }
        {
            std::lock_guard lock(mutex_);
            for (Item* item : batch)
                item->result = written;
        }
        done_cv_.notify_all();
    }
}

} // namespace cdk::localcloud::cloudformation
