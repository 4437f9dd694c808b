#include "api/kitchen_api.hpp"

#include <algorithm>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "kitchen/ports.hpp"

// The handler edge without a database: a read-only fake store knows one
// waiter and two tables, and can be told to fail. Routing, authentication,
// body checks and the exception mapping are what is under test here; the
// use cases themselves are tested end to end against the real binary.

namespace brigade::api {
namespace {

enum class store_mode { working, failing, broken };

class fake_reader : public kitchen::kitchen_reader {
 public:
  explicit fake_reader(store_mode mode) : mode_(mode) {}

  std::optional<kitchen::restaurant> find_restaurant(kitchen::restaurant_id) override {
    return std::nullopt;
  }
  std::vector<kitchen::restaurant> restaurants() override { return {}; }
  std::optional<kitchen::staff> find_staff(kitchen::staff_id) override { return std::nullopt; }
  int64_t staff_count(kitchen::restaurant_id) override { return 0; }
  std::optional<kitchen::staff> find_staff_by_username(std::string_view username) override {
    if (username != "waiter1") return std::nullopt;
    return kitchen::staff{5, 1, "Wendy Waiter", "waiter1", kitchen::staff_role::waiter, ""};
  }
  std::vector<kitchen::table> tables(kitchen::restaurant_id r) override {
    if (mode_ == store_mode::broken) throw std::logic_error("bug in the store");
    return {{1, r, "1", 2}, {2, r, "Terrace 2", 4}};
  }
  std::optional<kitchen::table> find_table(kitchen::restaurant_id, kitchen::table_id) override {
    return {};
  }
  std::vector<kitchen::station> stations(kitchen::restaurant_id) override { return {}; }
  std::optional<kitchen::station> find_station(kitchen::restaurant_id,
                                               kitchen::station_id) override {
    return {};
  }
  std::vector<kitchen::menu_item> menu(kitchen::restaurant_id) override { return {}; }
  std::optional<kitchen::menu_item> find_menu_item(kitchen::restaurant_id,
                                                   kitchen::menu_item_id) override {
    return {};
  }
  std::optional<kitchen::order> find_order(kitchen::restaurant_id, kitchen::order_id) override {
    return {};
  }
  std::optional<kitchen::order> find_order_by_ticket(kitchen::restaurant_id,
                                                     kitchen::kitchen_order_id) override {
    return {};
  }
  kitchen::order_page list_orders(kitchen::restaurant_id, const kitchen::order_query&) override {
    return {};
  }
  std::vector<kitchen::order> list_tickets(kitchen::restaurant_id,
                                           const kitchen::ticket_query&) override {
    return {};
  }
  std::vector<std::pair<kitchen::restaurant_id, kitchen::order_id>> orders_due_to_fire(timestamp, size_t) override {
    return {};
  }
  kitchen::kitchen_stats stats(kitchen::restaurant_id) override { return {}; }
  kitchen::kitchen_throughput throughput(kitchen::restaurant_id, timestamp) override { return {}; }
  std::vector<kitchen::line_times> ready_lines(kitchen::restaurant_id, timestamp, timestamp) override {
    return {};
  }
  std::vector<kitchen::domain_event> events_after(kitchen::restaurant_id, uint64_t, size_t,
                                                  size_t) override {
    return {};
  }
  uint64_t last_sequence(kitchen::restaurant_id) override { return 0; }
  std::vector<kitchen::staff> staff_members(kitchen::restaurant_id) override { return {}; }
  std::vector<kitchen::device> devices(kitchen::restaurant_id) override { return {}; }
  std::optional<kitchen::device> find_device(kitchen::restaurant_id, kitchen::device_id) override {
    return std::nullopt;
  }
  kitchen::access_revocations revocations() override { return {}; }
  bool table_in_use(kitchen::restaurant_id, kitchen::table_id) override { return false; }
  bool station_in_use(kitchen::restaurant_id, kitchen::station_id) override { return false; }
  std::vector<kitchen::menu_category> menu_categories(kitchen::restaurant_id) override { return {}; }
  std::vector<kitchen::modifier_group> modifier_groups(kitchen::restaurant_id) override { return {}; }
  bool category_in_use(kitchen::restaurant_id, kitchen::menu_category_id) override { return false; }
  bool modifier_group_in_use(kitchen::restaurant_id, kitchen::modifier_group_id) override { return false; }
  std::vector<kitchen::audit_entry> audit_log(kitchen::restaurant_id, int64_t, size_t) override { return {}; }

