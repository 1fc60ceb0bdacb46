// The alignment scorecard both teams review together: MQLs delivered per month against the
// marketing SLA, speed to lead, acceptance and rejection of handoffs, review outcomes, how
// many SQLs went dark, the close ratio with the revenue won, and the objections heard.
#include <map>

#include "engine/analytics/analytics.h"
#include "engine/analytics/people.h"

namespace tandem {

namespace {

std::string text_prop_or(const Workspace& ws, std::uint32_t op, const char* name,
                         const char* fallback) {
  if (op == kNone) return fallback;
  const auto* v = ws.prop(op, name);
  return v && v->is_string() && !v->get_ref<const std::string&>().empty() ? v->get<std::string>()
                                                                          : std::string(fallback);
}

ordered_json counts_json(const std::map<std::string, long long>& counts) {
  ordered_json out = ordered_json::object();
  for (const auto& [k, n] : counts)
    out[k] = n;
  return out;
}

}  // namespace

ordered_json scorecard_report(const Workspace& ws, const Replay& replay) {
  std::map<std::string, long long> mql_months, rejection_reasons, objections;
  std::vector<double> speed_hours;
  long long handoffs = 0, accepted = 0, rejected = 0, upheld = 0, overturned = 0, dark = 0;
  long long won = 0, lost = 0, untouched = 0;
  double revenue = 0;
  const std::uint16_t touch = static_cast<std::uint16_t>(OpType::Touch);
  for (std::size_t p = 0; p < replay.contacts.size(); ++p) {
    if (!replay.contacts[p].exists) continue;
    for (auto* h = history_begin(replay, p); h != history_end(replay, p); ++h) {
      if (h->to == Stage::Mql && h->from != Stage::Mql && h->at != kNoTime)
        ++mql_months[month_of(h->at)];
      if (h->to == Stage::Sql && h->from != Stage::Sql) {
        ++handoffs;
        // Speed to lead: from the handoff to the first sales touch after it.
        bool touched = false;
        for (auto j = replay.op_start[p]; j < replay.op_start[p + 1]; ++j) {
          const auto op = replay.ops[j];
          if (ws.ops().type[op] != touch || ws.ops().at[op] < h->at) continue;
          if (ws.ops().at[op] > replay.now) break;
          speed_hours.push_back(static_cast<double>(ws.ops().at[op] - h->at) / kMillisPerHour);
          touched = true;
          break;
        }
        untouched += !touched;
      }
      switch (h->cause) {
        case Cause::Accept:
        case Cause::AutoAccept:
          ++accepted;
          break;
        case Cause::Reject:
          ++rejected;
          ++rejection_reasons[text_prop_or(ws, h->op, "reason", "(no reason)")];
          break;
        case Cause::Review:
          ++(h->to == Stage::Sql ? overturned : upheld);
          break;
        case Cause::Dark:
          ++dark;
          break;
        case Cause::DealLost:
          ++lost;
          ++objections[text_prop_or(ws, h->op, "objection", "(none given)")];
          break;
        default:
          break;
      }
      if (h->to == Stage::Customer && h->from != Stage::Customer) {
        ++won;
        if (h->op != kNone)
          if (const auto* amount = ws.prop(h->op, "amount"); amount && amount->is_number())
            revenue += amount->get<double>();
      }
    }
  }
  const int target = ws.config().sla.mql_per_month;
  long long months_met = 0;
  for (const auto& [month, n] : mql_months)
    months_met += target > 0 && n >= target;
  const auto h = static_cast<double>(handoffs);
  return {{"now", format_iso8601(replay.now)},
          {"mqls_per_month", counts_json(mql_months)},
          {"mql_target_per_month", target},
          {"months_target_met", months_met},
          {"handoffs", handoffs},
          {"speed_to_lead_hours",
           {{"touched", speed_hours.size()},
            {"untouched", untouched},
            {"median", round4(quantile(speed_hours, 0.5))},
            {"p90", round4(quantile(speed_hours, 0.9))}}},
          {"accepted", accepted},
          {"rejected", rejected},
          {"acceptance_rate", ratio(static_cast<double>(accepted), h)},
          {"rejection_rate", ratio(static_cast<double>(rejected), h)},
          {"rejection_reasons", counts_json(rejection_reasons)},
          {"reviews", {{"upheld", upheld}, {"overturned", overturned}}},
          {"dark", dark},
          {"dark_rate", ratio(static_cast<double>(dark), h)},
          {"won", won},
          {"lost", lost},
          {"close_ratio", ratio(static_cast<double>(won), static_cast<double>(won + lost))},
          {"won_revenue", revenue},
          {"objections", counts_json(objections)}};
}

}  // namespace tandem
