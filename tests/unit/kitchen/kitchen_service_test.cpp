#include "kitchen/kitchen_service.hpp"

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "common/password.hpp"
#include "kitchen/credentials.hpp"
#include "kitchen/errors.hpp"
#include "kitchen/prep_time.hpp"
#include "kitchen/ticket_workflow.hpp"
#include "memory_store.hpp"
#include "sample_orders.hpp"

namespace brigade::kitchen {
namespace {

using namespace std::chrono_literals;
using testing::detail;
using testing::memory_store;
using testing::types;

/// Records what it is told and checks, while being told, that the event is
/// already committed (readable from the store): persist, then announce.
class recording_subscriber final : public event_subscriber {
 public:
  explicit recording_subscriber(memory_store& store) : store_(store) {}

  void publish(const domain_event& e) override {
    uint64_t committed = 0;
    store_.read([&](kitchen_reader& r) { committed = r.last_sequence(e.restaurant); });
    std::lock_guard lock(mutex_);
    if (e.sequence == 0 || committed < e.sequence) announced_early_ = true;
    events_.push_back(e);
  }

  /// The events received since the last call.
  std::vector<domain_event> take() {
    std::lock_guard lock(mutex_);
    return std::exchange(events_, {});
  }
  bool announced_early() {
    std::lock_guard lock(mutex_);
    return announced_early_;
  }

 private:
  memory_store& store_;
  std::mutex mutex_;
  std::vector<domain_event> events_;
  bool announced_early_ = false;
};

std::vector<uint64_t> sequences(const std::vector<domain_event>& events) {
  std::vector<uint64_t> out;
  for (const domain_event& e : events) out.push_back(e.sequence);
  return out;
}

std::vector<uint64_t> range(uint64_t first, uint64_t last) {
  std::vector<uint64_t> out;
  for (uint64_t s = first; s <= last; ++s) out.push_back(s);
  return out;
}

// Unwraps a result a test expects to succeed; GoogleTest reports the throw.
template <typename T>
T must(result<T> r) {
  if (!r.ok())
    throw std::runtime_error("unexpected error " + r.error().code + ": " + r.error().message);
  return std::move(r).value();
}

template <typename T>
void expect_error(const result<T>& r, std::string_view code, std::string_view field = {}) {
  ASSERT_FALSE(r.ok()) << "expected " << code;
  EXPECT_EQ(r.error().code, code) << r.error().message;
  if (!field.empty()) {
    EXPECT_EQ(detail(r.error(), "field"), field) << r.error().message;
  }
}

class kitchen_service_test : public ::testing::Test {
 protected:
  kitchen_service_test() {
    restaurant home;
    home.name = "Home";
    home.order_number_prefix = "A";
    home.pricing = pricing_policy{0, 1000, 1000};
    home_ = store_.add(home);
    restaurant other;
    other.name = "Other";
    other.order_number_prefix = "Z";
    other_ = store_.add(other);

    table_ = store_.add(table{0, home_.id, "12", 4});
    other_table_ = store_.add(table{0, other_.id, "1", 2});
    grill_ = store_.add(station{0, home_.id, "grill"});
    cold_ = store_.add(station{0, home_.id, "cold"});
    other_station_ = store_.add(station{0, other_.id, "bar"});
    burger_ = store_.add(menu_item{0, home_.id, "Burger", 1250, "mains", grill_.id, true});
    salad_ = store_.add(menu_item{0, home_.id, "Salad", 800, "starters", cold_.id, true});
    pie_ = store_.add(menu_item{0, home_.id, "Pie", 600, "desserts", grill_.id, false});
    other_menu_ =
        store_.add(menu_item{0, other_.id, "Beer", 500, "drinks", other_station_.id, true});

    waiter_ =
        to_actor(store_.add(staff{0, home_.id, "Wendy", "wendy", staff_role::waiter, "hash"}));
    chef_ = to_actor(store_.add(staff{0, home_.id, "Carl", "carl", staff_role::chef, "hash"}));
    stranger_ =
        to_actor(store_.add(staff{0, other_.id, "Sam", "sam", staff_role::manager, "hash"}));

    service_.subscribe(subscriber_);
  }

  static actor to_actor(const staff& s) { return actor{s.id, s.restaurant, s.name, s.role}; }

  void update(const restaurant& r) { store_.add(r); }

  create_order_command order_of(std::vector<new_item> items, std::string key = "",
                                std::string fingerprint = "") {
    create_order_command c;
    c.table = table_.id;
    c.items = std::move(items);
    c.idempotency_key = std::move(key);
    c.request_fingerprint = std::move(fingerprint);
    return c;
  }
  create_order_command burgers(int32_t quantity = 2) {
    return order_of({new_item{burger_.id, quantity, ""}});
  }

  order create(const create_order_command& c) {
    return must(service_.create_order(waiter_, c)).order;
  }

  // An order whose ticket is in the given state, with the subscriber's
  // record cleared.
  order confirmed_order() {
    const order o = create(burgers());
    must(service_.confirm_order(waiter_, o.id));
    subscriber_.take();
    return must(service_.get_order(waiter_, o.id));
  }
  order preparing_order() {
    const order o = confirmed_order();
    must(service_.start_ticket(chef_, o.ticket->id));
    subscriber_.take();
    return must(service_.get_order(waiter_, o.id));
  }
  order ready_order() {
    const order o = preparing_order();
    must(service_.ready_ticket(chef_, o.ticket->id));
    subscriber_.take();
    return must(service_.get_order(waiter_, o.id));
  }

  std::vector<domain_event> stored_events(restaurant_id r) { return store_.events(r); }

