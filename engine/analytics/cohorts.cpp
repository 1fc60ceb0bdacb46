// Conversion by monthly cohort: people grouped by the month they became a lead, and for
// each cohort how many reached each stage of the funnel and the share that went on.
#include <array>
#include <map>

#include "engine/analytics/analytics.h"
#include "engine/analytics/people.h"

namespace tandem {

namespace {

constexpr std::array<Stage, 5> line = {Stage::Lead, Stage::Mql, Stage::Sql, Stage::Opportunity,
                                       Stage::Customer};

}  // namespace

ordered_json cohorts_report(const Workspace& ws, const Replay& replay) {
  (void)ws;
  struct Cohort {
    std::array<long long, line.size()> reached{};
    std::array<long long, line.size()> went_on{};
  };
  std::map<std::string, Cohort> cohorts;
  for (std::size_t p = 0; p < replay.contacts.size(); ++p) {
    if (!replay.contacts[p].exists) continue;
    Millis joined = kNoTime;
    bool named = false;
    std::array<bool, kStageCount> seen{};
    for (auto* h = history_begin(replay, p); h != history_end(replay, p); ++h) {
      if (h->cause == Cause::Created && !named) {
        named = true;
        joined = h->at;
      }
      seen[static_cast<std::size_t>(h->to)] = true;
    }
    if (!named) continue;
    auto& c = cohorts[joined == kNoTime ? std::string("(no date)") : month_of(joined)];
    for (std::size_t i = 0; i < line.size(); ++i) {
      const bool here = seen[static_cast<std::size_t>(line[i])];
      c.reached[i] += here;
      if (i + 1 < line.size()) c.went_on[i] += here && seen[static_cast<std::size_t>(line[i + 1])];
    }
  }
  ordered_json rows = ordered_json::array();
  for (const auto& [month, c] : cohorts) {
    ordered_json row = {{"cohort", month}};
    for (std::size_t i = 0; i < line.size(); ++i)
      row[std::string(stage_name(line[i]))] = c.reached[i];
    for (std::size_t i = 0; i + 1 < line.size(); ++i)
      row[std::string(stage_name(line[i])) + "\u2192" + std::string(stage_name(line[i + 1]))] =
          ratio(static_cast<double>(c.went_on[i]), static_cast<double>(c.reached[i]));
    rows.push_back(row);
  }
  return {{"now", format_iso8601(replay.now)}, {"cohorts", rows}};
}

}  // namespace tandem
