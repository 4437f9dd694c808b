#include "store/sqlite/migrations.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "common/clock.hpp"
#include "kitchen/ports.hpp"

namespace brigade::store::sqlite {
namespace {

// Conventions of the schema:
// - Times are INTEGER milliseconds since the Unix epoch (UTC); NULL: not yet.
// - Money is INTEGER minor units (cents).
// - Statuses are the domain's wire names, fenced by CHECK constraints so a
//   bug can never store a value the parsers would refuse on the way back.
// - Tenant scoping is enforced by the schema too: composite foreign keys
//   (restaurant_id, x_id) make a table or station of another restaurant
//   unreferenceable, whatever the code above does.
// - Optional references (no station, no chef yet) are NULL, never 0.
constexpr std::string_view kInitialSchema = R"sql(
CREATE TABLE restaurants (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  order_number_prefix TEXT NOT NULL DEFAULT 'A',
  utc_offset_minutes INTEGER NOT NULL DEFAULT 0 CHECK (utc_offset_minutes BETWEEN -1439 AND 1439),
  send_to_kitchen_on_create INTEGER NOT NULL DEFAULT 0 CHECK (send_to_kitchen_on_create IN (0, 1)),
  discount_bps INTEGER NOT NULL DEFAULT 0 CHECK (discount_bps BETWEEN 0 AND 10000),
  service_charge_bps INTEGER NOT NULL DEFAULT 0 CHECK (service_charge_bps >= 0),
  tax_bps INTEGER NOT NULL DEFAULT 0 CHECK (tax_bps >= 0),
  -- The outbox's latest sequence number, raised in the transaction that
  -- appends: a rolled-back transaction gives its numbers back.
  last_event_sequence INTEGER NOT NULL DEFAULT 0 CHECK (last_event_sequence >= 0)
);

CREATE TABLE tables (
  id INTEGER PRIMARY KEY,
  restaurant_id INTEGER NOT NULL REFERENCES restaurants (id),
  name TEXT NOT NULL,
  seats INTEGER NOT NULL DEFAULT 0 CHECK (seats >= 0),
  UNIQUE (restaurant_id, id),
  UNIQUE (restaurant_id, name)
);

CREATE TABLE stations (
  id INTEGER PRIMARY KEY,
  restaurant_id INTEGER NOT NULL REFERENCES restaurants (id),
  name TEXT NOT NULL,
  UNIQUE (restaurant_id, id),
  UNIQUE (restaurant_id, name)
);

CREATE TABLE staff (
  id INTEGER PRIMARY KEY,
  restaurant_id INTEGER NOT NULL REFERENCES restaurants (id),
  name TEXT NOT NULL,
  -- Unique across restaurants: a login names one person.
  username TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('waiter', 'chef', 'manager')),
  password_hash TEXT NOT NULL DEFAULT ''
);
CREATE INDEX staff_by_restaurant ON staff (restaurant_id);

CREATE TABLE menu_items (
  id INTEGER PRIMARY KEY,
  restaurant_id INTEGER NOT NULL REFERENCES restaurants (id),
  name TEXT NOT NULL,
  price INTEGER NOT NULL CHECK (price >= 0),
  category TEXT NOT NULL DEFAULT '',
  default_station_id INTEGER,
  available INTEGER NOT NULL DEFAULT 1 CHECK (available IN (0, 1)),
  FOREIGN KEY (restaurant_id, default_station_id) REFERENCES stations (restaurant_id, id)
);
CREATE INDEX menu_items_by_restaurant ON menu_items (restaurant_id, id);

CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  restaurant_id INTEGER NOT NULL REFERENCES restaurants (id),
  -- Days since the epoch in the restaurant's local time when created: the
  -- scope of its number.
  business_day INTEGER NOT NULL,
  number TEXT NOT NULL,
  table_id INTEGER NOT NULL,
  status TEXT NOT NULL
    CHECK (status IN ('pending', 'confirmed', 'preparing', 'ready', 'served', 'completed', 'cancelled')),
  notes TEXT NOT NULL DEFAULT '',
  total_amount INTEGER NOT NULL DEFAULT 0,
  final_amount INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER REFERENCES staff (id),
  created_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  preparing_at INTEGER,
  ready_at INTEGER,
  served_at INTEGER,
  completed_at INTEGER,
  cancelled_at INTEGER,
  UNIQUE (restaurant_id, business_day, number),
  FOREIGN KEY (restaurant_id, table_id) REFERENCES tables (restaurant_id, id)
);
-- The order lists: newest first, optionally by status or table.
CREATE INDEX orders_by_restaurant ON orders (restaurant_id, id);
CREATE INDEX orders_by_status ON orders (restaurant_id, status, id);
CREATE INDEX orders_by_table ON orders (restaurant_id, table_id, id);

