#include "engine/workspace/config.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/workspace/op_type.h"

namespace tandem {
namespace {

using nlohmann::json;

// Reads optional typed members of one object, reporting wrong types under its pointer.
struct Reader {
  const json& node;
  std::string pointer;
  Problems& problems;

  bool has(const char* key) const { return node.is_object() && node.contains(key); }
  void error(const std::string& key, const std::string& message) const {
    problems.errors.push_back({pointer + "/" + key, message});
  }
  void number(const char* key, double& out) const {
    if (!has(key)) return;
    const auto& v = node.at(key);
    if (v.is_number() && std::isfinite(v.get<double>()))
      out = v.get<double>();
    else
      error(key, "must be a number");
  }
  void boolean(const char* key, bool& out) const {
    if (!has(key)) return;
    const auto& v = node.at(key);
    if (v.is_boolean())
      out = v.get<bool>();
    else
      error(key, "must be true or false");
  }
  bool object(const char* key) const {
    if (!has(key)) return false;
    if (node.at(key).is_object()) return true;
    error(key, "must be an object");
    return false;
  }
  bool array(const char* key) const {
    if (!has(key)) return false;
    if (node.at(key).is_array()) return true;
    error(key, "must be a list");
    return false;
  }
};

bool known_type(const std::string& name) {
  OpType type;
  return find_op_type(name, type);
}

void parse_stages(const Reader& r, StageConfig& s) {
  r.number("mql_score", s.mql_score);
  r.number("sql_score", s.sql_score);
  r.number("hysteresis", s.hysteresis);
  r.boolean("sql_requires_acceptance", s.sql_requires_acceptance);
  r.boolean("recycle_resets_behaviour", s.recycle_resets_behaviour);
  if (s.hysteresis < 0) r.error("hysteresis", "must not be negative");
  if (s.mql_score > s.sql_score)
    r.error("sql_score", "must not be below mql_score (" + std::to_string(s.mql_score) + ")");
  if (r.array("hand_raise")) {
    s.hand_raise.clear();
    const auto& list = r.node.at("hand_raise");
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (list[i].is_string())
        s.hand_raise.push_back(list[i].get<std::string>());
      else
        r.error("hand_raise/" + std::to_string(i), "must be an op type name");
    }
  }
}

void parse_behaviour(const json& list, const std::string& pointer, Config& config,
                     Problems& problems) {
  std::set<std::string> ids;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = pointer + "/" + std::to_string(i);
    const auto& node = list[i];
    if (!node.is_object()) {
      problems.errors.push_back({at, "a behaviour rule must be an object"});
      continue;
    }
    Reader r{node, at, problems};
    BehaviourRule rule;
    if (!node.contains("id") || !node.at("id").is_string() ||
        node.at("id").get_ref<const std::string&>().empty()) {
      r.error("id", "every rule needs a non-empty string id");
    } else {
      rule.id = node.at("id").get<std::string>();
      if (!ids.insert(rule.id).second)
        r.error("id", "the rule id \"" + rule.id + "\" is used twice");
    }
    if (!node.contains("on") || !node.at("on").is_string()) {
      r.error("on", "must name the op type the rule scores, such as \"page_view\"");
    } else {
      rule.on = node.at("on").get<std::string>();
      if (!known_type(rule.on))
        problems.warnings.push_back(
            {at + "/on",
             "\"" + rule.on + "\" is not an op type Tandem knows; this rule scores nothing"});
    }
    if (!node.contains("points"))
      r.error("points", "every rule needs points (a number, negative to subtract)");
    r.number("points", rule.points);
    if (node.contains("where"))
      rule.where = parse_condition(node.at("where"), at + "/where", problems, "path");
    if (r.object("cap")) {
      Reader cap{node.at("cap"), at + "/cap", problems};
      double per_days = 0;
      cap.number("points", rule.cap_points);
      cap.number("per_days", per_days);
      if (!cap.has("points") || rule.cap_points <= 0)
        cap.error("points", "a cap needs points above 0");
      if (!cap.has("per_days") || per_days <= 0)
        cap.error("per_days", "a cap needs per_days above 0");
      rule.cap_window = static_cast<Millis>(std::llround(per_days * kMillisPerDay));
    }
    config.behaviour.push_back(std::move(rule));
  }
}

