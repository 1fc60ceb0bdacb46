// Routing and SLAs as the config describes them: territories and teams of reps, working
// hours, and the service levels both teams agreed to. Plain structs the workspace holds;
// automation routes with them and the SLA report measures against them.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

#include "engine/base/problems.h"
#include "engine/base/time.h"
#include "engine/workspace/condition.h"

namespace tandem {

struct Territory {
  Condition when;
  std::string team;
};

struct RoutingConfig {
  std::vector<std::pair<std::string, std::vector<std::string>>> teams;  // by team name
  std::vector<Territory> territories;
  std::string default_team;
  const std::vector<std::string>* reps(const std::string& team) const {
    for (const auto& [name, members] : teams)
      if (name == team) return &members;
    return nullptr;
  }
};

struct WorkingHours {
  int days_mask = 0b0011111;  // bit 0 Monday ... bit 6 Sunday
  int start_minute = 9 * 60;
  int end_minute = 17 * 60;
  int utc_offset_minutes = 0;
  // Working time between two instants.
  Millis between(Millis from, Millis to) const;
};

struct SlaConfig {
  double first_touch_hours = 24;              // working hours from handoff to the first sales touch
  int touches = 3;                            // at least this many touches ...
  Millis touches_within = 7 * kMillisPerDay;  // ... within this long of the handoff
  int mql_per_month = 0;                      // marketing's promise; 0: none
  WorkingHours hours;
};

RoutingConfig parse_routing(const nlohmann::json& node, const std::string& pointer,
                            Problems& problems);
SlaConfig parse_sla(const nlohmann::json& node, const std::string& pointer, Problems& problems);

}  // namespace tandem