CREATE TABLE order_items (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  menu_item_id INTEGER NOT NULL REFERENCES menu_items (id),
  name TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
  notes TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('pending', 'preparing', 'ready', 'served', 'cancelled')),
  created_at INTEGER NOT NULL
);
CREATE INDEX order_items_by_order ON order_items (order_id, id);

-- The kitchen ticket: at most one per order. restaurant_id is copied from
-- the order so the kitchen's queue and stats need no join to find it.
CREATE TABLE kitchen_orders (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL UNIQUE REFERENCES orders (id) ON DELETE CASCADE,
  restaurant_id INTEGER NOT NULL REFERENCES restaurants (id),
  status TEXT NOT NULL
    CHECK (status IN ('pending', 'acknowledged', 'preparing', 'ready', 'completed', 'cancelled')),
  priority TEXT NOT NULL CHECK (priority IN ('normal', 'express', 'vip')),
  station_id INTEGER,
  chef_id INTEGER REFERENCES staff (id),
  changed INTEGER NOT NULL DEFAULT 0 CHECK (changed IN (0, 1)),
  created_at INTEGER NOT NULL,
  acknowledged_at INTEGER,
  started_at INTEGER,
  ready_at INTEGER,
  completed_at INTEGER,
  cancelled_at INTEGER,
  FOREIGN KEY (restaurant_id, station_id) REFERENCES stations (restaurant_id, id)
);
-- The kitchen's queue and stats: open tickets are the four seeks of
-- status IN (…) on this index.
CREATE INDEX kitchen_orders_by_status ON kitchen_orders (restaurant_id, status, created_at, id);
CREATE INDEX kitchen_orders_by_station ON kitchen_orders (restaurant_id, station_id, created_at, id);

-- The latest cancellation request of an order (a rejected one is replaced
-- by the next request).
CREATE TABLE cancel_requests (
  order_id INTEGER PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
  reason TEXT NOT NULL,
  requested_by INTEGER REFERENCES staff (id),
  requested_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'rejected')),
  rejection_reason TEXT NOT NULL DEFAULT '',
  decided_at INTEGER
);

CREATE TABLE order_counters (
  restaurant_id INTEGER NOT NULL REFERENCES restaurants (id),
  business_day INTEGER NOT NULL,
  last INTEGER NOT NULL CHECK (last >= 1),
  PRIMARY KEY (restaurant_id, business_day)
) WITHOUT ROWID;

CREATE TABLE idempotency_keys (
  restaurant_id INTEGER NOT NULL REFERENCES restaurants (id),
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (restaurant_id, key)
) WITHOUT ROWID;

-- Committed domain events, numbered 1, 2, 3, … per restaurant without gaps:
-- what a reconnecting screen replays. payload is the store's JSON form of
-- the whole event (store/event_json).
CREATE TABLE outbox (
  restaurant_id INTEGER NOT NULL REFERENCES restaurants (id),
  sequence INTEGER NOT NULL CHECK (sequence >= 1),
  type TEXT NOT NULL,
  order_id INTEGER,
  occurred_at INTEGER NOT NULL,
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  PRIMARY KEY (restaurant_id, sequence)
) WITHOUT ROWID;
)sql";

