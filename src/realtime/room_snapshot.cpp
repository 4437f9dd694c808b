#include "realtime/room_snapshot.hpp"

#include "wire/kitchen_json.hpp"
#include "wire/order_json.hpp"

namespace brigade::realtime {

result<std::optional<nlohmann::ordered_json>> room_snapshot(kitchen::kitchen_service& kitchen,
                                                            const kitchen::actor& by, const room& r) {
  using json = nlohmann::ordered_json;
  switch (r.kind) {
    case room_kind::waiters:
      return std::optional<json>{};
    case room_kind::kitchen: {
      auto board = kitchen.board(by);
      if (!board) return board.error();
      return std::optional<json>{
          json{{"orders", wire::orders_json(board->tickets)}, {"stats", wire::stats_json(board->stats)}}};
    }
    case room_kind::table: {
      auto orders = kitchen.open_orders_at_table(by, r.id);
      if (!orders) return orders.error();
      return std::optional<json>{json{{"tableId", r.id}, {"orders", wire::orders_json(*orders)}}};
    }
    case room_kind::order: {
      auto found = kitchen.get_order(by, r.id);
      if (!found) return found.error();
      return std::optional<json>{json{{"order", wire::order_json(*found)}}};
    }
  }
  return std::optional<json>{};
}

}  // namespace brigade::realtime
