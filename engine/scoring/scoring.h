// Scoring: fit (who the contact is) plus behaviour (what they did). Owns matching behaviour
// rules to ops (type and `where` filter), caps per rolling window, and fit rules over a
// contact's fields. Every point is traceable to a rule and, for behaviour, an op.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "engine/workspace/workspace.h"

namespace tandem {

// Which behaviour rules an op earns points from. Ops of one shape (the same type and payload)
// earn from the same rules, so the rules' tests run once per shape, not once per op.
class BehaviourMatcher {
 public:
  BehaviourMatcher(const Workspace& workspace, const Config& config, std::size_t shapes);

  // Indexes of config().behaviour rules an op earns from: `op` is one of shape `shape`.
  std::span<const std::uint32_t> rules_for(std::uint32_t shape, std::size_t op) const {
    if (first_[shape] == kNone) match(shape, op);
    return {found_.data() + first_[shape], count_[shape]};
  }

 private:
  void match(std::uint32_t shape, std::size_t op) const;

  const Workspace& ws_;
  const Config& config_;
  std::vector<std::vector<std::uint32_t>> by_type_;
  mutable std::vector<std::uint32_t> first_;  // per shape: its rules' start in found_, or kNone
  mutable std::vector<std::uint32_t> count_;
  mutable std::vector<std::uint32_t> found_;
};

// The points each rule has earned lately, for caps over a rolling window. One contact at a
// time: clear() between contacts.
class CapLedger {
 public:
  explicit CapLedger(std::size_t rules) : earned_(rules) {}
  // The part of `points` the rule may still earn at `at`; records it.
  double grant(std::uint32_t rule, const BehaviourRule& def, Millis at, double points) {
    if (def.cap_window <= 0) return points;
    // What the rule earned in the window before `at`; grants older than that are dropped.
    // Windows hold a few grants each.
    auto& window = earned_[rule];
    if (window.empty()) used_.push_back(rule);
    const Millis cutoff = at - def.cap_window;
    double so_far = 0;
    bool expired = false;
    for (const auto& grant : window) {
      if (grant.first > cutoff)
        so_far += std::fabs(grant.second);
      else
        expired = true;
    }
    if (expired) std::erase_if(window, [&](const auto& grant) { return grant.first <= cutoff; });
    const double room = std::max(0.0, def.cap_points - so_far);
    const double granted = std::copysign(std::min(std::fabs(points), room), points);
    if (granted != 0) window.emplace_back(at, granted);
    return granted;
  }
  void clear();

 private:
  std::vector<std::vector<std::pair<Millis, double>>> earned_;
  std::vector<std::uint32_t> used_;  // the rules with something earned, to clear only those
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
