// What every report shares: the options a report takes, and how its values print (points,
// times, CSV cells), so that every layer's reports write them alike.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/time.h"

namespace tandem {

// Choices some reports take; each, when set, overrides the workspace config's own
// (`config.model`, `config.calibration`). docs/analytics.md lists them.
struct ReportOptions {
  std::vector<std::string> exclude;          // model: fields that leak the outcome
  std::optional<double> min_monthly_volume;  // calibration: SQLs a month the threshold must give
  std::string goal;                          // calibration: "close_rate" or "revenue"
  std::string contact;                       // crosssell: the customer to suggest for
  std::optional<int> months;                 // month_ends: how many points the trends count
};

// A time as reports print it: ISO-8601, or null when there is none.
nlohmann::ordered_json time_or_null(Millis at);

// Points as printed: two decimals.
double rounded(double points);

// A CSV cell: quoted when needed; text that a spreadsheet would run as a formula is defused.
std::string csv_cell(std::string_view text);

}  // namespace tandem
