#include "api/setup_endpoint.hpp"

#include <gtest/gtest.h>

#include "api/account_decoding.hpp"

namespace brigade::api {
namespace {

TEST(is_loopback_address, knows_every_loopback_form_the_listener_writes) {
  for (const char* local : {"127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(is_loopback_address(local)) << local;
  }
  for (const char* remote : {"10.0.0.5", "192.168.1.20", "::ffff:10.0.0.5", "fe80::1", "2001:db8::1", "", "localhost",
                             "127.0.0.1.example"}) {
    EXPECT_FALSE(is_loopback_address(remote)) << remote;
  }
}

nlohmann::json setup_body() {
  return nlohmann::json::parse(R"({"restaurant":{"name":"Chez Nous","timezone":"Europe/Paris","currency":"EUR"},
                                   "manager":{"username":"olive","password":"olive's own password"}})");
}

TEST(decode_setup, reads_the_nested_body_and_forces_no_change) {
  auto body = setup_body();
  body["setupToken"] = "abc";
  const auto request = decode_setup(body);
  ASSERT_TRUE(request.ok()) << request.error().message;
  EXPECT_EQ(request->setup_token, "abc");
  EXPECT_EQ(request->restaurant.timezone, "Europe/Paris");
  EXPECT_EQ(request->manager.username, "olive");
  EXPECT_EQ(request->manager.name, "");
  EXPECT_FALSE(request->manager.must_change_password);
}

TEST(decode_setup, names_the_nested_field_that_is_wrong) {
  const auto field_of = [](const nlohmann::json& body) {
    const auto refused = decode_setup(body);
    EXPECT_FALSE(refused.ok());
    for (const auto& [name, value] : refused.error().details) {
      if (name == "field") return value;
    }
    return std::string();
  };
  auto no_restaurant = setup_body();
  no_restaurant.erase("restaurant");
  EXPECT_EQ(field_of(no_restaurant), "restaurant");
  auto extra = setup_body();
  extra["restaurant"]["colour"] = "red";
  EXPECT_EQ(field_of(extra), "restaurant.colour");
  auto number = setup_body();
  number["manager"]["password"] = 12345678901;
  EXPECT_EQ(field_of(number), "manager.password");
  auto unknown = setup_body();
  unknown["admin"] = true;
  EXPECT_EQ(field_of(unknown), "admin");
}

TEST(decode_password_change, wants_both_passwords_and_nothing_else) {
  EXPECT_TRUE(decode_password_change({{"currentPassword", "a"}, {"newPassword", "b"}}).ok());
  EXPECT_FALSE(decode_password_change({{"currentPassword", "a"}}).ok());
  EXPECT_FALSE(decode_password_change({{"currentPassword", "a"}, {"newPassword", "b"}, {"x", 1}}).ok());
}

}  // namespace
}  // namespace brigade::api
