// Routing: which team and rep owns a lead handed to sales (territories, then round-robin
// within the team, in the order handoffs happened across the whole workspace), and each
// handoff as the SLA report measures it. The config's side is engine/workspace/routing_config.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/base/time.h"
#include "engine/workspace/interner.h"
#include "engine/workspace/routing_config.h"

namespace tandem {

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

}  // namespace tandem
