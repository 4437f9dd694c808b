#include "kitchen/account_service.hpp"

#include <string>

#include <gtest/gtest.h>

#include "common/password.hpp"
#include "kitchen/currency.hpp"
#include "kitchen/errors.hpp"
#include "memory_store.hpp"

namespace brigade::kitchen {
namespace {

std::string field_of(const error& e) {
  for (const auto& [name, value] : e.details) {
    if (name == "field") return value;
  }
  return "";
}

TEST(currency, takes_iso_4217_codes_in_capitals_only) {
  for (const char* code : {"EUR", "USD", "GBP", "JPY", "CHF", "INR", "XOF", "AED", "ZWL"}) {
    EXPECT_TRUE(is_iso4217_currency(code)) << code;
  }
  for (const char* code : {"", "eur", "Eur", "EU", "EURO", "ABC", "XAU", "XTS", "XXX", "EUR "}) {
    EXPECT_FALSE(is_iso4217_currency(code)) << code;
  }
}

TEST(validate_new_restaurant, names_the_field_that_is_wrong) {
  EXPECT_TRUE(validate_new_restaurant({"Chez Nous", "Europe/Paris", "EUR"}).ok());
  const struct {
    new_restaurant request;
    const char* field;
  } cases[] = {
      {{"", "Europe/Paris", "EUR"}, "restaurant.name"},
      {{"   ", "Europe/Paris", "EUR"}, "restaurant.name"},
      {{std::string(101, 'x'), "Europe/Paris", "EUR"}, "restaurant.name"},
      {{"Chez Nous", "Europe/Pari", "EUR"}, "restaurant.timezone"},
      {{"Chez Nous", "", "EUR"}, "restaurant.timezone"},
      {{"Chez Nous", "Europe/Paris", "eur"}, "restaurant.currency"},
      {{"Chez Nous", "Europe/Paris", "EURO"}, "restaurant.currency"},
  };
  for (const auto& c : cases) {
    const status refused = validate_new_restaurant(c.request);
    ASSERT_FALSE(refused.ok()) << c.field;
    EXPECT_EQ(refused.error().code, kValidation);
    EXPECT_EQ(field_of(refused.error()), c.field);
  }
}

TEST(validate_new_manager, wants_a_plain_username_and_a_long_enough_password) {
  EXPECT_TRUE(validate_new_manager({"Olive Owner", "owner.1", "long enough pw", false}).ok());
  EXPECT_EQ(field_of(validate_new_manager({"", "", "long enough pw", false}).error()), "manager.username");
  EXPECT_EQ(field_of(validate_new_manager({"", "has space", "long enough pw", false}).error()), "manager.username");
  EXPECT_EQ(field_of(validate_new_manager({"", "owner", "short", false}).error()), "manager.password");
  EXPECT_EQ(field_of(validate_new_manager({"", "owner", std::string(2000, 'p'), false}).error()),
            "manager.password");
}

class account_service_test : public ::testing::Test {
 protected:
  testing::memory_store store_;
  account_service accounts_{store_};

  created_restaurant create(const std::string& username, creation_rule rule = creation_rule::any,
                            bool must_change = false) {
    auto created = accounts_.create_restaurant({"Chez Nous", "Europe/Paris", "EUR"},
                                               {"Olive Owner", username, "first password", must_change}, rule);
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
    return created.value();
  }

  std::optional<staff> stored(const std::string& username) {
    std::optional<staff> found;
    store_.read([&](kitchen_reader& r) { found = r.find_staff_by_username(username); });
    return found;
  }
};

TEST_F(account_service_test, creates_the_restaurant_with_its_defaults_and_a_manager) {
  EXPECT_FALSE(accounts_.has_restaurant());
  const created_restaurant created = create("owner1", creation_rule::first_restaurant_only, true);
  EXPECT_TRUE(accounts_.has_restaurant());
  EXPECT_EQ(created.place.timezone, "Europe/Paris");
  EXPECT_EQ(created.place.currency, "EUR");
  EXPECT_EQ(created.place.order_number_prefix, "A");
  EXPECT_EQ(created.manager.role, staff_role::manager);
  EXPECT_TRUE(created.manager.password_hash.empty());  // never handed back
  const auto manager = stored("owner1");
  ASSERT_TRUE(manager.has_value());
  EXPECT_EQ(manager->restaurant, created.place.id);
  EXPECT_TRUE(manager->must_change_password);
  EXPECT_TRUE(verify_password(manager->password_hash, "first password"));
  const auto listed = accounts_.restaurants();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].place.name, "Chez Nous");
  EXPECT_EQ(listed[0].staff_count, 1);
}

TEST_F(account_service_test, refuses_a_taken_username_and_a_second_first_run) {
  create("owner1");
  auto again = accounts_.create_restaurant({"Other", "UTC", "USD"}, {"", "owner1", "first password", false},
                                           creation_rule::any);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, kUsernameTaken);
  auto first_run = accounts_.create_restaurant({"Other", "UTC", "USD"}, {"", "owner2", "first password", false},
                                               creation_rule::first_restaurant_only);
  ASSERT_FALSE(first_run.ok());
  EXPECT_EQ(first_run.error().code, kAlreadySetUp);
  EXPECT_EQ(accounts_.restaurants().size(), 1u);  // nothing half-written
}

TEST_F(account_service_test, a_manager_changes_their_password_and_the_forced_change_ends) {
  const created_restaurant created = create("owner1", creation_rule::any, true);
  const actor owner{created.manager.id, created.place.id, "Olive Owner", staff_role::manager};

  const status wrong = accounts_.change_password(owner, "not the password", "a new password");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, kUnauthenticated);
  EXPECT_EQ(field_of(wrong.error()), "currentPassword");
  EXPECT_EQ(field_of(accounts_.change_password(owner, "first password", "short").error()), "newPassword");
  EXPECT_EQ(field_of(accounts_.change_password(owner, "first password", "first password").error()), "newPassword");
  EXPECT_TRUE(stored("owner1")->must_change_password);

  ASSERT_TRUE(accounts_.change_password(owner, "first password", "a new password").ok());
  const auto manager = stored("owner1");
  EXPECT_FALSE(manager->must_change_password);
  EXPECT_TRUE(verify_password(manager->password_hash, "a new password"));

  const actor screen{1, created.place.id, "Pass", staff_role::kitchen_display};
  EXPECT_EQ(accounts_.change_password(screen, "x", "a new password").error().code, kForbidden);
}

}  // namespace
}  // namespace brigade::kitchen
