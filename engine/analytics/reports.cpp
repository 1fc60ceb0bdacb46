#include "engine/analytics/reports.h"

#include <date/date.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>

#include "engine/analytics/people.h"
#include "engine/analytics/report_kinds.h"
#include "engine/scoring/decay.h"

namespace tandem {
namespace {

using ordered = nlohmann::ordered_json;

std::string number_text(double points) {
  return nlohmann::json(rounded(points)).dump();
}

}  // namespace

std::string stages_json(const Workspace& ws, const Replay& replay) {
  std::array<long long, kStageCount> counts{};
  long long contacts = 0;
  for (const auto& c : replay.contacts) {
    if (!c.exists) continue;
    ++counts[static_cast<std::size_t>(c.stage)];
    ++contacts;
  }
  ordered stages = ordered::object();
  for (std::size_t s = 0; s < kStageCount; ++s)
    stages[std::string(stage_name(static_cast<Stage>(s)))] = counts[s];
  // The log is in time order: the ops up to now are a prefix of it.
  const auto& at = ws.ops().at;
  const auto ops = std::upper_bound(at.begin(), at.end(), replay.now) - at.begin();
  ordered out = {{"now", format_iso8601(replay.now)},
                 {"contacts", contacts},
                 {"ops", ops},
                 {"stages", stages}};
  return out.dump(2);
}

std::string stages_csv(const Replay& replay) {
  std::array<long long, kStageCount> counts{};
  for (const auto& c : replay.contacts)
    if (c.exists) ++counts[static_cast<std::size_t>(c.stage)];
  std::string out = "stage,contacts\n";
  for (std::size_t s = 0; s < kStageCount; ++s)
    out += std::string(stage_name(static_cast<Stage>(s))) + "," + std::to_string(counts[s]) + "\n";
  return out;
}

std::string contacts_json(const Workspace& ws, const Replay& replay) {
  std::string out = "{\n  \"now\": \"" + format_iso8601(replay.now) + "\",\n  \"contacts\": [";
  bool first = true;
  for (const auto& c : replay.contacts) {
    if (!c.exists) continue;
    ordered row = {{"id", ws.keys()[c.key]},
                   {"name", display_name(ws, c.key)},
                   {"stage", stage_name(c.stage)},
                   {"score", rounded(c.score())},
                   {"fit", rounded(c.fit)},
                   {"behaviour", rounded(c.behaviour)},
                   {"owner", c.owner == kNone ? ordered(nullptr) : ordered(replay.owners[c.owner])},
                   {"in_review", c.in_review}};
    out += first ? "\n    " : ",\n    ";
    out += row.dump();
    first = false;
  }
  out += first ? "]\n}" : "\n  ]\n}";
  return out;
}

std::string contacts_csv(const Workspace& ws, const Replay& replay) {
  std::string out = "id,stage,score,fit,behaviour,owner,in_review\n";
  for (const auto& c : replay.contacts) {
    if (!c.exists) continue;
    out += csv_cell(ws.keys()[c.key]) + "," + std::string(stage_name(c.stage)) + "," +
           number_text(c.score()) + "," + number_text(c.fit) + "," + number_text(c.behaviour) +
           "," + (c.owner == kNone ? "" : csv_cell(replay.owners[c.owner])) + "," +
           (c.in_review ? "true" : "false") + "\n";
  }
  return out;
}

std::vector<Millis> month_ends(Millis now, int months) {
  months = std::clamp(months, 1, 120);
  const auto day = date::floor<date::days>(
      date::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(now)));
  const date::year_month_day ymd{day};
  const auto month = ymd.year() / ymd.month();
  std::vector<Millis> out;
  for (int i = months - 1; i >= 1; --i) {
    // The first day of the month after the one counted, less a second.
    const date::sys_days next{(month - date::months{i - 1}) / 1};
    out.push_back(
        std::chrono::duration_cast<std::chrono::milliseconds>(next.time_since_epoch()).count() -
        1000);
  }
  out.push_back(now);
  return out;
}

