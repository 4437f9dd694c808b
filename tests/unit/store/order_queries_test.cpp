// list_orders, list_tickets, stats and throughput: one contract, run against
// every store (store_backends.hpp), then the SQLite plans behind them.
#include "store/sqlite/sqlite_unit_of_work.hpp"

#include <memory>
#include <vector>

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_store.hpp"
#include "store_backends.hpp"
#include "store_test_support.hpp"

namespace brigade::store::sqlite {
namespace {

using namespace kitchen;
using namespace brigade::store::testing;

std::vector<order_id> ids_of(const std::vector<order>& orders) {
  std::vector<order_id> ids;
  for (const auto& o : orders) ids.push_back(o.id);
  return ids;
}

template <typename Backend>
class order_queries_test : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = backend_.open();
    north_ = seed_restaurant(*store_, "north");
    south_ = seed_restaurant(*store_, "south");
  }

  order add(const seeded_restaurant& s, order_status status, table_id table = 0) {
    const int n = ++count_;
    order o = make_order(s, "A-" + std::to_string(n), kDay0 + n * kMinute, table);
    o.status = status;
    return save_new_order(*store_, o);
  }

  order add_with_ticket(const seeded_restaurant& s, ticket_status status, int64_t ticket_created_ms,
                        station_id station = 0) {
    const int n = ++count_;
    order o = make_order(s, "A-" + std::to_string(n), kDay0 + n * kMinute);
    o.status = order_status::confirmed;
    o.ticket = make_ticket(s, status, ticket_created_ms);
    if (station != 0) {
      o.ticket->station = station;
      o.ticket->station_name = station == s.bar.id ? s.bar.name : s.grill.name;
    }
    return save_new_order(*store_, o);
  }

  order_page list(const seeded_restaurant& s, const order_query& query) {
    return read_value(*store_, [&](kitchen_reader& r) { return r.list_orders(s.place.id, query); });
  }

  std::vector<order> tickets(const seeded_restaurant& s, const ticket_query& query) {
    return read_value(*store_,
                      [&](kitchen_reader& r) { return r.list_tickets(s.place.id, query); });
  }

  Backend backend_;
  std::unique_ptr<kitchen_store> store_;
  seeded_restaurant north_;
  seeded_restaurant south_;
  int count_ = 0;
};

TYPED_TEST_SUITE(order_queries_test, store_backends, backend_name);

TYPED_TEST(order_queries_test, lists_orders_newest_first_with_their_items) {
  const auto a = this->add(this->north_, order_status::pending);
  const auto b = this->add(this->north_, order_status::confirmed);
  this->add(this->south_, order_status::pending);
  const auto c = this->add(this->north_, order_status::served);
  const auto page = this->list(this->north_, {});
  EXPECT_EQ(ids_of(page.orders), (std::vector<order_id>{c.id, b.id, a.id}));
  EXPECT_FALSE(page.next_before.has_value());
  ASSERT_EQ(page.orders[0].items.size(), 2u);
  expect_same_order(page.orders[0], c);
}

TYPED_TEST(order_queries_test, pages_through_orders_with_the_cursor) {
  std::vector<order_id> ids;
  for (int i = 0; i < 5; ++i) ids.insert(ids.begin(), this->add(this->north_, order_status::pending).id);
  order_query query;
  query.limit = 2;
  auto page = this->list(this->north_, query);
  EXPECT_EQ(ids_of(page.orders), (std::vector<order_id>{ids[0], ids[1]}));
  ASSERT_TRUE(page.next_before.has_value());
  EXPECT_EQ(*page.next_before, ids[1]);

  query.before = page.next_before;
  page = this->list(this->north_, query);
  EXPECT_EQ(ids_of(page.orders), (std::vector<order_id>{ids[2], ids[3]}));
  ASSERT_TRUE(page.next_before.has_value());

  query.before = page.next_before;
  page = this->list(this->north_, query);
  EXPECT_EQ(ids_of(page.orders), (std::vector<order_id>{ids[4]}));
  EXPECT_FALSE(page.next_before.has_value());

  // A page that ends exactly at the last order has no next page.
  query.before = ids[2];
  page = this->list(this->north_, query);
  EXPECT_EQ(ids_of(page.orders), (std::vector<order_id>{ids[3], ids[4]}));
  EXPECT_FALSE(page.next_before.has_value());
}

