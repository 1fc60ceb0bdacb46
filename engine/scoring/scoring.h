// Scoring: fit (who the contact is) plus behaviour (what they did). Owns matching behaviour
// rules to ops (type and `where` filter), caps per rolling window, and fit rules over a
// contact's fields. Every point is traceable to a rule and, for behaviour, an op.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "engine/workspace/workspace.h"

namespace tandem {

// Which behaviour rules an op earns points from, with the `where` tests cached per distinct
// op payload (most ops share a handful of payloads).
class BehaviourMatcher {
 public:
  BehaviourMatcher(const Workspace& workspace, const Config& config);

  // Indexes of config().behaviour rules whose type is this op's.
  const std::vector<std::uint32_t>& rules_for_type(std::uint16_t type) const;
  bool matches(std::uint32_t rule, std::size_t op) const;

 private:
  const Workspace& ws_;
  const Config& config_;
  std::vector<std::vector<std::uint32_t>> by_type_;
  std::vector<std::uint32_t> none_;
  mutable std::vector<std::uint8_t> cache_;  // rule * payloads + payload: 0 unknown, 1 no, 2 yes
};

// The points each rule has earned lately, for caps over a rolling window. One contact at a
// time: clear() between contacts.
class CapLedger {
 public:
  explicit CapLedger(std::size_t rules) : earned_(rules) {}
  // The part of `points` the rule may still earn at `at`; records it.
  double grant(std::uint32_t rule, const BehaviourRule& def, Millis at, double points);
  void clear();

 private:
  std::vector<std::vector<std::pair<Millis, double>>> earned_;
};

struct FitHit {
  std::uint32_t rule;
  double points;
};

// Fit of a person recorded in several contact rows (merged): the first row with a value for a
// field gives it. Hits, if asked for, list the rules that held.
double fit_score(const Workspace& ws, const Config& config, const std::vector<std::uint32_t>& rows,
                 std::vector<FitHit>* hits = nullptr);

}  // namespace tandem
