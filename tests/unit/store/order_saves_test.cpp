// save_order on the writer writes only the rows a command changed since it
// loaded the order (sqlite_unit_of_work::rows_), and still writes them all.
#include <memory>

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/sqlite_unit_of_work.hpp"
#include "store_test_support.hpp"

namespace brigade::store::sqlite {
namespace {

using namespace kitchen;
using namespace brigade::store::testing;

class order_saves_test : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<sqlite_store>(dir_.file("brigade.db"));
    place_ = seed_restaurant(*store_, "north");
    order o = make_order(place_, "A-1", kDay0);
    o.ticket = make_ticket(place_, ticket_status::pending, kDay0);
    saved_ = save_new_order(*store_, o);
  }

  // Loads the order, lets `change` edit it, saves it; the rows written.
  int64_t rows_written_by(const std::function<void(order&)>& change) {
    int64_t written = -1;
    const auto outcome = store_->transact([&](unit_of_work& unit) -> status {
      auto& db = static_cast<sqlite_unit_of_work&>(unit).connection();
      auto loaded = unit.find_order(place_.place.id, saved_.id);
      EXPECT_TRUE(loaded);
      change(*loaded);
      const int64_t before = db.total_changes();
      unit.save_order(*loaded);
      written = db.total_changes() - before;
      return ok_v;
    });
    EXPECT_TRUE(outcome.ok());
    return written;
  }

  order read_back() {
    return *read_value(*store_, [&](kitchen_reader& r) { return r.find_order(place_.place.id, saved_.id); });
  }

  temp_dir dir_;
  std::unique_ptr<sqlite_store> store_;
  seeded_restaurant place_;
  order saved_;
};

TEST_F(order_saves_test, an_unchanged_order_writes_no_row) {
  EXPECT_EQ(rows_written_by([](order&) {}), 0);
}

TEST_F(order_saves_test, one_changed_line_writes_that_line_alone) {
  EXPECT_EQ(rows_written_by([](order& o) { o.items.at(1).status = item_status::preparing; }), 1);
  const order back = read_back();
  EXPECT_EQ(back.items.at(1).status, item_status::preparing);
  EXPECT_EQ(back.items.at(0).status, item_status::pending);
}

TEST_F(order_saves_test, the_order_row_and_the_ticket_are_written_when_they_change) {
  EXPECT_EQ(rows_written_by([](order& o) {
              o.status = order_status::confirmed;
              o.ticket->status = ticket_status::acknowledged;
            }),
            2);
  const order back = read_back();
  EXPECT_EQ(back.status, order_status::confirmed);
  EXPECT_EQ(back.ticket->status, ticket_status::acknowledged);
}

TEST_F(order_saves_test, added_and_removed_lines_are_still_written) {
  rows_written_by([](order& o) {
    o.items.erase(o.items.begin());
    order_item extra = o.items.front();
    extra.id = 0;
    extra.notes = "extra";
    o.items.push_back(extra);
  });
  const order back = read_back();
  ASSERT_EQ(back.items.size(), 2u);
  EXPECT_EQ(back.items.at(0).id, saved_.items.at(1).id);
  EXPECT_EQ(back.items.at(1).notes, "extra");
}

TEST_F(order_saves_test, a_second_save_in_one_transaction_compares_with_the_first) {
  const auto outcome = store_->transact([&](unit_of_work& unit) -> status {
    auto& db = static_cast<sqlite_unit_of_work&>(unit).connection();
    auto o = *unit.find_order(place_.place.id, saved_.id);
    o.items.at(0).status = item_status::preparing;
    unit.save_order(o);
    const int64_t before = db.total_changes();
    o.items.at(0).status = item_status::ready;  // back and forth: each save must land
    unit.save_order(o);
    EXPECT_EQ(db.total_changes() - before, 1);
    return ok_v;
  });
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(read_back().items.at(0).status, item_status::ready);
}

}  // namespace
}  // namespace brigade::store::sqlite