void parse_fit(const json& list, const std::string& pointer, Config& config, Problems& problems) {
  std::set<std::string> ids;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = pointer + "/" + std::to_string(i);
    const auto& node = list[i];
    if (!node.is_object()) {
      problems.errors.push_back({at, "a fit rule must be an object"});
      continue;
    }
    Reader r{node, at, problems};
    FitRule rule;
    if (!node.contains("id") || !node.at("id").is_string() ||
        node.at("id").get_ref<const std::string&>().empty()) {
      r.error("id", "every rule needs a non-empty string id");
    } else {
      rule.id = node.at("id").get<std::string>();
      if (!ids.insert(rule.id).second)
        r.error("id", "the rule id \"" + rule.id + "\" is used twice");
    }
    if (!node.contains("points"))
      r.error("points", "every rule needs points (a number, negative to subtract)");
    r.number("points", rule.points);
    if (!node.contains("if")) {
      r.error("if", "a fit rule needs a condition under \"if\"");
    } else if (auto c = parse_condition(node.at("if"), at + "/if", problems)) {
      rule.when = std::move(*c);
    }
    config.fit.push_back(std::move(rule));
  }
}

// Points and exclude are checked; the training knobs keep their defaults when out of range, as
// they always have.
ModelConfig parse_model(const json& node, const std::string& pointer, Problems& problems) {
  ModelConfig m;
  Reader r{node, pointer, problems};
  if (r.has("points")) {
    const auto& v = node.at("points");
    if (v.is_number() && std::isfinite(v.get<double>()) && v.get<double>() >= 0 &&
        v.get<double>() <= 1000)
      m.points = v.get<double>();
    else
      r.error("points", "must be a number from 0 to 1000 (the points a sure win would add)");
  }
  if (r.array("exclude")) {
    const auto& list = node.at("exclude");
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (list[i].is_string() && !list[i].get_ref<const std::string&>().empty())
        m.exclude.push_back(list[i].get<std::string>());
      else
        r.error("exclude/" + std::to_string(i), "must be the name of a contact field");
    }
  }
  if (r.has("l2") && node.at("l2").is_number() && node.at("l2").get<double>() >= 0)
    m.l2 = node.at("l2").get<double>();
  if (r.has("holdout") && node.at("holdout").is_number()) {
    const double h = node.at("holdout").get<double>();
    if (h > 0 && h < 1) m.holdout = h;
  }
  if (r.has("seed") && node.at("seed").is_string()) m.seed = node.at("seed").get<std::string>();
  if (r.has("min_level_count") && node.at("min_level_count").is_number_integer())
    m.min_level_count = static_cast<int>(
        std::clamp<long long>(node.at("min_level_count").get<long long>(), 1, 1000000));
  return m;
}

}  // namespace

Config parse_scoring_config(const json& node, Problems& problems) {
  Config config;
  if (!node.is_object()) {
    problems.errors.push_back({"/config", "must be an object"});
    return config;
  }
  Reader top{node, "/config", problems};
  if (top.object("stages"))
    parse_stages(Reader{node.at("stages"), "/config/stages", problems}, config.stages);
  if (top.object("scoring")) {
    const auto& scoring = node.at("scoring");
    Reader r{scoring, "/config/scoring", problems};
    double half_life_days = 0;
    r.number("half_life_days", half_life_days);
    if (half_life_days < 0)
      r.error("half_life_days", "must not be negative (0 or absent: no decay)");
    else
      config.half_life = static_cast<Millis>(std::llround(half_life_days * kMillisPerDay));
    if (r.array("behaviour"))
      parse_behaviour(scoring.at("behaviour"), "/config/scoring/behaviour", config, problems);
    if (r.array("fit")) parse_fit(scoring.at("fit"), "/config/scoring/fit", config, problems);
  }
  return config;
}

Config parse_config(const json& node, Problems& problems) {
  Config config = parse_scoring_config(node, problems);
  if (!node.is_object()) return config;
  Reader top{node, "/config", problems};
  if (top.has("dark_after_touches")) {
    const auto& v = node.at("dark_after_touches");
    if (v.is_number_integer() && v.get<long long>() >= 1 && v.get<long long>() <= 1000)
      config.dark_after_touches = static_cast<int>(v.get<long long>());
    else
      top.error("dark_after_touches", "must be a whole number from 1 to 1000");
  }
  if (top.object("sla")) config.sla = parse_sla(node.at("sla"), "/config/sla", problems);
  if (top.object("routing"))
    config.routing = parse_routing(node.at("routing"), "/config/routing", problems);
  if (top.object("email"))
    config.email = parse_email_policy(node.at("email"), "/config/email", problems);
  if (top.array("workflows"))
    config.workflows = parse_workflows(node.at("workflows"), "/config/workflows", problems);
  if (top.object("model")) config.model = parse_model(node.at("model"), "/config/model", problems);
  if (top.has("seed")) {
    const auto& v = node.at("seed");
    if (v.is_string())
      config.seed = v.get<std::string>();
    else if (v.is_number_integer())
      config.seed = std::to_string(v.get<long long>());
    else
      top.error("seed", "must be a string or a whole number");
  }
  return config;
}

}  // namespace tandem
