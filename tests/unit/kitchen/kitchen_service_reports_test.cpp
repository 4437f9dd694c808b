#include <chrono>
#include <stdexcept>

#include <gtest/gtest.h>

#include "kitchen/kitchen_service.hpp"
#include "memory_store.hpp"
#include "sample_orders.hpp"

namespace brigade::kitchen {
namespace {

using namespace std::chrono_literals;

// The speed-of-service report through the service, over the in-memory store.
class speed_of_service_service_test : public ::testing::Test {
 protected:
  speed_of_service_service_test() {
    restaurant home;
    home.name = "Home";
    home.timezone = "UTC";
    home.ticket_target_minutes = 10;
    home_ = store_.add(home);
    table_ = store_.add(table{0, home_.id, "12", 4});
    grill_ = store_.add(station{0, home_.id, "grill"});
    burger_ = store_.add(menu_item{0, home_.id, "Burger", 1250, "mains", grill_.id, true});
    waiter_ = to_actor(store_.add(staff{0, home_.id, "Wendy", "wendy", staff_role::waiter, "hash"}));
    chef_ = to_actor(store_.add(staff{0, home_.id, "Carl", "carl", staff_role::chef, "hash"}));
    manager_ = to_actor(store_.add(staff{0, home_.id, "Mia", "mia", staff_role::manager, "hash"}));
  }

  static actor to_actor(const staff& s) { return actor{s.id, s.restaurant, s.name, s.role}; }

  template <typename T>
  static T must(result<T> r) {
    if (!r.ok()) throw std::runtime_error(r.error().code + ": " + r.error().message);
    return std::move(r).value();
  }

  // A burger order sent to the kitchen now and made ready `took` later.
  void burger_ready_after(std::chrono::minutes took) {
    create_order_command c;
    c.table = table_.id;
    c.items = {new_item{burger_.id, 1, ""}};
    const order o = must(service_.create_order(waiter_, c)).order;
    must(service_.confirm_order(waiter_, o.id));
    const order sent = must(service_.get_order(waiter_, o.id));
    must(service_.start_ticket(chef_, sent.ticket->id));
    now_ += took;
    must(service_.ready_ticket(chef_, sent.ticket->id));
  }

  int32_t business_day_number() const {
    return static_cast<int32_t>(std::chrono::floor<std::chrono::days>(now_).time_since_epoch().count());
  }

  testing::memory_store store_;
  timestamp now_ = testing::kNow;  // 16:00 UTC
  kitchen_service service_{store_, [this] { return now_; }};
  restaurant home_;
  table table_;
  station grill_;
  menu_item burger_;
  actor waiter_, chef_, manager_;
};

TEST_F(speed_of_service_service_test, summarises_todays_ready_lines_against_the_target) {
  burger_ready_after(4min);
  burger_ready_after(8min);
  burger_ready_after(12min);  // late: the target is 10 minutes
  const auto report = must(service_.speed_of_service(manager_, report_query{}));
  EXPECT_EQ(report.target_minutes, 10);
  EXPECT_EQ(report.time_zone, "UTC");
  EXPECT_EQ(report.to - report.from, 24h);
  ASSERT_EQ(report.groups.size(), 1u);
  EXPECT_EQ(report.groups[0].name, "grill");
  EXPECT_EQ(report.total.count, 3);
  EXPECT_DOUBLE_EQ(*report.total.median_seconds, 8 * 60);
  EXPECT_EQ(report.total.late, 1);
}

TEST_F(speed_of_service_service_test, leaves_out_lines_ready_outside_the_range) {
  burger_ready_after(5min);
  report_query yesterday;
  yesterday.from = report_bound{std::nullopt, business_day_number() - 1};
  yesterday.to = yesterday.from;
  const auto report = must(service_.speed_of_service(manager_, yesterday));
  EXPECT_EQ(report.total.count, 0);
  EXPECT_TRUE(report.groups.empty());
}

TEST_F(speed_of_service_service_test, keeps_to_one_station_when_asked) {
  burger_ready_after(4min);
  report_query grill_only;
  grill_only.station = grill_.id;
  grill_only.group_by = report_grouping::hour;
  const auto report = must(service_.speed_of_service(manager_, grill_only));
  EXPECT_EQ(report.station, grill_.id);
  EXPECT_EQ(report.total.count, 1);
  ASSERT_EQ(report.groups.size(), 1u);
  EXPECT_EQ(report.groups[0].key, "16");  // ready at 16:04 UTC
  report_query elsewhere;
  elsewhere.station = 0;  // the lines without a station: none here
  EXPECT_EQ(must(service_.speed_of_service(manager_, elsewhere)).total.count, 0);
}

TEST_F(speed_of_service_service_test, is_for_managers_only) {
  for (const actor& who : {waiter_, chef_}) {
    const auto denied = service_.speed_of_service(who, report_query{});
    ASSERT_FALSE(denied.ok());
    EXPECT_EQ(denied.error().code, "forbidden");
  }
}

}  // namespace
}  // namespace brigade::kitchen