 private:
  store_mode mode_;
};

class fake_store : public kitchen::kitchen_store {
 public:
  store_mode mode = store_mode::working;

  void read(const std::function<void(kitchen::kitchen_reader&)>& work) override {
    if (mode == store_mode::failing) throw kitchen::store_failure("disk I/O error");
    fake_reader reader(mode);
    work(reader);
  }
  status transact(const std::function<status(kitchen::unit_of_work&)>&,
                  const std::function<void()>&) override {
    throw kitchen::store_failure("read-only test store");
  }
};

class KitchenApi : public ::testing::Test {
 protected:
  // Jobs wait here until run_jobs(), as on a real pool: nothing a handler
  // does may happen on the loop's call.
  std::deque<std::function<void()>> jobs_;
  fake_store store_;
  kitchen::kitchen_service service_{store_};
  kitchen::back_office office_{store_};
  timestamp now_ = from_unix_ms(1'800'000'000'000);
  auth::token_service tokens_{"unit-test-secret-long-enough-for-hs256", std::chrono::hours(12),
                              std::chrono::hours(12), [this] { return now_; }};
  // Password checks wait here, apart from the database jobs, as on the
  // server's own login pool.
  std::deque<std::function<void()>> hash_jobs_;
  auth::login_throttle throttle_;
  auth::login_admission admission_{{.capacity = 6, .per_address = 4}};
  http::loop loop_{0};
  http::router routes_;

  login_services logins() {
    return {throttle_, admission_, [this](std::function<void()> job) { hash_jobs_.push_back(std::move(job)); }};
  }

  // kitchen_api is not movable; a returned prvalue is built in place.
  kitchen_api make_api(http::cors_policy cors = {}) {
    return kitchen_api(
        service_, tokens_, logins(), [this](std::function<void()> job) { jobs_.push_back(std::move(job)); },
        std::move(cors));
  }
  // Every route, the back office's too.
  void attach(kitchen_api& api) {
    api.serve_back_office(office_);
    api.attach(routes_);
  }

  void run_jobs() {
    while (!jobs_.empty() || !hash_jobs_.empty()) {
      auto& queue = jobs_.empty() ? hash_jobs_ : jobs_;
      auto job = std::move(queue.front());
      queue.pop_front();
      job();
    }
  }

  /// Dispatches the request from `address`; with `run`, returns the answer
  /// once queued jobs ran, else only an answer given on the loop's call.
  std::optional<http::response> send(http::request req, const char* address = "127.0.0.1", bool run = true) {
    auto answer = std::make_shared<std::optional<http::response>>();
    auto ex = std::make_shared<http::exchange>(
        std::move(req), address, loop_, [answer](http::response&& res) { *answer = std::move(res); }, nullptr);
    routes_.dispatch(ex);
    if (run) run_jobs();
    return *answer;
  }

  /// A request acting as `role` (the fake store's waiter by default); with
  /// no role, no Authorization header.
  http::request make(http::beast_http::verb method, std::string target,
                     std::optional<kitchen::staff_role> role = kitchen::staff_role::waiter) {
    http::request req{method, target, 11};
    if (role) {
      const kitchen::actor who{5, 1, "Wendy Waiter", *role};
      req.set(http::field::authorization, "Bearer " + tokens_.issue(who).token);
    }
    return req;
  }

  http::request post_json(std::string target, std::string body,
                          std::optional<kitchen::staff_role> role = kitchen::staff_role::waiter) {
    auto req = make(http::beast_http::verb::post, std::move(target), role);
    req.set(http::field::content_type, "application/json");
    req.body() = std::move(body);
    req.prepare_payload();
    return req;
  }

