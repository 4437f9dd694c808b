// back_office: staff and screens for managers, each change audited, and the
// listeners told when tokens must stop working.
#include "kitchen/back_office.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/password.hpp"
#include "kitchen/errors.hpp"
#include "memory_store.hpp"

namespace brigade::kitchen {
namespace {

using testing::memory_store;

struct recording_listener final : access_listener {
  std::vector<staff> staff_changes;
  std::vector<device> revoked;
  void staff_access_changed(const staff& member) override { staff_changes.push_back(member); }
  void screen_revoked(const device& screen) override { revoked.push_back(screen); }
};

class BackOffice : public ::testing::Test {
 protected:
  BackOffice() {
    home_ = store_.add(named("Home"));
    other_ = store_.add(named("Other"));
    manager_ = to_actor(store_.add(staff{0, home_.id, "Mia", "mia", staff_role::manager, "hash"}));
    waiter_ = to_actor(store_.add(staff{0, home_.id, "Wendy", "wendy", staff_role::waiter, "hash"}));
    stranger_ = to_actor(store_.add(staff{0, other_.id, "Sam", "sam", staff_role::manager, "hash"}));
    office_.notify(listener_);
  }
  static restaurant named(std::string name) {
    restaurant r;
    r.name = std::move(name);
    return r;
  }
  static actor to_actor(const staff& s) { return actor{s.id, s.restaurant, s.name, s.role}; }
  static void expect_error(const auto& outcome, std::string_view code) {
    ASSERT_FALSE(outcome ? true : false);
    EXPECT_EQ(outcome.error().code, code) << outcome.error().message;
  }

  memory_store store_;
  back_office office_{store_};
  recording_listener listener_;
  restaurant home_, other_;
  actor manager_, waiter_, stranger_;
};

TEST_F(BackOffice, AManagerAddsStaffWithAHashedPasswordAndAnAuditEntry) {
  const auto created = office_.create_staff(manager_, {"Pat Cook", "pat", staff_role::chef, "long enough"});
  ASSERT_TRUE(static_cast<bool>(created)) << created.error().message;
  EXPECT_EQ(created->restaurant, home_.id);
  EXPECT_TRUE(created->active);
  EXPECT_TRUE(verify_password(created->password_hash, "long enough"));
  const auto page = office_.audit_log(manager_, 0, std::nullopt);
  ASSERT_TRUE(static_cast<bool>(page));
  ASSERT_EQ(page->entries.size(), 1u);
  EXPECT_EQ(page->entries[0].action, "staff.created");
  EXPECT_EQ(page->entries[0].subject, "staff:" + std::to_string(created->id));
  EXPECT_EQ(page->entries[0].actor_name, "Mia");
  EXPECT_NE(page->entries[0].details.find("\"role\":\"chef\""), std::string::npos) << page->entries[0].details;
}

TEST_F(BackOffice, BadStaffIsRefusedAndNothingIsWritten) {
  expect_error(office_.create_staff(manager_, {"Pat", "Pat Upper", staff_role::chef, "long enough"}), kValidation);
  expect_error(office_.create_staff(manager_, {"Pat", "pat", staff_role::chef, "short"}), kValidation);
  expect_error(office_.create_staff(manager_, {"", "pat", staff_role::chef, "long enough"}), kValidation);
  expect_error(office_.create_staff(manager_, {"Pat", "pat", staff_role::kitchen_display, "long enough"}),
               kValidation);
  // Usernames are unique across restaurants.
  expect_error(office_.create_staff(manager_, {"Sam Two", "sam", staff_role::waiter, "long enough"}), kUsernameTaken);
  expect_error(office_.create_staff(waiter_, {"Pat", "pat", staff_role::chef, "long enough"}), kForbidden);
  EXPECT_TRUE(office_.audit_log(manager_, 0, std::nullopt)->entries.empty());
}

TEST_F(BackOffice, DeactivatingRaisesTheGenerationAndTellsTheListeners) {
  const auto changed = office_.update_staff(manager_, waiter_.id, staff_change{{}, {}, false});
  ASSERT_TRUE(static_cast<bool>(changed)) << changed.error().message;
  EXPECT_FALSE(changed->active);
  EXPECT_EQ(changed->token_generation, 1);
  ASSERT_EQ(listener_.staff_changes.size(), 1u);
  EXPECT_EQ(listener_.staff_changes[0].id, waiter_.id);
  EXPECT_EQ(office_.audit_log(manager_, 0, std::nullopt)->entries.at(0).action, "staff.deactivated");
  // The start-up list sees it too.
  const auto all = office_.revocations();
  ASSERT_EQ(all.staff.size(), 1u);
  EXPECT_FALSE(all.staff[0].active);
}

TEST_F(BackOffice, TheAuditActionNamesTheChangeNotTheState) {
  ASSERT_TRUE(static_cast<bool>(office_.update_staff(manager_, waiter_.id, staff_change{{}, {}, false})));
  ASSERT_TRUE(static_cast<bool>(office_.update_staff(manager_, waiter_.id, staff_change{{}, staff_role::chef, {}})));
  ASSERT_TRUE(static_cast<bool>(office_.update_staff(manager_, waiter_.id, staff_change{{}, {}, true})));
  const auto entries = office_.audit_log(manager_, 0, std::nullopt)->entries;
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].action, "staff.reactivated");
  EXPECT_EQ(entries[1].action, "staff.updated");  // a role change while inactive
  EXPECT_EQ(entries[2].action, "staff.deactivated");
}

