// Which broadcasts go to the other servers of a cluster (cluster_port) and
// which stay on this node: a broadcast_operator's scope.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "http/io_pool.hpp"
#include "socketio/broadcast.hpp"
#include "socketio/cluster_port.hpp"
#include "socketio/io_namespace.hpp"

namespace brigade::socketio {
namespace {

class recording_port final : public cluster_port {
 public:
  void publish(const io_namespace&, const std::vector<std::string>& rooms, const std::vector<std::string>&,
               const json& data, const std::optional<event_offset>& offset) override {
    published.push_back({rooms, data, offset});
  }
  struct publication {
    std::vector<std::string> rooms;
    json data;
    std::optional<event_offset> offset;
  };
  std::vector<publication> published;
};

struct broadcast_scope : ::testing::Test {
  http::io_pool pool{1};  // never started: local fan-outs wait in its queue
  io_namespace nsp{"/", pool};
  recording_port port;
  broadcast_scope() { nsp.join_cluster(port); }
};

TEST_F(broadcast_scope, a_plain_broadcast_and_one_for_the_other_servers_only_are_published_with_their_offset) {
  broadcast_operator(nsp).to("r1/kitchen").at(event_offset{7, 0}).emit("order:new", json::array({1}));
  broadcast_operator(nsp).to("r1/kitchen").at(event_offset{8, 1}).published_only().emit("order:new", json::array({2}));
  ASSERT_EQ(port.published.size(), 2u);
  EXPECT_EQ(port.published[0].rooms, std::vector<std::string>{"r1/kitchen"});
  EXPECT_EQ(port.published[0].data, json::array({"order:new", 1}));
  EXPECT_EQ(port.published[1].offset, (event_offset{8, 1}));
}

TEST_F(broadcast_scope, a_local_or_unpublished_broadcast_stays_on_this_node) {
  broadcast_operator(nsp).to("r1/kitchen").local().emit("from-elsewhere");
  broadcast_operator(nsp).to("r1/kitchen").unpublished().emit("order:new");
  EXPECT_TRUE(port.published.empty());
}

}  // namespace
}  // namespace brigade::socketio