  static nlohmann::ordered_json body_of(const http::response& res) {
    return nlohmann::ordered_json::parse(res.body());
  }
};

TEST_F(KitchenApi, AnswersOffTheLoopWithJsonAndNoStore) {
  kitchen_api api = make_api();
  attach(api);
  std::optional<http::response> answer;
  auto ex = std::make_shared<http::exchange>(
      make(http::beast_http::verb::get, "/api/tables"), "127.0.0.1", loop_,
      [&answer](http::response&& res) { answer = std::move(res); }, nullptr);
  routes_.dispatch(ex);
  EXPECT_FALSE(answer.has_value()) << "the store must not be touched on the I/O loop";
  ASSERT_EQ(jobs_.size(), 1u);
  run_jobs();
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->result(), http::status::ok);
  EXPECT_EQ((*answer)[http::field::content_type], "application/json");
  EXPECT_EQ((*answer)[http::field::cache_control], "no-store");
  EXPECT_EQ(body_of(*answer)["tables"][1],
            (nlohmann::ordered_json{{"tableId", 2}, {"name", "Terrace 2"}, {"seats", 4}, {"area", ""}}));
}

TEST_F(KitchenApi, RequiresAValidBearerTokenCheckedOnTheLoop) {
  kitchen_api api = make_api();
  attach(api);
  auto missing = send(make(http::beast_http::verb::get, "/api/tables", std::nullopt));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->result(), http::status::unauthorized);
  EXPECT_EQ(body_of(*missing)["error"]["code"], "token_missing");
  EXPECT_EQ((*missing)[http::field::www_authenticate], R"(Bearer realm="brigade")");

  auto garbage = make(http::beast_http::verb::get, "/api/tables", std::nullopt);
  garbage.set(http::field::authorization, "Bearer not.a.token");
  auto invalid = send(std::move(garbage));
  EXPECT_EQ(invalid->result(), http::status::unauthorized);
  EXPECT_EQ(body_of(*invalid)["error"]["code"], "token_invalid");

  auto basic = make(http::beast_http::verb::get, "/api/tables", std::nullopt);
  basic.set(http::field::authorization, "Basic d2FpdGVyMTp3YWl0ZXIxcGFzcw==");
  EXPECT_EQ(body_of(*send(std::move(basic)))["error"]["code"], "token_missing");

  auto old = make(http::beast_http::verb::get, "/api/tables");
  now_ += std::chrono::hours(13);
  auto expired = send(std::move(old));
  EXPECT_EQ(expired->result(), http::status::unauthorized);
  EXPECT_EQ(body_of(*expired)["error"]["code"], "token_expired");
  EXPECT_NE((*expired)[http::field::www_authenticate].find("invalid_token"), std::string_view::npos);
}

TEST_F(KitchenApi, LimitsRequestsPerAddressWith429AndRetryAfter) {
  kitchen_api api(service_, tokens_, logins(), [this](std::function<void()> job) { jobs_.push_back(std::move(job)); },
                  {}, kitchen_api::request_limits{1, 2});
  attach(api);
  EXPECT_EQ(send(make(http::beast_http::verb::get, "/api/tables"))->result(), http::status::ok);
  EXPECT_EQ(send(make(http::beast_http::verb::get, "/api/tables"))->result(), http::status::ok);
  auto refused = send(make(http::beast_http::verb::get, "/api/tables"));
  EXPECT_EQ(refused->result(), http::status::too_many_requests);
  EXPECT_EQ(body_of(*refused)["error"]["code"], "rate_limited");
  EXPECT_EQ((*refused)[http::field::retry_after], "1");
  EXPECT_TRUE(jobs_.empty()) << "a refused request costs no database work";
}

