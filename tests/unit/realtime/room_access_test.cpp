#include "realtime/room_access.hpp"

#include <gtest/gtest.h>

#include "kitchen/errors.hpp"

namespace brigade::realtime {
namespace {

using kitchen::staff_role;

kitchen::actor as(staff_role role, kitchen::table_id table = 0) { return {1, 1, "x", role, table}; }

bool may_join(const kitchen::actor& who, const room& r) { return !check_room_access(who, r).has_value(); }

TEST(RoomAccess, EachRoleJoinsOnlyItsRooms) {
  EXPECT_TRUE(may_join(as(staff_role::chef), room::kitchen()));
  EXPECT_TRUE(may_join(as(staff_role::kitchen_display), room::kitchen()));
  EXPECT_FALSE(may_join(as(staff_role::waiter), room::kitchen()));
  EXPECT_TRUE(may_join(as(staff_role::waiter), room::waiters()));
  EXPECT_FALSE(may_join(as(staff_role::chef), room::waiters()));
  EXPECT_FALSE(may_join(as(staff_role::kitchen_display), room::table(3)));
  EXPECT_TRUE(may_join(as(staff_role::chef), room::order(9)));
  for (const room& r : {room::kitchen(), room::waiters(), room::table(3), room::order(9)})
    EXPECT_TRUE(may_join(as(staff_role::manager), r)) << r.to_string();
}

TEST(RoomAccess, ATableDisplayJoinsOnlyItsOwnTable) {
  const auto display = as(staff_role::table_display, 3);
  EXPECT_TRUE(may_join(display, room::table(3)));
  auto other = check_room_access(display, room::table(4));
  ASSERT_TRUE(other);
  EXPECT_EQ(other->code, kitchen::kForbidden);
  EXPECT_FALSE(may_join(display, room::kitchen()));
  EXPECT_FALSE(may_join(display, room::waiters()));
  // An order room passes here; the gateway checks the order's table.
  EXPECT_TRUE(may_join(display, room::order(9)));
}

}  // namespace
}  // namespace brigade::realtime
