#include "kitchen/kitchen_service.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "kitchen/access_policy.hpp"
#include "kitchen/credentials.hpp"
#include "kitchen/errors.hpp"
#include "kitchen/order_number.hpp"
#include "kitchen/order_workflow.hpp"
#include "kitchen/line_progress.hpp"
#include "kitchen/stats.hpp"
#include "kitchen/station_workflow.hpp"
#include "kitchen/ticket_workflow.hpp"
#include "kitchen/transitions.hpp"
#include "kitchen/validation.hpp"
#include "kitchen/workflow_context.hpp"

namespace brigade::kitchen {
namespace {

using workflow::context;
using workflow::event_list;
using workflow::resolved_item;

// Page sizes a client may ask for: enough for a busy floor's screen, small
// enough that one request cannot make the store read every order.
constexpr int32_t kMinPageSize = 1;
constexpr int32_t kMaxPageSize = 200;

// The three parts of a command the runner below strings together in one
// transaction: find the aggregate, apply the rules, and (create only)
// record what needs the saved order's id.
using order_loader = std::function<result<order>(unit_of_work&)>;
using order_step = std::function<result<event_list>(order&, unit_of_work&, const context&)>;
using after_save = std::function<void(unit_of_work&, const order&)>;

std::optional<error> check_page_size(int32_t limit) {
  if (limit >= kMinPageSize && limit <= kMaxPageSize) return std::nullopt;
  return validation_error("limit", fmt::format("limit must be from {} to {}", kMinPageSize, kMaxPageSize));
}

std::optional<ticket_status> ticket_state(const order& o) {
  if (!o.ticket) return std::nullopt;
  return o.ticket->status;
}

order_loader order_by_id(restaurant_id where, order_id id) {
  return [where, id](unit_of_work& uow) -> result<order> {
    std::optional<order> found = uow.find_order(where, id);
    if (!found || found->restaurant != where) return not_found("order", id);
    return std::move(*found);
  };
}

order_loader order_by_ticket(restaurant_id where, kitchen_order_id id) {
  return [where, id](unit_of_work& uow) -> result<order> {
    std::optional<order> found = uow.find_order_by_ticket(where, id);
    if (!found || found->restaurant != where || !found->ticket) return not_found("ticket", id);
    return std::move(*found);
  };
}

std::vector<resolved_item> resolve_items(kitchen_reader& reader, restaurant_id where,
                                         const std::vector<new_item>& items) {
  std::vector<resolved_item> resolved;
  // Too many items is refused on the count alone; no point looking them up.
  const bool look_up = items.size() <= kMaxItemsPerCommand;
  resolved.reserve(look_up ? items.size() : 0);
  if (!look_up) {
    for (const new_item& item : items) resolved.push_back({item, std::nullopt});
    return resolved;
  }
  std::map<station_id, std::optional<station>> stations;  // each station read once
  for (const new_item& item : items) {
    resolved_item& line = resolved.emplace_back(resolved_item{item, reader.find_menu_item(where, item.menu_item)});
    if (!line.menu || line.menu->default_station == 0) continue;
    const station_id id = line.menu->default_station;
    auto found = stations.find(id);
    if (found == stations.end()) found = stations.emplace(id, reader.find_station(where, id)).first;
    line.station = found->second;
  }
  return resolved;
}

// A dish's default station (none when it has none, or it is gone).
std::optional<station> station_of(kitchen_reader& reader, restaurant_id where, const menu_item& dish) {
  if (dish.default_station == 0) return std::nullopt;
  return reader.find_station(where, dish.default_station);
}

// A new ticket's station: the default station of the menu item the
// workflow picks (none when the item or its station is gone).
std::optional<station> default_station_of(kitchen_reader& reader, restaurant_id where,
                                          std::optional<menu_item_id> source) {
  if (!source) return std::nullopt;
  const std::optional<menu_item> item = reader.find_menu_item(where, *source);
  if (!item) return std::nullopt;
  return station_of(reader, where, *item);
}

std::optional<station> ticket_station_for(kitchen_reader& reader, const order& o) {
  if (o.ticket) return std::nullopt;  // an existing ticket keeps its station
  return default_station_of(reader, o.restaurant, workflow::ticket_station_source(o));
}

// Saves a changed order and its events in the current transaction. Stats
// matter only when the ticket's status moved (or a ticket appeared): the
// store counts them once, before, and the move gives the after. A command
// that changes nothing writes nothing.
void persist(unit_of_work& uow, const context& ctx, order& o,
             std::optional<ticket_status> ticket_before, event_list& events,
             const after_save& on_saved) {
  if (events.empty()) return;
  const bool ticket_moved = ticket_state(o) != ticket_before;
  kitchen_stats stats_before;
  if (ticket_moved) stats_before = uow.stats(ctx.restaurant.id);
  uow.save_order(o);
  if (on_saved) on_saved(uow, o);
  workflow::attach_saved_order(events, o);
  if (ticket_moved) {
    const kitchen_stats stats_after = with_ticket_moved(stats_before, ticket_before, ticket_state(o));
    if (stats_after != stats_before) events.push_back(workflow::make_stats_event(ctx, stats_after));
  }
  uow.append_events(events);
}

/// Hands committed events to every subscriber, in order ("persist, then
/// announce"): the after-commit step of every command. Each subscriber gets
/// the command's events together, the first subscribed first (the
/// broadcaster has sent them before recovery counts them as announced).
void announce(const std::vector<event_subscriber*>& subscribers, const std::vector<domain_event>& events) {
  if (events.empty()) return;
  for (event_subscriber* subscriber : subscribers) subscriber->publish_all(events);
}

/// Runs one command as one transaction and announces its events after the
/// commit. Lives for one call; not shared.
struct command_runner {
  kitchen_store& store;
  const std::function<timestamp()>& clock;
  const std::vector<event_subscriber*>& subscribers;

