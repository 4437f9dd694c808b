#include "api/menu_decoding.hpp"

#include <fmt/format.h>

#include "api/json_body.hpp"
#include "kitchen/errors.hpp"
#include "kitchen/menu_rules.hpp"

namespace brigade::api {
namespace {

using kitchen::validation_error;

constexpr int64_t kMaxPosition = 100'000;

status require(const nlohmann::json& body, bool partial, std::initializer_list<std::string_view> required,
               std::string_view all) {
  if (partial) {
    if (body.empty()) return validation_error("body", fmt::format("send at least one of {}", all));
    return ok_v;
  }
  for (const auto key : required) {
    const auto found = body.find(key);
    if (found == body.end() || found->is_null()) return validation_error(std::string(key), fmt::format("{} is required", key));
  }
  return ok_v;
}

// An optional reference: an id, or null to clear it (read as 0).
result<int64_t> id_or_null(const field_reader& reader, const nlohmann::json& body, std::string_view key) {
  if (body.at(key).is_null()) return int64_t{0};
  return reader.id(key);
}

}  // namespace

result<kitchen::category_fields> decode_category_fields(const nlohmann::json& body, bool partial) {
  const field_reader reader(body);
  if (auto known = reader.only({"name", "position"}); !known) return known.error();
  if (auto missing = require(body, partial, {"name"}, "name, position"); !missing) return missing.error();
  kitchen::category_fields out;
  if (reader.present("name")) {
    auto name = reader.text("name", 1, kitchen::kMaxMenuName);
    if (!name) return name.error();
    out.name = std::move(*name);
  }
  if (reader.present("position")) {
    auto position = reader.integer("position", 0, kMaxPosition);
    if (!position) return position.error();
    out.position = static_cast<int32_t>(*position);
  }
  return out;
}

result<kitchen::menu_item_fields> decode_menu_item_fields(const nlohmann::json& body, bool partial) {
  const field_reader reader(body);
  if (auto known = reader.only({"name", "price", "categoryId", "description", "stationId", "course", "prepMinutes",
                                "allergens", "tags", "modifierGroupIds", "available", "position"});
      !known) {
    return known.error();
  }
  if (auto missing = require(body, partial, {"name", "price"},
                             "name, price, categoryId, description, stationId, course, prepMinutes, allergens, tags, "
                             "modifierGroupIds, available, position");
      !missing) {
    return missing.error();
  }
  kitchen::menu_item_fields out;
  if (reader.present("name")) {
    auto name = reader.text("name", 1, kitchen::kMaxMenuName);
    if (!name) return name.error();
    out.name = std::move(*name);
  }
  if (reader.present("price")) {
    auto price = reader.money("price", 0, kitchen::kMaxPrice);
    if (!price) return price.error();
    out.price = *price;
  }
  if (body.contains("categoryId")) {
    auto category = id_or_null(reader, body, "categoryId");
    if (!category) return category.error();
    out.category = *category;
  }
  if (reader.present("description")) {
    auto description = reader.optional_text("description", kitchen::kMaxDescription);
    if (!description) return description.error();
    out.description = std::move(*description);
  }
  if (body.contains("stationId")) {
    auto station = id_or_null(reader, body, "stationId");
    if (!station) return station.error();
    out.station = *station;
  }
  if (reader.present("course")) {
    auto course = reader.integer("course", 1, kitchen::kMaxCourse);
    if (!course) return course.error();
    out.course = static_cast<int32_t>(*course);
  }
  if (reader.present("prepMinutes")) {
    auto prep = reader.integer("prepMinutes", 0, kitchen::kMaxPrepMinutes);
    if (!prep) return prep.error();
    out.prep_minutes = static_cast<int32_t>(*prep);
  }
  if (reader.present("allergens")) {
    auto allergens = reader.text_list("allergens", kitchen::eu_allergens().size(), 32);
    if (!allergens) return allergens.error();
    out.allergens = std::move(*allergens);
  }
  if (reader.present("tags")) {
    auto tags = reader.text_list("tags", kitchen::kMaxTags, kitchen::kMaxTagLength);
    if (!tags) return tags.error();
    out.tags = std::move(*tags);
  }
  if (reader.present("modifierGroupIds")) {
    auto groups = reader.id_list("modifierGroupIds", kitchen::kMaxGroupsPerItem);
    if (!groups) return groups.error();
    out.modifier_groups = std::move(*groups);
  }
  if (reader.present("available")) {
    auto available = reader.boolean("available");
    if (!available) return available.error();
    out.available = *available;
  }
  if (reader.present("position")) {
    auto position = reader.integer("position", 0, kMaxPosition);
    if (!position) return position.error();
    out.position = static_cast<int32_t>(*position);
  }
  return out;
}

result<kitchen::modifier_group_fields> decode_modifier_group_fields(const nlohmann::json& body, bool partial) {
  const field_reader reader(body);
  if (auto known = reader.only({"name", "minChoices", "maxChoices", "options"}); !known) return known.error();
  if (auto missing = require(body, partial, {"name", "minChoices", "maxChoices", "options"},
                             "name, minChoices, maxChoices, options");
      !missing) {
    return missing.error();
  }
  kitchen::modifier_group_fields out;
  if (reader.present("name")) {
    auto name = reader.text("name", 1, kitchen::kMaxMenuName);
    if (!name) return name.error();
    out.name = std::move(*name);
  }
  if (reader.present("minChoices")) {
    auto min = reader.integer("minChoices", 0, kitchen::kMaxChoices);
    if (!min) return min.error();
    out.min_choices = static_cast<int32_t>(*min);
  }
  if (reader.present("maxChoices")) {
    auto max = reader.integer("maxChoices", 1, kitchen::kMaxChoices);
    if (!max) return max.error();
    out.max_choices = static_cast<int32_t>(*max);
  }
  if (reader.present("options")) {
    auto array = reader.array("options", 1, kitchen::kMaxOptionsPerGroup);
    if (!array) return array.error();
    std::vector<kitchen::modifier_option> options;
    for (size_t i = 0; i < (*array)->size(); ++i) {
      auto element = reader.element(**array, i, "options");
      if (!element) return element.error();
      if (auto known = element->only({"optionId", "name", "priceDelta"}); !known) return known.error();
      kitchen::modifier_option option;
      auto id = element->optional_id("optionId");
      if (!id) return id.error();
      option.id = id->value_or(0);
      auto name = element->text("name", 1, kitchen::kMaxMenuName);
      if (!name) return name.error();
      option.name = std::move(*name);
      if (element->present("priceDelta")) {
        auto delta = element->money("priceDelta", -kitchen::kMaxPrice, kitchen::kMaxPrice);
        if (!delta) return delta.error();
        option.price_delta = *delta;
      }
      options.push_back(std::move(option));
    }
    out.options = std::move(options);
  }
  return out;
}

}  // namespace brigade::api
