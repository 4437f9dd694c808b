#include "realtime/rooms.hpp"

#include <gtest/gtest.h>

namespace brigade::realtime {
namespace {

TEST(Rooms, ClientNamesFollowTheSpecification) {
  EXPECT_EQ(room::kitchen().to_string(), "kitchen");
  EXPECT_EQ(room::waiters().to_string(), "waiters");
  EXPECT_EQ(room::table(12).to_string(), "table:12");
  EXPECT_EQ(room::order(42).to_string(), "order:42");
}

TEST(Rooms, InternalNamesCarryTheRestaurant) {
  EXPECT_EQ(internal_room_name(1, room::kitchen()), "r1/kitchen");
  EXPECT_EQ(internal_room_name(7, room::table(12)), "r7/table:12");
  EXPECT_EQ(internal_room_name(7, room::order(42)), "r7/order:42");
}

TEST(Rooms, SameLogicalRoomDiffersAcrossRestaurants) {
  for (const auto& r : {room::kitchen(), room::waiters(), room::table(3), room::order(3)}) {
    EXPECT_NE(internal_room_name(1, r), internal_room_name(2, r)) << r.to_string();
    // "r1/…" must not be a prefix-collision of "r11/…".
    EXPECT_NE(internal_room_name(1, r), internal_room_name(11, r)) << r.to_string();
  }
}

TEST(Rooms, EqualityComparesKindAndId) {
  EXPECT_EQ(room::table(3), room::table(3));
  EXPECT_NE(room::table(3), room::order(3));
  EXPECT_NE(room::table(3), room::table(4));
}

}  // namespace
}  // namespace brigade::realtime
