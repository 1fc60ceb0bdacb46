// Routing and SLAs: which team and rep owns a lead handed to sales (territories, then
// round-robin within the team, in the order handoffs happened across the whole workspace),
// and the service levels both teams agreed to, with every breach listed.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/engine.h"
#include "engine/workspace/condition.h"
#include "engine/workspace/interner.h"
#include "engine/workspace/time.h"

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

// A lead handed to sales: each entry into sql, with who owns it and how sales kept the SLA.
struct Handoff {
  std::uint32_t person = 0;  // in Replay::contacts
  Millis at = 0;
  std::uint8_t cause = 0;            // a lifecycle Cause
  std::string team;                  // the routed team; empty when routing has none
  std::uint32_t owner = 0xffffffff;  // in Replay::owners; none until routed or set
  bool routed = false;               // the owner came from routing (round-robin after replay)
  Millis first_touch = -1;           // the first sales touch after the handoff, or -1
  int touches = 0;                   // sales touches within SlaConfig::touches_within
  Millis ended = -1;                 // when the lead left sales (recycled, disqualified), or -1
};

// The team a contact belongs to: the first territory whose condition holds, else the default.
template <class Lookup>
const std::string& route_team(const RoutingConfig& routing, const Lookup& lookup) {
  for (const auto& t : routing.territories)
    if (holds(t.when, lookup)) return t.team;
  return routing.default_team;
}

// Round-robin within each team in handoff order (time, then person): fills `owner` of every
// routed handoff, interning rep names in `owners`.
void assign_round_robin(const RoutingConfig& routing, std::vector<Handoff>& handoffs,
                        Interner& owners);

RoutingConfig parse_routing(const nlohmann::json& node, const std::string& pointer,
                            Problems& problems);
SlaConfig parse_sla(const nlohmann::json& node, const std::string& pointer, Problems& problems);

}  // namespace tandem