namespace {

int months_of(const ReportOptions& options) {
  return options.months.value_or(6);
}

}  // namespace

std::string month_ends_json(const Replay& replay, const ReportOptions& options) {
  ordered ends = ordered::array();
  const int months = std::clamp(months_of(options), 1, 120);
  for (const auto at : month_ends(replay.now, months))
    ends.push_back(format_iso8601(at));
  ordered out = {{"now", format_iso8601(replay.now)}, {"months", months}, {"month_ends", ends}};
  return out.dump(2);
}

std::string month_ends_csv(const Replay& replay, const ReportOptions& options) {
  std::string out = "month_end\n";
  for (const auto at : month_ends(replay.now, months_of(options)))
    out += format_iso8601(at) + "\n";
  return out;
}

namespace {

// Each person's deal as the log last recorded it: the last of their accept (an open
// opportunity), deal_won and deal_lost ops up to `now`, with its amount and products or its
// objection. People with none are left out.
struct Deal {
  std::string_view id;
  std::uint32_t op;
  OpType type;
  const nlohmann::json* amount = nullptr;     // won
  const nlohmann::json* products = nullptr;   // won
  const nlohmann::json* objection = nullptr;  // lost
  std::string_view outcome() const {
    return type == OpType::DealWon ? "won" : type == OpType::DealLost ? "lost" : "open";
  }
};

std::vector<Deal> last_deals(const Workspace& ws, const Replay& replay) {
  std::vector<Deal> deals;
  const auto& o = ws.ops();
  for (std::uint32_t p = 0; p < replay.contacts.size(); ++p) {
    if (!replay.contacts[p].exists) continue;
    for (auto j = replay.op_start[p + 1]; j-- > replay.op_start[p];) {
      const auto i = replay.ops[j];
      const auto type = static_cast<OpType>(o.type[i]);
      if (o.at[i] > replay.now ||
          (type != OpType::Accept && type != OpType::DealWon && type != OpType::DealLost))
        continue;
      Deal deal{ws.keys()[replay.contacts[p].key], i, type};
      if (type == OpType::DealWon) {
        deal.amount = ws.prop(i, "amount");
        deal.products = ws.prop(i, "products");
      } else if (type == OpType::DealLost) {
        deal.objection = ws.prop(i, "objection");
      }
      deals.push_back(deal);
      break;
    }
  }
  return deals;
}

}  // namespace

std::string deals_json(const Workspace& ws, const Replay& replay) {
  std::string out = "{\n  \"now\": \"" + format_iso8601(replay.now) + "\",\n  \"deals\": [";
  bool first = true;
  for (const auto& deal : last_deals(ws, replay)) {
    out.append(first ? "\n    " : ",\n    ")
        .append("{\"id\":")
        .append(nlohmann::json(std::string(deal.id)).dump())
        .append(",\"outcome\":\"")
        .append(deal.outcome())
        .append("\",\"at\":\"")
        .append(format_iso8601(ws.ops().at[deal.op]))
        .append("\"");
    if (deal.type == OpType::DealWon)
      out.append(",\"amount\":")
          .append(deal.amount ? deal.amount->dump() : "0")
          .append(",\"products\":")
          .append(deal.products ? deal.products->dump() : "[]");
    if (deal.type == OpType::DealLost)
      out.append(",\"objection\":").append(deal.objection ? deal.objection->dump() : "\"\"");
    out += "}";
    first = false;
  }
  out += first ? "]\n}" : "\n  ]\n}";
  return out;
}

namespace {

// A prop as a CSV cell: text as it is, anything else as JSON; a list of texts joined by "; ".
std::string prop_cell(const nlohmann::json* value) {
  if (!value) return "";
  if (value->is_string()) return csv_cell(value->get_ref<const std::string&>());
  if (!value->is_array()) return csv_cell(value->dump());
  std::string joined;
  for (const auto& item : *value)
    joined.append(joined.empty() ? "" : "; ")
        .append(item.is_string() ? item.get_ref<const std::string&>() : item.dump());
  return csv_cell(joined);
}

}  // namespace