TYPED_TEST(order_queries_test, filters_orders_by_status_and_table) {
  const auto a = this->add(this->north_, order_status::pending, this->north_.table1.id);
  const auto b = this->add(this->north_, order_status::ready, this->north_.table2.id);
  const auto c = this->add(this->north_, order_status::pending, this->north_.table2.id);
  const auto d = this->add(this->north_, order_status::ready, this->north_.table1.id);
  this->add(this->south_, order_status::pending, this->south_.table2.id);

  order_query pending;
  pending.status = order_status::pending;
  EXPECT_EQ(ids_of(this->list(this->north_, pending).orders), (std::vector<order_id>{c.id, a.id}));

  order_query at_table2;
  at_table2.table = this->north_.table2.id;
  EXPECT_EQ(ids_of(this->list(this->north_, at_table2).orders), (std::vector<order_id>{c.id, b.id}));

  order_query both;
  both.status = order_status::ready;
  both.table = this->north_.table1.id;
  EXPECT_EQ(ids_of(this->list(this->north_, both).orders), (std::vector<order_id>{d.id}));

  order_query paged = pending;
  paged.limit = 1;
  const auto first = this->list(this->north_, paged);
  EXPECT_EQ(ids_of(first.orders), (std::vector<order_id>{c.id}));
  ASSERT_TRUE(first.next_before.has_value());
  paged.before = first.next_before;
  const auto second = this->list(this->north_, paged);
  EXPECT_EQ(ids_of(second.orders), (std::vector<order_id>{a.id}));
  EXPECT_FALSE(second.next_before.has_value());

  order_query open_at_table1;
  open_at_table1.table = this->north_.table1.id;
  open_at_table1.open_only = true;
  const auto done = this->add(this->north_, order_status::completed, this->north_.table1.id);
  const auto dropped = this->add(this->north_, order_status::cancelled, this->north_.table1.id);
  EXPECT_EQ(ids_of(this->list(this->north_, open_at_table1).orders), (std::vector<order_id>{d.id, a.id}));
  open_at_table1.open_only = false;
  EXPECT_EQ(ids_of(this->list(this->north_, open_at_table1).orders),
            (std::vector<order_id>{dropped.id, done.id, d.id, a.id}));

  order_query none;
  none.status = order_status::cancelled;
  none.table = this->north_.table2.id;
  EXPECT_TRUE(this->list(this->north_, none).orders.empty());
}

TYPED_TEST(order_queries_test, lists_open_tickets_oldest_ticket_first_by_default) {
  // Ticket times deliberately out of order id order.
  const auto late = this->add_with_ticket(this->north_, ticket_status::pending, kDay0 + 50 * kMinute);
  const auto early = this->add_with_ticket(this->north_, ticket_status::preparing, kDay0 + 10 * kMinute);
  const auto acked = this->add_with_ticket(this->north_, ticket_status::acknowledged, kDay0 + 30 * kMinute);
  const auto ready = this->add_with_ticket(this->north_, ticket_status::ready, kDay0 + 40 * kMinute);
  const auto done = this->add_with_ticket(this->north_, ticket_status::completed, kDay0 + 5 * kMinute);
  const auto dropped = this->add_with_ticket(this->north_, ticket_status::cancelled, kDay0 + 6 * kMinute);
  this->add(this->north_, order_status::pending);  // no ticket
  this->add_with_ticket(this->south_, ticket_status::pending, kDay0);

  const auto open = this->tickets(this->north_, {});
  EXPECT_EQ(ids_of(open), (std::vector<order_id>{early.id, acked.id, ready.id, late.id}));
  for (const auto& o : open) {
    ASSERT_TRUE(o.ticket.has_value());
    EXPECT_EQ(o.ticket->station_name, "grill");
    EXPECT_EQ(o.items.size(), 2u);
  }

  ticket_query completed;
  completed.status = ticket_status::completed;
  EXPECT_EQ(ids_of(this->tickets(this->north_, completed)), (std::vector<order_id>{done.id}));
  ticket_query cancelled;
  cancelled.status = ticket_status::cancelled;
  EXPECT_EQ(ids_of(this->tickets(this->north_, cancelled)), (std::vector<order_id>{dropped.id}));
  ticket_query pending;
  pending.status = ticket_status::pending;
  EXPECT_EQ(ids_of(this->tickets(this->north_, pending)), (std::vector<order_id>{late.id}));
}

