#include "kitchen/menu_rules.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kitchen/errors.hpp"
#include "sample_orders.hpp"

namespace brigade::kitchen {
namespace {

using testing::detail;

using strings = std::vector<std::string>;

void expect_refused(const std::optional<error>& e, std::string_view field, std::string_view words = {}) {
  ASSERT_TRUE(e.has_value()) << "expected a refusal naming " << field;
  EXPECT_EQ(e->code, kValidation);
  EXPECT_EQ(detail(*e, "field"), field) << e->message;
  if (!words.empty()) EXPECT_NE(e->message.find(words), std::string::npos) << e->message;
}

modifier_group cooking() {
  return modifier_group{1, 7, "Cooking", 1, 1, {{11, "rare", 0}, {12, "medium", 0}, {13, "well done", 0}}};
}
modifier_group extras() {
  return modifier_group{2, 7, "Extras", 0, 2, {{21, "cheese", 150}, {22, "bacon", 200}, {23, "no bun", -100}}};
}
menu_item burger_with_groups() {
  menu_item m{41, 7, "Burger", 1250, "Mains", 31, true};
  m.modifier_groups = {cooking(), extras()};
  return m;
}

// ---- allergens ----------------------------------------------------------------

TEST(normalise_allergens, puts_codes_in_the_regulations_order) {
  const auto ordered = normalise_allergens("allergens", {"mustard", "gluten", "molluscs", "milk"});
  ASSERT_TRUE(ordered.ok()) << ordered.error().message;
  EXPECT_EQ(*ordered, (strings{"gluten", "milk", "mustard", "molluscs"}));
  EXPECT_TRUE(normalise_allergens("allergens", {})->empty());
}

TEST(normalise_allergens, lists_the_fourteen_codes_of_the_contract) {
  const auto all = eu_allergens();
  ASSERT_EQ(all.size(), 14U);
  EXPECT_EQ(all.front(), "gluten");
  EXPECT_EQ(all[7], "nuts");
  EXPECT_EQ(all.back(), "molluscs");
  const strings every(all.begin(), all.end());
  EXPECT_EQ(*normalise_allergens("allergens", strings(every.rbegin(), every.rend())), every);
}

TEST(normalise_allergens, refuses_an_unknown_code_naming_it_and_the_field) {
  const auto bad = normalise_allergens("items[0].allergens", {"gluten", "peanut"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, kValidation);
  EXPECT_EQ(detail(bad.error(), "field"), "items[0].allergens");
  EXPECT_NE(bad.error().message.find("'peanut'"), std::string::npos) << bad.error().message;
  // Codes are exact: the contract's codes are lower case.
  EXPECT_FALSE(normalise_allergens("allergens", {"Gluten"}).ok());
  EXPECT_FALSE(normalise_allergens("allergens", {""}).ok());
}

TEST(normalise_allergens, refuses_a_duplicate_known_or_unknown) {
  const auto twice = normalise_allergens("allergens", {"milk", "eggs", "milk"});
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().message.find("'milk' is listed twice"), std::string::npos) << twice.error().message;
  const auto unknown_twice = normalise_allergens("allergens", {"soy", "soy"});
  ASSERT_FALSE(unknown_twice.ok());
  EXPECT_NE(unknown_twice.error().message.find("'soy'"), std::string::npos);
}

// ---- tags, course, price ----------------------------------------------------------

TEST(check_tags, accepts_lower_case_words_digits_and_dashes) {
  EXPECT_FALSE(check_tags("tags", {"vegetarian", "spicy-2", "new"}).has_value());
  EXPECT_FALSE(check_tags("tags", {}).has_value());
  EXPECT_FALSE(check_tags("tags", {std::string(kMaxTagLength, 'a')}).has_value());
}

TEST(check_tags, refuses_upper_case_spaces_empty_long_too_many_and_duplicates) {
  expect_refused(check_tags("tags", {"Spicy"}), "tags", "'Spicy'");
  expect_refused(check_tags("tags", {"gluten free"}), "tags");
  expect_refused(check_tags("tags", {""}), "tags");
  expect_refused(check_tags("tags", {std::string(kMaxTagLength + 1, 'a')}), "tags");
  expect_refused(check_tags("tags", {"vegan", "hot", "vegan"}), "tags", "listed twice");
  strings many;
  for (size_t i = 0; i <= kMaxTags; ++i) many.push_back("t" + std::to_string(i));
  expect_refused(check_tags("tags", many), "tags", "at most");
  many.pop_back();
  EXPECT_FALSE(check_tags("tags", many).has_value());
}

TEST(check_course, accepts_one_to_five_only) {
  EXPECT_FALSE(check_course("course", 1).has_value());
  EXPECT_FALSE(check_course("course", kMaxCourse).has_value());
  expect_refused(check_course("items[2].course", 0), "items[2].course");
  expect_refused(check_course("course", kMaxCourse + 1), "course");
  expect_refused(check_course("course", -1), "course");
}

TEST(check_prep_minutes, accepts_none_to_four_hours) {
  EXPECT_FALSE(check_prep_minutes("prepMinutes", 0).has_value());
  EXPECT_FALSE(check_prep_minutes("prepMinutes", kMaxPrepMinutes).has_value());
  expect_refused(check_prep_minutes("prepMinutes", kMaxPrepMinutes + 1), "prepMinutes", "240");
  expect_refused(check_prep_minutes("prepMinutes", -1), "prepMinutes");
}

TEST(check_price, accepts_zero_to_a_million_and_names_the_bound) {
  EXPECT_FALSE(check_price("price", 0).has_value());
  EXPECT_FALSE(check_price("price", kMaxPrice).has_value());
  expect_refused(check_price("price", -1), "price", "1000000.00");
  expect_refused(check_price("price", kMaxPrice + 1), "price");
}

// ---- modifier groups ----------------------------------------------------------

TEST(check_modifier_group, accepts_the_contracts_groups) {
  EXPECT_FALSE(check_modifier_group(cooking()).has_value());
  EXPECT_FALSE(check_modifier_group(extras()).has_value());
  modifier_group optional = cooking();
  optional.min_choices = 0;
  EXPECT_FALSE(check_modifier_group(optional).has_value());
}

TEST(check_modifier_group, refuses_impossible_choices) {
  auto g = extras();
  g.min_choices = 3;  // more than max
  expect_refused(check_modifier_group(g), "minChoices");
  g = extras();
  g.max_choices = 0;
  g.min_choices = 0;
  expect_refused(check_modifier_group(g), "minChoices");
  g = extras();
  g.min_choices = -1;
  expect_refused(check_modifier_group(g), "minChoices");
  g = extras();
  g.max_choices = kMaxChoices + 1;
  expect_refused(check_modifier_group(g), "minChoices");
  // Required to pick 3 of 2 options: nobody could order the dish.
  g = modifier_group{1, 7, "Sauces", 3, 3, {{0, "ketchup", 0}, {0, "mayo", 0}}};
  expect_refused(check_modifier_group(g), "minChoices", "more than the group has options");
  // More maximum choices than options is harmless (pick up to all).
  g.min_choices = 0;
  EXPECT_FALSE(check_modifier_group(g).has_value());
}

TEST(check_modifier_group, refuses_no_options_or_too_many) {
  auto g = extras();
  g.options.clear();
  g.min_choices = 0;
  expect_refused(check_modifier_group(g), "options");
  g.options.assign(kMaxOptionsPerGroup + 1, modifier_option{});
  for (size_t i = 0; i < g.options.size(); ++i) g.options[i].name = "o" + std::to_string(i);
  expect_refused(check_modifier_group(g), "options");
}

TEST(check_modifier_group, refuses_the_csv_syntax_characters_in_names) {
  for (const char c : std::string("[]:|;")) {
    auto g = extras();
    g.name = std::string("Ex") + c + "tras";
    expect_refused(check_modifier_group(g), "name");
    g = extras();
    g.options[1].name = std::string("ba") + c + "con";
    expect_refused(check_modifier_group(g), "options[1].name");
  }
  EXPECT_TRUE(plain_modifier_name("well done (5 min)"));
  EXPECT_FALSE(plain_modifier_name("a;b"));
}

TEST(check_modifier_group, refuses_empty_long_and_duplicate_option_names) {
  auto g = extras();
  g.options[2].name = "";
  expect_refused(check_modifier_group(g), "options[2].name");
  g = extras();
  g.options[0].name = std::string(kMaxMenuName + 1, 'x');
  expect_refused(check_modifier_group(g), "options[0].name");
  g = extras();
  g.options[2].name = "cheese";
  expect_refused(check_modifier_group(g), "options[2].name", "listed twice");
  g = extras();
  g.name = "";
  expect_refused(check_modifier_group(g), "name");
}

TEST(check_modifier_group, bounds_price_deltas_both_ways) {
  auto g = extras();
  g.options[0].price_delta = -kMaxPrice;
  EXPECT_FALSE(check_modifier_group(g).has_value());
  g.options[0].price_delta = kMaxPrice + 1;
  expect_refused(check_modifier_group(g), "options[0].priceDelta");
  g.options[0].price_delta = -kMaxPrice - 1;
  expect_refused(check_modifier_group(g), "options[0].priceDelta");
}

// ---- choosing modifiers ------------------------------------------------------------

TEST(choose_modifiers, copies_group_name_option_name_and_delta_in_menu_order) {
  const auto chosen = choose_modifiers(burger_with_groups(), {22, 12, 23}, "items[0].modifiers");
  ASSERT_TRUE(chosen.ok()) << chosen.error().message;
  ASSERT_EQ(chosen->size(), 3U);
  EXPECT_EQ((*chosen)[0], (chosen_modifier{12, "Cooking", "medium", 0}));
  EXPECT_EQ((*chosen)[1], (chosen_modifier{22, "Extras", "bacon", 200}));
  EXPECT_EQ((*chosen)[2], (chosen_modifier{23, "Extras", "no bun", -100}));
}

TEST(choose_modifiers, a_missing_required_group_names_the_group_and_what_to_choose) {
  const auto r = choose_modifiers(burger_with_groups(), {21}, "items[1].modifiers");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, kValidation);
  EXPECT_EQ(detail(r.error(), "field"), "items[1].modifiers");
  EXPECT_NE(r.error().message.find("Cooking"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("choose 1"), std::string::npos) << r.error().message;
}

TEST(choose_modifiers, no_modifiers_is_fine_when_no_group_is_required) {
  menu_item m = burger_with_groups();
  m.modifier_groups = {extras()};
  const auto r = choose_modifiers(m, {}, "modifiers");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  menu_item plain{42, 7, "Salad", 800, "", 0, true};
  EXPECT_TRUE(choose_modifiers(plain, {}, "modifiers").ok());
  EXPECT_FALSE(choose_modifiers(plain, {11}, "modifiers").ok());
}

TEST(choose_modifiers, more_than_the_maximum_is_refused) {
  const auto too_many = choose_modifiers(burger_with_groups(), {11, 21, 22, 23}, "modifiers");
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.error().message.find("Extras"), std::string::npos) << too_many.error().message;
  EXPECT_NE(too_many.error().message.find("choose up to 2"), std::string::npos) << too_many.error().message;
  const auto two_cookings = choose_modifiers(burger_with_groups(), {11, 13}, "modifiers");
  ASSERT_FALSE(two_cookings.ok());
  EXPECT_NE(two_cookings.error().message.find("Cooking"), std::string::npos);
}

TEST(choose_modifiers, an_option_of_another_dishs_group_is_refused) {
  modifier_group sauces{3, 7, "Sauces", 0, 1, {{31, "pepper", 100}}};
  ASSERT_FALSE(check_modifier_group(sauces).has_value());
  const auto r = choose_modifiers(burger_with_groups(), {11, 31}, "items[0].modifiers");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(detail(r.error(), "field"), "items[0].modifiers");
  EXPECT_NE(r.error().message.find("option 31 is not offered with Burger"), std::string::npos) << r.error().message;
}

TEST(choose_modifiers, the_same_option_twice_is_refused_even_within_the_maximum) {
  const auto r = choose_modifiers(burger_with_groups(), {11, 21, 21}, "modifiers");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("option 21 is chosen twice"), std::string::npos) << r.error().message;
}

TEST(choices_text, says_what_the_group_asks_for) {
  EXPECT_EQ(choices_text(cooking()), "choose 1");
  EXPECT_EQ(choices_text(extras()), "choose up to 2");
  EXPECT_EQ(choices_text(modifier_group{0, 0, "Sides", 1, 2, {}}), "choose 1 to 2");
  EXPECT_EQ(choices_text(modifier_group{0, 0, "Sides", 2, 2, {}}), "choose 2");
}

}  // namespace
}  // namespace brigade::kitchen
