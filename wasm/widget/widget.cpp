// The widget's module: the engine's visitor scoring (engine/scoring/visitor.h) behind one C
// export, with the config read by the engine's own reader. Plain C (no Embind) keeps the
// module small: JSON crosses as UTF-8 in the module's memory, and the answer is a malloc'd
// string the caller frees.
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "engine/analytics/reports.h"
#include "engine/base/time.h"
#include "engine/scoring/visitor.h"
#include "engine/workspace/config.h"

namespace {

using nlohmann::json;

void fail(json& out, const std::string& pointer, const std::string& message) {
  out["errors"].push_back({{"pointer", pointer}, {"message", message}});
}

const json& member(const json& object, const char* key, const json& otherwise) {
  const auto it = object.find(key);
  return it == object.end() ? otherwise : *it;
}

std::string answer(const char* request_text) {
  json out = {{"ok", false}, {"errors", json::array()}};
  const auto request = json::parse(request_text, nullptr, false);
  if (!request.is_object()) {
    fail(out, "", "the request is not a JSON object");
    return out.dump();
  }
  const json kEmptyObject = json::object(), kEmptyList = json::array(), kNull;
  tandem::Problems problems;
  const auto config =
      tandem::parse_scoring_config(member(request, "config", kEmptyObject), problems);
  for (const auto& p : problems.errors)
    fail(out, p.pointer, p.message);
  const auto now_text = request.value("now", std::string());
  const auto now = tandem::parse_iso8601(now_text);
  if (!now) fail(out, "/now", "not an ISO-8601 time");

  const json& ops = member(request, "ops", kEmptyList);
  std::vector<std::string> types;
  std::vector<tandem::VisitorOp> visitor_ops;
  types.reserve(ops.size());
  for (std::size_t i = 0; ops.is_array() && i < ops.size(); ++i) {
    const auto& op = ops[i];
    const auto at =
        op.is_object() ? tandem::parse_iso8601(op.value("at", std::string())) : std::nullopt;
    if (!at) {
      fail(out, "/ops/" + std::to_string(i) + "/at", "not an ISO-8601 time");
      continue;
    }
    types.push_back(op.value("type", std::string()));
    visitor_ops.push_back({*at, types.back(), &member(op, "props", kNull)});
  }
  if (!out["errors"].empty()) return out.dump();

  const auto score =
      tandem::score_visitor(config, member(request, "contact", kNull), visitor_ops, *now);
  json fit_rules = json::array();
  for (const auto& hit : score.fit_rules)
    fit_rules.push_back(
        {{"rule", config.fit[hit.rule].id}, {"points", tandem::rounded(hit.points)}});
  json contributions = json::array();
  for (const auto& c : score.contributions) {
    const auto& op = ops[c.op];
    contributions.push_back({{"rule", config.behaviour[c.rule].id},
                             {"op", op.value("id", std::string())},
                             {"type", types[c.op]},
                             {"at", op.value("at", std::string())},
                             {"earned", tandem::rounded(c.earned)},
                             {"points_now", tandem::rounded(c.points_now)}});
  }
  out["ok"] = true;
  out["now"] = now_text;
  out["score"] = tandem::rounded(score.score());
  out["fit"] = tandem::rounded(score.fit);
  out["behaviour"] = tandem::rounded(score.behaviour);
  out["fit_rules"] = std::move(fit_rules);
  out["contributions"] = std::move(contributions);
  return out.dump();
}

}  // namespace

extern "C" {

// request: {"config": <FORMAT config>, "contact": {fields} | null, "ops": [{id, at, type,
// props}] in (at, id) order, "now": ISO-8601}. Answer: {"ok", "errors": [{pointer, message}],
// "now", "score", "fit", "behaviour", "fit_rules": [{rule, points}], "contributions": [{rule,
// op, type, at, earned, points_now}]}, the names `tandem explain` uses.
char* tandem_widget_score(const char* request) {
  const auto text = answer(request);
  char* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (copy) std::memcpy(copy, text.c_str(), text.size() + 1);
  return copy;
}

}  // extern "C"
