#include "http/file_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "temp_tree.hpp"

namespace brigade::http {
namespace {

using outcome = file_cache::outcome;
namespace fs = std::filesystem;

TEST(FileCache, ReadsARegularFileWithAnEtagOfSizeAndTime) {
  testing::temp_tree tree;
  const auto path = tree.write("app.js", "console.log(1)").string();
  file_cache cache;
  const auto found = cache.get(path);
  ASSERT_EQ(found.status, outcome::found);
  EXPECT_EQ(found.file->body, "console.log(1)");
  EXPECT_TRUE(found.file->etag.starts_with("\"e-")) << found.file->etag;  // 14 bytes
  EXPECT_TRUE(found.file->etag.ends_with("\""));
}

TEST(FileCache, KeepsAnUnchangedFileAndRereadsAChangedOne) {
  testing::temp_tree tree;
  const auto path = tree.write("index.html", "<p>one</p>");
  file_cache cache;
  const auto first = cache.get(path.string()).file;
  EXPECT_EQ(cache.get(path.string()).file, first);  // the same copy, not read again

  tree.write("index.html", "<p>second</p>");  // a new build: other size
  const auto second = cache.get(path.string()).file;
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->body, "<p>second</p>");
  EXPECT_NE(second->etag, first->etag);

  tree.write("index.html", "<p>third!</p>");  // same size: the time tells
  fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(5));
  const auto third = cache.get(path.string()).file;
  ASSERT_NE(third, nullptr);
  EXPECT_EQ(third->body, "<p>third!</p>");
  EXPECT_NE(third->etag, second->etag);
}

TEST(FileCache, MissingDirectoriesAndSymlinksAreNotServed) {
  testing::temp_tree tree;
  const auto target = tree.write("real.txt", "x");
  tree.link("link.txt", target);
  fs::create_directories(tree.path() / "dir");
  file_cache cache;
  EXPECT_EQ(cache.get((tree.path() / "nope.txt").string()).status, outcome::missing);
  EXPECT_EQ(cache.get((tree.path() / "dir").string()).status, outcome::missing);
  // Callers pass resolved paths: a symlink there was swapped in since.
  EXPECT_EQ(cache.get((tree.path() / "link.txt").string()).status, outcome::missing);
  EXPECT_EQ(cache.get(target.string()).status, outcome::found);
}

TEST(FileCache, RefusesFilesOverTheSizeLimit) {
  testing::temp_tree tree;
  file_cache cache(10);
  EXPECT_EQ(cache.get(tree.write("small.txt", "0123456789").string()).status, outcome::found);
  const auto big = cache.get(tree.write("big.txt", "0123456789A").string());
  EXPECT_EQ(big.status, outcome::too_large);
  EXPECT_EQ(big.file, nullptr);
}

TEST(FileCache, EmptiesItselfRatherThanGrowPastItsTotal) {
  testing::temp_tree tree;
  const auto a = tree.write("a.txt", "aaaaaa").string();
  const auto b = tree.write("b.txt", "bbbbbb").string();

  file_cache roomy(100, 100);
  const auto kept = roomy.get(a).file;
  roomy.get(b);
  EXPECT_EQ(roomy.get(a).file, kept);

  file_cache tight(100, 10);
  const auto dropped = tight.get(a).file;
  tight.get(b);  // 12 bytes > 10: a is dropped
  const auto again = tight.get(a).file;
  ASSERT_NE(again, nullptr);
  EXPECT_NE(again, dropped);
  EXPECT_EQ(again->body, "aaaaaa");
}

TEST(FileCache, ServesConsistentCopiesToManyThreadsWhileTheFileChanges) {
  testing::temp_tree tree;
  const std::string version_a(4000, 'a');
  const std::string version_b(6000, 'b');
  const auto path = tree.write("index.html", version_a);
  file_cache cache;
  std::atomic<bool> stop{false};
  std::atomic<int> torn{0};
  std::atomic<int> served{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 4; ++i) {
    readers.emplace_back([&] {
      while (!stop) {
        const auto found = cache.get(path.string());
        if (found.status != outcome::found) continue;  // between truncate and write
        ++served;
        const auto& body = found.file->body;
        // Only a stable read gets an ETag; it must be one whole version.
        if (!found.file->etag.empty() && body != version_a && body != version_b) ++torn;
      }
    });
  }
  // The readers are running before the file starts changing.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (served == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  for (int round = 0; round < 200; ++round) {
    const auto temporary = tree.write("next.html", round % 2 ? version_a : version_b);
    fs::rename(temporary, path);  // how a build replaces a file: atomically
  }
  stop = true;
  for (auto& reader : readers) reader.join();
  EXPECT_GT(served.load(), 0);
  EXPECT_EQ(torn.load(), 0);
}

}  // namespace
}  // namespace brigade::http