TYPED_TEST(order_queries_test, lists_completed_tickets_latest_completion_first_up_to_the_limit) {
  // Completion times out of both ticket order and creation order.
  const auto bump = [&](int64_t created_ms, int64_t completed_ms, station_id station = 0) {
    const int n = ++this->count_;
    order o = make_order(this->north_, "A-" + std::to_string(n), kDay0 + n * kMinute);
    o.status = order_status::served;
    o.ticket = make_ticket(this->north_, ticket_status::completed, created_ms);
    o.ticket->completed_at = at_ms(completed_ms);
    if (station != 0) o.ticket->station = station;
    return save_new_order(*this->store_, o);
  };
  const auto first = bump(kDay0 + 1 * kMinute, kDay0 + 30 * kMinute);
  const auto second = bump(kDay0 + 2 * kMinute, kDay0 + 10 * kMinute);
  const auto third = bump(kDay0 + 3 * kMinute, kDay0 + 20 * kMinute, this->north_.bar.id);
  const auto tie = bump(kDay0 + 4 * kMinute, kDay0 + 20 * kMinute);
  this->add_with_ticket(this->north_, ticket_status::ready, kDay0);
  this->add_with_ticket(this->south_, ticket_status::completed, kDay0);

  ticket_query completed;
  completed.status = ticket_status::completed;
  // Equal completion times: the newer ticket first.
  EXPECT_EQ(ids_of(this->tickets(this->north_, completed)),
            (std::vector<order_id>{first.id, tie.id, third.id, second.id}));
  completed.limit = 2;
  EXPECT_EQ(ids_of(this->tickets(this->north_, completed)), (std::vector<order_id>{first.id, tie.id}));
  completed.station = this->north_.bar.id;
  EXPECT_EQ(ids_of(this->tickets(this->north_, completed)), (std::vector<order_id>{third.id}));
  // A limit on the queue keeps its order: the oldest tickets.
  ticket_query queue;
  queue.limit = 1;
  this->add_with_ticket(this->north_, ticket_status::pending, kDay0 - kMinute);
  EXPECT_EQ(this->tickets(this->north_, queue).size(), 1u);
  EXPECT_EQ(this->tickets(this->north_, queue)[0].ticket->status, ticket_status::pending);
}

TYPED_TEST(order_queries_test, filters_tickets_by_station) {
  const auto grill = this->add_with_ticket(this->north_, ticket_status::pending, kDay0 + 1, this->north_.grill.id);
  const auto bar = this->add_with_ticket(this->north_, ticket_status::preparing, kDay0 + 2, this->north_.bar.id);
  const auto bar_done = this->add_with_ticket(this->north_, ticket_status::completed, kDay0 + 3, this->north_.bar.id);
  ticket_query at_bar;
  at_bar.station = this->north_.bar.id;
  const auto open_at_bar = this->tickets(this->north_, at_bar);
  EXPECT_EQ(ids_of(open_at_bar), (std::vector<order_id>{bar.id}));
  ASSERT_EQ(open_at_bar.size(), 1u);
  EXPECT_EQ(open_at_bar[0].ticket->station_name, "bar");
  at_bar.status = ticket_status::completed;
  EXPECT_EQ(ids_of(this->tickets(this->north_, at_bar)), (std::vector<order_id>{bar_done.id}));
  ticket_query at_grill;
  at_grill.station = this->north_.grill.id;
  EXPECT_EQ(ids_of(this->tickets(this->north_, at_grill)), (std::vector<order_id>{grill.id}));
}

TYPED_TEST(order_queries_test, counts_open_tickets_by_status) {
  EXPECT_EQ(read_value(*this->store_, [&](kitchen_reader& r) { return r.stats(this->north_.place.id); }),
            kitchen_stats{});
  this->add_with_ticket(this->north_, ticket_status::pending, kDay0);
  this->add_with_ticket(this->north_, ticket_status::acknowledged, kDay0);
  this->add_with_ticket(this->north_, ticket_status::acknowledged, kDay0);
  this->add_with_ticket(this->north_, ticket_status::preparing, kDay0);
  this->add_with_ticket(this->north_, ticket_status::ready, kDay0);
  this->add_with_ticket(this->north_, ticket_status::ready, kDay0);
  this->add_with_ticket(this->north_, ticket_status::completed, kDay0);
  this->add_with_ticket(this->north_, ticket_status::cancelled, kDay0);
  this->add_with_ticket(this->south_, ticket_status::preparing, kDay0);
  // pending counts acknowledged tickets too; total only open ones.
  EXPECT_EQ(read_value(*this->store_, [&](kitchen_reader& r) { return r.stats(this->north_.place.id); }),
            (kitchen_stats{3, 1, 2, 6}));
  EXPECT_EQ(read_value(*this->store_, [&](kitchen_reader& r) { return r.stats(this->south_.place.id); }),
            (kitchen_stats{0, 1, 0, 1}));
}

