#include "engine/scoring/scoring.h"

#include <cmath>

namespace tandem {

BehaviourMatcher::BehaviourMatcher(const Workspace& ws, const Config& config)
    : ws_(ws), config_(config) {
  const auto& rules = config.behaviour;
  by_type_.resize(ws.types().size());
  for (std::uint32_t r = 0; r < rules.size(); ++r)
    if (auto type = ws.types().find(rules[r].on)) by_type_[*type].push_back(r);
  cache_.assign(rules.size() * ws.payload_count(), 0);
}

const std::vector<std::uint32_t>& BehaviourMatcher::rules_for_type(std::uint16_t type) const {
  return type < by_type_.size() ? by_type_[type] : none_;
}

bool BehaviourMatcher::matches(std::uint32_t rule, std::size_t op) const {
  const auto& def = config_.behaviour[rule];
  if (!def.where) return true;
  const std::uint32_t payload = ws_.ops().payload[op];
  auto& known = cache_[static_cast<std::size_t>(rule) * ws_.payload_count() + payload];
  if (known == 0) {
    const bool yes = holds(*def.where, [&](std::string_view name) {
      const auto* value = ws_.prop(op, name);
      return value ? FieldView::from_json(*value) : FieldView::missing();
    });
    known = yes ? 2 : 1;
  }
  return known == 2;
}

double CapLedger::grant(std::uint32_t rule, const BehaviourRule& def, Millis at, double points) {
  if (def.cap_window <= 0) return points;
  auto& window = earned_[rule];
  double so_far = 0;
  std::size_t keep = 0;
  for (const auto& [when, earned] : window) {
    if (when > at - def.cap_window) {
      window[keep++] = {when, earned};
      so_far += std::fabs(earned);
    }
  }
  window.resize(keep);
  const double room = std::max(0.0, def.cap_points - so_far);
  const double granted = std::copysign(std::min(std::fabs(points), room), points);
  if (granted != 0) window.emplace_back(at, granted);
  return granted;
}

void CapLedger::clear() {
  for (auto& window : earned_)
    window.clear();
}

double fit_score(const Workspace& ws, const Config& config, const std::vector<std::uint32_t>& rows,
                 std::vector<FitHit>* hits) {
  const auto lookup = [&](std::string_view name) {
    for (auto row : rows) {
      const auto value = ws.field(row, name);
      if (value.kind != FieldView::Kind::Missing) return value;
    }
    return FieldView::missing();
  };
  double total = 0;
  const auto& rules = config.fit;
  for (std::uint32_t r = 0; r < rules.size(); ++r) {
    if (!holds(rules[r].when, lookup)) continue;
    total += rules[r].points;
    if (hits) hits->push_back({r, rules[r].points});
  }
  return total;
}

}  // namespace tandem