// Screens a manager registered (security): a token names its device, so
// issued tokens stay traceable to a screen and who set it up.
constexpr std::string_view kDevices = R"sql(
CREATE TABLE devices (
  id INTEGER PRIMARY KEY,
  restaurant_id INTEGER NOT NULL REFERENCES restaurants (id),
  role TEXT NOT NULL CHECK (role IN ('kitchen_display', 'table_display')),
  table_id INTEGER,
  name TEXT NOT NULL,
  created_by INTEGER REFERENCES staff (id),
  created_at INTEGER NOT NULL,
  CHECK ((role = 'table_display') = (table_id IS NOT NULL)),
  FOREIGN KEY (restaurant_id, table_id) REFERENCES tables (restaurant_id, id)
);
CREATE INDEX devices_by_restaurant ON devices (restaurant_id);
)sql";

// The kitchen's recall list: completed tickets, the latest bump first
// (GET /api/kitchen/orders?status=completed), read backwards from the end
// of this index instead of sorting every ticket the kitchen ever completed.
// Partial, so it holds completed tickets only and the open-ticket queries
// keep kitchen_orders_by_status; a query must say `status = 'completed'`
// literally for the planner to use it.
constexpr std::string_view kCompletedTickets = R"sql(
CREATE INDEX kitchen_orders_by_completion ON kitchen_orders (restaurant_id, completed_at, id)
  WHERE status = 'completed';
)sql";

// Socket.IO connection-state recovery (kitchen::recovery_session_store):
// one row per private session id (the client's `auth.pid`), rewritten by the
// realtime layer whenever the connection changes, so a screen keeps its
// socket id and rooms across a drop or a server restart. A save replaces the
// row only when its version is newer. identity is the realtime layer's text,
// opaque here; rooms a JSON array of internal room names, in order;
// disconnected_at NULL while connected. The index serves both expiry
// (disconnected_at < cutoff) and the start-up sweep (disconnected_at IS NULL).
constexpr std::string_view kRecoverySessions = R"sql(
CREATE TABLE recovery_sessions (
  pid TEXT PRIMARY KEY CHECK (pid <> ''),
  restaurant_id INTEGER NOT NULL REFERENCES restaurants (id),
  identity TEXT NOT NULL,
  sid TEXT NOT NULL,
  nsp TEXT NOT NULL,
  rooms TEXT NOT NULL CHECK (json_valid(rooms) AND json_type(rooms) = 'array'),
  version INTEGER NOT NULL CHECK (version >= 0),
  disconnected_at INTEGER,
  updated_at INTEGER NOT NULL,
  since_sequence INTEGER NOT NULL DEFAULT 0 CHECK (since_sequence >= 0)
) WITHOUT ROWID;
CREATE INDEX recovery_sessions_by_disconnection ON recovery_sessions (disconnected_at);
)sql";

// Set-up (issue 18): a restaurant's IANA time zone, which now decides its
// business day (utc_offset_minutes stays, unread), and its ISO 4217
// currency; a staff member given a one-time password must change it. An
// existing restaurant keeps its day boundary: a whole-hour offset becomes
// the Etc/GMT zone of that offset (POSIX signs: Etc/GMT+5 is UTC-5), any
// other (none was ever set but 0) becomes UTC.
constexpr std::string_view kSetUp = R"sql(
ALTER TABLE restaurants ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC' CHECK (timezone <> '');
ALTER TABLE restaurants ADD COLUMN currency TEXT NOT NULL DEFAULT 'EUR'
  CHECK (length(currency) = 3 AND currency = upper(currency));
UPDATE restaurants SET timezone = printf('Etc/GMT%+d', -utc_offset_minutes / 60)
  WHERE utc_offset_minutes <> 0 AND utc_offset_minutes % 60 = 0 AND utc_offset_minutes BETWEEN -720 AND 840;
ALTER TABLE staff ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
  CHECK (must_change_password IN (0, 1));
)sql";

