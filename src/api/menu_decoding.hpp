#pragma once

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "kitchen/menu_changes.hpp"

namespace brigade::api {

// The back office's menu bodies (docs/api.md "The menu") into the kitchen's
// field sets: every field of the body checked for type and range here, the
// rules that need the restaurant in kitchen/back_office_menu.cpp. `partial`
// (PATCH): every field optional, at least one. Pure functions; thread-safe.

result<kitchen::category_fields> decode_category_fields(const nlohmann::json& body, bool partial);
result<kitchen::menu_item_fields> decode_menu_item_fields(const nlohmann::json& body, bool partial);
result<kitchen::modifier_group_fields> decode_modifier_group_fields(const nlohmann::json& body, bool partial);

}  // namespace brigade::api
