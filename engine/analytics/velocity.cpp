// Velocity: how long people stay in each stage, from entering it to leaving it (stays not
// yet over are counted apart), as median and 90th percentile in days.
#include <array>

#include "engine/analytics/analytics.h"
#include "engine/analytics/people.h"

namespace tandem {

ordered_json velocity_report(const Workspace& ws, const Replay& replay) {
  (void)ws;
  std::array<std::vector<double>, kStageCount> days;
  std::array<long long, kStageCount> ongoing{};
  for (std::size_t p = 0; p < replay.contacts.size(); ++p) {
    if (!replay.contacts[p].exists) continue;
    const StageChange* entered = nullptr;
    for (auto* h = history_begin(replay, p); h != history_end(replay, p); ++h) {
      if (h->to == h->from && entered) continue;  // a rejection or an overturn: same stage
      if (entered && entered->at != kNoTime && h->at != kNoTime)
        days[static_cast<std::size_t>(entered->to)].push_back(
            static_cast<double>(h->at - entered->at) / kMillisPerDay);
      entered = h;
    }
    if (entered) ++ongoing[static_cast<std::size_t>(entered->to)];
  }
  ordered_json stages = ordered_json::object();
  for (std::size_t s = 0; s < kStageCount; ++s) {
    if (s == static_cast<std::size_t>(Stage::Visitor)) continue;
    stages[std::string(stage_name(static_cast<Stage>(s)))] = {
        {"stays", days[s].size()},
        {"ongoing", ongoing[s]},
        {"median_days", round4(quantile(days[s], 0.5))},
        {"p90_days", round4(quantile(days[s], 0.9))}};
  }
  ordered_json rows = ordered_json::array();
  for (const auto& [name, v] : stages.items()) {
    ordered_json row = {{"stage", name}};
    row.update(v);
    rows.push_back(row);
  }
  return {{"now", format_iso8601(replay.now)}, {"stages", rows}};
}

}  // namespace tandem