// The back office (issue 18): staff can be deactivated, and each member's
// token generation goes up whenever their tokens must stop working (role
// change, password reset, deactivation); screens can be revoked; tables have
// an area and stations a colour ("#RRGGBB"); every
// back-office change is written to the restaurant's audit log. details is a
// JSON object.
constexpr std::string_view kBackOffice = R"sql(
ALTER TABLE staff ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
ALTER TABLE staff ADD COLUMN token_generation INTEGER NOT NULL DEFAULT 0 CHECK (token_generation >= 0);
ALTER TABLE devices ADD COLUMN revoked_at INTEGER;
ALTER TABLE tables ADD COLUMN area TEXT NOT NULL DEFAULT '';
ALTER TABLE stations ADD COLUMN colour TEXT NOT NULL DEFAULT '';
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  restaurant_id INTEGER NOT NULL REFERENCES restaurants (id),
  at INTEGER NOT NULL,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('staff', 'device', 'operator')),
  actor_id INTEGER,
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details))
);
CREATE INDEX audit_log_by_restaurant ON audit_log (restaurant_id, id);
)sql";

// The menu (issue 18): categories in an order, dishes with a description,
// default course, allergens and tags (JSON arrays of text), modifier groups
// with their options attached to dishes in an order, and archived dishes
// (deleted from the menu, kept because orders name them). Order lines keep
// the modifiers (JSON array of {option, group, name, price_delta}), seat
// (0: the table), course and allergens they were taken with. The old
// category text becomes a category per distinct name. A category or group
// of another restaurant is refused by the composite keys and triggers.
constexpr std::string_view kMenu = R"sql(
CREATE TABLE menu_categories (
  id INTEGER PRIMARY KEY,
  restaurant_id INTEGER NOT NULL REFERENCES restaurants (id),
  name TEXT NOT NULL CHECK (name <> ''),
  position INTEGER NOT NULL DEFAULT 0,
  UNIQUE (restaurant_id, id),
  UNIQUE (restaurant_id, name)
);
INSERT INTO menu_categories (restaurant_id, name, position)
  SELECT restaurant_id, category, ROW_NUMBER() OVER (PARTITION BY restaurant_id ORDER BY MIN(id)) - 1
  FROM menu_items WHERE category <> '' GROUP BY restaurant_id, category;

ALTER TABLE menu_items ADD COLUMN category_id INTEGER REFERENCES menu_categories (id);
UPDATE menu_items SET category_id = (SELECT c.id FROM menu_categories c
  WHERE c.restaurant_id = menu_items.restaurant_id AND c.name = menu_items.category);
ALTER TABLE menu_items DROP COLUMN category;
ALTER TABLE menu_items ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE menu_items ADD COLUMN default_course INTEGER NOT NULL DEFAULT 1 CHECK (default_course BETWEEN 1 AND 9);
ALTER TABLE menu_items ADD COLUMN allergens TEXT NOT NULL DEFAULT '[]'
  CHECK (json_valid(allergens) AND json_type(allergens) = 'array');
ALTER TABLE menu_items ADD COLUMN tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array');
ALTER TABLE menu_items ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE menu_items ADD COLUMN archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1));
-- Names were not unique before: a later namesake gets its id appended, so
-- the index below can be built and every dish stays on the menu.
UPDATE menu_items SET name = name || ' (' || id || ')' WHERE EXISTS (SELECT 1 FROM menu_items o
  WHERE o.restaurant_id = menu_items.restaurant_id AND o.name = menu_items.name AND o.id < menu_items.id);
CREATE UNIQUE INDEX menu_items_by_name ON menu_items (restaurant_id, name) WHERE archived = 0;
CREATE TRIGGER menu_items_category_insert BEFORE INSERT ON menu_items
  WHEN NEW.category_id IS NOT NULL AND NOT EXISTS
    (SELECT 1 FROM menu_categories WHERE id = NEW.category_id AND restaurant_id = NEW.restaurant_id)
  BEGIN SELECT RAISE(ABORT, 'menu item category of another restaurant'); END;
CREATE TRIGGER menu_items_category_update BEFORE UPDATE OF category_id ON menu_items
  WHEN NEW.category_id IS NOT NULL AND NOT EXISTS
    (SELECT 1 FROM menu_categories WHERE id = NEW.category_id AND restaurant_id = NEW.restaurant_id)
  BEGIN SELECT RAISE(ABORT, 'menu item category of another restaurant'); END;

