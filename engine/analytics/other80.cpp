// "The other 80": everyone who has not progressed to sales (or came back from it), bucketed
// by why: disqualified (by reason), sent back by sales (dark, lost, not ready, rejection
// upheld), slipped back from mql, unreachable, a poor fit, no engagement, or short of the
// score.
#include <map>

#include "engine/analytics/analytics.h"
#include "engine/analytics/people.h"

namespace tandem {

namespace {

std::string why_not(const Workspace& ws, const Replay& replay, std::size_t p) {
  const auto& c = replay.contacts[p];
  const StageChange* last = nullptr;
  for (auto* h = history_begin(replay, p); h != history_end(replay, p); ++h)
    if (h->to != h->from) last = h;
  if (c.stage == Stage::Disqualified) {
    const auto* v = last && last->op != kNone ? ws.prop(last->op, "reason") : nullptr;
    return "disqualified: " +
           (v && v->is_string() ? v->get<std::string>() : std::string("(no reason)"));
  }
  if (c.stage == Stage::Nurture && last) {
    switch (last->cause) {
      case Cause::Dark:
        return "sent back: went dark";
      case Cause::DealLost:
        return "sent back: deal lost";
      case Cause::NotReady:
        return "sent back: not ready";
      case Cause::Review:
        return "sent back: rejection upheld";
      default:
        break;
    }
  }
  if (c.unsubscribed || c.bounced || c.consent_withdrawn) return "unreachable";
  if (last && (last->cause == Cause::Decay || last->cause == Cause::ScoreDrop))
    return "slipped back from mql";
  if (c.fit < 0) return "poor fit";
  if (c.behaviour <= 0) return "no engagement";
  return "short of the mql score";
}

}  // namespace

ordered_json other80_report(const Workspace& ws, const Replay& replay) {
  std::map<std::string, std::vector<std::string>> buckets;
  long long everyone = 0;
  for (std::size_t p = 0; p < replay.contacts.size(); ++p) {
    const auto& c = replay.contacts[p];
    if (!c.exists || c.stage == Stage::Visitor) continue;
    ++everyone;
    if (c.stage == Stage::Sql || c.stage == Stage::Opportunity || c.stage == Stage::Customer ||
        c.stage == Stage::Mql)
      continue;
    buckets[why_not(ws, replay, p)].push_back(ws.keys()[c.key]);
  }
  ordered_json rows = ordered_json::array();
  long long total = 0;
  for (const auto& [why, ids] : buckets) {
    total += static_cast<long long>(ids.size());
    rows.push_back(
        {{"bucket", why},
         {"contacts", ids.size()},
         {"share", ratio(static_cast<double>(ids.size()), static_cast<double>(everyone))},
         {"ids", ids}});
  }
  return {{"now", format_iso8601(replay.now)},
          {"contacts", everyone},
          {"not_progressed", total},
          {"buckets", rows}};
}

}  // namespace tandem
