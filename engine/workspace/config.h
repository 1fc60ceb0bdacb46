// The workspace configuration: stage thresholds, scoring rules, sales-handoff options. The
// document's config object is kept whole (unknown fields survive re-export); this is the
// part the engine reads, checked once at load.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "engine/base/problems.h"
#include "engine/base/time.h"
#include "engine/workspace/condition.h"
#include "engine/workspace/routing_config.h"
#include "engine/workspace/workflow_config.h"

namespace tandem {

struct StageConfig {
  double mql_score = 50;
  double sql_score = 80;
  double hysteresis = 5;
  bool sql_requires_acceptance = true;
  std::vector<std::string> hand_raise = {"demo_request"};
  bool recycle_resets_behaviour = true;
};

struct BehaviourRule {
  std::string id;
  std::string on;  // op type name
  std::optional<Condition> where;
  double points = 0;
  double cap_points = 0;  // with cap_window > 0: most points earned in any rolling window
  Millis cap_window = 0;
};

struct FitRule {
  std::string id;
  Condition when;
  double points = 0;
  bool operator==(const FitRule&) const = default;
};

// config.model: the predictive model (docs/analytics.md) and, with points above 0, its part of
// each contact's fit.
struct ModelConfig {
  double points = 0;                 // a contact's fit gains points × their predicted chance
  std::vector<std::string> exclude;  // fields left out of the features: they leak the outcome
  double l2 = 1.0;                   // penalty on every weight but the intercept
  double holdout = 0.3;              // share of decided people held out
  std::optional<std::string> seed;   // picks the hold-out; else the config's seed
  int min_level_count = 10;          // rarer categories pool into "(other)"
};

struct Config {
  StageConfig stages;
  Millis half_life = 0;  // 0: behaviour points do not decay
  std::vector<BehaviourRule> behaviour;
  std::vector<FitRule> fit;
  int dark_after_touches = 5;
  std::vector<Workflow> workflows;
  EmailPolicy email;
  RoutingConfig routing;
  SlaConfig sla;
  ModelConfig model;
  std::string seed;  // mixed into every random draw (waits such as 10-14 days)
};

// Reads a config object; problems go under "/config".
Config parse_config(const nlohmann::json& node, Problems& problems);

// Reads only `stages` and `scoring` (the rest keeps its defaults): all a visitor's score
// needs, so the widget's small module links none of the workflow and routing readers.
Config parse_scoring_config(const nlohmann::json& node, Problems& problems);

}  // namespace tandem
