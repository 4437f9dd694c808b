#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace brigade::metrics {

enum class metric_type { counter, gauge, histogram };

/// One line of the exposition: `name{labels} value`, where `name` is the
/// family's name plus `suffix` (`_bucket`, `_sum`, `_count` for histograms).
/// Plain value type.
struct sample {
  std::string suffix;
  std::vector<std::pair<std::string, std::string>> labels;
  double value = 0;
};

/// A family's HELP, TYPE and samples, as collected at scrape time.
/// Plain value type.
struct family_snapshot {
  std::string name;
  std::string help;
  metric_type type = metric_type::counter;
  std::vector<sample> samples;
};

/// The Prometheus text exposition format, version 0.0.4: for each family a
/// `# HELP` and a `# TYPE` line, then its samples; ends with a newline.
/// Pure function; thread-safe.
std::string render(const std::vector<family_snapshot>& families);

/// The Content-Type of `render`'s output.
inline constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

/// A label value as it goes between the quotes: `\` → `\\`, `"` → `\"`,
/// newline → `\n`. Pure function.
std::string escape_label_value(std::string_view value);
/// HELP text: `\` → `\\`, newline → `\n` (quotes stay). Pure function.
std::string escape_help(std::string_view help);
/// A sample value: integers without a fraction, `+Inf`, `-Inf`, `NaN`,
/// otherwise the shortest text that reads back as the same double.
/// Pure function.
std::string format_value(double value);
/// Whether `name` is a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*) or,
/// with `label`, a valid label name ([a-zA-Z_][a-zA-Z0-9_]*, not `__...`).
bool valid_name(std::string_view name, bool label = false);

}  // namespace brigade::metrics
