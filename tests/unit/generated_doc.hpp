#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace brigade::testing {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// Expects the text between the marker lines `begin` and `end` of the
/// document at `path` to equal `generated`. With BRIGADE_UPDATE_DOCS=1 it
/// rewrites that text instead, after a deliberate change to the table it is
/// rendered from (the test is then skipped); CI never sets it, so a stale
/// document fails. `stale` says what to do about a mismatch.
inline void expect_generated_section(const std::string& path, std::string_view begin, std::string_view end,
                                     const std::string& generated, std::string_view stale) {
  const std::string document = read_file(path);
  const size_t at_begin = document.find(begin);
  const size_t at_end = document.find(end);
  ASSERT_NE(at_begin, std::string::npos) << path << " has no " << begin;
  ASSERT_NE(at_end, std::string::npos) << path << " has no " << end;
  const size_t body = at_begin + begin.size() + 1;  // after the marker's newline
  if (const char* update = std::getenv("BRIGADE_UPDATE_DOCS"); update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << document.substr(0, body) << generated << document.substr(at_end);
    GTEST_SKIP() << "rewrote " << path;
  }
  EXPECT_EQ(document.substr(body, at_end - body), generated) << stale;
}

}  // namespace brigade::testing
