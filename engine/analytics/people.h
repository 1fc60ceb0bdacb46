// What analytics reads about each person of a replay kept with history: the stages they
// reached, how their story ended (won, lost or still open), their fields and their ops.
// Shared by the funnel, the scorecard, calibration and the model.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lifecycle/lifecycle.h"

namespace tandem {

enum class Result : std::uint8_t { Open, Won, Lost };

// Won: the person ever reached customer. Lost: otherwise, a deal_lost or a disqualification.
struct PersonResult {
  Result result = Result::Open;
  Millis at = kNoTime;  // when it was decided
  double score = 0;     // the rule-based score at that moment
};

// Person p's stage changes (the replay must keep history).
inline const StageChange* history_begin(const Replay& r, std::size_t p) {
  return r.history.data() + r.history_start[p];
}
inline const StageChange* history_end(const Replay& r, std::size_t p) {
  return r.history.data() + r.history_start[p + 1];
}

PersonResult person_result(const Replay& replay, std::size_t p);

// Whether person p ever entered `stage` (by `now`).
bool reached(const Replay& replay, std::size_t p, Stage stage);

// A field of person p: the first of their contact rows that has it.
FieldView person_field(const Workspace& ws, const Replay& replay, std::size_t p,
                       std::string_view name);

// How a list names the person of `key`: their own record's name, else its first and last names
// joined by a space (a CRM export may give only those); "" for a visitor or a record with none.
// Only text values count.
std::string display_name(const Workspace& ws, std::uint32_t key);

// "2026-03" for a time.
std::string month_of(Millis at);

// The q-quantile (0..1) by the nearest-rank method; 0 for no values.
double quantile(std::vector<double> values, double q);

// Area under the ROC curve of scores against outcomes (ties count half); 0.5 when either
// class is empty.
double area_under_curve(const std::vector<double>& scores, const std::vector<std::uint8_t>& won);

// A ratio, 0 when the denominator is 0, rounded to four decimals.
double ratio(double num, double den);

// A number rounded to four decimals (no "-0").
double round4(double x);

// A deterministic 64-bit hash (FNV-1a) of text, for seeded splits.
std::uint64_t stable_hash(std::string_view text);

}  // namespace tandem
