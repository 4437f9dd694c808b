// Menu files on arbitrary text (src/api/menu_file.hpp): a manager's upload
// is read as CSV and as a brigade-menu JSON document, and the money reader
// takes it as a price; the pure library brigade_api_decoding, without the
// HTTP stack. Seeds: corpus/menu_file_fuzz/ (CSV and JSON menus, with and
// without mistakes).
//
// Properties, each a trap when broken: every error names where it is (a
// CSV line within the file, or a JSON pointer) and says something; a CSV
// error's line is never past the last line; a file read without errors
// has at least one dish and each has a name; every modifier group read
// from CSV writes back (modifiers_cell) to a cell that reads to the same
// group; a price the money reader accepts is within its bound.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/menu_file.hpp"
#include "api/money_input.hpp"
#include "fuzz_support.hpp"
#include "kitchen/menu_rules.hpp"

namespace api = brigade::api;
namespace kitchen = brigade::kitchen;
using brigade::fuzz::check;

namespace {

void check_errors(const api::parsed_menu_file& file, int64_t lines, bool csv) {
  for (const auto& e : file.errors) {
    check(!e.message.empty());
    if (csv) check(e.at.line >= 1 && e.at.line <= lines);
  }
  if (csv && file.errors.empty()) {
    for (const auto& item : file.document.items) check(!item.name.empty());
  }
}

// The groups a CSV defines, written back into a cell and read again, are
// the same groups.
void check_modifiers_round_trip(const api::parsed_menu_file& file) {
  for (const auto& group : file.document.groups) {
    if (group.options.empty()) continue;
    kitchen::modifier_group as_saved{0, 0, group.name, group.min_choices, group.max_choices, group.options};
    const bool plain = kitchen::plain_modifier_name(group.name) &&
                       std::all_of(group.options.begin(), group.options.end(),
                                   [](const auto& o) { return kitchen::plain_modifier_name(o.name); });
    if (!plain) continue;
    // The cell quoted as RFC 4180 asks: a quote in a name is doubled.
    std::string cell;
    for (const char c : api::modifiers_cell({as_saved})) cell += c == '"' ? std::string("\"\"") : std::string(1, c);
    const std::string csv = "name,price,modifiers\nx,1,\"" + cell + "\"\n";
    const auto again = api::parse_menu_csv(csv);
    check(again.errors.empty());
    check(again.document.groups.size() == 1);
    const auto& back = again.document.groups.front();
    check(back.name == group.name && back.min_choices == group.min_choices && back.max_choices == group.max_choices);
    check(back.options.size() == group.options.size());
    for (size_t i = 0; i < back.options.size(); ++i) {
      check(back.options[i].name == group.options[i].name);
      check(back.options[i].price_delta == group.options[i].price_delta);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const int64_t lines = 1 + std::count(text.begin(), text.end(), '\n') + std::count(text.begin(), text.end(), '\r');

  const auto csv = api::parse_menu_csv(text);
  check_errors(csv, lines, true);
  check_modifiers_round_trip(csv);

  const auto json = api::parse_menu_json(text);
  check_errors(json, lines, false);
  for (const auto& e : json.errors) check(e.at.line == 0);

  if (const auto price = api::money_from_text(text.substr(0, 32))) {
    check(*price <= 100'000'000'000'000 && *price >= -100'000'000'000'000);
  }
  return 0;
}
