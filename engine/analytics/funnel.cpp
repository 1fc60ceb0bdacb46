// The funnel: how many people are in each stage as of `now`, how each source converts to
// customers, and what share of those who reached a stage went on to the next one.
#include <array>
#include <map>

#include "engine/analytics/analytics.h"
#include "engine/analytics/people.h"

namespace tandem {

namespace {

// The main line of the funnel, in order.
constexpr std::array<Stage, 5> kLine = {Stage::Lead, Stage::Mql, Stage::Sql, Stage::Opportunity,
                                        Stage::Customer};

std::string source_of(const Workspace& ws, const Replay& replay, std::size_t p) {
  const auto v = person_field(ws, replay, p, "source");
  if (v.kind == FieldView::Kind::String && !v.text.empty()) return std::string(v.text);
  if (v.kind == FieldView::Kind::Number) return nlohmann::json(v.number).dump();
  return "(none)";
}

}  // namespace

ordered_json funnel_report(const Workspace& ws, const Replay& replay) {
  std::array<long long, kStageCount> counts{};
  std::array<long long, kStageCount> reached_count{};
  std::array<long long, kLine.size()> went_on{};
  struct SourceCount {
    long long contacts = 0, customers = 0;
  };
  std::map<std::string, SourceCount> sources;
  for (std::size_t p = 0; p < replay.contacts.size(); ++p) {
    const auto& c = replay.contacts[p];
    if (!c.exists) continue;
    ++counts[static_cast<std::size_t>(c.stage)];
    std::array<bool, kStageCount> seen{};
    for (auto* h = history_begin(replay, p); h != history_end(replay, p); ++h)
      seen[static_cast<std::size_t>(h->to)] = true;
    for (std::size_t s = 0; s < kStageCount; ++s)
      reached_count[s] += seen[s];
    for (std::size_t i = 0; i + 1 < kLine.size(); ++i)
      if (seen[static_cast<std::size_t>(kLine[i])] && seen[static_cast<std::size_t>(kLine[i + 1])])
        ++went_on[i];
    if (Workspace::is_visitor_key(ws.keys()[c.key]) && c.stage == Stage::Visitor) continue;
    auto& source = sources[source_of(ws, replay, p)];
    ++source.contacts;
    source.customers += seen[static_cast<std::size_t>(Stage::Customer)];
  }
  ordered_json stages = ordered_json::object(), reached_json = ordered_json::object();
  for (std::size_t s = 0; s < kStageCount; ++s) {
    stages[std::string(stage_name(static_cast<Stage>(s)))] = counts[s];
    reached_json[std::string(stage_name(static_cast<Stage>(s)))] = reached_count[s];
  }
  ordered_json by_source = ordered_json::object();
  for (const auto& [name, n] : sources)
    by_source[name] = {
        {"contacts", n.contacts},
        {"customers", n.customers},
        {"conversion", ratio(static_cast<double>(n.customers), static_cast<double>(n.contacts))}};
  ordered_json conversion = ordered_json::object();
  for (std::size_t i = 0; i + 1 < kLine.size(); ++i) {
    const std::string key =
        std::string(stage_name(kLine[i])) + "\u2192" + std::string(stage_name(kLine[i + 1]));
    conversion[key] = ratio(static_cast<double>(went_on[i]),
                            static_cast<double>(reached_count[static_cast<std::size_t>(kLine[i])]));
  }
  return {{"now", format_iso8601(replay.now)},
          {"stages", stages},
          {"reached", reached_json},
          {"by_source", by_source},
          {"conversion", conversion}};
}

}  // namespace tandem
