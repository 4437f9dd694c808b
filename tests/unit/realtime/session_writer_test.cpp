// session_writer: recovery-session saves group-committed on the workers.
// A manual executor runs the posted jobs one by one, so every batch
// boundary is the test's choice.
#include "realtime/session_writer.hpp"

#include <deque>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "kitchen/ports.hpp"

namespace brigade::realtime {
namespace {

using kitchen::recovery_session;

// The workers: posted jobs wait until the test runs them, in order.
struct manual_executor {
  std::deque<std::function<void()>> jobs;
  session_writer::executor post() {
    return [this](std::function<void()> job) { jobs.push_back(std::move(job)); };
  }
  void run_one() {
    ASSERT_FALSE(jobs.empty());
    auto job = std::move(jobs.front());
    jobs.pop_front();
    job();
  }
  void run_all() {
    while (!jobs.empty()) run_one();
  }
};

// Records each batch (pid@version), and what happened when.
struct recording_store final : kitchen::recovery_session_store {
  std::vector<std::vector<std::string>> batches;
  std::vector<std::string>* log = nullptr;
  bool fail_next = false;
  std::function<void()> during_write;  // runs inside a batch's write

  std::vector<std::string> save_recovery_sessions(const std::vector<recovery_session>& sessions) override {
    if (during_write) std::exchange(during_write, nullptr)();
    if (std::exchange(fail_next, false)) throw kitchen::store_failure("disk I/O error");
    std::vector<std::string> batch;
    for (const auto& s : sessions) batch.push_back(s.pid + "@" + std::to_string(s.version));
    if (log != nullptr) log->push_back("commit " + std::to_string(batches.size()));
    batches.push_back(std::move(batch));
    return {};
  }
  void save_recovery_session(const recovery_session& s) override { save_recovery_sessions({s}); }
  std::optional<recovery_session> find_recovery_session(std::string_view) override { return std::nullopt; }
  void delete_recovery_session(std::string_view) override {}
  size_t disconnect_open_recovery_sessions(timestamp) override { return 0; }
  size_t expire_recovery_sessions(timestamp) override { return 0; }
};

recovery_session session(std::string pid, uint64_t version) {
  recovery_session s;
  s.pid = std::move(pid);
  s.restaurant = 1;
  s.version = version;
  return s;
}

class SessionWriter : public ::testing::Test {
 protected:
  manual_executor workers_;
  recording_store store_;
  session_writer writer_{store_, workers_.post()};
};

TEST_F(SessionWriter, SavesQueuedBeforeTheBatchRunsShareOneCommit) {
  for (int i = 1; i <= 5; ++i) writer_.save(session("pid-" + std::to_string(i), 1));
  ASSERT_EQ(workers_.jobs.size(), 1u);  // one batch posted, not five writes
  workers_.run_all();
  ASSERT_EQ(store_.batches.size(), 1u);
  EXPECT_EQ(store_.batches[0], (std::vector<std::string>{"pid-1@1", "pid-2@1", "pid-3@1", "pid-4@1", "pid-5@1"}));
}

TEST_F(SessionWriter, OnlyTheNewestSaveOfASessionIsWritten) {
  writer_.save(session("a", 1));
  writer_.save(session("b", 7));
  writer_.save(session("a", 3));
  writer_.save(session("a", 2));  // raced in late: older than 3
  workers_.run_all();
  ASSERT_EQ(store_.batches.size(), 1u);
  EXPECT_EQ(store_.batches[0], (std::vector<std::string>{"b@7", "a@3"}));
}

TEST_F(SessionWriter, AContinuationRunsOnAWorkerAfterTheCommit) {
  std::vector<std::string> log;
  store_.log = &log;
  writer_.save(session("a", 1), [&] { log.push_back("join answered"); });
  EXPECT_TRUE(log.empty());
  workers_.run_one();  // the batch: commits, then posts the continuation
  EXPECT_EQ(log, std::vector<std::string>{"commit 0"});
  workers_.run_all();
  EXPECT_EQ(log, (std::vector<std::string>{"commit 0", "join answered"}));
}

TEST_F(SessionWriter, SavesArrivingDuringAWriteGoInTheNextBatch) {
  writer_.save(session("a", 1));
  store_.during_write = [&] {
    writer_.save(session("b", 1));
    writer_.save(session("c", 1));
  };
  workers_.run_one();
  ASSERT_EQ(workers_.jobs.size(), 1u);  // posted again, once, for both
  workers_.run_all();
  ASSERT_EQ(store_.batches.size(), 2u);
  EXPECT_EQ(store_.batches[1], (std::vector<std::string>{"b@1", "c@1"}));
}

TEST_F(SessionWriter, AHugeBacklogIsWrittenInBoundedBatchesBehindOtherWork) {
  const size_t total = session_writer::kMaxBatch + 40;
  for (size_t i = 0; i < total; ++i) writer_.save(session("pid-" + std::to_string(i), 1));
  bool other_work_ran = false;
  workers_.post()([&] { other_work_ran = true; });  // e.g. a snapshot read, queued meanwhile
  workers_.run_one();
  ASSERT_EQ(store_.batches.size(), 1u);
  EXPECT_EQ(store_.batches[0].size(), session_writer::kMaxBatch);
  workers_.run_one();  // the other work goes before the rest of the backlog
  EXPECT_TRUE(other_work_ran);
  EXPECT_EQ(store_.batches.size(), 1u);
  workers_.run_all();
  ASSERT_EQ(store_.batches.size(), 2u);
  EXPECT_EQ(store_.batches[1].size(), 40u);
}

TEST_F(SessionWriter, AFailedCommitStillAnswersAndTheNextSaveIsWritten) {
  bool answered = false;
  store_.fail_next = true;
  writer_.save(session("a", 1), [&] { answered = true; });
  workers_.run_all();
  EXPECT_TRUE(answered);  // logged; the join is not left hanging
  EXPECT_TRUE(store_.batches.empty());
  writer_.save(session("a", 2));
  workers_.run_all();
  ASSERT_EQ(store_.batches.size(), 1u);
  EXPECT_EQ(store_.batches[0], std::vector<std::string>{"a@2"});
}

TEST_F(SessionWriter, WhenThePoolRefusesWorkTheContinuationsStillRun) {
  session_writer refused(store_, [](std::function<void()>) { throw std::runtime_error("pool stopped"); });
  bool answered = false;
  refused.save(session("a", 1), [&] { answered = true; });
  EXPECT_TRUE(answered);
  EXPECT_TRUE(store_.batches.empty());
}

}  // namespace
}  // namespace brigade::realtime
