// Attribution: for each customer, the first and the last activity before the win (its type
// and what it was about), and which content people saw before converting, with each piece's
// conversion rate among everyone who saw it.
#include <map>
#include <set>

#include "engine/analytics/analytics.h"
#include "engine/analytics/people.h"

namespace tandem {

namespace {

// "page_view /pricing", "content_download guide", "email_click spring": type and subject.
std::string touch_name(const Workspace& ws, std::uint32_t op) {
  std::string name = ws.types()[ws.ops().type[op]];
  for (const char* prop : {"path", "content", "campaign", "form", "webinar", "cta", "network"}) {
    const auto* v = ws.prop(op, prop);
    if (v && v->is_string()) return name + " " + v->get<std::string>();
  }
  return name;
}

ordered_json counts(const std::map<std::string, long long>& m) {
  ordered_json out = ordered_json::array();
  for (const auto& [touch, n] : m)
    out.push_back({{"touch", touch}, {"customers", n}});
  return out;
}

}  // namespace

ordered_json attribution_report(const Workspace& ws, const Replay& replay) {
  std::map<std::string, long long> first, last;
  struct Seen {
    long long people = 0, won = 0;
  };
  std::map<std::string, Seen> content;
  const auto download = static_cast<std::uint16_t>(OpType::ContentDownload);
  for (std::size_t p = 0; p < replay.contacts.size(); ++p) {
    if (!replay.contacts[p].exists) continue;
    const auto r = person_result(replay, p);
    const bool won = r.result == Result::Won;
    std::uint32_t first_op = kNone, last_op = kNone;
    std::set<std::string> pieces;
    for (auto j = replay.op_start[p]; j < replay.op_start[p + 1]; ++j) {
      const auto op = replay.ops[j];
      const Millis t = ws.ops().at[op];
      if (t > replay.now || (won && t > r.at)) break;
      const auto type = ws.ops().type[op];
      if (!is_activity(type)) continue;
      if (first_op == kNone) first_op = op;
      last_op = op;
      if (type != download) continue;
      const auto* piece = ws.prop(op, "content");
      pieces.insert(piece && piece->is_string() ? piece->get<std::string>() : "(unnamed)");
    }
    for (const auto& piece : pieces) {
      ++content[piece].people;
      content[piece].won += won;
    }
    if (!won || first_op == kNone) continue;
    ++first[touch_name(ws, first_op)];
    ++last[touch_name(ws, last_op)];
  }
  ordered_json pieces = ordered_json::array();
  for (const auto& [piece, s] : content)
    pieces.push_back(
        {{"content", piece},
         {"people", s.people},
         {"customers", s.won},
         {"conversion", ratio(static_cast<double>(s.won), static_cast<double>(s.people))}});
  return {{"now", format_iso8601(replay.now)},
          {"first_touch", counts(first)},
          {"last_touch", counts(last)},
          {"content", pieces}};
}

}  // namespace tandem