TYPED_TEST(order_queries_test, throughput_counts_recent_completions_and_average_prep_time_by_station) {
  const auto bump = [&](const seeded_restaurant& s, int64_t created_ms, int64_t completed_ms, station_id station) {
    const int n = ++this->count_;
    order o = make_order(s, "A-" + std::to_string(n), kDay0 + n * kMinute);
    o.status = order_status::served;
    o.ticket = make_ticket(s, ticket_status::completed, created_ms);
    o.ticket->completed_at = at_ms(completed_ms);
    o.ticket->station = station;
    return save_new_order(*this->store_, o);
  };
  const int64_t since = kDay0 + 60 * kMinute;
  bump(this->north_, kDay0, since - 1, this->north_.grill.id);                        // just before the window
  bump(this->north_, since, since + 10 * kMinute, this->north_.grill.id);             // 10 min
  bump(this->north_, since + kMinute, since + 21 * kMinute, this->north_.grill.id);   // 20 min
  bump(this->north_, since, since + 4 * kMinute, this->north_.bar.id);                // 4 min
  bump(this->north_, since, since + 6 * kMinute, 0);                            // no station
  bump(this->south_, since, since + 5 * kMinute, this->south_.grill.id);              // another restaurant
  this->add_with_ticket(this->north_, ticket_status::ready, since, this->north_.grill.id);  // not bumped

  const auto t = read_value(*this->store_, [&](kitchen_reader& r) { return r.throughput(this->north_.place.id, at_ms(since)); });
  EXPECT_EQ(t.tickets_completed, 4);
  // By station name; the station-less tickets (name "") first.
  ASSERT_EQ(t.stations.size(), 3u);
  EXPECT_EQ(t.stations[0], (station_throughput{0, "", 1, 6 * 60}));
  EXPECT_EQ(t.stations[1], (station_throughput{this->north_.bar.id, "bar", 1, 4 * 60}));
  EXPECT_EQ(t.stations[2], (station_throughput{this->north_.grill.id, "grill", 2, 15 * 60}));
}

TEST(order_query_plans, list_queries_search_an_index_and_need_no_sort) {
  // The shapes of the store's list queries; a full scan or a sort of every
  // order would make the busiest screens slow as the history grows.
  const std::vector<std::string> queries{
      "SELECT o.id FROM orders o WHERE o.restaurant_id = 1 ORDER BY o.id DESC LIMIT 50",
      "SELECT o.id FROM orders o WHERE o.restaurant_id = 1 AND o.id < 99 ORDER BY o.id DESC LIMIT "
      "50",
      "SELECT o.id FROM orders o WHERE o.restaurant_id = 1 AND o.status = 'ready' ORDER BY o.id "
      "DESC LIMIT 50",
      "SELECT o.id FROM orders o WHERE o.restaurant_id = 1 AND o.table_id = 2 ORDER BY o.id DESC "
      "LIMIT 50",
      "SELECT k.id FROM kitchen_orders k WHERE k.restaurant_id = 1 AND k.status = 'ready'"
      " ORDER BY k.created_at, k.id",
      "SELECT k.id FROM kitchen_orders k WHERE k.restaurant_id = 1 AND k.station_id = 2"
      " ORDER BY k.created_at, k.id",
      // The recall list: the latest bumps, however many tickets were completed before.
      "SELECT k.id FROM kitchen_orders k WHERE k.restaurant_id = 1 AND k.status = 'completed'"
      " ORDER BY k.completed_at DESC, k.id DESC LIMIT 50",
      "SELECT k.id FROM kitchen_orders k WHERE k.restaurant_id = 1 AND k.status = 'completed'"
      " AND k.station_id = 2 ORDER BY k.completed_at DESC, k.id DESC LIMIT 50",
  };
  temp_dir dir;
  sqlite_store store(dir.file("brigade.db"));
  store.read([&](kitchen_reader& reader) {
    auto& db = dynamic_cast<sqlite_unit_of_work&>(reader).connection();
    for (const auto& sql : queries) {
      auto plan = db.prepare("EXPLAIN QUERY PLAN " + sql, "test");
      std::string text;
      while (plan.step()) text += plan.column_text(3) + "\n";
      EXPECT_NE(text.find("SEARCH"), std::string::npos) << sql << "\n" << text;
      EXPECT_EQ(text.find("TEMP B-TREE"), std::string::npos) << sql << "\n" << text;
    }
    // Open tickets (stats, the default queue): index seeks, no scan.
    auto plan = db.prepare(
        "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM kitchen_orders k WHERE k.restaurant_id = 1 AND"
        " k.status IN ('pending', 'acknowledged', 'preparing', 'ready')",
        "test");
    std::string text;
    while (plan.step()) text += plan.column_text(3) + "\n";
    EXPECT_NE(text.find("SEARCH k USING COVERING INDEX kitchen_orders_by_status"),
              std::string::npos)
        << text;

    // The throughput of the last hour: only the window's completions.
    auto window = db.prepare(
        "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM kitchen_orders k INDEXED BY kitchen_orders_by_completion"
        " WHERE k.restaurant_id = 1 AND k.completed_at >= 5 AND k.status = 'completed'",
        "test");
    text.clear();
    while (window.step()) text += window.column_text(3) + "\n";
    EXPECT_NE(text.find("USING INDEX kitchen_orders_by_completion (restaurant_id=? AND completed_at>?)"),
              std::string::npos)
        << text;
  });
}

}  // namespace
}  // namespace brigade::store::sqlite
