#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "kitchen/entities.hpp"

namespace brigade::kitchen {

// What a menu may hold (docs/api.md "The menu"): the EU allergens, tags,
// courses, modifier groups, and the checks of a dish's chosen modifiers.
// Pure functions; thread-safe.

/// The 14 allergens of EU regulation 1169/2011 (Annex II), in its order.
std::span<const std::string_view> eu_allergens();

inline constexpr int32_t kMaxCourse = 5;
/// Longest prep time a dish may give, in minutes (0: none given).
inline constexpr int32_t kMaxPrepMinutes = 240;
inline constexpr size_t kMaxMenuName = 80;
inline constexpr size_t kMaxDescription = 500;
inline constexpr size_t kMaxTags = 8;
inline constexpr size_t kMaxTagLength = 24;
inline constexpr size_t kMaxGroupsPerItem = 10;
inline constexpr size_t kMaxOptionsPerGroup = 30;
inline constexpr int32_t kMaxChoices = 30;
/// 1 000 000.00 in minor units: far above any dish, far below overflow.
inline constexpr money kMaxPrice = 100'000'000;

/// The allergens as codes in the regulation's order, or a validation error
/// naming `field` for an unknown code or a duplicate.
result<std::vector<std::string>> normalise_allergens(std::string_view field, std::vector<std::string> codes);
/// Tags are lower-case words (a-z, 0-9, '-'), at most kMaxTags, no duplicate.
std::optional<error> check_tags(std::string_view field, const std::vector<std::string>& tags);
std::optional<error> check_course(std::string_view field, int32_t course);
std::optional<error> check_price(std::string_view field, money price);
/// 0 (not given) to kMaxPrepMinutes.
std::optional<error> check_prep_minutes(std::string_view field, int32_t minutes);
/// A group's name, choices (0 ≤ min ≤ max, max ≥ 1, min ≤ options) and
/// options (names unique in the group, deltas within ±kMaxPrice). Names of
/// groups and options may not hold `[ ] : | ;` (the CSV syntax).
std::optional<error> check_modifier_group(const modifier_group& group);

/// Whether a name is free of the characters the CSV modifier syntax uses.
bool plain_modifier_name(std::string_view name);

/// The modifiers a guest chose for `item`, by option id, checked against
/// its groups: each option belongs to one of them, none twice, and each
/// group gets between its min and max choices. Errors name `field`, and
/// the group ("Cooking: choose 1").
result<std::vector<chosen_modifier>> choose_modifiers(const menu_item& item,
                                                      const std::vector<modifier_option_id>& options,
                                                      const std::string& field);

/// What the group asks for, for people: "choose 1", "choose up to 3",
/// "choose 1 to 2".
std::string choices_text(const modifier_group& group);

}  // namespace brigade::kitchen