TEST_F(BackOffice, ARenameKeepsTokensAndARoleChangeRevokesThem) {
  auto renamed = office_.update_staff(manager_, waiter_.id, staff_change{std::string("Wendy B"), {}, {}});
  ASSERT_TRUE(static_cast<bool>(renamed));
  EXPECT_EQ(renamed->token_generation, 0);
  EXPECT_TRUE(listener_.staff_changes.empty());
  auto promoted = office_.update_staff(manager_, waiter_.id, staff_change{{}, staff_role::manager, {}});
  ASSERT_TRUE(static_cast<bool>(promoted));
  EXPECT_EQ(promoted->token_generation, 1);
  EXPECT_EQ(listener_.staff_changes.size(), 1u);
  // The same values again: nothing written, nothing told.
  ASSERT_TRUE(static_cast<bool>(office_.update_staff(manager_, waiter_.id, staff_change{{}, staff_role::manager, {}})));
  EXPECT_EQ(office_.audit_log(manager_, 0, std::nullopt)->entries.size(), 2u);
}

TEST_F(BackOffice, AManagerCannotLockThemselvesOutOrReachAnotherRestaurant) {
  expect_error(office_.update_staff(manager_, manager_.id, staff_change{{}, {}, false}), kOwnAccount);
  expect_error(office_.update_staff(manager_, manager_.id, staff_change{{}, staff_role::waiter, {}}), kOwnAccount);
  expect_error(office_.update_staff(manager_, stranger_.id, staff_change{{}, {}, false}), kNotFound);
  expect_error(office_.reset_password(manager_, stranger_.id, "long enough"), kNotFound);
}

TEST_F(BackOffice, APasswordResetEndsEverySession) {
  const auto reset = office_.reset_password(manager_, waiter_.id, "a new password");
  ASSERT_TRUE(static_cast<bool>(reset));
  EXPECT_TRUE(verify_password(reset->password_hash, "a new password"));
  EXPECT_EQ(reset->token_generation, 1);
  EXPECT_EQ(listener_.staff_changes.size(), 1u);
  expect_error(office_.reset_password(manager_, waiter_.id, "short"), kValidation);
}

TEST_F(BackOffice, ARevokedScreenIsToldOnceAndListed) {
  device pass{0, home_.id, staff_role::kitchen_display, 0, "Pass", manager_.id, timestamp{}, std::nullopt};
  ASSERT_TRUE(store_.transact([&](unit_of_work& uow) -> status {
    uow.save_device(pass);
    return ok_v;
  }));
  const auto revoked = office_.revoke_screen(manager_, pass.id);
  ASSERT_TRUE(static_cast<bool>(revoked));
  EXPECT_TRUE(revoked->revoked_at ? true : false);
  ASSERT_TRUE(static_cast<bool>(office_.revoke_screen(manager_, pass.id)));  // again: no change
  EXPECT_EQ(listener_.revoked.size(), 1u);
  EXPECT_EQ(office_.list_screens(manager_)->size(), 1u);
  expect_error(office_.revoke_screen(stranger_, pass.id), kNotFound);
  EXPECT_EQ(office_.revocations().revoked_devices, std::vector<device_id>{pass.id});
}