  result<order> run(const actor& by, const order_loader& load, const order_step& step,
                    const after_save& on_saved = {}) {
    std::optional<order> saved;
    event_list events;
    const status outcome = store.transact(
        [&](unit_of_work& uow) -> status {
          // A store may run the work again after a transient failure: start clean.
          saved.reset();
          events.clear();
          std::optional<restaurant> where = uow.find_restaurant(by.restaurant);
          if (!where) return not_found("restaurant", by.restaurant);
          result<order> loaded = load(uow);
          if (!loaded) return loaded.error();
          order o = std::move(loaded).value();
          const std::optional<ticket_status> ticket_before = ticket_state(o);
          // The clock is read inside the serialised transaction so event
          // times never go backwards against their sequence numbers.
          const context ctx{std::move(*where), by, clock()};
          result<event_list> produced = step(o, uow, ctx);
          if (!produced) return produced.error();
          events = std::move(produced).value();
          persist(uow, ctx, o, ticket_before, events, on_saved);
          saved = std::move(o);
          return ok_v;
        },
        [&] { announce(subscribers, events); });
    if (!outcome) return outcome.error();
    return std::move(*saved);
  }
};

// Which permission a status command needs depends on where it goes: the
// floor confirms, serves and closes; the kitchen moves items along.
permission permission_to_set(order_status to) {
  switch (to) {
    case order_status::served: return permission::serve;
    case order_status::completed: return permission::close_order;
    default: return permission::create_order;
  }
}

permission permission_to_set(item_status to) {
  switch (to) {
    case item_status::served: return permission::serve;
    case item_status::cancelled: return permission::cancel_item;
    default: return permission::update_item_progress;
  }
}

error idempotency_conflict(std::string_view key) {
  error e =
      conflict(fmt::format("Idempotency-Key '{}' was already used for a different request", key));
  e.details.emplace_back("field", "Idempotency-Key");
  return e;
}

}  // namespace

kitchen_service::kitchen_service(kitchen_store& store, std::function<timestamp()> clock)
    : store_(store), clock_(std::move(clock)) {}

void kitchen_service::subscribe(event_subscriber& subscriber) {
  subscribers_.push_back(&subscriber);
}

// ---- reference data and reads -------------------------------------------

result<std::vector<table>> kitchen_service::tables(const actor& by) {
  if (auto denied = check_permission(by, permission::read_catalog)) return *denied;
  std::vector<table> out;
  store_.read([&](kitchen_reader& r) { out = r.tables(by.restaurant); });
  return out;
}

result<std::vector<station>> kitchen_service::stations(const actor& by) {
  if (auto denied = check_permission(by, permission::read_catalog)) return *denied;
  std::vector<station> out;
  store_.read([&](kitchen_reader& r) { out = r.stations(by.restaurant); });
  return out;
}

result<menu_catalog> kitchen_service::menu(const actor& by) {
  if (auto denied = check_permission(by, permission::read_catalog)) return *denied;
  menu_catalog out;
  store_.read([&](kitchen_reader& r) { out = read_menu_catalog(r, by.restaurant); });
  return out;
}

result<menu_item> kitchen_service::set_menu_item_availability(const actor& by, menu_item_id id, bool available) {
  if (auto denied = check_permission(by, permission::set_availability)) return *denied;
  std::optional<menu_item> changed;
  std::vector<domain_event> events;
  const status outcome = store_.transact(
      [&](unit_of_work& uow) -> status {
        events.clear();  // a store may run the work again
        changed = uow.find_menu_item(by.restaurant, id);
        if (!changed || changed->restaurant != by.restaurant || changed->archived) return not_found("menu item", id);
        if (changed->available == available) return ok_v;
        changed->available = available;
        uow.save_menu_item(*changed);
        domain_event e;
        e.type = event_type::menu_item_availability_changed;
        e.restaurant = by.restaurant;
        e.occurred_at = clock_();  // inside the serialised transaction, as for orders
        e.actor = by.staff_or_none();
        e.menu = *changed;
        events.push_back(std::move(e));
        uow.append_events(events);
        return ok_v;
      },
      [&] { announce(subscribers_, events); });
  if (!outcome) return outcome.error();
  return std::move(*changed);
}

std::optional<staff> kitchen_service::find_login(std::string_view username) {
  std::optional<staff> found;
  if (username.size() <= kMaxCredentialBytes)
    store_.read([&](kitchen_reader& r) { found = r.find_staff_by_username(username); });
  return found;
}

result<actor> kitchen_service::check_credentials(std::string_view username, std::string_view password) {
  return verify_login(find_login(username), password);
}

result<actor> kitchen_service::find_actor(std::string_view username) {
  std::optional<staff> found;
  store_.read([&](kitchen_reader& r) { found = r.find_staff_by_username(username); });
  if (!found) return error{std::string(kNotFound), fmt::format("staff member '{}' not found", username)};
  if (!found->active) return error{std::string(kNotFound), fmt::format("staff member '{}' is deactivated", username)};
  return actor{found->id, found->restaurant, found->name, found->role};
}

result<device> kitchen_service::register_device(const actor& by, const new_device& request) {
  if (auto denied = check_permission(by, permission::issue_device_tokens)) return *denied;
  if (!is_device_role(request.role))
    return validation_error("role", "role must be kitchen_display or table_display");
  if (request.role == staff_role::table_display && !request.table)
    return validation_error("tableId", "a table_display needs the tableId of its table");
  if (request.role == staff_role::kitchen_display && request.table)
    return validation_error("tableId", "a kitchen_display shows every table: send no tableId");
  if (auto bad = check_length("name", request.name, kMinDeviceName, kMaxDeviceName)) return *bad;
  device registered{0, by.restaurant, request.role, request.table.value_or(0), request.name,
                    by.staff_or_none(), clock_(), std::nullopt};
  const status outcome = store_.transact([&](unit_of_work& uow) -> status {
    registered.id = 0;
    if (request.table && !uow.find_table(by.restaurant, *request.table)) return not_found("table", *request.table);
    uow.save_device(registered);
    return ok_v;
  });
  if (!outcome) return outcome.error();
  return registered;
}

result<order> kitchen_service::get_order(const actor& by, order_id id) {
  if (auto denied = check_permission(by, permission::read_orders)) return *denied;
  std::optional<order> found;
  store_.read([&](kitchen_reader& r) { found = r.find_order(by.restaurant, id); });
  // Another table's order does not exist for a table display.
  if (!found || found->restaurant != by.restaurant || check_table_scope(by, found->table))
    return not_found("order", id);
  return std::move(*found);
}

result<order_page> kitchen_service::list_orders(const actor& by, const order_query& query) {
  if (auto denied = check_permission(by, permission::read_orders)) return *denied;
  order_query scoped = query;
  if (by.role == staff_role::table_display) {
    if (query.table && *query.table != by.table) return *check_table_scope(by, *query.table);
    scoped.table = by.table;
  }
  if (auto bad = check_page_size(query.limit)) return *bad;
  order_page page;
  store_.read([&](kitchen_reader& r) { page = r.list_orders(by.restaurant, scoped); });
  return page;
}

result<std::vector<order>> kitchen_service::open_orders_at_table(const actor& by, table_id table) {
  if (auto denied = check_permission(by, permission::read_orders)) return *denied;
  if (auto denied = check_table_scope(by, table)) return *denied;
  std::vector<order> out;
  bool table_exists = false;
  // One read transaction: the table and its orders are one consistent view.
  store_.read([&](kitchen_reader& r) {
    table_exists = r.find_table(by.restaurant, table).has_value();
    if (!table_exists) return;
    order_query query;
    query.table = table;
    query.open_only = true;
    query.limit = kMaxPageSize;
    for (;;) {
      auto page = r.list_orders(by.restaurant, query);
      out.insert(out.end(), std::make_move_iterator(page.orders.begin()),
                 std::make_move_iterator(page.orders.end()));
      if (!page.next_before) break;
      query.before = page.next_before;
    }
  });
  if (!table_exists) return not_found("table", table);
  std::reverse(out.begin(), out.end());  // pages come newest first
  return out;
}

result<std::vector<order>> kitchen_service::list_tickets(const actor& by, const ticket_query& query) {
  if (auto denied = check_permission(by, permission::read_kitchen)) return *denied;
  ticket_query bounded = query;
  if (query.limit) {
    if (auto bad = check_page_size(*query.limit)) return *bad;
  } else if (query.status == ticket_status::completed) {
    bounded.limit = kDefaultCompletedTickets;
  }
  std::vector<order> out;
  store_.read([&](kitchen_reader& r) { out = r.list_tickets(by.restaurant, bounded); });
  if (query.station) {
    for (order& o : out) workflow::keep_station_lines(o, *query.station);
  }
  return out;
}

result<kitchen_stats> kitchen_service::stats(const actor& by) {
  if (auto denied = check_permission(by, permission::read_kitchen)) return *denied;
  kitchen_stats out;
  store_.read([&](kitchen_reader& r) { out = r.stats(by.restaurant); });
  return out;
}

result<kitchen_throughput> kitchen_service::throughput(const actor& by, std::chrono::minutes window) {
  if (auto denied = check_permission(by, permission::view_monitoring)) return *denied;
  const timestamp since = clock_() - window;
  kitchen_throughput out;
  store_.read([&](kitchen_reader& r) { out = r.throughput(by.restaurant, since); });
  return out;
}

result<kitchen_board> kitchen_service::board(const actor& by) {
  if (auto denied = check_permission(by, permission::read_kitchen)) return *denied;
  kitchen_board out;
  store_.read([&](kitchen_reader& r) {
    out.tickets = r.list_tickets(by.restaurant, ticket_query{});
    out.stats = r.stats(by.restaurant);
  });
  return out;
}

result<kitchen_service::event_page> kitchen_service::events_after(const actor& by, uint64_t after, size_t limit,
                                                                  size_t max_bytes) {
  if (auto denied = check_permission(by, permission::read_events)) return *denied;
  event_page page;
  store_.read([&](kitchen_reader& r) {
    page.events = r.events_after(by.restaurant, after, limit, max_bytes);
    // In the same read: a later event committed meanwhile is for the next page.
    const uint64_t reached = page.events.empty() ? after : page.events.back().sequence;
    page.more = reached < r.last_sequence(by.restaurant);
  });
  return page;
}

std::vector<domain_event> kitchen_service::events_for_replay(restaurant_id r, uint64_t after, size_t limit) {
  std::vector<domain_event> out;
  store_.read([&](kitchen_reader& reader) { out = reader.events_after(r, after, limit, kNoByteLimit); });
  return out;
}

std::vector<std::pair<restaurant_id, uint64_t>> kitchen_service::outbox_heads() {
  std::vector<std::pair<restaurant_id, uint64_t>> heads;
  store_.read([&](kitchen_reader& reader) {
    for (const auto& r : reader.restaurants()) heads.emplace_back(r.id, reader.last_sequence(r.id));
  });
  return heads;
}

// ---- order commands -------------------------------------------------------

result<created_order> kitchen_service::create_order(const actor& by,
                                                    const create_order_command& command) {
  if (auto denied = check_permission(by, permission::create_order)) return *denied;
  const std::string& key = command.idempotency_key;
  bool replayed = false;
  // The key is looked up inside the transaction that would create the
  // order, so two racing requests with one key cannot both create one.
  const order_loader load = [&](unit_of_work& uow) -> result<order> {
    replayed = false;
    if (key.empty()) return order{};
    const std::optional<idempotent_request> prior = uow.find_idempotency_key(by.restaurant, key);
    if (!prior) return order{};
    if (prior->fingerprint != command.request_fingerprint) return idempotency_conflict(key);
    std::optional<order> stored = uow.find_order(by.restaurant, prior->order);
    if (!stored) return not_found("order", prior->order);
    replayed = true;
    return std::move(*stored);
  };
  const order_step step = [&](order& o, unit_of_work& uow,
                              const context& ctx) -> result<event_list> {
    if (replayed) return event_list{};
    const restaurant_id where = ctx.restaurant.id;
    const std::optional<table> at = uow.find_table(where, command.table);
    const std::vector<resolved_item> items = resolve_items(uow, where, command.items);
    std::optional<station> ticket_station;
    if (ctx.restaurant.send_to_kitchen_on_create && !items.empty()) {
      ticket_station = items.front().station;  // the dish and its station are read already
    }
    result<event_list> events =
        workflow::create_order(o, ctx, at, items, command.notes, ticket_station);
    if (!events) return events;
    // Numbered only once the rules hold, so a refused order burns no number.
    const int32_t day = business_day(ctx.now, ctx.restaurant.timezone);
    o.number =
        format_order_number(ctx.restaurant.order_number_prefix, uow.next_order_number(where, day));
    return events;
  };
  const after_save remember = [&](unit_of_work& uow, const order& saved) {
    if (!key.empty())
      uow.remember_idempotency_key(by.restaurant, key, command.request_fingerprint, saved.id);
  };
  result<order> outcome =
      command_runner{store_, clock_, subscribers_}.run(by, load, step, remember);
  if (!outcome) return outcome.error();
  return created_order{std::move(outcome).value(), replayed};
}

result<order> kitchen_service::confirm_order(const actor& by, order_id id) {
  if (auto denied = check_permission(by, permission::create_order)) return *denied;
  return command_runner{store_, clock_, subscribers_}.run(
      by, order_by_id(by.restaurant, id), [](order& o, unit_of_work& uow, const context& ctx) {
        return workflow::confirm(o, ctx, ticket_station_for(uow, o));
      });
}

result<order> kitchen_service::set_order_status(const actor& by, order_id id, order_status to) {
  if (auto denied = check_permission(by, permission_to_set(to))) return *denied;
  return command_runner{store_, clock_, subscribers_}.run(
      by, order_by_id(by.restaurant, id), [to](order& o, unit_of_work& uow, const context& ctx) {
        std::optional<station> ticket_station;
        if (to == order_status::confirmed) ticket_station = ticket_station_for(uow, o);
        return workflow::set_status(o, ctx, to, ticket_station);
      });
}

result<order> kitchen_service::add_items(const actor& by, order_id id,
                                         const std::vector<new_item>& items) {
  if (auto denied = check_permission(by, permission::add_items)) return *denied;
  return command_runner{store_, clock_, subscribers_}.run(
      by, order_by_id(by.restaurant, id),
      [&items](order& o, unit_of_work& uow, const context& ctx) {
        return workflow::add_items(o, ctx, resolve_items(uow, ctx.restaurant.id, items));
      });
}

result<order> kitchen_service::set_item_status(const actor& by, order_id id, order_item_id item,
                                               item_status to) {
  if (auto denied = check_permission(by, permission_to_set(to))) return *denied;
  return command_runner{store_, clock_, subscribers_}.run(
      by, order_by_id(by.restaurant, id), [item, to](order& o, unit_of_work&, const context& ctx) {
        return workflow::set_item_status(o, ctx, item, to);
      });
}

result<order> kitchen_service::request_cancellation(const actor& by, order_id id,
                                                    const std::string& reason) {
  if (auto denied = check_permission(by, permission::request_cancellation)) return *denied;
  return command_runner{store_, clock_, subscribers_}.run(
      by, order_by_id(by.restaurant, id), [&reason](order& o, unit_of_work&, const context& ctx) {
        return workflow::request_cancellation(o, ctx, reason);
      });
}

// ---- ticket commands ------------------------------------------------------

result<order> kitchen_service::acknowledge_ticket(const actor& by, kitchen_order_id id) {
  if (auto denied = check_permission(by, permission::acknowledge_ticket)) return *denied;
  return command_runner{store_, clock_, subscribers_}.run(
      by, order_by_ticket(by.restaurant, id),
      [](order& o, unit_of_work&, const context& ctx) { return workflow::acknowledge(o, ctx); });
}

result<order> kitchen_service::start_ticket(const actor& by, kitchen_order_id id) {
  if (auto denied = check_permission(by, permission::start_ticket)) return *denied;
  return command_runner{store_, clock_, subscribers_}.run(
      by, order_by_ticket(by.restaurant, id),
      [](order& o, unit_of_work&, const context& ctx) { return workflow::start(o, ctx); });
}

result<order> kitchen_service::ready_ticket(const actor& by, kitchen_order_id id) {
  if (auto denied = check_permission(by, permission::ready_ticket)) return *denied;
  return command_runner{store_, clock_, subscribers_}.run(
      by, order_by_ticket(by.restaurant, id),
      [](order& o, unit_of_work&, const context& ctx) { return workflow::mark_ready(o, ctx); });
}

result<order> kitchen_service::complete_ticket(const actor& by, kitchen_order_id id) {
  if (auto denied = check_permission(by, permission::complete_ticket)) return *denied;
  return command_runner{store_, clock_, subscribers_}.run(
      by, order_by_ticket(by.restaurant, id),
      [](order& o, unit_of_work&, const context& ctx) { return workflow::complete(o, ctx); });
}

result<order> kitchen_service::recall_ticket(const actor& by, kitchen_order_id id) {
  if (auto denied = check_permission(by, permission::recall_ticket)) return *denied;
  return command_runner{store_, clock_, subscribers_}.run(
      by, order_by_ticket(by.restaurant, id),
      [](order& o, unit_of_work&, const context& ctx) { return workflow::recall(o, ctx); });
}

result<order> kitchen_service::accept_cancellation(const actor& by, kitchen_order_id id) {
  if (auto denied = check_permission(by, permission::decide_cancellation)) return *denied;
  return command_runner{store_, clock_, subscribers_}.run(
      by, order_by_ticket(by.restaurant, id), [](order& o, unit_of_work&, const context& ctx) {
        return workflow::accept_cancellation(o, ctx);
      });
}

result<order> kitchen_service::reject_cancellation(const actor& by, kitchen_order_id id,
                                                   const std::string& reason) {
  if (auto denied = check_permission(by, permission::decide_cancellation)) return *denied;
  return command_runner{store_, clock_, subscribers_}.run(
      by, order_by_ticket(by.restaurant, id),
      [&reason](order& o, unit_of_work&, const context& ctx) {
        return workflow::reject_cancellation(o, ctx, reason);
      });
}

result<order> kitchen_service::set_priority(const actor& by, kitchen_order_id id,
                                            ticket_priority priority) {
  if (auto denied = check_permission(by, permission::set_priority)) return *denied;
  return command_runner{store_, clock_, subscribers_}.run(
      by, order_by_ticket(by.restaurant, id),
      [priority](order& o, unit_of_work&, const context& ctx) {
        return workflow::set_priority(o, ctx, priority);
      });
}

result<order> kitchen_service::assign_station(const actor& by, kitchen_order_id id,
                                              station_id station) {
  if (auto denied = check_permission(by, permission::assign_station)) return *denied;
  return command_runner{store_, clock_, subscribers_}.run(
      by, order_by_ticket(by.restaurant, id),
      [station](order& o, unit_of_work& uow, const context& ctx) {
        return workflow::assign_station(o, ctx, uow.find_station(ctx.restaurant.id, station));
      });
}

// ---- stations and courses ---------------------------------------------------

result<order> kitchen_service::fire_course(const actor& by, order_id id, int32_t course) {
  if (auto denied = check_permission(by, permission::fire_course)) return *denied;
  return command_runner{store_, clock_, subscribers_}.run(
      by, order_by_id(by.restaurant, id), [course](order& o, unit_of_work&, const context& ctx) {
        return workflow::fire_course(o, ctx, course);
      });
}

result<order> kitchen_service::set_station_progress(const actor& by, kitchen_order_id id, station_id where,
                                                    item_status to) {
  if (auto denied = check_permission(by, permission::update_item_progress)) return *denied;
  return command_runner{store_, clock_, subscribers_}.run(
      by, order_by_ticket(by.restaurant, id), [where, to](order& o, unit_of_work&, const context& ctx) {
        return workflow::set_station_progress(o, ctx, where, to);
      });
}

result<order> kitchen_service::assign_line_station(const actor& by, kitchen_order_id id, order_item_id line,
                                                   station_id station) {
  if (auto denied = check_permission(by, permission::assign_station)) return *denied;
  return command_runner{store_, clock_, subscribers_}.run(
      by, order_by_ticket(by.restaurant, id),
      [line, station](order& o, unit_of_work& uow, const context& ctx) {
        return workflow::assign_line_station(o, ctx, line, uow.find_station(ctx.restaurant.id, station));
      });
}

size_t kitchen_service::fire_due_courses() {
  // A sweep fires at most this many courses; the next sweep takes the rest.
  constexpr size_t kPerSweep = 200;
  std::vector<std::pair<restaurant_id, order_id>> due;
  store_.read([&](kitchen_reader& r) { due = r.orders_due_to_fire(clock_(), kPerSweep); });
  size_t fired = 0;
  for (const auto& [where, id] : due) {
    // The restaurant's own timer, on no one's behalf: recorded as actor 0.
    const actor timer{0, where, "auto-fire", staff_role::manager};
    result<order> outcome = command_runner{store_, clock_, subscribers_}.run(
        timer, order_by_id(where, id), [&fired](order& o, unit_of_work&, const context& ctx) -> result<event_list> {
          // Checked again in the transaction: a waiter may have fired it since.
          result<event_list> events = workflow::release_due_lines(o, ctx);
          if (events && workflow::auto_fire_due(o, ctx.restaurant, ctx.now)) {
            result<event_list> course = workflow::fire_course(o, ctx, *workflow::next_held_course(o));
            if (!course) return course;
            events->insert(events->end(), course->begin(), course->end());
          }
          if (events && !events->empty()) ++fired;
          return events;
        });
    (void)outcome;  // a refusal (the order closed meanwhile) leaves it for good
  }
  return fired;
}

}  // namespace brigade::kitchen