CREATE TABLE modifier_groups (
  id INTEGER PRIMARY KEY,
  restaurant_id INTEGER NOT NULL REFERENCES restaurants (id),
  name TEXT NOT NULL CHECK (name <> ''),
  min_choices INTEGER NOT NULL CHECK (min_choices >= 0),
  max_choices INTEGER NOT NULL CHECK (max_choices >= 1 AND max_choices >= min_choices),
  UNIQUE (restaurant_id, id),
  UNIQUE (restaurant_id, name)
);
-- Option names are unique within a group by the domain's check, not here:
-- a save that swaps two names updates one row at a time.
CREATE TABLE modifier_options (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES modifier_groups (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL CHECK (name <> ''),
  price_delta INTEGER NOT NULL
);
CREATE INDEX modifier_options_by_group ON modifier_options (group_id, position);
CREATE TABLE menu_item_modifier_groups (
  menu_item_id INTEGER NOT NULL REFERENCES menu_items (id),
  restaurant_id INTEGER NOT NULL,
  group_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (menu_item_id, group_id),
  FOREIGN KEY (restaurant_id, group_id) REFERENCES modifier_groups (restaurant_id, id)
) WITHOUT ROWID;
CREATE INDEX menu_item_modifier_groups_by_group ON menu_item_modifier_groups (group_id);

ALTER TABLE order_items ADD COLUMN modifiers TEXT NOT NULL DEFAULT '[]'
  CHECK (json_valid(modifiers) AND json_type(modifiers) = 'array');
ALTER TABLE order_items ADD COLUMN seat INTEGER NOT NULL DEFAULT 0 CHECK (seat >= 0);
ALTER TABLE order_items ADD COLUMN course INTEGER NOT NULL DEFAULT 1 CHECK (course >= 1);
ALTER TABLE order_items ADD COLUMN allergens TEXT NOT NULL DEFAULT '[]'
  CHECK (json_valid(allergens) AND json_type(allergens) = 'array');
)sql";

// Issue 19: each line has its station, its course may be held, and it
// keeps its own times. Lines already in the kitchen went there with their
// ticket (fired at the later of the two creations); their station stays
// NULL, which means the ticket's.
constexpr std::string_view kStationsAndCourses = R"sql(
ALTER TABLE order_items ADD COLUMN station_id INTEGER REFERENCES stations (id);
ALTER TABLE order_items ADD COLUMN held INTEGER NOT NULL DEFAULT 0 CHECK (held IN (0, 1));
ALTER TABLE order_items ADD COLUMN fired_at INTEGER;
ALTER TABLE order_items ADD COLUMN started_at INTEGER;
ALTER TABLE order_items ADD COLUMN ready_at INTEGER;
ALTER TABLE order_items ADD COLUMN served_at INTEGER;
CREATE INDEX order_items_by_station ON order_items (station_id) WHERE station_id IS NOT NULL;
UPDATE order_items SET fired_at = (
  SELECT MAX(k.created_at, order_items.created_at) FROM kitchen_orders k WHERE k.order_id = order_items.order_id)
WHERE status <> 'cancelled';
)sql";

// Issue 19: the kitchen's settings per restaurant (kitchen::restaurant).
constexpr std::string_view kKitchenSettings = R"sql(
ALTER TABLE restaurants ADD COLUMN auto_fire_minutes INTEGER NOT NULL DEFAULT 0
  CHECK (auto_fire_minutes BETWEEN 0 AND 240);
ALTER TABLE restaurants ADD COLUMN ticket_target_minutes INTEGER NOT NULL DEFAULT 15
  CHECK (ticket_target_minutes BETWEEN 1 AND 240);
-- The auto-fire timer's candidates: the few lines held right now.
CREATE INDEX order_items_held ON order_items (order_id) WHERE held = 1;
)sql";