std::string deals_csv(const Workspace& ws, const Replay& replay) {
  std::string out = "id,outcome,at,amount,products,objection\n";
  for (const auto& deal : last_deals(ws, replay))
    out.append(csv_cell(deal.id))
        .append(",")
        .append(deal.outcome())
        .append(",")
        .append(format_iso8601(ws.ops().at[deal.op]))
        .append(",")
        .append(deal.type == OpType::DealWon && !deal.amount ? "0" : prop_cell(deal.amount))
        .append(",")
        .append(prop_cell(deal.products))
        .append(",")
        .append(prop_cell(deal.objection))
        .append("\n");
  return out;
}

std::optional<std::string> report_text(const Workspace& ws, const Replay& replay,
                                       std::string_view kind, std::string_view format,
                                       Problems& problems, const ReportOptions& options,
                                       const ScoredReplay* scored) {
  if (format != "json" && format != "csv") {
    problems.errors.push_back({"", "unknown format \"" + std::string(format) + "\": json or csv"});
    return std::nullopt;
  }
  const auto* row = find_report_kind(kind);
  if (!row) {
    problems.errors.push_back(
        {"", "unknown report \"" + std::string(kind) + "\": one of " + report_kind_list()});
    return std::nullopt;
  }
  const ReportInput in{ws, replay, options, scored};
  return format == "csv" ? row->csv(in) : row->json(in);
}

std::string explain_json(const Workspace& ws, const ContactState& state, const Trace& trace,
                         const Interner& owners, Millis now) {
  const auto& cfg = ws.config();
  ordered fit = ordered::array();
  for (const auto& hit : trace.fit)
    fit.push_back({{"rule", cfg.fit[hit.rule].id}, {"points", rounded(hit.points)}});
  if (trace.model_chance >= 0)
    fit.push_back({{"rule", "model"},
                   {"points", rounded(trace.model_points)},
                   {"probability", std::round(trace.model_chance * 10000) / 10000}});
  ordered contributions = ordered::array();
  for (const auto& c : trace.contributions) {
    const Millis at = ws.ops().at[c.op];
    const double now_points = c.reset ? 0.0 : c.earned * decay_factor(now - at, cfg.half_life);
    contributions.push_back({{"rule", cfg.behaviour[c.rule].id},
                             {"op", ws.op_id(c.op)},
                             {"type", ws.types()[ws.ops().type[c.op]]},
                             {"at", format_iso8601(at)},
                             {"earned", rounded(c.earned)},
                             {"points_now", rounded(now_points)}});
  }
  ordered history = ordered::array();
  for (const auto& h : trace.history) {
    history.push_back(
        {{"at", time_or_null(h.at)},
         {"from", h.at == kNoTime && h.cause == Cause::Created ? ordered(nullptr)
                                                               : ordered(stage_name(h.from))},
         {"to", stage_name(h.to)},
         {"cause", cause_name(h.cause)},
         {"op", h.op == kNone ? ordered(nullptr) : ordered(ws.op_id(h.op))},
         {"score", rounded(h.score)}});
  }
  // A person's first entry comes from nowhere.
  if (!history.empty() && trace.history.front().cause == Cause::Created)
    history[0]["from"] = nullptr;
  ordered out = {{"contact", ws.keys()[state.key]},
                 {"now", format_iso8601(now)},
                 {"stage", stage_name(state.stage)},
                 {"score", rounded(state.score())},
                 {"fit", rounded(state.fit)},
                 {"behaviour", rounded(state.behaviour)},
                 {"owner", state.owner == kNone ? ordered(nullptr) : ordered(owners[state.owner])},
                 {"in_review", state.in_review},
                 {"fit_rules", fit},
                 {"contributions", contributions},
                 {"history", history}};
  return out.dump(2);
}

}  // namespace tandem