  memory_store store_;
  timestamp now_ = testing::kNow;
  kitchen_service service_{store_, [this] { return now_; }};
  recording_subscriber subscriber_{store_};
  restaurant home_, other_;
  table table_, other_table_;
  station grill_, cold_, other_station_;
  menu_item burger_, salad_, pie_, other_menu_;
  actor waiter_, chef_, stranger_;
};

// ---- create ------------------------------------------------------------------

TEST_F(kitchen_service_test, create_saves_the_order_and_announces_order_created) {
  const created_order created = must(service_.create_order(waiter_, burgers()));
  const order& o = created.order;
  EXPECT_FALSE(created.replayed);
  EXPECT_NE(o.id, 0);
  EXPECT_EQ(o.number, "A-0001");
  EXPECT_EQ(o.status, order_status::pending);
  ASSERT_EQ(o.items.size(), 1U);
  EXPECT_NE(o.items[0].id, 0);
  EXPECT_EQ(o.total_amount, 2500);
  EXPECT_EQ(o.final_amount, 3025);

  const auto events = subscriber_.take();
  ASSERT_EQ(types(events), std::vector{event_type::order_created});
  EXPECT_EQ(events[0].sequence, 1U);
  EXPECT_EQ(events[0].restaurant, home_.id);
  EXPECT_EQ(events[0].actor, waiter_.id);
  EXPECT_EQ(events[0].occurred_at, now_);
  EXPECT_EQ(events[0].order->id, o.id);
  EXPECT_EQ(events[0].order->number, "A-0001");
  EXPECT_EQ(events[0].order->items[0].id, o.items[0].id);

  const order stored = must(service_.get_order(waiter_, o.id));
  EXPECT_EQ(stored.number, o.number);
  EXPECT_EQ(sequences(stored_events(home_.id)), range(1, 1));
}

TEST_F(kitchen_service_test, order_numbers_count_per_local_business_day) {
  home_.timezone = "America/New_York";  // UTC−5 in November
  update(home_);
  const std::chrono::sys_days nov27{std::chrono::year{2026} / 11 / 27};
  now_ = timestamp{nov27} + 3h;  // 22:00 local on the 26th
  EXPECT_EQ(create(burgers()).number, "A-0001");
  now_ = timestamp{nov27} + 4h + 59min;
  EXPECT_EQ(create(burgers()).number, "A-0002");
  now_ = timestamp{nov27} + 5h;  // local midnight: a new business day
  EXPECT_EQ(create(burgers()).number, "A-0001");
  EXPECT_EQ(create(burgers()).number, "A-0002");
  // Each restaurant counts on its own.
  create_order_command there = order_of({new_item{other_menu_.id, 1, ""}});
  there.table = other_table_.id;
  EXPECT_EQ(must(service_.create_order(stranger_, there)).order.number, "Z-0001");
}

TEST_F(kitchen_service_test, a_refused_order_takes_no_number) {
  expect_error(service_.create_order(waiter_, order_of({new_item{burger_.id, 0, ""}})),
               kValidation);
  EXPECT_EQ(create(burgers()).number, "A-0001");
}

TEST_F(kitchen_service_test, create_sends_straight_to_the_kitchen_when_the_restaurant_says_so) {
  home_.send_to_kitchen_on_create = true;
  update(home_);
  const order o = create(order_of({new_item{salad_.id, 1, ""}, new_item{burger_.id, 1, ""}}));
  EXPECT_EQ(o.status, order_status::confirmed);
  ASSERT_TRUE(o.ticket.has_value());
  EXPECT_NE(o.ticket->id, 0);
  EXPECT_EQ(o.ticket->station, cold_.id);  // the first item's default station
  EXPECT_EQ(o.ticket->station_name, "cold");

  const auto events = subscriber_.take();
  EXPECT_EQ(types(events), (std::vector{event_type::order_created, event_type::order_confirmed,
                                        event_type::kitchen_stats_changed}));
  EXPECT_EQ(sequences(events), range(1, 3));
  EXPECT_EQ(events[2].stats, (kitchen_stats{1, 0, 0, 1}));
  EXPECT_FALSE(events[2].order.has_value());
  EXPECT_EQ(events[1].order->ticket->id, o.ticket->id);
}

// ---- the order's whole life, event by event -------------------------------------

TEST_F(kitchen_service_test, each_command_emits_its_events_in_the_documented_order) {
  const order o = create(burgers());
  EXPECT_EQ(types(subscriber_.take()), std::vector{event_type::order_created});

  now_ += 1min;
  const order confirmed = must(service_.confirm_order(waiter_, o.id));
  ASSERT_TRUE(confirmed.ticket.has_value());
  EXPECT_EQ(confirmed.ticket->station, grill_.id);
  auto events = subscriber_.take();
  EXPECT_EQ(types(events),
            (std::vector{event_type::order_confirmed, event_type::order_status_changed,
                         event_type::kitchen_stats_changed}));
  EXPECT_EQ(events.back().stats, (kitchen_stats{1, 0, 0, 1}));
  const kitchen_order_id ticket = confirmed.ticket->id;

  must(service_.acknowledge_ticket(chef_, ticket));  // pending counts acknowledged too: no stats
  EXPECT_EQ(types(subscriber_.take()), std::vector{event_type::ticket_acknowledged});

  must(service_.start_ticket(chef_, ticket));
  events = subscriber_.take();
  EXPECT_EQ(types(events),
            (std::vector{event_type::ticket_preparing, event_type::order_status_changed,
                         event_type::kitchen_stats_changed}));
  EXPECT_EQ(events.back().stats, (kitchen_stats{0, 1, 0, 1}));

  must(service_.ready_ticket(chef_, ticket));
  events = subscriber_.take();
  EXPECT_EQ(types(events), (std::vector{event_type::ticket_ready, event_type::order_status_changed,
                                        event_type::kitchen_stats_changed}));
  EXPECT_EQ(events.back().stats, (kitchen_stats{0, 0, 1, 1}));

  now_ += 12min + 30s;
  const order served = must(service_.set_order_status(waiter_, o.id, order_status::served));
  EXPECT_EQ(served.ticket->status, ticket_status::completed);
  EXPECT_EQ(prep_time_minutes(*served.ticket), 13);  // 12:30 rounds up
  events = subscriber_.take();
  EXPECT_EQ(types(events),
            (std::vector{event_type::order_status_changed, event_type::ticket_completed,
                         event_type::kitchen_stats_changed}));
  EXPECT_EQ(events.back().stats, (kitchen_stats{0, 0, 0, 0}));

  must(service_.set_order_status(waiter_, o.id, order_status::completed));
  EXPECT_EQ(types(subscriber_.take()), std::vector{event_type::order_status_changed});

  EXPECT_EQ(sequences(stored_events(home_.id)), range(1, 15));
  EXPECT_FALSE(subscriber_.announced_early());
}

TEST_F(kitchen_service_test, set_order_status_confirmed_is_confirm) {
  const order o = create(burgers());
  subscriber_.take();
  const order confirmed = must(service_.set_order_status(waiter_, o.id, order_status::confirmed));
  EXPECT_EQ(confirmed.status, order_status::confirmed);
  EXPECT_EQ(confirmed.ticket->station, grill_.id);
  EXPECT_EQ(types(subscriber_.take()),
            (std::vector{event_type::order_confirmed, event_type::order_status_changed,
                         event_type::kitchen_stats_changed}));
}

TEST_F(kitchen_service_test, set_order_status_refuses_with_from_and_to) {
  const order o = create(burgers());
  const auto r = service_.set_order_status(waiter_, o.id, order_status::ready);
  expect_error(r, kInvalidTransition);
  EXPECT_EQ(detail(r.error(), "from"), "pending");
  EXPECT_EQ(detail(r.error(), "to"), "ready");
  expect_error(service_.set_order_status(waiter_, o.id, order_status::pending), kInvalidTransition);
  expect_error(service_.set_order_status(waiter_, o.id, order_status::cancelled),
               kInvalidTransition);
}

TEST_F(kitchen_service_test, completing_the_ticket_serves_the_order) {
  const order o = ready_order();
  now_ += 20min;
  const order done = must(service_.complete_ticket(chef_, o.ticket->id));
  EXPECT_EQ(done.status, order_status::served);
  EXPECT_EQ(prep_time_minutes(*done.ticket), 20);
  const auto events = subscriber_.take();
  EXPECT_EQ(types(events),
            (std::vector{event_type::ticket_completed, event_type::order_status_changed,
                         event_type::kitchen_stats_changed}));
  EXPECT_EQ(events.back().stats, (kitchen_stats{0, 0, 0, 0}));
}

// ---- throughput (the managers' live dashboard) ---------------------------------------

TEST_F(kitchen_service_test, throughput_counts_the_last_hours_bumps_and_their_prep_time_by_station) {
  const actor manager{99, home_.id, "Mia", staff_role::manager};
  // Bumped 90 minutes ago: outside the hour.
  const order old = ready_order();
  must(service_.complete_ticket(chef_, old.ticket->id));
  now_ += 90min;
  const order o = ready_order();  // created now
  now_ += 12min;
  must(service_.complete_ticket(chef_, o.ticket->id));
  const order open = ready_order();  // ready, not bumped: not counted
  (void)open;

  const kitchen_throughput t = must(service_.throughput(manager, 60min));
  EXPECT_EQ(t.tickets_completed, 1);
  ASSERT_EQ(t.stations.size(), 1u);
  EXPECT_EQ(t.stations[0].station, o.ticket->station);
  EXPECT_EQ(t.stations[0].tickets, 1);
  EXPECT_DOUBLE_EQ(t.stations[0].average_prep_seconds, 12 * 60);
}

TEST_F(kitchen_service_test, only_managers_may_read_the_throughput) {
  expect_error(service_.throughput(chef_, 60min), "forbidden");
  expect_error(service_.throughput(waiter_, 60min), "forbidden");
}

// ---- recall (undo a bump) -------------------------------------------------------------

TEST_F(kitchen_service_test, recalling_a_bump_reopens_the_ticket_and_the_order) {
  const order o = ready_order();
  now_ += 20min;
  must(service_.complete_ticket(chef_, o.ticket->id));
  subscriber_.take();
  const uint64_t last = stored_events(home_.id).back().sequence;

  now_ += 9min;
  const order recalled = must(service_.recall_ticket(chef_, o.ticket->id));
  EXPECT_EQ(recalled.ticket->status, ticket_status::ready);
  EXPECT_FALSE(recalled.ticket->completed_at.has_value());
  EXPECT_FALSE(prep_time_minutes(*recalled.ticket).has_value());
  EXPECT_EQ(recalled.status, order_status::ready);
  EXPECT_FALSE(recalled.served_at.has_value());
  for (const order_item& item : recalled.items) EXPECT_EQ(item.status, item_status::ready);

  const auto events = subscriber_.take();
  EXPECT_EQ(types(events), (std::vector{event_type::ticket_recalled, event_type::order_status_changed,
                                        event_type::kitchen_stats_changed}));
  EXPECT_EQ(sequences(events), range(last + 1, last + 3));
  EXPECT_EQ(events[0].actor, chef_.id);
  EXPECT_EQ(events[0].occurred_at, now_);
  EXPECT_EQ(events[0].order->ticket->status, ticket_status::ready);
  EXPECT_EQ(events[1].order->status, order_status::ready);
  EXPECT_EQ(events.back().stats, (kitchen_stats{0, 0, 1, 1}));
  EXPECT_FALSE(subscriber_.announced_early());

  // Stored as announced: back on the board, off the completed list.
  const order stored = must(service_.get_order(waiter_, o.id));
  EXPECT_EQ(stored.status, order_status::ready);
  EXPECT_EQ(stored.ticket->status, ticket_status::ready);
  EXPECT_EQ(must(service_.stats(chef_)), (kitchen_stats{0, 0, 1, 1}));
  EXPECT_TRUE(must(service_.list_tickets(chef_, ticket_query{ticket_status::completed, {}, {}})).empty());

  // Bumped again, it may be recalled again: the window runs from the last bump.
  now_ += 1min;
  EXPECT_EQ(must(service_.complete_ticket(chef_, o.ticket->id)).status, order_status::served);
  now_ += 10min;
  EXPECT_EQ(must(service_.recall_ticket(chef_, o.ticket->id)).status, order_status::ready);
}

TEST_F(kitchen_service_test, a_refused_recall_writes_and_announces_nothing) {
  const order o = ready_order();
  must(service_.complete_ticket(chef_, o.ticket->id));
  subscriber_.take();
  const int64_t writes = store_.writes();
  const auto unchanged = [&] {
    EXPECT_EQ(store_.writes(), writes);
    EXPECT_TRUE(subscriber_.take().empty());
    const order stored = must(service_.get_order(waiter_, o.id));
    EXPECT_EQ(stored.ticket->status, ticket_status::completed);
    EXPECT_TRUE(stored.ticket->completed_at.has_value());
  };

  // Outside the window, by the service's clock.
  now_ += workflow::kRecallWindow + 1s;
  expect_error(service_.recall_ticket(chef_, o.ticket->id), kConflict);
  unchanged();
  // Not the kitchen's to undo.
  now_ = testing::kNow;
  expect_error(service_.recall_ticket(waiter_, o.ticket->id), kForbidden);
  unchanged();
  // Not a ticket of this restaurant, or not a ticket id at all.
  expect_error(service_.recall_ticket(stranger_, o.ticket->id), kNotFound);
  expect_error(service_.recall_ticket(chef_, o.id), kNotFound);
  unchanged();
  // Paid and closed by the waiter.
  must(service_.set_order_status(waiter_, o.id, order_status::completed));
  subscriber_.take();
  const int64_t closed_writes = store_.writes();
  expect_error(service_.recall_ticket(chef_, o.ticket->id), kConflict);
  EXPECT_EQ(store_.writes(), closed_writes);
  EXPECT_TRUE(subscriber_.take().empty());
  EXPECT_EQ(must(service_.get_order(waiter_, o.id)).status, order_status::completed);
}

TEST_F(kitchen_service_test, recalling_twice_or_an_open_ticket_is_an_invalid_transition) {
  const order o = ready_order();
  const auto open = service_.recall_ticket(chef_, o.ticket->id);
  expect_error(open, kInvalidTransition);
  EXPECT_EQ(detail(open.error(), "from"), "ready");
  EXPECT_EQ(detail(open.error(), "to"), "ready");

  must(service_.complete_ticket(chef_, o.ticket->id));
  const actor kds{7, home_.id, "Pass", staff_role::kitchen_display};
  must(service_.recall_ticket(kds, o.ticket->id));  // a kitchen screen may recall
  subscriber_.take();
  const int64_t writes = store_.writes();
  expect_error(service_.recall_ticket(kds, o.ticket->id), kInvalidTransition);
  EXPECT_EQ(store_.writes(), writes);
  EXPECT_TRUE(subscriber_.take().empty());
}

TEST_F(kitchen_service_test, completed_tickets_list_the_latest_bump_first_a_page_at_a_time) {
  const order a = ready_order();
  const order b = ready_order();
  const order c = ready_order();
  ready_order();  // still open: not listed
  for (const order* o : {&a, &b, &c}) {
    now_ += 1min;
    must(service_.complete_ticket(chef_, o->ticket->id));
  }
  // b is recalled and bumped again: the latest bump is b's, then c's, then
  // a's, which is neither ticket order nor its reverse.
  must(service_.recall_ticket(chef_, b.ticket->id));
  now_ += 1min;
  must(service_.complete_ticket(chef_, b.ticket->id));

  const auto ids = [](const std::vector<order>& orders) {
    std::vector<kitchen_order_id> out;
    for (const order& o : orders) out.push_back(o.ticket->id);
    return out;
  };
  const ticket_query completed{ticket_status::completed, {}, {}};
  EXPECT_EQ(ids(must(service_.list_tickets(chef_, completed))),
            (std::vector{b.ticket->id, c.ticket->id, a.ticket->id}));
  ticket_query two = completed;
  two.limit = 2;
  EXPECT_EQ(ids(must(service_.list_tickets(chef_, two))), (std::vector{b.ticket->id, c.ticket->id}));
  for (const int32_t bad : {0, 201}) {
    ticket_query q = completed;
    q.limit = bad;
    expect_error(service_.list_tickets(chef_, q), kValidation, "limit");
  }
  // The queue is as before: every open ticket.
  EXPECT_EQ(must(service_.list_tickets(chef_, ticket_query{})).size(), 1U);
}

TEST_F(kitchen_service_test, a_completed_list_without_a_limit_is_one_page) {
  for (int i = 0; i < kDefaultCompletedTickets + 1; ++i) {
    const order o = ready_order();
    must(service_.complete_ticket(chef_, o.ticket->id));
  }
  const auto page = must(service_.list_tickets(chef_, ticket_query{ticket_status::completed, {}, {}}));
  EXPECT_EQ(page.size(), static_cast<size_t>(kDefaultCompletedTickets));
}

TEST_F(kitchen_service_test, a_refused_ticket_move_writes_and_announces_nothing) {
  const order o = confirmed_order();
  const int64_t writes = store_.writes();
  const auto r = service_.ready_ticket(chef_, o.ticket->id);
  expect_error(r, kInvalidTransition);
  EXPECT_EQ(detail(r.error(), "from"), "pending");
  EXPECT_EQ(detail(r.error(), "to"), "ready");
  EXPECT_EQ(store_.writes(), writes);
  EXPECT_TRUE(subscriber_.take().empty());
}

// ---- items ------------------------------------------------------------------------

TEST_F(kitchen_service_test, added_items_carry_their_new_ids) {
  const order o = create(burgers());
  subscriber_.take();
  const order more = must(
      service_.add_items(waiter_, o.id, {new_item{salad_.id, 1, ""}, new_item{salad_.id, 2, ""}}));
  ASSERT_EQ(more.items.size(), 3U);
  EXPECT_EQ(more.total_amount, 2500 + 2400);
  const auto events = subscriber_.take();
  ASSERT_EQ(types(events), std::vector{event_type::order_items_added});
  EXPECT_EQ(events[0].added_items,
            (std::vector<order_item_id>{more.items[1].id, more.items[2].id}));
  EXPECT_NE(events[0].added_items[0], 0);
  EXPECT_EQ(events[0].order->total_amount, more.total_amount);
}

TEST_F(kitchen_service_test, adding_items_reopens_a_ready_ticket) {
  const order o = ready_order();
  const order reopened = must(service_.add_items(waiter_, o.id, {new_item{salad_.id, 1, ""}}));
  EXPECT_EQ(reopened.status, order_status::preparing);
  EXPECT_EQ(reopened.ticket->status, ticket_status::preparing);
  EXPECT_TRUE(reopened.ticket->changed);
  const auto events = subscriber_.take();
  EXPECT_EQ(types(events),
            (std::vector{event_type::order_items_added, event_type::order_status_changed,
                         event_type::kitchen_stats_changed}));
  EXPECT_EQ(events.back().stats, (kitchen_stats{0, 1, 0, 1}));
  EXPECT_EQ(must(service_.list_tickets(chef_, ticket_query{})).size(), 1U);
}

TEST_F(kitchen_service_test, adding_items_to_a_preparing_ticket_marks_it_changed_only) {
  const order o = preparing_order();
  const order more = must(service_.add_items(waiter_, o.id, {new_item{salad_.id, 1, ""}}));
  EXPECT_TRUE(more.ticket->changed);
  EXPECT_EQ(more.ticket->status, ticket_status::preparing);
  EXPECT_EQ(types(subscriber_.take()), std::vector{event_type::order_items_added});
}

TEST_F(kitchen_service_test, item_status_changes_name_the_item_and_the_last_one_readies_the_ticket) {
  const order o = preparing_order();
  const order_item_id item = o.items[0].id;
  const order ready = must(service_.set_item_status(chef_, o.id, item, item_status::ready));
  const auto events = subscriber_.take();
  ASSERT_EQ(types(events), (std::vector{event_type::order_item_status_changed, event_type::ticket_ready,
                                        event_type::order_status_changed, event_type::kitchen_stats_changed}));
  EXPECT_EQ(events[0].item, item);
  EXPECT_EQ(ready.ticket->status, ticket_status::ready);
  expect_error(service_.set_item_status(chef_, o.id, 987654, item_status::ready), kNotFound);
}

// ---- cancellation ---------------------------------------------------------------------

TEST_F(kitchen_service_test, an_order_without_a_ticket_is_cancelled_at_once) {
  const order o = create(burgers());
  subscriber_.take();
  const order cancelled = must(service_.request_cancellation(waiter_, o.id, "wrong table"));
  EXPECT_EQ(cancelled.status, order_status::cancelled);
  const auto events = subscriber_.take();
  EXPECT_EQ(types(events),
            (std::vector{event_type::order_cancel_requested, event_type::order_cancelled}));
  EXPECT_EQ(events[1].reason, "wrong table");
  expect_error(service_.request_cancellation(waiter_, o.id, "again"), kConflict);
}

TEST_F(kitchen_service_test, the_kitchen_decides_a_cancellation_request) {
  const order o = preparing_order();
  const kitchen_order_id ticket = o.ticket->id;

  must(service_.request_cancellation(waiter_, o.id, "guest left"));
  EXPECT_EQ(types(subscriber_.take()), std::vector{event_type::order_cancel_requested});
  expect_error(service_.request_cancellation(waiter_, o.id, "really"),
               kConflict);  // one open at a time

  const order rejected = must(service_.reject_cancellation(chef_, ticket, "already plated"));
  EXPECT_EQ(rejected.cancellation->status, cancel_request_status::rejected);
  EXPECT_EQ(rejected.status, order_status::preparing);
  auto events = subscriber_.take();
  ASSERT_EQ(types(events), std::vector{event_type::ticket_cancel_rejected});
  EXPECT_EQ(events[0].reason, "already plated");
  expect_error(service_.accept_cancellation(chef_, ticket), kConflict);  // nothing open now

  must(service_.request_cancellation(waiter_, o.id,
                                     "guest left, really"));  // a new request may follow
  subscriber_.take();
  const order accepted = must(service_.accept_cancellation(chef_, ticket));
  EXPECT_EQ(accepted.status, order_status::cancelled);
  EXPECT_EQ(accepted.ticket->status, ticket_status::cancelled);
  for (const order_item& item : accepted.items) EXPECT_EQ(item.status, item_status::cancelled);
  EXPECT_EQ(accepted.total_amount, o.total_amount);
  events = subscriber_.take();
  EXPECT_EQ(types(events),
            (std::vector{event_type::ticket_cancel_accepted, event_type::order_cancelled,
                         event_type::kitchen_stats_changed}));
  EXPECT_EQ(events[1].reason, "guest left, really");
  EXPECT_EQ(events.back().stats, (kitchen_stats{0, 0, 0, 0}));

  expect_error(service_.request_cancellation(waiter_, o.id, "once more"), kConflict);
  expect_error(service_.start_ticket(chef_, ticket), kInvalidTransition);
}

TEST_F(kitchen_service_test, cancellation_is_refused_once_served_or_completed) {
  const order o = ready_order();
  must(service_.set_order_status(waiter_, o.id, order_status::served));
  expect_error(service_.request_cancellation(waiter_, o.id, "too late"), kConflict);
  must(service_.set_order_status(waiter_, o.id, order_status::completed));
  expect_error(service_.request_cancellation(waiter_, o.id, "too late"), kConflict);
  expect_error(service_.request_cancellation(waiter_, o.id, ""), kValidation, "reason");
}

// ---- priority and station -------------------------------------------------------------------

TEST_F(kitchen_service_test, priority_changes_once_and_the_same_again_is_silent) {
  const order o = confirmed_order();
  const order vip = must(service_.set_priority(chef_, o.ticket->id, ticket_priority::vip));
  EXPECT_EQ(vip.ticket->priority, ticket_priority::vip);
  EXPECT_EQ(types(subscriber_.take()), std::vector{event_type::ticket_priority_changed});
  const int64_t writes = store_.writes();
  must(service_.set_priority(chef_, o.ticket->id, ticket_priority::vip));
  EXPECT_TRUE(subscriber_.take().empty());
  EXPECT_EQ(store_.writes(), writes);
}

TEST_F(kitchen_service_test, station_must_exist_in_the_restaurant) {
  const order o = confirmed_order();
  const order moved = must(service_.assign_station(chef_, o.ticket->id, cold_.id));
  EXPECT_EQ(moved.ticket->station, cold_.id);
  EXPECT_EQ(moved.ticket->station_name, "cold");
  EXPECT_EQ(types(subscriber_.take()), std::vector{event_type::ticket_station_assigned});
  must(service_.assign_station(chef_, o.ticket->id, cold_.id));
  EXPECT_TRUE(subscriber_.take().empty());
  expect_error(service_.assign_station(chef_, o.ticket->id, other_station_.id), kValidation,
               "stationId");
  expect_error(service_.assign_station(chef_, o.ticket->id, 424242), kValidation, "stationId");
}

// ---- tenants ----------------------------------------------------------------------------

TEST_F(kitchen_service_test, another_restaurants_order_is_not_found) {
  const order o = confirmed_order();
  const kitchen_order_id ticket = o.ticket->id;
  expect_error(service_.get_order(stranger_, o.id), kNotFound);
  expect_error(service_.confirm_order(stranger_, o.id), kNotFound);
  expect_error(service_.set_order_status(stranger_, o.id, order_status::served), kNotFound);
  expect_error(service_.add_items(stranger_, o.id, {new_item{other_menu_.id, 1, ""}}), kNotFound);
  expect_error(service_.set_item_status(stranger_, o.id, o.items[0].id, item_status::preparing),
               kNotFound);
  expect_error(service_.request_cancellation(stranger_, o.id, "mine now"), kNotFound);
  expect_error(service_.acknowledge_ticket(stranger_, ticket), kNotFound);
  expect_error(service_.start_ticket(stranger_, ticket), kNotFound);
  expect_error(service_.ready_ticket(stranger_, ticket), kNotFound);
  expect_error(service_.complete_ticket(stranger_, ticket), kNotFound);
  expect_error(service_.accept_cancellation(stranger_, ticket), kNotFound);
  expect_error(service_.reject_cancellation(stranger_, ticket, "no"), kNotFound);
  expect_error(service_.set_priority(stranger_, ticket, ticket_priority::vip), kNotFound);
  expect_error(service_.assign_station(stranger_, ticket, other_station_.id), kNotFound);

  EXPECT_TRUE(must(service_.list_orders(stranger_, order_query{})).orders.empty());
  EXPECT_TRUE(must(service_.list_tickets(stranger_, ticket_query{})).empty());
  EXPECT_EQ(must(service_.stats(stranger_)), kitchen_stats{});
  EXPECT_TRUE(must(service_.events_after(stranger_, 0, 100, kNoByteLimit)).events.empty());
  EXPECT_TRUE(subscriber_.take().empty());
  EXPECT_EQ(must(service_.get_order(waiter_, o.id)).status, order_status::confirmed);
}

TEST_F(kitchen_service_test, another_restaurants_tables_and_menu_are_invalid) {
  create_order_command foreign_table = burgers();
  foreign_table.table = other_table_.id;
  expect_error(service_.create_order(waiter_, foreign_table), kValidation, "tableId");
  expect_error(service_.create_order(waiter_, order_of({new_item{burger_.id, 1, ""},
                                                        new_item{other_menu_.id, 1, ""}})),
               kValidation, "items[1].menuItemId");
}

TEST_F(kitchen_service_test, sequences_run_per_restaurant) {
  create(burgers());
  create(burgers());
  create_order_command there = order_of({new_item{other_menu_.id, 1, ""}});
  there.table = other_table_.id;
  must(service_.create_order(stranger_, there));
  const auto events = subscriber_.take();
  EXPECT_EQ(sequences(events), (std::vector<uint64_t>{1, 2, 1}));
  EXPECT_EQ(events[2].restaurant, other_.id);
  EXPECT_EQ(sequences(must(service_.events_after(waiter_, 0, 10, kNoByteLimit)).events), range(1, 2));
  EXPECT_EQ(sequences(must(service_.events_after(waiter_, 1, 10, kNoByteLimit)).events), range(2, 2));
}

TEST_F(kitchen_service_test, an_order_id_is_not_a_ticket_id) {
  const order o = confirmed_order();
  ASSERT_NE(o.id, o.ticket->id);
  expect_error(service_.acknowledge_ticket(chef_, o.id), kNotFound);
  expect_error(service_.confirm_order(waiter_, o.ticket->id), kNotFound);
}

TEST_F(kitchen_service_test, an_actor_of_an_unknown_restaurant_is_not_found) {
  const actor ghost{999, 424242, "Ghost", staff_role::waiter};
  expect_error(service_.create_order(ghost, burgers()), kNotFound);
}

// ---- validation ---------------------------------------------------------------------------

TEST_F(kitchen_service_test, validation_errors_name_the_field_and_change_nothing) {
  const int64_t writes = store_.writes();
  create_order_command no_table = burgers();
  no_table.table = 424242;
  expect_error(service_.create_order(waiter_, no_table), kValidation, "tableId");
  expect_error(service_.create_order(waiter_, order_of({})), kValidation, "items");
  expect_error(service_.create_order(waiter_, order_of({new_item{424242, 1, ""}})), kValidation,
               "items[0].menuItemId");
  expect_error(service_.create_order(waiter_, order_of({new_item{burger_.id, 100, ""}})),
               kValidation, "items[0].quantity");
  expect_error(
      service_.create_order(waiter_, order_of({new_item{burger_.id, 1, std::string(501, 'x')}})),
      kValidation, "items[0].notes");
  create_order_command long_notes = burgers();
  long_notes.notes = std::string(1001, 'n');
  expect_error(service_.create_order(waiter_, long_notes), kValidation, "notes");
  const auto sold_out = service_.create_order(waiter_, order_of({new_item{pie_.id, 1, ""}}));
  expect_error(sold_out, kSoldOut, "items[0].menuItemId");
  EXPECT_NE(sold_out.error().message.find("sold out"), std::string::npos);

  EXPECT_EQ(store_.writes(), writes);
  EXPECT_TRUE(subscriber_.take().empty());
  EXPECT_TRUE(stored_events(home_.id).empty());
}

TEST_F(kitchen_service_test, list_orders_checks_its_page_size) {
  create(burgers());
  expect_error(
      service_.list_orders(waiter_, order_query{std::nullopt, std::nullopt, 0, std::nullopt}),
      kValidation, "limit");
  expect_error(
      service_.list_orders(waiter_, order_query{std::nullopt, std::nullopt, 201, std::nullopt}),
      kValidation, "limit");
  EXPECT_EQ(must(service_.list_orders(waiter_, order_query{})).orders.size(), 1U);
}

// ---- idempotency --------------------------------------------------------------------------

TEST_F(kitchen_service_test, the_same_key_and_request_return_the_same_order) {
  const created_order first =
      must(service_.create_order(waiter_, order_of({new_item{burger_.id, 1, ""}}, "k-1", "fp")));
  EXPECT_FALSE(first.replayed);
  subscriber_.take();
  const int64_t writes = store_.writes();

  const created_order again =
      must(service_.create_order(waiter_, order_of({new_item{burger_.id, 1, ""}}, "k-1", "fp")));
  EXPECT_TRUE(again.replayed);
  EXPECT_EQ(again.order.id, first.order.id);
  EXPECT_EQ(again.order.number, first.order.number);
  EXPECT_TRUE(subscriber_.take().empty());
  EXPECT_EQ(store_.writes(), writes);
  EXPECT_EQ(sequences(stored_events(home_.id)), range(1, 1));
  EXPECT_EQ(must(service_.list_orders(waiter_, order_query{})).orders.size(), 1U);
}

TEST_F(kitchen_service_test, a_key_reused_for_another_request_is_a_conflict) {
  must(service_.create_order(waiter_, order_of({new_item{burger_.id, 1, ""}}, "k-1", "fp-a")));
  subscriber_.take();
  const auto r =
      service_.create_order(waiter_, order_of({new_item{salad_.id, 1, ""}}, "k-1", "fp-b"));
  expect_error(r, kConflict);
  EXPECT_NE(r.error().message.find("different request"), std::string::npos) << r.error().message;
  EXPECT_TRUE(subscriber_.take().empty());
  EXPECT_EQ(must(service_.list_orders(waiter_, order_query{})).orders.size(), 1U);
}

TEST_F(kitchen_service_test, keys_are_per_restaurant_and_no_key_means_no_replay) {
  const order a =
      must(service_.create_order(waiter_, order_of({new_item{burger_.id, 1, ""}}, "shared", "fp")))
          .order;
  create_order_command there = order_of({new_item{other_menu_.id, 1, ""}}, "shared", "fp");
  there.table = other_table_.id;
  const created_order b = must(service_.create_order(stranger_, there));
  EXPECT_FALSE(b.replayed);
  EXPECT_NE(b.order.id, a.id);
  EXPECT_NE(create(burgers()).id, create(burgers()).id);
}

// ---- stats --------------------------------------------------------------------------------

TEST_F(kitchen_service_test, stats_count_open_tickets_by_status) {
  EXPECT_EQ(must(service_.stats(chef_)), kitchen_stats{});
  confirmed_order();                      // pending
  const order acked = confirmed_order();  // acknowledged counts as pending
  must(service_.acknowledge_ticket(chef_, acked.ticket->id));
  preparing_order();                   // preparing
  ready_order();                       // ready
  const order served = ready_order();  // closed once completed
  must(service_.complete_ticket(chef_, served.ticket->id));
  create(burgers());  // no ticket yet
  EXPECT_EQ(must(service_.stats(chef_)), (kitchen_stats{2, 1, 1, 4}));

  const auto open = must(service_.list_tickets(chef_, ticket_query{}));
  ASSERT_EQ(open.size(), 4U);
  for (size_t i = 1; i < open.size(); ++i)
    EXPECT_LT(open[i - 1].ticket->id, open[i].ticket->id);  // oldest first
  EXPECT_EQ(
      must(service_.list_tickets(chef_, ticket_query{ticket_status::completed, std::nullopt, std::nullopt})).size(),
      1U);
}

// ---- persist, then announce -------------------------------------------------------------------

TEST_F(kitchen_service_test, subscribers_hear_only_committed_events) {
  const order o = create(burgers());
  must(service_.confirm_order(waiter_, o.id));
  EXPECT_EQ(subscriber_.take().size(), 4U);
  EXPECT_FALSE(subscriber_.announced_early());
}

TEST_F(kitchen_service_test, a_store_failure_rolls_back_and_announces_nothing) {
  const order o = create(burgers());
  subscriber_.take();
  const int64_t writes_before = store_.writes();
  const size_t events_before = stored_events(home_.id).size();

  store_.fail_saves(true);
  EXPECT_THROW((void)service_.confirm_order(waiter_, o.id), store_failure);
  store_.fail_saves(false);
  store_.fail_appends(true);  // the order is saved, then the outbox write fails: both roll back
  EXPECT_THROW((void)service_.confirm_order(waiter_, o.id), store_failure);
  store_.fail_appends(false);

  EXPECT_TRUE(subscriber_.take().empty());
  EXPECT_EQ(store_.writes(), writes_before);
  EXPECT_EQ(stored_events(home_.id).size(), events_before);
  EXPECT_EQ(must(service_.get_order(waiter_, o.id)).status, order_status::pending);

  // The store recovers: the same command now commits and announces.
  must(service_.confirm_order(waiter_, o.id));
  EXPECT_EQ(sequences(subscriber_.take()), range(2, 4));
}

// ---- reads ------------------------------------------------------------------------------------

TEST_F(kitchen_service_test, find_actor_maps_staff_to_an_actor) {
  const actor found = must(service_.find_actor("carl"));
  EXPECT_EQ(found.id, chef_.id);
  EXPECT_EQ(found.restaurant, home_.id);
  EXPECT_EQ(found.name, "Carl");
  EXPECT_EQ(found.role, staff_role::chef);
  expect_error(service_.find_actor("nobody"), kNotFound);
}

TEST_F(kitchen_service_test, a_tables_open_orders_come_oldest_first_without_closed_ones) {
  const order first = create(burgers());
  const order cancelled = create(burgers());
  must(service_.request_cancellation(waiter_, cancelled.id, "left"));  // no ticket: cancelled at once
  const order completed = ready_order();
  must(service_.complete_ticket(chef_, completed.ticket->id));
  must(service_.set_order_status(waiter_, completed.id, order_status::completed));
  const order last = confirmed_order();

  const auto open = must(service_.open_orders_at_table(waiter_, table_.id));
  ASSERT_EQ(open.size(), 2U);
  EXPECT_EQ(open[0].id, first.id);
  EXPECT_EQ(open[1].id, last.id);
  ASSERT_TRUE(open[1].ticket.has_value());

  expect_error(service_.open_orders_at_table(waiter_, 999), kNotFound);
  // Another restaurant's table is not found, not empty.
  expect_error(service_.open_orders_at_table(waiter_, other_table_.id), kNotFound);
  EXPECT_TRUE(must(service_.open_orders_at_table(stranger_, other_table_.id)).empty());
}

TEST_F(kitchen_service_test, the_board_is_the_open_tickets_and_their_counts) {
  const order waiting = confirmed_order();
  const order cooking = preparing_order();
  create(burgers());  // no ticket yet: not on the board
  const kitchen_board board = must(service_.board(chef_));
  ASSERT_EQ(board.tickets.size(), 2U);
  EXPECT_EQ(board.tickets[0].id, waiting.id);
  EXPECT_EQ(board.tickets[1].id, cooking.id);
  EXPECT_EQ(board.stats, (kitchen_stats{1, 1, 0, 2}));
  EXPECT_TRUE(must(service_.board(stranger_)).tickets.empty());
}

TEST_F(kitchen_service_test, reference_data_is_the_actors_restaurants) {
  EXPECT_EQ(must(service_.tables(waiter_)).size(), 1U);
  EXPECT_EQ(must(service_.stations(waiter_)).size(), 2U);
  EXPECT_EQ(must(service_.menu(waiter_)).items.size(), 3U);
  EXPECT_EQ(must(service_.menu(stranger_)).items.size(), 1U);
}

// ---- auto-fire -----------------------------------------------------------------------

TEST_F(kitchen_service_test, auto_fire_sends_a_held_course_once_its_minutes_have_passed) {
  menu_item steak{0, home_.id, "Steak", 2500, "mains", grill_.id, true};
  steak.default_course = 2;
  steak = store_.add(steak);
  const order o = create(order_of({new_item{salad_.id, 1, ""}, new_item{steak.id, 1, ""}}));
  must(service_.confirm_order(waiter_, o.id));
  subscriber_.take();
  now_ += 30min;
  EXPECT_EQ(service_.fire_due_courses(), 0U) << "auto-fire is off by default";

  home_.auto_fire_minutes = 10;
  update(home_);
  now_ = testing::kNow + 9min;
  EXPECT_EQ(service_.fire_due_courses(), 0U) << "not due yet";
  now_ = testing::kNow + 10min;
  EXPECT_EQ(service_.fire_due_courses(), 1U);
  const auto events = subscriber_.take();
  ASSERT_EQ(types(events), std::vector{event_type::order_course_fired});
  EXPECT_EQ(events[0].course, 2);
  EXPECT_EQ(events[0].actor, 0) << "the restaurant's timer, not a member of staff";
  const order fired = must(service_.get_order(waiter_, o.id));
  EXPECT_FALSE(fired.items[1].held);
  EXPECT_EQ(fired.items[1].fired_at, now_);
  now_ += 1h;
  EXPECT_EQ(service_.fire_due_courses(), 0U) << "nothing held any more";
  EXPECT_TRUE(subscriber_.take().empty());
}

TEST_F(kitchen_service_test, auto_fire_counts_from_the_last_fire_and_leaves_closed_orders) {
  menu_item steak{0, home_.id, "Steak", 2500, "mains", grill_.id, true};
  steak.default_course = 2;
  steak = store_.add(steak);
  menu_item mousse{0, home_.id, "Mousse", 700, "desserts", cold_.id, true};
  mousse.default_course = 3;
  mousse = store_.add(mousse);
  home_.auto_fire_minutes = 10;
  update(home_);
  const order o = create(order_of({new_item{salad_.id, 1, ""}, new_item{steak.id, 1, ""}, new_item{mousse.id, 1, ""}}));
  must(service_.confirm_order(waiter_, o.id));
  now_ = testing::kNow + 4min;
  must(service_.fire_course(waiter_, o.id, 2));  // the waiter fires the mains early
  subscriber_.take();
  now_ = testing::kNow + 10min;
  EXPECT_EQ(service_.fire_due_courses(), 0U) << "the desserts count from the mains' fire";
  now_ = testing::kNow + 14min;
  EXPECT_EQ(service_.fire_due_courses(), 1U);
  EXPECT_EQ(subscriber_.take().front().course, 3);

  const order other = create(order_of({new_item{salad_.id, 1, ""}, new_item{steak.id, 1, ""}}));
  must(service_.confirm_order(waiter_, other.id));
  must(service_.request_cancellation(waiter_, other.id, "guest left"));
  must(service_.accept_cancellation(chef_, must(service_.get_order(waiter_, other.id)).ticket->id));
  now_ += 1h;
  EXPECT_EQ(service_.fire_due_courses(), 0U) << "a cancelled order's course never fires";
}

TEST_F(kitchen_service_test, the_timer_releases_lines_fired_by_prep_time_at_their_turn) {
  menu_item steak{0, home_.id, "Steak", 2500, "mains", grill_.id, true};
  steak.prep_minutes = 15;
  steak = store_.add(steak);
  menu_item fries{0, home_.id, "Fries", 400, "sides", cold_.id, true};
  fries.prep_minutes = 5;
  fries = store_.add(fries);
  home_.fire_by_prep_time = true;
  update(home_);
  const order o = create(order_of({new_item{steak.id, 1, ""}, new_item{fries.id, 1, ""}}));
  const order sent = must(service_.confirm_order(waiter_, o.id));
  EXPECT_FALSE(sent.items[0].held);
  ASSERT_TRUE(sent.items[1].release_at);
  EXPECT_EQ(*sent.items[1].release_at, testing::kNow + 10min);
  subscriber_.take();
  now_ = testing::kNow + 9min;
  EXPECT_EQ(service_.fire_due_courses(), 0U) << "not its turn yet";
  now_ = testing::kNow + 10min;
  EXPECT_EQ(service_.fire_due_courses(), 1U);
  const auto events = subscriber_.take();
  ASSERT_EQ(types(events), std::vector{event_type::order_course_fired});
  EXPECT_EQ(events[0].course, 1);
  const order released = must(service_.get_order(waiter_, o.id));
  EXPECT_FALSE(released.items[1].held);
  EXPECT_EQ(released.items[1].fired_at, now_);
  EXPECT_EQ(service_.fire_due_courses(), 0U) << "released once";
}

}  // namespace
// ---- access ------------------------------------------------------------------------------------

TEST_F(kitchen_service_test, each_role_is_refused_what_it_may_not_do_and_nothing_changes) {
  const order o = confirmed_order();
  const kitchen_order_id ticket = o.ticket->id;
  const actor kds{7, home_.id, "Pass", staff_role::kitchen_display};
  expect_error(service_.acknowledge_ticket(waiter_, ticket), kForbidden);
  expect_error(service_.set_priority(waiter_, ticket, ticket_priority::vip), kForbidden);
  expect_error(service_.create_order(chef_, burgers()), kForbidden);
  expect_error(service_.create_order(kds, burgers()), kForbidden);
  expect_error(service_.request_cancellation(kds, o.id, "no"), kForbidden);
  expect_error(service_.set_item_status(waiter_, o.id, o.items[0].id, item_status::ready), kForbidden);
  expect_error(service_.list_tickets(waiter_, ticket_query{}), kForbidden);
  expect_error(service_.register_device(chef_, new_device{staff_role::kitchen_display, {}, "Pass"}), kForbidden);
  EXPECT_TRUE(subscriber_.take().empty());
  EXPECT_EQ(must(service_.get_order(waiter_, o.id)).ticket->status, ticket_status::pending);
}

TEST_F(kitchen_service_test, a_kitchen_display_works_tickets_without_becoming_their_chef) {
  const order o = confirmed_order();
  const actor kds{7, home_.id, "Pass", staff_role::kitchen_display};
  const order acknowledged = must(service_.acknowledge_ticket(kds, o.ticket->id));
  EXPECT_EQ(acknowledged.ticket->status, ticket_status::acknowledged);
  EXPECT_EQ(acknowledged.ticket->chef, 0);
  const auto events = subscriber_.take();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front().actor, 0);
}