TEST_F(KitchenApi, ARoleThatMayNotIsForbiddenBeforeTheStore) {
  kitchen_api api = make_api();
  attach(api);
  auto res = send(post_json("/api/orders", R"({"tableId":1,"items":[{"menuItemId":2,"quantity":1}]})",
                            kitchen::staff_role::chef));
  EXPECT_EQ(res->result(), http::status::forbidden);
  EXPECT_EQ(body_of(*res)["error"]["code"], "forbidden");
  auto tickets = send(make(http::beast_http::verb::get, "/api/kitchen/orders", kitchen::staff_role::waiter));
  EXPECT_EQ(tickets->result(), http::status::forbidden);
  // Recalling a bump is the kitchen's: a waiter is refused, a chef reaches
  // the store (whose transactions fail here: 503).
  auto recall = send(post_json("/api/kitchen/orders/3/recall", "{}", kitchen::staff_role::waiter));
  EXPECT_EQ(recall->result(), http::status::forbidden);
  EXPECT_EQ(body_of(*recall)["error"]["message"], "A waiter may not recall a bumped ticket");
  auto chef_recall = send(post_json("/api/kitchen/orders/3/recall", "{}", kitchen::staff_role::chef));
  EXPECT_EQ(chef_recall->result(), http::status::service_unavailable);
}

TEST_F(KitchenApi, LoginIsPublicGenericAndSlowedDownAfterRepeatedFailures) {
  kitchen_api api = make_api();
  attach(api);
  const auto attempt = [this](std::string username, const char* address = "127.0.0.1") {
    return send(post_json("/api/auth/login", R"({"username":")" + username + R"(","password":"guess"})",
                          std::nullopt),
                address);
  };
  // The fake store's waiter has no password hash: every attempt fails, with
  // the same answer as an unknown username.
  auto known = attempt("waiter1");
  auto unknown = attempt("nobody");
  EXPECT_EQ(known->result(), http::status::unauthorized);
  EXPECT_EQ(body_of(*known)["error"], body_of(*unknown)["error"]);
  for (int i = 0; i < 3; ++i) attempt("waiter1");
  auto fifth = attempt("waiter1");
  EXPECT_EQ(fifth->result(), http::status::unauthorized);
  auto slowed = attempt("waiter1");
  EXPECT_EQ(slowed->result(), http::status::too_many_requests);
  EXPECT_EQ(body_of(*slowed)["error"]["code"], "rate_limited");
  EXPECT_EQ((*slowed)[http::field::retry_after], "1");
  EXPECT_EQ(attempt("nobody")->result(), http::status::unauthorized);  // other usernames are not slowed
  // Nor is the same username from another address (issue 17: a lockout
  // was a weapon).
  EXPECT_EQ(attempt("waiter1", "127.0.0.2")->result(), http::status::unauthorized);

  auto extra = send(post_json("/api/auth/login", R"({"username":"a","password":"b","admin":true})", std::nullopt));
  EXPECT_EQ(extra->result(), http::status::bad_request);
  EXPECT_EQ(body_of(*extra)["error"]["field"], "admin");
}

// Issue 17: argon2id ran on the database workers, so a login flood starved
// every command. The store read is a database job; the hash is not.
TEST_F(KitchenApi, LoginHashesPasswordsOffTheDatabaseWorkers) {
  kitchen_api api = make_api();
  attach(api);
  auto answer = send(post_json("/api/auth/login", R"({"username":"waiter1","password":"guess"})", std::nullopt),
                     "127.0.0.1", /*run=*/false);
  EXPECT_FALSE(answer) << "nothing is answered on the loop";
  ASSERT_EQ(jobs_.size(), 1u);
  {
    // Run and dropped, as a pool drops a job it has run.
    auto look_up = std::move(jobs_.front());
    jobs_.pop_front();
    look_up();
  }
  EXPECT_TRUE(jobs_.empty());
  ASSERT_EQ(hash_jobs_.size(), 1u) << "the password check waits for the login pool";
  EXPECT_EQ(admission_.in_flight(), 1u);
  run_jobs();
  EXPECT_EQ(admission_.in_flight(), 0u) << "the place is given back with the answer";
}