// Issue 19: the speed-of-service report reads the lines ready within a
// range (sqlite_report_reads.cpp); only lines that were ever ready are indexed.
constexpr std::string_view kLinesByReady = R"sql(
CREATE INDEX order_items_by_ready ON order_items (ready_at) WHERE ready_at IS NOT NULL;
)sql";

// Issue 19: fire by prep time. A dish's prep time, copied to the lines
// ordered; a fired line waiting for its turn has release_at (it stays held,
// so the partial index of held lines finds it for the timer).
constexpr std::string_view kFireByPrepTime = R"sql(
ALTER TABLE menu_items ADD COLUMN prep_minutes INTEGER NOT NULL DEFAULT 0 CHECK (prep_minutes BETWEEN 0 AND 240);
ALTER TABLE order_items ADD COLUMN prep_minutes INTEGER NOT NULL DEFAULT 0 CHECK (prep_minutes BETWEEN 0 AND 240);
ALTER TABLE order_items ADD COLUMN release_at INTEGER CHECK (release_at IS NULL OR held = 1);
ALTER TABLE restaurants ADD COLUMN fire_by_prep_time INTEGER NOT NULL DEFAULT 0 CHECK (fire_by_prep_time IN (0, 1));
)sql";

constexpr migration kMigrations[] = {
    {1, "initial schema", kInitialSchema},
    {2, "devices", kDevices},
    {3, "completed tickets by completion", kCompletedTickets},
    {4, "recovery sessions", kRecoverySessions},
    {5, "restaurant time zone and currency, forced password change", kSetUp},
    {6, "back office: staff deactivation, screen revocation, audit log", kBackOffice},
    {7, "menu: categories, modifiers, allergens; order lines with modifiers, seat, course", kMenu},
    {8, "order lines: station, held course, their own times", kStationsAndCourses},
    {9, "kitchen settings: auto-fire, ticket target", kKitchenSettings},
    {10, "order lines by ready time, for the speed-of-service report", kLinesByReady},
    {11, "fire by prep time: dishes' and lines' prep times, lines' release times", kFireByPrepTime},
};

constexpr std::string_view kCreateLedger =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at INTEGER NOT NULL)";

}  // namespace

std::span<const migration> migrations() {
  return kMigrations;
}

int latest_schema_version() {
  return kMigrations[std::size(kMigrations) - 1].version;
}

int schema_version(sqlite_connection& db) {
  const auto recorded = db.query_int("SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                                     "reading the schema version");
  const auto user_version = db.query_int("PRAGMA user_version", "reading the schema version");
  return static_cast<int>(std::max(recorded, user_version));
}

int migrate(sqlite_connection& db, std::span<const migration> list) {
  for (size_t i = 1; i < list.size(); ++i) {
    if (list[i].version <= list[i - 1].version)
      throw std::logic_error("migrations must be in version order");
  }
  const int known = list.empty() ? 0 : list.back().version;
  db.exec(kCreateLedger, "creating the migration ledger");
  int applied = 0;
  for (;;) {
    db.exec("BEGIN IMMEDIATE", "locking the database for migration");
    try {
      const int current = schema_version(db);
      if (current > known) {
        throw kitchen::store_failure(
            fmt::format("database {} has schema version {}, newer than this binary supports ({}); "
                        "run a newer Brigade or restore a matching backup",
                        db.path(), current, known));
      }
      const auto next = std::find_if(list.begin(), list.end(),
                                     [&](const migration& m) { return m.version > current; });
      if (next == list.end()) {
        db.exec("COMMIT", "finishing migration");
        return applied;
      }
      db.exec(next->sql, fmt::format("applying migration {} ({})", next->version, next->name));
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                 "recording a migration")
          .bind_int(1, next->version)
          .bind_text(2, next->name)
          .bind_int(3, to_unix_ms(now_utc()))
          .run();
      db.exec(fmt::format("PRAGMA user_version = {}", next->version),
              "recording the schema version");
      db.exec("COMMIT", fmt::format("committing migration {} ({})", next->version, next->name));
      ++applied;
    } catch (...) {
      rollback_quietly(db);  // closing the connection would roll back anyway
      throw;
    }
  }
}

}  // namespace brigade::store::sqlite
