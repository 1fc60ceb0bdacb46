#include "engine/base/report.h"

#include <cmath>

namespace tandem {

nlohmann::ordered_json time_or_null(Millis at) {
  using ordered = nlohmann::ordered_json;
  return at == kNoTime ? ordered(nullptr) : ordered(format_iso8601(at));
}

double rounded(double points) {
  const double r = std::round(points * 100) / 100;
  return r == 0 ? 0.0 : r;  // no "-0.0"
}

std::string csv_cell(std::string_view text) {
  std::string cell(text);
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
                        cell[0] == '\t' || cell[0] == '\r'))
    cell.insert(cell.begin(), '\'');
  if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace tandem
