#include "store/sqlite/reference_cache.hpp"

namespace brigade::store::sqlite {

std::vector<std::string> reference_cache::source_tables() {
  // menu_categories: an item carries its category's name.
  return {"menu_items", "menu_categories", "modifier_groups", "modifier_options", "menu_item_modifier_groups",
          "stations",   "tables"};
}

void reference_cache::start_transaction(int64_t data_version) noexcept {
  if (data_version_ != data_version) clear();
  data_version_ = data_version;
}

void reference_cache::clear() noexcept {
  menu_items_.clear();
  stations_.clear();
  tables_.clear();
}

}  // namespace brigade::store::sqlite
