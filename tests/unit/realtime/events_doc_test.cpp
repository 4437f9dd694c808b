#include "realtime/events_doc.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "realtime/event_routes.hpp"
#include "realtime/room_request.hpp"

namespace brigade::realtime {
namespace {

const std::string kEventsDocPath = std::string(BRIGADE_SOURCE_DIR) + "/docs/events.md";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(EventsDoc, DocsMatchTheRoutingTable) {
  const auto document = read_file(kEventsDocPath);
  ASSERT_FALSE(document.empty()) << kEventsDocPath;
  const auto generated = render_events_markdown();
  // BRIGADE_UPDATE_DOCS=1 rewrites the section after a deliberate change to
  // the table; CI never sets it, so a stale document fails here.
  if (const char* update = std::getenv("BRIGADE_UPDATE_DOCS");
      update && std::string(update) == "1") {
    std::ofstream(kEventsDocPath, std::ios::binary) << replace_generated_section(document, generated);
    GTEST_SKIP() << "rewrote " << kEventsDocPath;
  }
  EXPECT_EQ(generated_section(document), generated)
      << "docs/events.md is out of date: run realtime_unit_tests with BRIGADE_UPDATE_DOCS=1";
}

TEST(EventsDoc, EveryRoomCommandIsDocumented) {
  const auto document = read_file(kEventsDocPath);
  for (const auto& command : room_commands()) {
    EXPECT_NE(document.find("`" + std::string(command.event) + "`"), std::string::npos)
        << command.event << " is missing from docs/events.md";
  }
}

TEST(EventsDoc, OneRowPerRoute) {
  const auto md = render_events_markdown();
  size_t rows = 0;
  for (const char c : md) rows += c == '\n';
  EXPECT_EQ(rows, event_routes().size() + 2);  // header and separator
  EXPECT_NE(md.find("| `order:created` | `" +
                    std::string(kitchen::to_string(kitchen::event_type::order_created)) +
                    "` | `kitchen`, `waiters`, `table:{tableId}` | `orderId`, `tableId`, "
                    "`orderNumber`, `status`, `totalAmount`, `finalAmount`, `items`, `notes`, `createdBy`, "
                    "`createdAt` | immediate |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| `kitchen:stats_update` |"), std::string::npos);
  EXPECT_NE(md.find("| throttled |"), std::string::npos);
}

TEST(EventsDoc, SectionReplacementKeepsTheSurroundingText) {
  const std::string doc = "intro\n" + std::string(kEventsDocBegin) + "\nold\n" +
                          std::string(kEventsDocEnd) + "\noutro\n";
  const auto updated = replace_generated_section(doc, "new\n");
  EXPECT_EQ(updated, "intro\n" + std::string(kEventsDocBegin) + "\nnew\n" +
                         std::string(kEventsDocEnd) + "\noutro\n");
  EXPECT_EQ(generated_section(updated), "new\n");
  EXPECT_EQ(generated_section("no markers"), "");
  EXPECT_EQ(replace_generated_section("no markers", "x"), "no markers");
}

}  // namespace
}  // namespace brigade::realtime
