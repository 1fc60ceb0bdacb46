// Scoring: fit (who the contact is) plus behaviour (what they did). Owns matching behaviour
// rules to ops (type and `where` filter), caps per rolling window, and fit rules over a
// contact's fields. Every point is traceable to a rule and, for behaviour, an op.
#pragma once

#include <cstdint>
#include <span>
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
  // Whether the rule's `where` holds for the op (whose payload id is given).
  bool matches(std::uint32_t rule, std::size_t op, std::uint32_t payload) const;

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
// field gives it. Field names are looked up once, when the scorer is made.
class FitScorer {
 public:
  FitScorer(const Workspace& workspace, const Config& config);
  // Hits, if asked for, list the rules that held.
  double score(std::span<const std::uint32_t> rows, std::vector<FitHit>* hits = nullptr) const;

 private:
  const Workspace& ws_;
  const Config& config_;
  // Each name the fit rules read, by the address of the rule's own text: no hashing per read.
  std::vector<std::pair<const char*, Workspace::FieldRef>> refs_;
};

}  // namespace tandem
