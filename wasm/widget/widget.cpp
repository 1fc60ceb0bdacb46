// The widget's engine: one visitor's score and its explanation, computed by the engine's own
// config reader, conditions, caps and decay, with none of the workspace, replay or report code
// linked in, so the module stays small enough for a marketing page. Plain C exports (no
// Embind): JSON crosses as UTF-8 in the module's memory and the answer is a malloc'd string
// the caller frees. A visitor's ops are activity only, so score = fit + the decayed sum of
// capped behaviour points, exactly as the app replays them once the lead packet is imported.
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "engine/analytics/reports.h"
#include "engine/scoring/decay.h"
#include "engine/scoring/scoring.h"
#include "engine/workspace/condition.h"
#include "engine/workspace/config.h"
#include "engine/workspace/time.h"

namespace {

using nlohmann::json;

// A contact field as fit rules see it, with email_domain and email_personal derived.
tandem::FieldView contact_field(const json& contact, std::string_view name) {
  if (!contact.is_object()) return tandem::FieldView::missing();
  if (name == "email_domain" || name == "email_personal") {
    const auto email = contact_field(contact, "email");
    if (email.kind != tandem::FieldView::Kind::String) return tandem::FieldView::missing();
    const auto domain = tandem::email_domain(email.text);
    if (name == "email_domain")
      return domain.empty() ? tandem::FieldView::missing() : tandem::FieldView::of_text(domain);
    return tandem::FieldView::of_bool(
        tandem::is_personal_email_domain(tandem::ascii_lower(domain)));
  }
  const auto it = contact.find(std::string(name));
  return it == contact.end() ? tandem::FieldView::missing() : tandem::FieldView::from_json(*it);
}

void fail(json& out, const std::string& pointer, const std::string& message) {
  out["errors"].push_back({{"pointer", pointer}, {"message", message}});
}

std::string answer(const char* request_text) {
  json out = {{"ok", false}, {"errors", json::array()}};
  const auto request = json::parse(request_text, nullptr, false);
  if (!request.is_object()) {
    fail(out, "", "the request is not a JSON object");
    return out.dump();
  }
  tandem::Problems problems;
  const auto config = tandem::parse_scoring_config(
      request.contains("config") ? request.at("config") : json::object(), problems);
  for (const auto& p : problems.errors)
    fail(out, p.pointer, p.message);
  const auto now_text = request.value("now", std::string());
  const auto now = tandem::parse_iso8601(now_text);
  if (!now) fail(out, "/now", "not an ISO-8601 time");
  if (!out["errors"].empty()) return out.dump();

  const json contact = request.contains("contact") ? request.at("contact") : json();
  json fit_rules = json::array();
  double fit = 0;
  for (const auto& rule : config.fit) {
    if (!tandem::holds(rule.when, [&](std::string_view f) { return contact_field(contact, f); }))
      continue;
    fit += rule.points;
    fit_rules.push_back({{"rule", rule.id}, {"points", tandem::rounded(rule.points)}});
  }

  // Ops arrive in (at, id) order, as the engine applies them.
  tandem::CapLedger caps(config.behaviour.size());
  tandem::DecayingSum behaviour(config.half_life);
  json contributions = json::array();
  const json ops = request.contains("ops") ? request.at("ops") : json::array();
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const auto& op = ops[i];
    const auto at_text = op.value("at", std::string());
    const auto at = tandem::parse_iso8601(at_text);
    if (!at) {
      fail(out, "/ops/" + std::to_string(i) + "/at", "not an ISO-8601 time");
      continue;
    }
    if (*at > *now) break;
    const auto type = op.value("type", std::string());
    const json props = op.contains("props") ? op.at("props") : json::object();
    for (std::uint32_t r = 0; r < config.behaviour.size(); ++r) {
      const auto& rule = config.behaviour[r];
      if (rule.on != type) continue;
      if (rule.where && !tandem::holds(*rule.where, [&](std::string_view name) {
            const auto it = props.is_object() ? props.find(std::string(name)) : props.end();
            return props.is_object() && it != props.end() ? tandem::FieldView::from_json(*it)
                                                          : tandem::FieldView::missing();
          }))
        continue;
      const double earned = caps.grant(r, rule, *at, rule.points);
      if (earned == 0) continue;
      behaviour.add(*at, earned);
      contributions.push_back(
          {{"rule", rule.id},
           {"op", op.value("id", std::string())},
           {"type", type},
           {"at", at_text},
           {"earned", tandem::rounded(earned)},
           {"points_now",
            tandem::rounded(earned * tandem::decay_factor(*now - *at, config.half_life))}});
    }
  }
  if (!out["errors"].empty()) return out.dump();
  const double behaviour_now = behaviour.value_at(*now);
  out["ok"] = true;
  out["now"] = now_text;
  out["score"] = tandem::rounded(fit + behaviour_now);
  out["fit"] = tandem::rounded(fit);
  out["behaviour"] = tandem::rounded(behaviour_now);
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
