#include "kitchen/menu_rules.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "kitchen/errors.hpp"
#include "kitchen/pricing.hpp"
#include "kitchen/validation.hpp"

namespace brigade::kitchen {
namespace {

constexpr std::array<std::string_view, 14> kEuAllergens = {
    "gluten", "crustaceans", "eggs", "fish",      "peanuts", "soybeans", "milk",
    "nuts",   "celery",      "mustard", "sesame", "sulphites", "lupin",  "molluscs"};

bool tag_character(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

}  // namespace

std::span<const std::string_view> eu_allergens() { return kEuAllergens; }

result<std::vector<std::string>> normalise_allergens(std::string_view field, std::vector<std::string> codes) {
  std::vector<std::string> ordered;
  for (const std::string_view known : kEuAllergens) {
    const auto n = std::count(codes.begin(), codes.end(), known);
    if (n > 1) return validation_error(std::string(field), fmt::format("allergen '{}' is listed twice", known));
    if (n == 1) ordered.emplace_back(known);
  }
  if (ordered.size() != codes.size()) {
    for (const auto& code : codes) {
      if (std::find(kEuAllergens.begin(), kEuAllergens.end(), code) == kEuAllergens.end()) {
        return validation_error(std::string(field),
                                fmt::format("'{}' is not one of the 14 EU allergens ({})", code,
                                            fmt::join(kEuAllergens, ", ")));
      }
    }
  }
  return ordered;
}

std::optional<error> check_tags(std::string_view field, const std::vector<std::string>& tags) {
  if (tags.size() > kMaxTags) {
    return validation_error(std::string(field), fmt::format("at most {} tags", kMaxTags));
  }
  for (size_t i = 0; i < tags.size(); ++i) {
    const auto& tag = tags[i];
    if (tag.empty() || tag.size() > kMaxTagLength || !std::all_of(tag.begin(), tag.end(), tag_character)) {
      return validation_error(std::string(field),
                              fmt::format("a tag is 1 to {} characters of a-z, 0-9 and '-', not '{}'",
                                          kMaxTagLength, tag));
    }
    if (std::find(tags.begin(), tags.begin() + static_cast<std::ptrdiff_t>(i), tag) !=
        tags.begin() + static_cast<std::ptrdiff_t>(i)) {
      return validation_error(std::string(field), fmt::format("tag '{}' is listed twice", tag));
    }
  }
  return std::nullopt;
}

std::optional<error> check_course(std::string_view field, int32_t course) {
  if (course >= 1 && course <= kMaxCourse) return std::nullopt;
  return validation_error(std::string(field),
                          fmt::format("course must be from 1 to {} (1 starters, 2 mains, 3 desserts)", kMaxCourse));
}

std::optional<error> check_prep_minutes(std::string_view field, int32_t minutes) {
  if (minutes >= 0 && minutes <= kMaxPrepMinutes) return std::nullopt;
  return validation_error(std::string(field),
                          fmt::format("prep time must be from 0 (not given) to {} minutes", kMaxPrepMinutes));
}

std::optional<error> check_price(std::string_view field, money price) {
  if (price >= 0 && price <= kMaxPrice) return std::nullopt;
  return validation_error(std::string(field),
                          fmt::format("a price is from 0 to {}", money_text(kMaxPrice)));
}

bool plain_modifier_name(std::string_view name) {
  return name.find_first_of("[]:|;") == std::string_view::npos;
}

std::optional<error> check_modifier_group(const modifier_group& group) {
  if (auto bad = check_length("name", group.name, 1, kMaxMenuName)) return bad;
  if (!plain_modifier_name(group.name)) {
    return validation_error("name", "a modifier group's name may not contain [ ] : | or ;");
  }
  if (group.options.empty() || group.options.size() > kMaxOptionsPerGroup) {
    return validation_error("options", fmt::format("a group has 1 to {} options", kMaxOptionsPerGroup));
  }
  if (group.min_choices < 0 || group.max_choices < 1 || group.max_choices > kMaxChoices ||
      group.min_choices > group.max_choices) {
    return validation_error("minChoices",
                            fmt::format("choices must satisfy 0 <= minChoices <= maxChoices, 1 <= maxChoices <= {}",
                                        kMaxChoices));
  }
  if (static_cast<size_t>(group.min_choices) > group.options.size()) {
    return validation_error("minChoices", "minChoices is more than the group has options");
  }
  for (size_t i = 0; i < group.options.size(); ++i) {
    const auto& option = group.options[i];
    const std::string field = fmt::format("options[{}].name", i);
    if (auto bad = check_length(field, option.name, 1, kMaxMenuName)) return bad;
    if (!plain_modifier_name(option.name)) {
      return validation_error(field, "an option's name may not contain [ ] : | or ;");
    }
    for (size_t j = 0; j < i; ++j) {
      if (group.options[j].name == option.name) {
        return validation_error(field, fmt::format("option '{}' is listed twice", option.name));
      }
    }
    if (option.price_delta < -kMaxPrice || option.price_delta > kMaxPrice) {
      return validation_error(fmt::format("options[{}].priceDelta", i),
                              fmt::format("a price delta is within ±{}", money_text(kMaxPrice)));
    }
  }
  return std::nullopt;
}

std::string choices_text(const modifier_group& group) {
  if (group.min_choices == group.max_choices) return fmt::format("choose {}", group.min_choices);
  if (group.min_choices == 0) return fmt::format("choose up to {}", group.max_choices);
  return fmt::format("choose {} to {}", group.min_choices, group.max_choices);
}

result<std::vector<chosen_modifier>> choose_modifiers(const menu_item& item,
                                                      const std::vector<modifier_option_id>& options,
                                                      const std::string& field) {
  for (size_t i = 0; i < options.size(); ++i) {
    if (std::find(options.begin(), options.begin() + static_cast<std::ptrdiff_t>(i), options[i]) !=
        options.begin() + static_cast<std::ptrdiff_t>(i)) {
      return validation_error(field, fmt::format("option {} is chosen twice", options[i]));
    }
  }
  for (const auto id : options) {
    const bool offered = std::any_of(item.modifier_groups.begin(), item.modifier_groups.end(), [&](const auto& g) {
      return std::any_of(g.options.begin(), g.options.end(), [&](const auto& o) { return o.id == id; });
    });
    if (!offered) return validation_error(field, fmt::format("option {} is not offered with {}", id, item.name));
  }
  std::vector<chosen_modifier> chosen;
  for (const modifier_group& group : item.modifier_groups) {
    int32_t picks = 0;
    for (const modifier_option& option : group.options) {
      if (std::find(options.begin(), options.end(), option.id) == options.end()) continue;
      chosen.push_back({option.id, group.name, option.name, option.price_delta});
      ++picks;
    }
    if (picks < group.min_choices || picks > group.max_choices) {
      return validation_error(field, fmt::format("{} of {}: {}", group.name, item.name, choices_text(group)));
    }
  }
  return chosen;
}

}  // namespace brigade::kitchen
