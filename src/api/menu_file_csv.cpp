// parse_menu_csv: one dish per row under a header row (RFC 4180 quoting),
// groups written inline in the `modifiers` column.
#include <algorithm>
#include <array>
#include <map>

#include <fmt/format.h>

#include "api/menu_file.hpp"
#include "api/money_input.hpp"
#include "common/utf8.hpp"
#include "kitchen/pricing.hpp"

namespace brigade::api {
namespace {

using kitchen::import_error;
using kitchen::menu_source;

constexpr std::array<std::string_view, 11> kColumns = {"category",  "name",      "description", "price",
                                                       "station",   "course",    "prep_minutes", "allergens",
                                                       "tags",      "modifiers", "available"};

struct csv_record {
  int64_t line = 0;  // where the record starts
  std::vector<std::string> cells;
};

// Splits the text into records; a quoted cell may hold commas, quotes ("")
// and line breaks. Returns false (and notes the line) on an unclosed quote.
bool split_records(std::string_view text, std::vector<csv_record>& records, std::vector<import_error>& errors) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a spreadsheet's byte order mark
  int64_t line = 1;
  size_t i = 0;
  while (i < text.size()) {
    csv_record record{line, {}};
    std::string cell;
    bool quoted = false;
    bool done = false;
    while (!done) {
      if (i >= text.size()) {
        if (quoted) {
          errors.push_back({menu_source{record.line, ""}, "", "a quoted cell is never closed"});
          return false;
        }
        done = true;
        break;
      }
      const char c = text[i++];
      if (quoted) {
        if (c == '"') {
          if (i < text.size() && text[i] == '"') {
            cell += '"';
            ++i;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') ++line;
          cell += c;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        record.cells.push_back(std::move(cell));
        cell.clear();
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i < text.size() && text[i] == '\n') ++i;
        ++line;
        done = true;
      } else {
        cell += c;
      }
    }
    record.cells.push_back(std::move(cell));
    const bool blank = std::all_of(record.cells.begin(), record.cells.end(), [](const auto& s) { return s.empty(); });
    if (!blank) records.push_back(std::move(record));
  }
  return true;
}

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return std::string(s.substr(first, last - first + 1));
}

std::vector<std::string> split(std::string_view s, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    const size_t end = s.find(separator, start);
    auto part = trim(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (!part.empty()) parts.push_back(std::move(part));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// An option's price change as the cell writes it: always signed.
std::string money_cell(kitchen::money m) { return (m < 0 ? "" : "+") + kitchen::money_text(m); }

// "cheese +1.50" → {cheese, 150}; "rare" → {rare, 0}; nullopt when the
// last word looks like a price but is not one.
// A cell of 1 to 3 digits (counts and minutes); nullopt for anything else.
std::optional<int32_t> whole_number(const std::string& s) {
  if (s.empty() || s.size() > 3 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::stoi(s);
}

std::optional<kitchen::modifier_option> parse_option(const std::string& text) {
  const size_t space = text.find_last_of(' ');
  if (space != std::string::npos && (text[space + 1] == '+' || text[space + 1] == '-')) {
    const auto delta = money_from_text(text.substr(space + 1));
    if (!delta) return std::nullopt;
    return kitchen::modifier_option{0, trim(text.substr(0, space)), *delta};
  }
  return kitchen::modifier_option{0, text, 0};
}

// One group of the modifiers cell: "Extras [0-3]: cheese +1.50 | bacon"
// defines it; "Extras" alone names a group defined elsewhere.
struct group_cell {
  std::string name;
  std::optional<kitchen::imported_group> definition;
};

std::optional<group_cell> parse_group(const std::string& text, std::string& problem) {
  const size_t open = text.find('[');
  if (open == std::string::npos) {
    if (text.find(':') != std::string::npos) {
      problem = fmt::format("'{}': write the choices before the colon, e.g. \"Extras [0-3]: cheese +1.50\"", text);
      return std::nullopt;
    }
    return group_cell{text, std::nullopt};
  }
  const size_t close = text.find(']', open);
  const size_t colon = close == std::string::npos ? std::string::npos : text.find(':', close);
  if (close == std::string::npos || colon == std::string::npos) {
    problem = fmt::format("'{}' is not \"Name [min-max]: option | option +1.50\"", text);
    return std::nullopt;
  }
  kitchen::imported_group group;
  group.name = trim(std::string_view(text).substr(0, open));
  const std::string choices = trim(std::string_view(text).substr(open + 1, close - open - 1));
  const size_t dash = choices.find('-');
  const auto min = whole_number(trim(choices.substr(0, dash)));
  const auto max = dash == std::string::npos ? min : whole_number(trim(choices.substr(dash + 1)));
  if (!min || !max) {
    problem = fmt::format("'[{}]' in group '{}' must be [min-max] choices, e.g. [1-1] or [0-3]", choices, group.name);
    return std::nullopt;
  }
  group.min_choices = *min;
  group.max_choices = *max;
  for (const auto& option_text : split(std::string_view(text).substr(colon + 1), '|')) {
    auto option = parse_option(option_text);
    if (!option) {
      problem = fmt::format("option '{}' of group '{}' must end with a price like +1.50, or none", option_text, group.name);
      return std::nullopt;
    }
    group.options.push_back(std::move(*option));
  }
  return group_cell{group.name, std::move(group)};
}

bool same_definition(const kitchen::imported_group& a, const kitchen::imported_group& b) {
  return a.min_choices == b.min_choices && a.max_choices == b.max_choices &&
         std::equal(a.options.begin(), a.options.end(), b.options.begin(), b.options.end(),
                    [](const auto& x, const auto& y) { return x.name == y.name && x.price_delta == y.price_delta; });
}

bool yes_or_no(const std::string& cell, bool& value) {
  const std::string v = lower(trim(cell));
  if (v.empty() || v == "yes" || v == "y" || v == "true" || v == "1") {
    value = true;
    return true;
  }
  if (v == "no" || v == "n" || v == "false" || v == "0") {
    value = false;
    return true;
  }
  return false;
}

}  // namespace

parsed_menu_file parse_menu_csv(std::string_view text) {
  parsed_menu_file out;
  auto& errors = out.errors;
  // A spreadsheet saved in its local encoding (Windows-1252, Mac Roman)
  // would put mangled names on the menu: refused, with the line.
  if (const auto utf8 = check_utf8(text); utf8.status != utf8_status::valid) {
    const int64_t line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(utf8.complete), '\n');
    errors.push_back({menu_source{line, ""}, "",
                      "the file is not UTF-8 text: save it from the spreadsheet as \"CSV UTF-8\""});
    return out;
  }
  std::vector<csv_record> records;
  if (!split_records(text, records, errors)) return out;
  if (records.empty()) {
    errors.push_back({menu_source{1, ""}, "", "the file is empty; the first line names the columns"});
    return out;
  }
  // The header: which column is which.
  std::map<std::string, size_t> column;
  const csv_record& header = records.front();
  for (size_t i = 0; i < header.cells.size(); ++i) {
    const std::string name = lower(trim(header.cells[i]));
    if (std::find(kColumns.begin(), kColumns.end(), name) == kColumns.end()) {
      errors.push_back({menu_source{header.line, ""}, name,
                        fmt::format("unknown column '{}'; the columns are {}", header.cells[i], fmt::join(kColumns, ", "))});
    } else if (!column.emplace(name, i).second) {
      errors.push_back({menu_source{header.line, ""}, name, fmt::format("column '{}' appears twice", name)});
    }
  }
  for (const std::string_view required : {"name", "price"}) {
    if (!column.contains(std::string(required))) {
      errors.push_back({menu_source{header.line, ""}, std::string(required),
                        fmt::format("the header has no '{}' column", required)});
    }
  }
  if (!errors.empty()) return out;

  std::map<std::string, std::pair<kitchen::imported_group, int64_t>> defined;  // name → definition, line
  for (size_t r = 1; r < records.size(); ++r) {
    const csv_record& row = records[r];
    const menu_source at{row.line, ""};
    const auto cell = [&](std::string_view name) -> std::string {
      const auto c = column.find(std::string(name));
      if (c == column.end() || c->second >= row.cells.size()) return {};
      return row.cells[c->second];
    };
    if (row.cells.size() > header.cells.size()) {
      errors.push_back({at, "", fmt::format("{} cells, but the header has {} columns", row.cells.size(), header.cells.size())});
      continue;
    }
    kitchen::imported_item item;
    item.at = at;
    item.name = trim(cell("name"));
    if (item.name.empty()) errors.push_back({at, "name", "name is required"});
    item.category = trim(cell("category"));
    item.description = trim(cell("description"));
    const std::string price = trim(cell("price"));
    if (auto amount = money_from_text(price); amount && !price.starts_with('+')) {
      item.price = *amount;
    } else {
      errors.push_back({at, "price", price.empty() ? "price is required" : fmt::format("'{}' is not a price like 12.50", price)});
    }
    item.station = trim(cell("station"));
    if (const std::string course = trim(cell("course")); !course.empty()) {
      if (course.size() == 1 && course[0] >= '0' && course[0] <= '9') {
        item.course = course[0] - '0';
      } else {
        errors.push_back({at, "course", fmt::format("'{}' is not a course number (1 starters, 2 mains, 3 desserts)", course)});
      }
    }
    if (const std::string prep = trim(cell("prep_minutes")); !prep.empty()) {
      if (const auto minutes = whole_number(prep)) {
        item.prep_minutes = *minutes;
      } else {
        errors.push_back({at, "prep_minutes", fmt::format("'{}' is not a number of minutes", prep)});
      }
    }
    for (auto& allergen : split(cell("allergens"), ';')) item.allergens.push_back(lower(std::move(allergen)));
    item.tags = split(cell("tags"), ';');
    if (!yes_or_no(cell("available"), item.available)) {
      errors.push_back({at, "available", fmt::format("'{}' is not yes or no", trim(cell("available")))});
    }
    for (const auto& group_text : split(cell("modifiers"), ';')) {
      std::string problem;
      auto group = parse_group(group_text, problem);
      if (!group) {
        errors.push_back({at, "modifiers", problem});
        continue;
      }
      item.modifier_groups.push_back(group->name);
      if (!group->definition) continue;
      group->definition->at = at;
      const auto [known, first] = defined.try_emplace(group->name, *group->definition, row.line);
      if (!first && !same_definition(known->second.first, *group->definition)) {
        errors.push_back({at, "modifiers",
                          fmt::format("group '{}' is defined differently on line {}", group->name, known->second.second)});
      } else if (first) {
        out.document.groups.push_back(*group->definition);
      }
    }
    out.document.items.push_back(std::move(item));
  }
  return out;
}

std::string modifiers_cell(const std::vector<kitchen::modifier_group>& groups) {
  std::vector<std::string> cells;
  for (const auto& group : groups) {
    std::vector<std::string> options;
    for (const auto& option : group.options) {
      // A name whose last word starts like a price ("size +1") gets its
      // delta written even when 0, so it reads back as the name.
      const size_t space = option.name.find_last_of(' ');
      const bool price_like = space != std::string::npos && space + 1 < option.name.size() &&
                              (option.name[space + 1] == '+' || option.name[space + 1] == '-');
      const bool with_delta = option.price_delta != 0 || price_like;
      options.push_back(with_delta ? option.name + " " + money_cell(option.price_delta) : option.name);
    }
    cells.push_back(fmt::format("{} [{}-{}]: {}", group.name, group.min_choices, group.max_choices, fmt::join(options, " | ")));
  }
  return fmt::format("{}", fmt::join(cells, "; "));
}

}  // namespace brigade::api
