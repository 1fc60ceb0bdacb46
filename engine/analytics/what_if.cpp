#include "engine/analytics/what_if.h"

#include <algorithm>
#include <array>
#include <limits>
#include <vector>

#include "engine/analytics/model.h"
#include "engine/analytics/people.h"
#include "engine/analytics/reports.h"

namespace tandem {
namespace {

// Whether two configs differ at most in the stage thresholds (and when they were updated).
bool only_thresholds_differ(nlohmann::json a, nlohmann::json b) {
  for (auto* config : {&a, &b}) {
    if (!config->is_object()) return false;
    config->erase("updated");
    if (auto stages = config->find("stages"); stages != config->end() && stages->is_object())
      for (const auto* key : {"mql_score", "sql_score", "hysteresis"})
        stages->erase(key);
  }
  return a == b;
}

// The replay under `changed`, given `before` under the workspace's own config. When only the
// thresholds moved, no score changes and a person's stages depend on their own history alone:
// whoever no stage check ever saw reach the lowest threshold of either config (mql, sql or
// the hysteresis line) goes through the same stages, so only the others are replayed.
Replay what_if_replay(const Workspace& ws, const Replay& before, const nlohmann::json& node,
                      const Config& changed, Millis now) {
  const auto& own = ws.config();
  if (own.model.points > 0 || changed.model.points > 0 ||
      !only_thresholds_differ(ws.config_json(), node))
    return replay_scored(ws, changed, now).replay;
  double lowest = std::numeric_limits<double>::infinity();
  for (const auto* stages : {&own.stages, &changed.stages})
    lowest = std::min(
        {lowest, stages->mql_score, stages->sql_score, stages->mql_score - stages->hysteresis});
  std::vector<std::uint8_t> only(before.contacts.size());
  for (std::size_t p = 0; p < only.size(); ++p)
    only[p] = before.contacts[p].peak >= lowest;
  ReplayOptions options;
  options.only = &only;
  auto after = replay(ws, changed, now, options);
  for (std::size_t p = 0; p < only.size() && p < after.contacts.size(); ++p)
    if (!only[p]) after.contacts[p] = before.contacts[p];
  return after;
}

nlohmann::ordered_json stage_counts(const Replay& r) {
  nlohmann::ordered_json stages = nlohmann::ordered_json::object();
  std::array<long long, kStageCount> n{};
  for (const auto& c : r.contacts)
    if (c.exists) ++n[static_cast<std::size_t>(c.stage)];
  for (std::size_t s = 0; s < kStageCount; ++s)
    stages[std::string(stage_name(static_cast<Stage>(s)))] = n[s];
  return stages;
}

}  // namespace

std::optional<TriedConfig> read_tried_config(std::string_view config_json, Problems& problems) {
  auto node = parse_json_text(config_json);
  if (!node.is_object()) {
    problems.errors.push_back({"/config", "the config to try is not a JSON object"});
    return std::nullopt;
  }
  Config config = parse_config(node, problems);
  if (!problems.ok()) return std::nullopt;
  return TriedConfig{std::move(node), std::move(config)};
}

std::string what_if_json(const Workspace& ws, const Replay& before, const TriedConfig& tried,
                         Millis now) {
  const auto after = what_if_replay(ws, before, tried.node, tried.config, now);
  // Both replays list the same people in the same order: only the config differs.
  nlohmann::ordered_json contacts = nlohmann::ordered_json::array();
  std::size_t moved = 0;
  for (std::size_t p = 0; p < before.contacts.size() && p < after.contacts.size(); ++p) {
    const auto &b = before.contacts[p], &a = after.contacts[p];
    if (!b.exists && !a.exists) continue;
    const double sb = rounded(b.score()), sa = rounded(a.score());
    if (b.stage == a.stage && sb == sa) continue;
    moved += b.stage != a.stage;
    contacts.push_back({{"id", ws.keys()[b.key]},
                        {"name", display_name(ws, b.key)},
                        {"moved", b.stage != a.stage},
                        {"stage_before", stage_name(b.stage)},
                        {"stage_after", stage_name(a.stage)},
                        {"score_before", sb},
                        {"score_after", sa},
                        {"score_delta", rounded(sa - sb)}});
  }
  nlohmann::ordered_json result = {{"now", format_iso8601(now)},
                                   {"before", {{"stages", stage_counts(before)}}},
                                   {"after", {{"stages", stage_counts(after)}}},
                                   {"changed", contacts.size()},
                                   {"moved", moved},
                                   {"contacts", contacts}};
  return result.dump(2);
}

}  // namespace tandem
