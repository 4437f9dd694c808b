#include "kitchen/access_policy.hpp"

#include <set>

#include <gtest/gtest.h>

#include "kitchen/errors.hpp"

namespace brigade::kitchen {
namespace {

constexpr staff_role kAllRoles[] = {staff_role::waiter, staff_role::chef, staff_role::manager,
                                    staff_role::kitchen_display, staff_role::table_display};

actor as(staff_role role, table_id table = 0) { return actor{1, 1, "x", role, table}; }

TEST(AccessPolicy, OneRulePerPermissionWithDistinctNames) {
  std::set<std::string_view> names;
  for (const access_rule& rule : access_rules()) {
    EXPECT_TRUE(names.insert(rule.name).second) << rule.name;
    EXPECT_EQ(&rule_of(rule.what), &rule);
    EXPECT_FALSE(rule.description.empty());
  }
}

TEST(AccessPolicy, ManagersMayDoEverything) {
  for (const access_rule& rule : access_rules()) EXPECT_TRUE(role_may(staff_role::manager, rule.what)) << rule.name;
}

TEST(AccessPolicy, TableDisplaysOnlyReadTheirTable) {
  for (const access_rule& rule : access_rules()) {
    const bool reads = rule.what == permission::read_orders || rule.what == permission::watch_table ||
                       rule.what == permission::watch_order;
    EXPECT_EQ(role_may(staff_role::table_display, rule.what), reads) << rule.name;
    if (reads) {
      EXPECT_TRUE(rule.own_table_only_for_table_display) << rule.name;
    }
  }
  EXPECT_FALSE(check_table_scope(as(staff_role::table_display, 4), 4));
  auto other = check_table_scope(as(staff_role::table_display, 4), 5);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->code, kForbidden);
  for (const staff_role role : {staff_role::waiter, staff_role::chef, staff_role::kitchen_display})
    EXPECT_FALSE(check_table_scope(as(role), 5));
}

// The issue's table: rooms, and the commands of the floor and the kitchen.
TEST(AccessPolicy, RoomsFollowTheSpecification) {
  const auto allowed = [](permission p) {
    std::set<staff_role> out;
    for (const staff_role r : kAllRoles) {
      if (role_may(r, p)) out.insert(r);
    }
    return out;
  };
  using enum staff_role;
  EXPECT_EQ(allowed(permission::watch_kitchen), (std::set{chef, manager, kitchen_display}));
  EXPECT_EQ(allowed(permission::watch_waiters), (std::set{waiter, manager}));
  EXPECT_EQ(allowed(permission::watch_table), (std::set{waiter, manager, table_display}));
  EXPECT_EQ(allowed(permission::watch_order), (std::set{waiter, chef, manager, kitchen_display, table_display}));
  for (const permission p : {permission::create_order, permission::add_items, permission::request_cancellation,
                             permission::serve})
    EXPECT_EQ(allowed(p), (std::set{waiter, manager})) << rule_of(p).name;
  for (const permission p : {permission::acknowledge_ticket, permission::start_ticket, permission::ready_ticket,
                             permission::complete_ticket, permission::recall_ticket, permission::decide_cancellation,
                             permission::set_priority, permission::assign_station})
    EXPECT_EQ(allowed(p), (std::set{chef, manager, kitchen_display})) << rule_of(p).name;
  EXPECT_EQ(allowed(permission::issue_device_tokens), (std::set{manager}));
}

TEST(AccessPolicy, RefusalSaysWhoMayNotDoWhat) {
  auto denied = check_permission(as(staff_role::kitchen_display), permission::create_order);
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->code, kForbidden);
  EXPECT_EQ(denied->message, "A kitchen display may not create and confirm orders");
  EXPECT_FALSE(check_permission(as(staff_role::waiter), permission::create_order));
}

}  // namespace
}  // namespace brigade::kitchen
