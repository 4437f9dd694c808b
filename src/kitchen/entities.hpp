#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "kitchen/ids.hpp"
#include "kitchen/status.hpp"

namespace brigade::kitchen {

// Plain value types: copyable, not synchronised. The store loads and saves
// them; the workflow functions change them.

/// Discounts, service charge and tax in basis points (1/100 of a percent),
/// applied in that order to an order's total.
struct pricing_policy {
  int32_t discount_bps = 0;
  int32_t service_charge_bps = 0;
  int32_t tax_bps = 0;
};

/// A tenant and how it runs its floor.
struct restaurant {
  restaurant_id id = 0;
  std::string name;
  /// Letter(s) before an order number: "A" gives A-0001, A-0002, …
  std::string order_number_prefix = "A";
  /// The IANA time zone of its floor ("Europe/Paris"): order numbers
  /// restart at its local midnight, daylight saving time included.
  std::string timezone = "UTC";
  /// ISO 4217 code of the currency its prices are in ("EUR").
  std::string currency = "EUR";
  /// true: an order goes to the kitchen when created; false: when confirmed.
  bool send_to_kitchen_on_create = false;
  pricing_policy pricing;
  /// A held course fires by itself this many minutes after the previous
  /// course went to the kitchen; 0: only the waiter fires.
  int32_t auto_fire_minutes = 0;
  /// How long a ticket may take from the kitchen's receipt to ready before
  /// it counts as late (the speed-of-service report, the screens' colours).
  int32_t ticket_target_minutes = 15;
  /// A course's lines with a prep time go to their stations staggered, so
  /// that the course's dishes finish together (docs/kitchen.md "Fire by
  /// prep time"); false: every line of a fired course goes at once.
  bool fire_by_prep_time = false;
};

struct table {
  table_id id = 0;
  restaurant_id restaurant = 0;
  std::string name;  // "12", "Terrace 3"
  int32_t seats = 0;
  std::string area{};  // "Terrace", "Bar"; "" for none
};

struct station {
  station_id id = 0;
  restaurant_id restaurant = 0;
  std::string name;  // grill, fry, cold, bar…
  std::string colour{};  // "#RRGGBB" for its tickets and badges; "" for none
};

struct staff {
  staff_id id = 0;
  restaurant_id restaurant = 0;
  std::string name;
  std::string username;
  staff_role role = staff_role::waiter;
  std::string password_hash;  // libsodium argon2id string; never leaves the store
  /// false: deactivated by a manager; cannot log in, and its tokens are refused.
  bool active = true;
  /// Raised whenever the member's tokens must stop working (role change,
  /// password reset, deactivation): a token names the generation it was
  /// issued in, and an older one is refused (auth/revocation_list.hpp).
  int64_t token_generation = 0;
  /// The password was given to them (a one-time password): they must choose
  /// their own before doing anything else.
  bool must_change_password = false;
};

/// A heading of the menu ("Starters"), listed by position, then id.
struct menu_category {
  menu_category_id id = 0;
  restaurant_id restaurant = 0;
  std::string name;
  int32_t position = 0;
};

/// One choice of a modifier group ("medium", "cheese" +1.50).
struct modifier_option {
  modifier_option_id id = 0;
  std::string name;
  money price_delta = 0;  // added to the item's unit price; may be negative
};

/// Choices a dish offers ("Cooking": pick exactly 1; "Extras": 0 to 3).
/// Required when min_choices >= 1.
struct modifier_group {
  modifier_group_id id = 0;
  restaurant_id restaurant = 0;
  std::string name;
  int32_t min_choices = 0;
  int32_t max_choices = 1;
  std::vector<modifier_option> options;
};

struct menu_item {
  menu_item_id id = 0;
  restaurant_id restaurant = 0;
  std::string name;
  money price = 0;
  /// The category's name, read with the item ("" for none); category_id decides.
  std::string category;
  station_id default_station = 0;
  bool available = true;  // false: sold out
  menu_category_id category_id = 0;  // 0: none
  std::string description{};
  int32_t default_course = 1;  // 1 starters, 2 mains, 3 desserts, … kMaxCourse
  /// Minutes the dish takes to cook (0: not given); fire by prep time
  /// releases the quicker dishes of a course later.
  int32_t prep_minutes = 0;
  /// EU allergen codes (allergens.hpp), in the regulation's order.
  std::vector<std::string> allergens{};
  std::vector<std::string> tags{};  // "vegetarian", "spicy"
  int32_t position = 0;             // within its category
  /// The groups it offers, in order, complete with their options (the
  /// store resolves them on read and saves the ids).
  std::vector<modifier_group> modifier_groups{};
  /// Deleted from the menu; kept because orders name it.
  bool archived = false;
};

/// A modifier as it was chosen: copied into the order so later menu edits
/// leave it as ordered.
struct chosen_modifier {
  modifier_option_id option = 0;
  std::string group;
  std::string name;
  money price_delta = 0;
  friend bool operator==(const chosen_modifier&, const chosen_modifier&) = default;
};

struct order_item {
  order_item_id id = 0;
  menu_item_id menu_item = 0;
  std::string name;  // copied from the menu when ordered
  int32_t quantity = 1;
  money unit_price = 0;  // copied from the menu when ordered
  std::string notes;
  item_status status = item_status::pending;
  timestamp created_at{};
  std::vector<chosen_modifier> modifiers{};
  int32_t seat = 0;    // 0: the table (shared)
  int32_t course = 1;  // 1 starters, 2 mains, 3 desserts, …
  std::vector<std::string> allergens{};  // copied from the menu when ordered
  /// The station that cooks the line: the dish's default station when
  /// ordered, or the one a chef moved it to; 0: none (the ticket's).
  station_id station = 0;
  std::string station_name{};
  int32_t prep_minutes = 0;  // copied from the menu when ordered
  /// Not on the stations' screens yet: its course waits for the waiter's
  /// fire (docs/kitchen.md "Courses"), or, with release_at, its course was
  /// fired and the line waits for its turn (fire by prep time).
  bool held = false;
  std::optional<timestamp> release_at{};
  std::optional<timestamp> fired_at{};  // sent to the kitchen
  std::optional<timestamp> started_at{};
  std::optional<timestamp> ready_at{};
  std::optional<timestamp> served_at{};
  friend bool operator==(const order_item&, const order_item&) = default;
};

/// A waiter's request to cancel an order, decided by the kitchen.
struct cancel_request {
  std::string reason;
  staff_id requested_by = 0;
  timestamp requested_at{};
  cancel_request_status status = cancel_request_status::open;
  std::string rejection_reason;
  std::optional<timestamp> decided_at;
  friend bool operator==(const cancel_request&, const cancel_request&) = default;
};

/// Where one station's share of a ticket stands: `held` every line waits
/// for its course, `pending` fired lines and none started, `preparing`,
/// `ready` every fired line ready or served (held ones may remain).
enum class part_status { held, pending, preparing, ready };

/// One station's share of a ticket (its lines not cancelled), so every
/// screen can show "grill done, fry 2 min". Plain value type.
struct station_part {
  station_id station = 0;  // 0: the lines without a station
  std::string name;
  part_status status = part_status::pending;
  int32_t items = 0;
  int32_t ready_items = 0;  // ready or served
  int32_t held_items = 0;
  std::optional<timestamp> started_at;  // the first line started
  std::optional<timestamp> ready_at;    // the last line ready, once the part is ready
  std::optional<timestamp> next_release_at;  // the next fired line's turn (fire by prep time)
  friend bool operator==(const station_part&, const station_part&) = default;
};

/// The ticket the kitchen works on; one per order.
struct kitchen_order {
  kitchen_order_id id = 0;
  ticket_status status = ticket_status::pending;
  ticket_priority priority = ticket_priority::normal;
  station_id station = 0;  // 0: none assigned
  std::string station_name;
  staff_id chef = 0;  // 0: nobody acknowledged it yet
  std::string chef_name;
  /// Items were added after the ticket was created.
  bool changed = false;
  timestamp created_at{};
  std::optional<timestamp> acknowledged_at;
  std::optional<timestamp> started_at;
  std::optional<timestamp> ready_at;
  std::optional<timestamp> completed_at;
  std::optional<timestamp> cancelled_at;
  /// Set only when the order's lines were narrowed to one station's (a
  /// station's screen): every station's part, counted before, so each
  /// screen still sees the others' progress. Never stored.
  std::optional<std::vector<station_part>> parts_of_whole{};
  friend bool operator==(const kitchen_order&, const kitchen_order&) = default;
};

/// An order with its items, its kitchen ticket and its cancellation request:
/// the aggregate every command loads, changes and saves as one.
struct order {
  order_id id = 0;
  restaurant_id restaurant = 0;
  std::string number;  // "A-0042", unique per restaurant and business day
  table_id table = 0;
  order_status status = order_status::pending;
  std::vector<order_item> items;
  std::string notes;
  money total_amount = 0;  // sum of the items not cancelled
  money final_amount = 0;  // after discount, service charge and tax
  staff_id created_by = 0;
  timestamp created_at{};
  std::optional<timestamp> confirmed_at;
  std::optional<timestamp> preparing_at;
  std::optional<timestamp> ready_at;
  std::optional<timestamp> served_at;
  std::optional<timestamp> completed_at;
  std::optional<timestamp> cancelled_at;
  std::optional<kitchen_order> ticket;
  std::optional<cancel_request> cancellation;
};

/// Open tickets by status; `pending` counts acknowledged tickets too (both
/// wait for a cook), `total` every open (not completed, not cancelled) ticket.
struct kitchen_stats {
  int64_t pending = 0;
  int64_t preparing = 0;
  int64_t ready = 0;
  int64_t total = 0;
  friend bool operator==(const kitchen_stats&, const kitchen_stats&) = default;
};

/// One station's tickets bumped within a window and their average prep time
/// (creation to completion, as a ticket's prepTime). Station 0: tickets no
/// station was assigned to. Plain value type.
struct station_throughput {
  station_id station = 0;
  std::string name;
  int64_t tickets = 0;
  double average_prep_seconds = 0;
  friend bool operator==(const station_throughput&, const station_throughput&) = default;
};

/// What the kitchen finished in a recent window, for the manager's live
/// dashboard: tickets completed (bumped and not recalled) and their prep
/// time by station, by station name. Plain value type.
struct kitchen_throughput {
  int64_t tickets_completed = 0;
  std::vector<station_throughput> stations;
};

/// A screen a manager registered: a kitchen display, or a table display
/// bound to one table. Its signed token is its identity (auth/).
struct device {
  device_id id = 0;
  restaurant_id restaurant = 0;
  staff_role role = staff_role::kitchen_display;  // a device role
  table_id table = 0;                             // table displays only
  std::string name;
  staff_id created_by = 0;  // 0: issued from the command line
  timestamp created_at{};
  /// Set when a manager revoked the screen: its tokens are refused for good.
  std::optional<timestamp> revoked_at;
};

/// One back-office change, for the restaurant's audit log: who did what to
/// which subject, when, with the details (a JSON object as text). Plain
/// value type.
struct audit_entry {
  int64_t id = 0;  // assigned by the store, increasing
  restaurant_id restaurant = 0;
  timestamp at{};
  std::string actor_kind;  // "staff", "device" or "operator" (the command line)
  int64_t actor_id = 0;    // 0 for the operator
  std::string actor_name;
  std::string action;   // e.g. "staff.created", "screen.revoked"
  std::string subject;  // e.g. "staff:7"
  std::string details = "{}";
};

/// Who may no longer use tokens issued before now: read at start-up into
/// auth::revocation_list, which the back office keeps current. Plain value.
struct access_revocations {
  /// (staff id, current token generation, active)
  struct staff_state {
    staff_id id = 0;
    int64_t token_generation = 0;
    bool active = true;
  };
  std::vector<staff_state> staff;
  std::vector<device_id> revoked_devices;
};

/// Who a command or a read acts for, from a verified token: a staff member
/// (id is a staff id) or a screen (id is a device id, see is_device_role).
struct actor {
  int64_t id = 0;
  restaurant_id restaurant = 0;
  std::string name;
  staff_role role = staff_role::waiter;
  /// The one table a table display may see; 0 for everyone else.
  table_id table = 0;

  bool is_device() const noexcept { return is_device_role(role); }
  /// The staff member to record as chef, creator or requester: screens are
  /// nobody in particular, so 0 (stored as NULL).
  staff_id staff_or_none() const noexcept { return is_device() ? 0 : id; }
};

}  // namespace brigade::kitchen