TEST_F(KitchenApi, LoginsBeyondTheirPlacesAre429AtOnce) {
  kitchen_api api = make_api();
  attach(api);
  const auto login = [this](const char* address) {
    return send(post_json("/api/auth/login", R"({"username":"waiter1","password":"guess"})", std::nullopt), address,
                /*run=*/false);
  };
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(login("10.0.0.66")) << "admitted, waiting";
  auto busy = login("10.0.0.66");  // a fifth from one address
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->result(), http::status::too_many_requests);
  EXPECT_EQ(body_of(*busy)["error"]["code"], "rate_limited");
  EXPECT_EQ((*busy)[http::field::retry_after], "1");
  EXPECT_FALSE(login("10.0.0.5"));
  EXPECT_FALSE(login("10.0.0.6"));
  auto full = login("10.0.0.7");  // all six places taken
  ASSERT_TRUE(full);
  EXPECT_EQ(full->result(), http::status::too_many_requests);
  EXPECT_EQ(jobs_.size(), 6u) << "a refused login costs no database work";
  run_jobs();
  EXPECT_FALSE(login("10.0.0.66")) << "places come back once logins are answered";
}

TEST(LoginAddressKey, FoldsIpv6IntoItsSlash64) {
  EXPECT_EQ(login_address_key("10.0.0.66"), "10.0.0.66");
  EXPECT_EQ(login_address_key("::ffff:10.0.0.66"), "10.0.0.66");
  EXPECT_EQ(login_address_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_EQ(login_address_key("2001:db8:1:2::1"), login_address_key("2001:db8:1:2:ffff::9"));
  EXPECT_EQ(login_address_key("not an address"), "not an address");
}

TEST_F(KitchenApi, UnknownPathsAre404AndWrongMethods405WithAllow) {
  kitchen_api api = make_api();
  attach(api);
  for (const char* target :
       {"/api/nothing", "/api/orders/abc", "/api/orders/0/confirm", "/api/tables/"}) {
    auto res = send(make(http::beast_http::verb::get, target, std::nullopt));
    EXPECT_EQ(res->result(), http::status::not_found) << target;
    EXPECT_EQ(body_of(*res)["error"]["code"], "not_found");
  }
  EXPECT_TRUE(jobs_.empty());

  auto wrong = send(make(http::beast_http::verb::delete_, "/api/orders?status=ready"));
  EXPECT_EQ(wrong->result(), http::status::method_not_allowed);
  EXPECT_EQ((*wrong)[http::field::allow], "POST, GET");
  EXPECT_EQ(body_of(*wrong)["error"]["code"], "method_not_allowed");
}

TEST_F(KitchenApi, RefusesUnknownFieldsInBodies) {
  kitchen_api api = make_api();
  attach(api);
  auto extra = send(post_json("/api/orders", R"({"tableId":1,"items":[{"menuItemId":2,"quantity":1,"price":0}]})"));
  EXPECT_EQ(extra->result(), http::status::bad_request);
  EXPECT_EQ(body_of(*extra)["error"]["field"], "items[0].price");
  for (const char* target : {"/api/kitchen/orders/3/start", "/api/kitchen/orders/3/recall"}) {
    auto bodyless = send(post_json(target, R"({"force":true})", kitchen::staff_role::chef));
    EXPECT_EQ(bodyless->result(), http::status::bad_request) << target;
    EXPECT_EQ(body_of(*bodyless)["error"]["field"], "force") << target;
  }
}

TEST_F(KitchenApi, ChecksBodiesBeforeTheStoreIsWrittenTo) {
  kitchen_api api = make_api();
  attach(api);
  auto form = make(http::beast_http::verb::post, "/api/orders");
  form.set(http::field::content_type, "application/x-www-form-urlencoded");
  form.body() = "tableId=1";
  form.prepare_payload();
  EXPECT_EQ(send(std::move(form))->result(), http::status::unsupported_media_type);

  auto broken = send(post_json("/api/orders", R"({"tableId": 1,)"));
  EXPECT_EQ(body_of(*broken)["error"]["code"], "invalid_json");

  auto invalid =
      send(post_json("/api/orders", R"({"tableId":1,"items":[{"menuItemId":2,"quantity":0}]})"));
  EXPECT_EQ(invalid->result(), http::status::bad_request);
  EXPECT_EQ(body_of(*invalid)["error"]["field"], "items[0].quantity");

  auto keyed = post_json("/api/orders", R"({"tableId":1,"items":[{"menuItemId":2,"quantity":1}]})");
  keyed.set("Idempotency-Key", std::string(256, 'k'));
  auto bad_key = send(std::move(keyed));
  EXPECT_EQ(bad_key->result(), http::status::bad_request);
  EXPECT_EQ(body_of(*bad_key)["error"]["field"], "Idempotency-Key");

  auto bad_query = send(make(http::beast_http::verb::get, "/api/orders?limit=500"));
  EXPECT_EQ(body_of(*bad_query)["error"]["field"], "limit");
  auto bad_tickets = send(
      make(http::beast_http::verb::get, "/api/kitchen/orders?status=completed&limit=0", kitchen::staff_role::chef));
  EXPECT_EQ(bad_tickets->result(), http::status::bad_request);
  EXPECT_EQ(body_of(*bad_tickets)["error"]["field"], "limit");
}

TEST_F(KitchenApi, BodylessCommandsRefuseANonJsonBody) {
  kitchen_api api = make_api();
  attach(api);
  auto req = make(http::beast_http::verb::post, "/api/kitchen/orders/3/start");
  req.set(http::field::content_type, "text/plain");
  req.body() = "go";
  req.prepare_payload();
  EXPECT_EQ(send(std::move(req))->result(), http::status::unsupported_media_type);
}

TEST_F(KitchenApi, StoreFailuresAre503AndBugsAre500) {
  kitchen_api api = make_api();
  attach(api);
  // The write path: the fake store's transaction throws store_failure.
  auto write =
      send(post_json("/api/orders", R"({"tableId":1,"items":[{"menuItemId":2,"quantity":1}]})"));
  EXPECT_EQ(write->result(), http::status::service_unavailable);
  EXPECT_EQ(body_of(*write)["error"]["code"], "store_unavailable");

  store_.mode = store_mode::failing;
  auto read = send(make(http::beast_http::verb::get, "/api/tables"));
  EXPECT_EQ(read->result(), http::status::service_unavailable);

  store_.mode = store_mode::broken;
  auto bug = send(make(http::beast_http::verb::get, "/api/tables"));
  EXPECT_EQ(bug->result(), http::status::internal_server_error);
  EXPECT_EQ(body_of(*bug)["error"]["code"], "internal");
  EXPECT_EQ(bug->body().find("bug in the store"), std::string::npos);
}

TEST_F(KitchenApi, AnswersWhenThePoolRefusesWork) {
  kitchen_api api(service_, tokens_, logins(),
                  [](std::function<void()>) { throw std::runtime_error("pool stopped"); });
  attach(api);
  auto res = send(make(http::beast_http::verb::get, "/api/tables"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result(), http::status::service_unavailable);
}

TEST_F(KitchenApi, AnswersCorsPreflightsWithoutStaffAndExposesHeaders) {
  kitchen_api api = make_api(http::cors_policy({"https://kds.example"}));
  attach(api);
  auto preflight = make(http::beast_http::verb::options, "/api/orders/5/items/6", std::nullopt);
  preflight.set(http::field::origin, "https://kds.example");
  preflight.set(http::field::access_control_request_headers, "authorization, content-type");
  auto res = send(std::move(preflight));
  EXPECT_EQ(res->result(), http::status::no_content);
  EXPECT_EQ((*res)[http::field::access_control_allow_origin], "https://kds.example");
  EXPECT_EQ((*res)[http::field::access_control_allow_headers], "authorization, content-type");

  auto get = make(http::beast_http::verb::get, "/api/tables");
  get.set(http::field::origin, "https://kds.example");
  res = send(std::move(get));
  EXPECT_EQ(res->result(), http::status::ok);
  EXPECT_EQ((*res)[http::field::access_control_allow_origin], "https://kds.example");
  EXPECT_NE((*res)[http::field::access_control_expose_headers].find("Idempotent-Replayed"),
            std::string::npos);
}

TEST_F(KitchenApi, RefusesAPrefixWithoutSlashes) {
  kitchen_api api(service_, tokens_, logins(), [](std::function<void()>) {});
  EXPECT_THROW(api.attach(routes_, "/api"), std::invalid_argument);
}

// A body each command route decodes (the store then has nothing to act on),
// so the permission check after decoding is reached. Keyed by the pattern's
// end; GETs and bodyless commands need none.
std::string sample_body(std::string_view pattern) {
  static const std::pair<std::string_view, std::string_view> kBodies[] = {
      {"/menu/items/{menuItemId}", R"({"available":false})"},
      {"/orders", R"({"tableId":1,"items":[{"menuItemId":1,"quantity":1}]})"},
      {"/status", R"({"status":"served"})"},
      {"/orders/{orderId}/items", R"({"items":[{"menuItemId":1,"quantity":1}]})"},
      {"/items/{itemId}", R"({"status":"served"})"},
      {"/cancel-request", R"({"reason":"guest left"})"},
      {"/cancel/reject", R"({"reason":"already plated"})"},
      {"/priority", R"({"priority":"vip"})"},
      {"/station", R"({"stationId":1})"},
      {"/auth/devices", R"({"role":"kitchen_display","name":"Pass screen"})"},
      {"/admin/staff", R"({"name":"Pat","username":"pat","role":"waiter","password":"long enough"})"},
      {"/admin/staff/{staffId}", R"({"name":"Pat B"})"},
      {"/password", R"({"password":"long enough"})"},
      {"/admin/tables", R"({"name":"T9"})"},
      {"/tables/{tableId}", R"({"seats":2})"},
      {"/admin/stations", R"({"name":"pastry"})"},
      {"/stations/{stationId}", R"({"colour":"#112233"})"},
      {"/admin/menu/categories", R"({"name":"Soups"})"},
      {"/categories/{categoryId}", R"({"position":2})"},
      {"/admin/menu/items", R"({"name":"Soup","price":5.5})"},
      {"/admin/menu/modifier-groups", R"({"name":"Size","minChoices":1,"maxChoices":1,"options":[{"name":"large"}]})"},
      {"/modifier-groups/{modifierGroupId}", R"({"name":"Sizes"})"},
      {"/admin/menu/import", R"({"items":[{"name":"Soup","price":5}]})"},
      {"/admin/settings", R"({"ticketTargetMinutes":12})"},
  };
  for (const auto& [end, body] : kBodies) {
    if (pattern.ends_with(end)) return std::string(body);
  }
  return "";
}

// The permissions each route lists (docs/api.md's route table, and from it
// openapi.yaml's 403s) are the ones the kitchen service enforces: every role
// holding none of them is forbidden, and one holding a route's only
// permission is not.
TEST_F(KitchenApi, RoutesListThePermissionsTheServiceEnforces) {
  kitchen_api api = make_api();
  attach(api);
  using kitchen::staff_role;
  for (const auto& route : api.routes()) {
    if (!route.needs_token || route.permissions.empty()) continue;
    for (const auto role : {staff_role::waiter, staff_role::chef, staff_role::manager, staff_role::kitchen_display,
                            staff_role::table_display}) {
      const bool may = std::any_of(route.permissions.begin(), route.permissions.end(),
                                   [role](kitchen::permission p) { return kitchen::role_may(role, p); });
      if (may && route.permissions.size() > 1) continue;  // the body picks which one applies
      std::string target = route.path;
      for (size_t open; (open = target.find('{')) != std::string::npos;)
        target.replace(open, target.find('}') - open + 1, "1");
      http::request req{route.method, target, 11};
      const kitchen::actor who{5, 1, "Someone", role, role == staff_role::table_display ? 1 : 0};
      req.set(http::field::authorization, "Bearer " + tokens_.issue(who).token);
      if (const auto body = sample_body(route.path); route.method != http::beast_http::verb::get && !body.empty()) {
        req.set(http::field::content_type, "application/json");
        req.body() = body;
      }
      req.prepare_payload();
      auto res = send(std::move(req));
      ASSERT_TRUE(res);
      const std::string where = std::string(http::beast_http::to_string(route.method)) + " " + route.path + " as " +
                                std::string(kitchen::to_string(role)) + ": " + res->body();
      ASSERT_NE(res->result(), http::status::bad_request) << where << " (give the route a sample_body)";
      EXPECT_EQ(res->result() == http::status::forbidden, !may) << where;
    }
  }
}

}  // namespace
}  // namespace brigade::api