TEST_F(kitchen_service_test, a_table_display_sees_only_its_own_table) {
  const table second = store_.add(table{0, home_.id, "13", 2});
  const order mine = create(burgers());
  create_order_command elsewhere = burgers();
  elsewhere.table = second.id;
  const order theirs = create(elsewhere);
  const actor display{8, home_.id, "T12", staff_role::table_display, table_.id};

  EXPECT_EQ(must(service_.get_order(display, mine.id)).id, mine.id);
  expect_error(service_.get_order(display, theirs.id), kNotFound);
  const order_page page = must(service_.list_orders(display, order_query{}));
  ASSERT_EQ(page.orders.size(), 1U);
  EXPECT_EQ(page.orders[0].id, mine.id);
  order_query other_table;
  other_table.table = second.id;
  expect_error(service_.list_orders(display, other_table), kForbidden);
  expect_error(service_.open_orders_at_table(display, second.id), kForbidden);
  EXPECT_EQ(must(service_.open_orders_at_table(display, table_.id)).size(), 1U);
  expect_error(service_.board(display), kForbidden);
  expect_error(service_.tables(display), kForbidden);
}

TEST_F(kitchen_service_test, managers_register_screens_of_their_own_tables) {
  const actor manager{99, home_.id, "Mia", staff_role::manager};
  const device kds = must(service_.register_device(manager, new_device{staff_role::kitchen_display, {}, "Pass"}));
  EXPECT_GT(kds.id, 0);
  EXPECT_EQ(kds.restaurant, home_.id);
  const device t12 = must(service_.register_device(manager, new_device{staff_role::table_display, table_.id, "T12"}));
  EXPECT_EQ(t12.table, table_.id);
  EXPECT_NE(t12.id, kds.id);
  expect_error(service_.register_device(manager, new_device{staff_role::table_display, other_table_.id, "X"}),
               kNotFound);
  expect_error(service_.register_device(manager, new_device{staff_role::table_display, {}, "X"}), kValidation);
  expect_error(service_.register_device(manager, new_device{staff_role::kitchen_display, table_.id, "X"}),
               kValidation);
  expect_error(service_.register_device(manager, new_device{staff_role::waiter, {}, "X"}), kValidation);
  expect_error(service_.register_device(manager, new_device{staff_role::kitchen_display, {}, ""}), kValidation);
}

