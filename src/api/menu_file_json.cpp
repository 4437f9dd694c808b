// parse_menu_json: the brigade-menu JSON document, as the export writes it.
#include <fmt/format.h>

#include "api/json_body.hpp"
#include "api/menu_file.hpp"
#include "api/money_input.hpp"
#include "common/json_depth.hpp"

namespace brigade::api {
namespace {

using json = nlohmann::json;
using kitchen::import_error;
using kitchen::menu_source;

constexpr size_t kMaxFileDepth = 8;

/// Reads members of one object of the file, noting each problem at its
/// pointer instead of stopping at the first.
class member_reader {
 public:
  member_reader(const json& object, std::string path, std::vector<import_error>& errors)
      : object_(object), path_(std::move(path)), errors_(errors) {}

  const std::string& path() const { return path_; }

  void only(std::initializer_list<std::string_view> known) {
    for (const auto& [key, value] : object_.items()) {
      bool listed = false;
      for (const auto k : known) listed = listed || k == key;
      if (!listed) fail(key, fmt::format("unknown member '{}'", key));
    }
  }

  std::string text(std::string_view key, bool required) {
    const json* value = find(key);
    if (value == nullptr) {
      if (required) fail(key, fmt::format("{} is required", key));
      return {};
    }
    if (!value->is_string()) {
      fail(key, fmt::format("{} must be a string", key));
      return {};
    }
    return value->get<std::string>();
  }

  std::optional<int64_t> optional_integer(std::string_view key) {
    if (find(key) == nullptr) return std::nullopt;
    return integer(key, 0);
  }

  int64_t integer(std::string_view key, int64_t fallback) {
    const json* value = find(key);
    if (value == nullptr) return fallback;
    if (!value->is_number_integer() || value->get<int64_t>() < -1'000'000 || value->get<int64_t>() > 1'000'000) {
      fail(key, fmt::format("{} must be a whole number", key));
      return fallback;
    }
    return value->get<int64_t>();
  }

  kitchen::money money(std::string_view key, bool required) {
    const json* value = find(key);
    if (value == nullptr) {
      if (required) fail(key, fmt::format("{} is required", key));
      return 0;
    }
    const auto amount = money_from_json(*value);
    if (!amount) fail(key, fmt::format("{} must be a number with at most two decimals, like 12.50", key));
    return amount.value_or(0);
  }

  bool boolean(std::string_view key, bool fallback) {
    const json* value = find(key);
    if (value == nullptr) return fallback;
    if (!value->is_boolean()) {
      fail(key, fmt::format("{} must be true or false", key));
      return fallback;
    }
    return value->get<bool>();
  }

  std::vector<std::string> strings(std::string_view key) {
    const json* value = find(key);
    std::vector<std::string> out;
    if (value == nullptr) return out;
    if (!value->is_array()) {
      fail(key, fmt::format("{} must be an array of strings", key));
      return out;
    }
    for (const auto& element : *value) {
      if (!element.is_string()) {
        fail(key, fmt::format("{} must be an array of strings", key));
        return {};
      }
      out.push_back(element.get<std::string>());
    }
    return out;
  }

  /// The member's elements, each an object; problems noted.
  std::vector<const json*> objects(std::string_view key) {
    const json* value = find(key);
    std::vector<const json*> out;
    if (value == nullptr) return out;
    if (!value->is_array()) {
      fail(key, fmt::format("{} must be an array", key));
      return out;
    }
    for (size_t i = 0; i < value->size(); ++i) {
      if ((*value)[i].is_object()) {
        out.push_back(&(*value)[i]);
      } else {
        errors_.push_back({menu_source{0, fmt::format("{}/{}/{}", path_, key, i)}, std::string(key), "must be an object"});
        out.push_back(nullptr);
      }
    }
    return out;
  }

  void fail(std::string_view key, std::string message) {
    errors_.push_back({menu_source{0, path_}, std::string(key), std::move(message)});
  }

 private:
  const json* find(std::string_view key) const {
    const auto at = object_.find(key);
    if (at == object_.end() || at->is_null()) return nullptr;
    return &*at;
  }

  const json& object_;
  std::string path_;
  std::vector<import_error>& errors_;
};

}  // namespace

parsed_menu_file parse_menu_json(std::string_view text) {
  parsed_menu_file out;
  auto& errors = out.errors;
  const auto whole_file = [&](std::string message) { errors.push_back({menu_source{0, ""}, "", std::move(message)}); };
  if (json_nested_deeper_than(text, kMaxFileDepth)) {
    whole_file("the file is nested too deeply to be a brigade-menu document");
    return out;
  }
  const json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) {
    whole_file("the file is not a JSON object; export a menu to see the expected form");
    return out;
  }
  member_reader file(root, "", errors);
  file.only({"format", "version", "currency", "categories", "modifierGroups", "items"});
  if (const auto format = file.text("format", false); !format.empty() && format != "brigade-menu") {
    file.fail("format", "format must be \"brigade-menu\"");
  }
  if (file.integer("version", 1) != 1) file.fail("version", "this server reads version 1 of the menu format");

  const auto categories = file.objects("categories");
  for (size_t i = 0; i < categories.size(); ++i) {
    if (categories[i] == nullptr) continue;
    member_reader category(*categories[i], fmt::format("/categories/{}", i), errors);
    category.only({"name"});
    out.document.categories.push_back(category.text("name", true));
  }

  const auto groups = file.objects("modifierGroups");
  for (size_t i = 0; i < groups.size(); ++i) {
    if (groups[i] == nullptr) continue;
    member_reader group(*groups[i], fmt::format("/modifierGroups/{}", i), errors);
    group.only({"name", "minChoices", "maxChoices", "options"});
    kitchen::imported_group imported;
    imported.at = {0, group.path()};
    imported.name = group.text("name", true);
    imported.min_choices = static_cast<int32_t>(group.integer("minChoices", 0));
    imported.max_choices = static_cast<int32_t>(group.integer("maxChoices", 1));
    const auto options = group.objects("options");
    for (size_t j = 0; j < options.size(); ++j) {
      if (options[j] == nullptr) continue;
      member_reader option(*options[j], fmt::format("{}/options/{}", group.path(), j), errors);
      option.only({"name", "priceDelta"});
      imported.options.push_back({0, option.text("name", true), option.money("priceDelta", false)});
    }
    out.document.groups.push_back(std::move(imported));
  }

  const auto items = file.objects("items");
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i] == nullptr) continue;
    member_reader item(*items[i], fmt::format("/items/{}", i), errors);
    item.only({"name", "category", "description", "price", "station", "course", "prepMinutes", "allergens", "tags",
               "modifierGroups", "available"});
    kitchen::imported_item imported;
    imported.at = {0, item.path()};
    imported.name = item.text("name", true);
    imported.category = item.text("category", false);
    imported.description = item.text("description", false);
    imported.price = item.money("price", true);
    imported.station = item.text("station", false);
    imported.course = static_cast<int32_t>(item.integer("course", 0));
    if (const auto prep = item.optional_integer("prepMinutes")) imported.prep_minutes = static_cast<int32_t>(*prep);
    imported.allergens = item.strings("allergens");
    imported.tags = item.strings("tags");
    imported.modifier_groups = item.strings("modifierGroups");
    imported.available = item.boolean("available", true);
    out.document.items.push_back(std::move(imported));
  }
  return out;
}

}  // namespace brigade::api