TEST_F(BackOffice, TheAuditLogPagesNewestFirst) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(office_.update_staff(manager_, waiter_.id, staff_change{"Name " + std::to_string(i), {}, {}}));
  }
  const auto first = office_.audit_log(manager_, 0, 2);
  ASSERT_TRUE(static_cast<bool>(first));
  ASSERT_EQ(first->entries.size(), 2u);
  EXPECT_GT(first->entries[0].id, first->entries[1].id);
  ASSERT_NE(first->next, 0);
  const auto second = office_.audit_log(manager_, first->next, 10);
  EXPECT_EQ(second->entries.size(), 3u);
  EXPECT_EQ(second->next, 0);
  expect_error(office_.audit_log(manager_, 0, 0), kValidation);
  expect_error(office_.audit_log(waiter_, 0, std::nullopt), kForbidden);
}

TEST_F(BackOffice, AManagerChangesTheKitchenSettingsWithAnAuditEntry) {
  const auto before = office_.kitchen_settings(manager_);
  ASSERT_TRUE(static_cast<bool>(before));
  EXPECT_EQ(before->auto_fire_minutes, 0);
  EXPECT_EQ(before->ticket_target_minutes, 15);
  const auto changed = office_.update_kitchen_settings(manager_, {12, std::nullopt});
  ASSERT_TRUE(static_cast<bool>(changed)) << changed.error().message;
  EXPECT_EQ(changed->auto_fire_minutes, 12);
  EXPECT_EQ(changed->ticket_target_minutes, 15);
  EXPECT_EQ(office_.kitchen_settings(manager_)->auto_fire_minutes, 12);
  const auto page = office_.audit_log(manager_, 0, std::nullopt);
  ASSERT_EQ(page->entries.size(), 1u);
  EXPECT_EQ(page->entries[0].action, "settings.updated");
  EXPECT_EQ(page->entries[0].details, R"({"autoFireMinutes":{"from":"0","to":"12"}})");
  // The same again writes nothing.
  ASSERT_TRUE(static_cast<bool>(office_.update_kitchen_settings(manager_, {12, std::nullopt})));
  EXPECT_EQ(office_.audit_log(manager_, 0, std::nullopt)->entries.size(), 1u);
  EXPECT_FALSE(before->fire_by_prep_time);
  const auto staggered = office_.update_kitchen_settings(manager_, {std::nullopt, std::nullopt, true});
  ASSERT_TRUE(static_cast<bool>(staggered));
  EXPECT_TRUE(staggered->fire_by_prep_time);
  EXPECT_EQ(staggered->auto_fire_minutes, 12) << "absent fields stay";
  EXPECT_TRUE(office_.kitchen_settings(manager_)->fire_by_prep_time);
  EXPECT_EQ(office_.audit_log(manager_, 0, std::nullopt)->entries[0].details,
            R"({"fireByPrepTime":{"from":"off","to":"on"}})");
}

TEST_F(BackOffice, KitchenSettingsAreCheckedAndTheManagersOwn) {
  expect_error(office_.update_kitchen_settings(manager_, {241, std::nullopt}), kValidation);
  expect_error(office_.update_kitchen_settings(manager_, {std::nullopt, 0}), kValidation);
  expect_error(office_.update_kitchen_settings(waiter_, {5, std::nullopt}), kForbidden);
  expect_error(office_.kitchen_settings(waiter_), kForbidden);
  ASSERT_TRUE(static_cast<bool>(office_.update_kitchen_settings(stranger_, {30, 20})));
  EXPECT_EQ(office_.kitchen_settings(manager_)->auto_fire_minutes, 0);
}

}  // namespace
}  // namespace brigade::kitchen
