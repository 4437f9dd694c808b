#include "realtime/access_doc.hpp"

#include <gtest/gtest.h>

#include "kitchen/access_policy.hpp"

#include "../generated_doc.hpp"

namespace brigade::realtime {
namespace {

const std::string kSecurityDocPath = std::string(BRIGADE_SOURCE_DIR) + "/docs/security.md";

TEST(AccessDoc, DocsMatchTheAccessTable) {
  brigade::testing::expect_generated_section(
      kSecurityDocPath, kAccessDocBegin, kAccessDocEnd, render_access_markdown(),
      "docs/security.md is out of date: run realtime_unit_tests with BRIGADE_UPDATE_DOCS=1");
}

TEST(AccessDoc, OneRowPerPermission) {
  const std::string md = render_access_markdown();
  size_t rows = 0;
  for (const char c : md) rows += c == '\n';
  EXPECT_EQ(rows, kitchen::access_rules().size() + 2);
  EXPECT_NE(md.find("| `watch_table` | join a table room | ✓ | | ✓ | | own table |"), std::string::npos) << md;
}

}  // namespace
}  // namespace brigade::realtime
