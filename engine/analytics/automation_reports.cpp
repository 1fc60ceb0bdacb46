#include "engine/analytics/automation_reports.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <set>

#include "engine/analytics/people.h"
#include "engine/analytics/reports.h"

namespace tandem {
namespace {

using ordered = nlohmann::ordered_json;

std::string time_text(Millis at) {
  return at == kNoTime ? std::string() : format_iso8601(at);
}

std::string contact_id(const Workspace& ws, const Replay& replay, std::uint32_t person) {
  return ws.keys()[replay.contacts[person].key];
}

std::string name_of(const Workspace& ws, const Replay& replay, std::uint32_t person) {
  return display_name(ws, replay.contacts[person].key);
}

std::string email_of(const Workspace& ws, const Replay& replay, std::uint32_t person) {
  for (auto r = replay.row_start[person]; r < replay.row_start[person + 1]; ++r) {
    const auto v = ws.field(replay.rows[r], "email");
    if (v.kind == FieldView::Kind::String) return std::string(v.text);
  }
  return {};
}

std::string_view kind_name(OutboxEntry::Kind kind) {
  switch (kind) {
    case OutboxEntry::Kind::Email:
      return "email";
    case OutboxEntry::Kind::Notification:
      return "notification";
    default:
      return "task";
  }
}

// Entry ids marked sent by an outbox_sent op up to `now`.
std::set<std::string> sent_entries(const Workspace& ws, Millis now) {
  std::set<std::string> sent;
  const auto type = static_cast<std::uint16_t>(OpType::OutboxSent);
  const auto& o = ws.ops();
  for (std::size_t i = 0; i < o.size() && o.at[i] <= now; ++i) {
    if (o.type[i] != type) continue;
    const auto* entry = ws.prop(i, "entry");
    if (entry && entry->is_string()) sent.insert(entry->get<std::string>());
  }
  return sent;
}

std::string owner_name(const Replay& replay, std::uint32_t owner) {
  return owner == kNone ? std::string() : replay.owners[owner];
}

double hours(Millis ms) {
  return std::round(static_cast<double>(ms) / kMillisPerHour * 100) / 100;
}

// One SLA breach, for both the JSON and the CSV.
struct Breach {
  std::string rule;                            // first_touch, touches, mql_per_month
  std::string contact, name, owner, team, at;  // name: the contact's, as lists show it
  double required = 0, actual = 0, by = 0;
  std::string unit;  // working_hours, touches, mqls
};

struct SlaResult {
  ordered summary;
  std::vector<Breach> breaches;
  ordered months = ordered::array();
};

int month_index(Millis at) {
  const auto text = format_iso8601(at);
  return std::stoi(text.substr(0, 4)) * 12 + std::stoi(text.substr(5, 2)) - 1;
}

std::string month_name(int index) {
  const int year = index / 12, month = index % 12 + 1;
  std::string out = std::to_string(year) + "-";
  if (month < 10) out += "0";
  return out + std::to_string(month);
}

SlaResult evaluate_sla(const Workspace& ws, const Replay& replay) {
  const auto& sla = ws.config().sla;
  const Millis now = replay.now;
  const Millis limit = static_cast<Millis>(std::llround(sla.first_touch_hours * kMillisPerHour));
  SlaResult out;
  long long ft_met = 0, ft_breached = 0, ft_pending = 0;
  long long t_met = 0, t_breached = 0, t_pending = 0, t_waived = 0;
  long long handoffs = 0;
  for (const auto& h : replay.handoffs) {
    if (h.at == kNoTime || h.at > now) continue;
    ++handoffs;
    Breach base;
    base.contact = contact_id(ws, replay, h.person);
    base.name = name_of(ws, replay, h.person);
    base.owner = owner_name(replay, h.owner);
    base.team = h.team;
    base.at = format_iso8601(h.at);
    // First touch, in working hours from the handoff.
    const bool touched = h.first_touch >= 0 && h.first_touch <= now;
    const Millis until = touched ? h.first_touch : (h.ended >= 0 && h.ended <= now ? h.ended : now);
    const Millis waited = sla.hours.between(h.at, until);
    if (waited > limit) {
      ++ft_breached;
      Breach b = base;
      b.rule = "first_touch";
      b.unit = "working_hours";
      b.required = hours(limit);
      b.actual = hours(waited);
      b.by = hours(waited - limit);
      out.breaches.push_back(std::move(b));
    } else if (touched) {
      ++ft_met;
    } else {
      ++ft_pending;
    }
    // Touches within the window, unless the lead left sales before it closed.
    const Millis closes = h.at + sla.touches_within;
    if (h.touches >= sla.touches) {
      ++t_met;
    } else if (h.ended >= 0 && h.ended < closes) {
      ++t_waived;
    } else if (closes > now) {
      ++t_pending;
    } else {
      ++t_breached;
      Breach b = base;
      b.rule = "touches";
      b.unit = "touches";
      b.required = sla.touches;
      b.actual = h.touches;
      b.by = sla.touches - h.touches;
      out.breaches.push_back(std::move(b));
    }
  }
  // Marketing: qualified leads per calendar month, from the first op's month to now's.
  if (sla.mql_per_month > 0 && ws.ops().size() > 0 && ws.ops().at[0] <= now) {
    std::map<int, long long> per_month;
    for (auto at : replay.qualified)
      if (at <= now) ++per_month[month_index(at)];
    const int last = month_index(now);
    for (int m = month_index(ws.ops().at[0]); m <= last; ++m) {
      const long long count = per_month.count(m) ? per_month[m] : 0;
      const bool complete = m < last;
      const bool met = count >= sla.mql_per_month;
      out.months.push_back({{"month", month_name(m)},
                            {"mqls", count},
                            {"target", sla.mql_per_month},
                            {"complete", complete},
                            {"met", met}});
      if (complete && !met) {
        Breach b;
        b.rule = "mql_per_month";
        b.team = "marketing";
        b.at = month_name(m);
        b.unit = "mqls";
        b.required = sla.mql_per_month;
        b.actual = static_cast<double>(count);
        b.by = sla.mql_per_month - static_cast<double>(count);
        out.breaches.push_back(std::move(b));
      }
    }
  }
  out.summary = {
      {"handoffs", handoffs},
      {"first_touch",
       {{"limit_working_hours", sla.first_touch_hours},
        {"met", ft_met},
        {"breached", ft_breached},
        {"pending", ft_pending}}},
      {"touches",
       {{"count", sla.touches},
        {"within_days", static_cast<double>(sla.touches_within) / kMillisPerDay},
        {"met", t_met},
        {"breached", t_breached},
        {"pending", t_pending},
        {"waived", t_waived}}},
  };
  return out;
}

}  // namespace

std::string outbox_json(const Workspace& ws, const Replay& replay) {
  const auto sent = sent_entries(ws, replay.now);
  const auto& workflows = ws.config().workflows;
  ordered entries = ordered::array();
  std::map<std::string, long long> by_kind = {{"email", 0}, {"notification", 0}, {"task", 0}};
  long long sent_count = 0;
  for (const auto& e : replay.outbox) {
    const bool is_sent = sent.count(e.id) > 0;
    sent_count += is_sent;
    ++by_kind[std::string(kind_name(e.kind))];
    ordered row = {{"id", e.id},
                   {"kind", kind_name(e.kind)},
                   {"contact", contact_id(ws, replay, e.person)},
                   {"name", name_of(ws, replay, e.person)},
                   {"due", format_iso8601(e.due)},
                   {"workflow", workflows[e.workflow].id},
                   {"step", e.step}};
    if (e.kind == OutboxEntry::Kind::Email) {
      row["email"] = email_of(ws, replay, e.person);
      row["template"] = e.text;
    } else {
      row["to"] = e.to;
      row[e.kind == OutboxEntry::Kind::Task ? "task" : "message"] = e.text;
    }
    row["status"] = is_sent ? "sent" : "pending";
    entries.push_back(std::move(row));
  }
  ordered skipped = ordered::array();
  std::map<std::string, long long> by_reason;
  for (const auto& s : replay.skipped) {
    const std::string reason(skip_reason_name(s.reason));
    ++by_reason[reason];
    skipped.push_back({{"contact", contact_id(ws, replay, s.person)},
                       {"name", name_of(ws, replay, s.person)},
                       {"at", format_iso8601(s.at)},
                       {"workflow", workflows[s.workflow].id},
                       {"step", s.step},
                       {"template", s.template_name},
                       {"reason", reason}});
  }
  ordered counts = {{"entries", replay.outbox.size()},
                    {"emails", by_kind["email"]},
                    {"notifications", by_kind["notification"]},
                    {"tasks", by_kind["task"]},
                    {"sent", sent_count},
                    {"skipped", replay.skipped.size()},
                    {"skipped_by_reason", by_reason}};
  ordered out = {{"now", format_iso8601(replay.now)},
                 {"counts", counts},
                 {"entries", entries},
                 {"skipped", skipped}};
  return out.dump(2);
}

std::string outbox_csv(const Workspace& ws, const Replay& replay) {
  const auto sent = sent_entries(ws, replay.now);
  const auto& workflows = ws.config().workflows;
  std::string out =
      "id,kind,contact,email,due,workflow,step,template_or_message,to,status,reason\n";
  for (const auto& e : replay.outbox) {
    const bool email = e.kind == OutboxEntry::Kind::Email;
    out += csv_cell(e.id) + "," + std::string(kind_name(e.kind)) + "," +
           csv_cell(contact_id(ws, replay, e.person)) + "," +
           (email ? csv_cell(email_of(ws, replay, e.person)) : "") + "," + format_iso8601(e.due) +
           "," + csv_cell(workflows[e.workflow].id) + "," + std::to_string(e.step) + "," +
           csv_cell(e.text) + "," + csv_cell(e.to) + "," + (sent.count(e.id) ? "sent" : "pending") +
           ",\n";
  }
  for (const auto& s : replay.skipped) {
    out += ",email," + csv_cell(contact_id(ws, replay, s.person)) + "," +
           csv_cell(email_of(ws, replay, s.person)) + "," + format_iso8601(s.at) + "," +
           csv_cell(workflows[s.workflow].id) + "," + std::to_string(s.step) + "," +
           csv_cell(s.template_name) + ",,skipped," + std::string(skip_reason_name(s.reason)) +
           "\n";
  }
  return out;
}

std::string handoffs_json(const Workspace& ws, const Replay& replay) {
  ordered list = ordered::array();
  for (const auto& h : replay.handoffs) {
    if (h.at != kNoTime && h.at > replay.now) continue;
    list.push_back(
        {{"contact", contact_id(ws, replay, h.person)},
         {"name", name_of(ws, replay, h.person)},
         {"at", time_or_null(h.at)},
         {"owner", h.owner == kNone ? ordered(nullptr) : ordered(replay.owners[h.owner])},
         {"team", h.team.empty() ? ordered(nullptr) : ordered(h.team)},
         {"cause", cause_name(static_cast<Cause>(h.cause))},
         {"routed", h.routed},
         {"first_touch", h.first_touch < 0 ? ordered(nullptr) : time_or_null(h.first_touch)},
         {"ended", h.ended < 0 ? ordered(nullptr) : time_or_null(h.ended)}});
  }
  ordered out = {{"now", format_iso8601(replay.now)}, {"handoffs", list}};
  return out.dump(2);
}

std::string handoffs_csv(const Workspace& ws, const Replay& replay) {
  std::string out = "contact,at,owner,team,cause,routed,first_touch,ended\n";
  for (const auto& h : replay.handoffs) {
    if (h.at != kNoTime && h.at > replay.now) continue;
    out += csv_cell(contact_id(ws, replay, h.person)) + "," + time_text(h.at) + "," +
           csv_cell(owner_name(replay, h.owner)) + "," + csv_cell(h.team) + "," +
           std::string(cause_name(static_cast<Cause>(h.cause))) + "," +
           (h.routed ? "true" : "false") + "," +
           (h.first_touch < 0 ? "" : time_text(h.first_touch)) + "," +
           (h.ended < 0 ? "" : time_text(h.ended)) + "\n";
  }
  return out;
}

std::string sla_json(const Workspace& ws, const Replay& replay) {
  const auto result = evaluate_sla(ws, replay);
  ordered breaches = ordered::array();
  for (const auto& b : result.breaches) {
    ordered row = {{"rule", b.rule}};
    if (b.rule == "mql_per_month") {
      row["team"] = b.team;
      row["month"] = b.at;
    } else {
      row["contact"] = b.contact;
      row["name"] = b.name;
      row["owner"] = b.owner.empty() ? ordered(nullptr) : ordered(b.owner);
      row["team"] = b.team.empty() ? ordered(nullptr) : ordered(b.team);
      row["handoff_at"] = b.at;
    }
    row["required"] = b.required;
    row["actual"] = b.actual;
    row["by"] = b.by;
    row["unit"] = b.unit;
    breaches.push_back(std::move(row));
  }
  ordered out = {
      {"now", format_iso8601(replay.now)},
      {"sales", result.summary},
      {"marketing", {{"mql_per_month", ws.config().sla.mql_per_month}, {"months", result.months}}},
      {"breaches", breaches}};
  return out.dump(2);
}

std::string sla_csv(const Workspace& ws, const Replay& replay) {
  const auto result = evaluate_sla(ws, replay);
  std::string out = "rule,contact,owner,team,at,required,actual,by,unit\n";
  auto number = [](double v) { return nlohmann::json(v).dump(); };
  for (const auto& b : result.breaches)
    out += b.rule + "," + csv_cell(b.contact) + "," + csv_cell(b.owner) + "," + csv_cell(b.team) +
           "," + b.at + "," + number(b.required) + "," + number(b.actual) + "," + number(b.by) +
           "," + b.unit + "\n";
  return out;
}

}  // namespace tandem
