#include "common/password.hpp"

#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace brigade {
namespace {

TEST(password, verifies_the_password_it_hashed) {
  const auto hash = hash_password("waiter1pass");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_TRUE(verify_password(hash, "waiter1pass"));
}

TEST(password, refuses_a_wrong_password) {
  const auto hash = hash_password("waiter1pass");
  EXPECT_FALSE(verify_password(hash, "waiter1pasS"));
  EXPECT_FALSE(verify_password(hash, ""));
}

TEST(password, salts_every_hash) {
  EXPECT_NE(hash_password("same"), hash_password("same"));
}

TEST(password, refuses_malformed_hashes) {
  EXPECT_FALSE(verify_password("", "x"));
  EXPECT_FALSE(verify_password("not a hash", "not a hash"));
  EXPECT_FALSE(verify_password(std::string(1000, 'a'), "x"));
  EXPECT_FALSE(verify_password(std::string_view{"$argon2id\0", 10}, "x"));
}

TEST(password, hashes_empty_and_binary_passwords) {
  const std::string binary{"a\0b", 3};
  const auto hash = hash_password(binary);
  EXPECT_TRUE(verify_password(hash, binary));
  EXPECT_FALSE(verify_password(hash, "a"));
  EXPECT_TRUE(verify_password(hash_password(""), ""));
}

TEST(password, is_usable_from_several_threads_at_once) {
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&ok, i] {
      const auto password = "pass" + std::to_string(i);
      ok[i] = verify_password(hash_password(password), password) ? 1 : 0;
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < 4; ++i) EXPECT_EQ(ok[i], 1) << i;
}

}  // namespace
}  // namespace brigade
