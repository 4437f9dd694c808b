#include "common/metrics/exposition.hpp"

#include <charconv>
#include <cmath>

namespace brigade::metrics {
namespace {

std::string_view type_name(metric_type type) {
  switch (type) {
    case metric_type::counter:
      return "counter";
    case metric_type::gauge:
      return "gauge";
    case metric_type::histogram:
      return "histogram";
  }
  return "untyped";
}

bool name_char(char c, bool first, bool label) {
  const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (!label && c == ':');
  return letter || (!first && c >= '0' && c <= '9');
}

enum class quotes { escaped, kept };

// The format's two escapings differ only in the double quote.
std::string escape(std::string_view text, quotes q) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && q == quotes::escaped) {
      out += "\\\"";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string escape_label_value(std::string_view value) {
  return escape(value, quotes::escaped);
}

std::string escape_help(std::string_view help) {
  return escape(help, quotes::kept);
}

std::string format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[32];
  // Shortest round-trip form; whole numbers print without a fraction.
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

bool valid_name(std::string_view name, bool label) {
  if (name.empty()) return false;
  if (label && name.starts_with("__")) return false;  // reserved for Prometheus itself
  for (size_t i = 0; i < name.size(); ++i) {
    if (!name_char(name[i], i == 0, label)) return false;
  }
  return true;
}

std::string render(const std::vector<family_snapshot>& families) {
  std::string out;
  for (const auto& f : families) {
    out += "# HELP ";
    out += f.name;
    out += ' ';
    out += escape_help(f.help);
    out += "\n# TYPE ";
    out += f.name;
    out += ' ';
    out += type_name(f.type);
    out += '\n';
    for (const auto& s : f.samples) {
      out += f.name;
      out += s.suffix;
      if (!s.labels.empty()) {
        out += '{';
        for (size_t i = 0; i < s.labels.size(); ++i) {
          if (i > 0) out += ',';
          out += s.labels[i].first;
          out += "=\"";
          out += escape_label_value(s.labels[i].second);
          out += '"';
        }
        out += '}';
      }
      out += ' ';
      out += format_value(s.value);
      out += '\n';
    }
  }
  return out;
}

}  // namespace brigade::metrics
