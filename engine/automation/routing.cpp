#include "engine/automation/routing.h"

#include <algorithm>

namespace tandem {

void assign_round_robin(const RoutingConfig& routing, std::vector<Handoff>& handoffs,
                        Interner& owners) {
  std::vector<std::uint32_t> order;
  for (std::uint32_t h = 0; h < handoffs.size(); ++h)
    if (handoffs[h].routed) order.push_back(h);
  if (order.empty()) return;
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
    return handoffs[a].at != handoffs[b].at ? handoffs[a].at < handoffs[b].at
                                            : handoffs[a].person < handoffs[b].person;
  });
  std::vector<std::size_t> next(routing.teams.size(), 0);
  for (auto h : order) {
    for (std::size_t t = 0; t < routing.teams.size(); ++t) {
      const auto& [name, reps] = routing.teams[t];
      if (name != handoffs[h].team || reps.empty()) continue;
      handoffs[h].owner = owners.intern(reps[next[t]++ % reps.size()]);
      break;
    }
  }
}

}  // namespace tandem