TEST_F(kitchen_service_test, credentials_are_checked_against_the_argon2id_hash) {
  store_.add(staff{0, home_.id, "Pat", "pat", staff_role::waiter, hash_password("correct horse")});
  const actor pat = must(service_.check_credentials("pat", "correct horse"));
  EXPECT_EQ(pat.name, "Pat");
  EXPECT_EQ(pat.restaurant, home_.id);
  expect_error(service_.check_credentials("pat", "wrong"), kUnauthenticated);
  expect_error(service_.check_credentials("nobody", "correct horse"), kUnauthenticated);
  expect_error(service_.check_credentials("wendy", "hash"), kUnauthenticated);  // not a real hash
  // The two halves the login route runs on different threads.
  const auto found = service_.find_login("pat");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(must(verify_login(found, "correct horse")).id, pat.id);
  expect_error(verify_login(found, "wrong"), kUnauthenticated);
  EXPECT_FALSE(service_.find_login("nobody").has_value());
  expect_error(verify_login(std::nullopt, "correct horse"), kUnauthenticated);
  EXPECT_FALSE(service_.find_login(std::string(kMaxCredentialBytes + 1, 'p')).has_value());
}

// ---- the menu as ordered ---------------------------------------------------------

TEST_F(kitchen_service_test, an_order_keeps_the_menu_as_it_was_when_ordered) {
  modifier_group extras{0, home_.id, "Extras", 0, 2, {{0, "cheese", 150}, {0, "bacon", 200}}};
  ASSERT_TRUE(store_.transact([&](unit_of_work& uow) -> status {
    uow.save_modifier_group(extras);
    return ok_v;
  }));
  menu_item burger = burger_;
  burger.allergens = {"gluten", "milk"};
  burger.default_course = 2;
  burger.modifier_groups = {extras};
  store_.add(burger);
  const modifier_option_id cheese = extras.options[0].id;

  const order taken = create(order_of({new_item{burger_.id, 2, "", {cheese}, 3, 0}}));
  ASSERT_EQ(taken.items.size(), 1U);
  EXPECT_EQ(taken.total_amount, 2 * 1400);

  // The manager renames the option, changes its price, the dish's price,
  // name and allergens.
  extras.options[0].name = "cheddar";
  extras.options[0].price_delta = 300;
  ASSERT_TRUE(store_.transact([&](unit_of_work& uow) -> status {
    uow.save_modifier_group(extras);
    return ok_v;
  }));
  burger.name = "Big Burger";
  burger.price = 2000;
  burger.allergens = {"gluten"};
  burger.modifier_groups = {extras};
  store_.add(burger);

  const order later = must(service_.get_order(waiter_, taken.id));
  const order_item& line = later.items[0];
  EXPECT_EQ(line.name, "Burger");
  EXPECT_EQ(line.unit_price, 1250);
  ASSERT_EQ(line.modifiers.size(), 1U);
  EXPECT_EQ(line.modifiers[0], (chosen_modifier{cheese, "Extras", "cheese", 150}));
  EXPECT_EQ(line.allergens, (std::vector<std::string>{"gluten", "milk"}));
  EXPECT_EQ(line.seat, 3);
  EXPECT_EQ(line.course, 2);
  EXPECT_EQ(later.total_amount, 2 * 1400);

  // A new line takes today's menu.
  const order added = must(service_.add_items(waiter_, taken.id, {new_item{burger_.id, 1, "", {cheese}}}));
  EXPECT_EQ(added.items[1].name, "Big Burger");
  EXPECT_EQ(added.items[1].modifiers[0].name, "cheddar");
  EXPECT_EQ(added.total_amount, 2 * 1400 + 2300);
}

TEST_F(kitchen_service_test, an_archived_dish_cannot_be_ordered_nor_marked_sold_out) {
  menu_item gone = salad_;
  gone.archived = true;
  store_.add(gone);
  expect_error(service_.create_order(waiter_, order_of({new_item{salad_.id, 1, ""}})), kValidation,
               "items[0].menuItemId");
  expect_error(service_.set_menu_item_availability(chef_, salad_.id, false), kNotFound);
  const auto menu = must(service_.menu(waiter_));
  for (const auto& item : menu.items) EXPECT_NE(item.id, salad_.id);
  EXPECT_EQ(menu.items.size(), 2U);  // burger and pie; the other restaurant's beer is not listed
}

}  // namespace brigade::kitchen
