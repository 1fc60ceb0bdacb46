// The scoring step, the one way Tandem adds up a score: a person's behaviour points as state
// (the decaying sum and the caps' ledger) with what one op does to it, which ops earn from which
// rules, and fit over a contact's fields as fit rules read them. The replay runs it over each
// person's timeline and the widget over a visitor's own ops; it needs no workspace.
#pragma once

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/base/time.h"
#include "engine/scoring/decay.h"
#include "engine/workspace/condition.h"
#include "engine/workspace/config.h"
#include "engine/workspace/op_type.h"

namespace tandem {

// The points each rule has earned lately, for caps over a rolling window. One person at a
// time: clear() between people.
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
  void clear() {
    for (auto rule : used_)
      earned_[rule].clear();
    used_.clear();
  }

 private:
  std::vector<std::vector<std::pair<Millis, double>>> earned_;
  std::vector<std::uint32_t> used_;  // the rules with something earned, to clear only those
};

// One person's behaviour points as their ops are scored one at a time, in (at, id) order: the
// state the step carries from op to op. The step is advance (time passes to the op) then earn
// (the op's points, each rule within its cap); step() does both. Kept, it scores incrementally.
class BehaviourScore {
 public:
  explicit BehaviourScore(const Config& config)
      : rules_(config.behaviour), points_(config.half_life), caps_(config.behaviour.size()) {}

  // A new person: nothing earned, no cap used.
  void start() {
    points_ = DecayingSum(points_.half_life());
    caps_.clear();
  }

  // Time passes to `at`, no earlier than base(). factor: decay_factor(at - base(), half-life),
  // which the replay has from its timeline.
  void advance(Millis at, double factor) { points_.advance(at, factor); }
  void advance(Millis at) {
    advance(at, points_.sum() == 0 ? 1.0 : decay_factor(at - points_.base(), points_.half_life()));
  }

  // The op at `at` (advanced to) earns from `rules`, indexes in config.behaviour in order, each
  // within its cap; on_earned(rule, earned) hears of every grant that is not 0.
  template <class OnEarned>
  void earn(Millis at, std::span<const std::uint32_t> rules, const OnEarned& on_earned) {
    for (auto r : rules) {
      const auto& rule = rules_[r];
      const double earned = caps_.grant(r, rule, at, rule.points);
      if (earned == 0) continue;
      points_.add(at, earned);
      on_earned(r, earned);
    }
  }

  template <class OnEarned>
  void step(Millis at, std::span<const std::uint32_t> rules, const OnEarned& on_earned) {
    advance(at);
    earn(at, rules, on_earned);
  }

  // Points earned so far count for nothing from `at` on (a recycle to nurture); the caps still
  // remember them, as a cap limits earning.
  void reset(Millis at) { points_.reset(at); }

  Millis base() const { return points_.base(); }
  double sum() const { return points_.sum(); }  // the value at base()
  double value_at(Millis t) const { return points_.value_at(t); }
  // As DecayingSum::first_below.
  Millis first_below(double offset, double line) const { return points_.first_below(offset, line); }

 private:
  const std::vector<BehaviourRule>& rules_;
  DecayingSum points_;
  CapLedger caps_;
};

// Whether an op of a rule's type earns from it: the rule's `where` filter over the op's props,
// read through prop(name) -> const nlohmann::json* (null: the op has no such prop).
template <class Prop>
bool passes_where(const BehaviourRule& rule, const Prop& prop) {
  return !rule.where || holds(*rule.where, [&](std::string_view name) {
    const nlohmann::json* value = prop(name);
    return value ? FieldView::from_json(*value) : FieldView::missing();
  });
}

// Only activity earns behaviour points; the sales and lifecycle actions move stages instead.
// type: an op type's id (OpType), kKnownOpTypes and up for one Tandem does not know.
inline bool earns_points(std::uint16_t type) {
  return is_activity(type);
}
inline bool earns_points(std::string_view type) {
  const auto known = std::find(kOpTypeNames.begin(), kOpTypeNames.end(), type);
  return known != kOpTypeNames.end() &&
         earns_points(static_cast<std::uint16_t>(known - kOpTypeNames.begin()));
}

// The rules an op earns from, by its type's name and its props (read as for passes_where), in
// the order of config.behaviour, into `out`. For ops outside a workspace: the replay's
// BehaviourMatcher gives the same, matched once per op shape.
template <class Prop>
void match_rules(const Config& config, std::string_view type, const Prop& prop,
                 std::vector<std::uint32_t>& out) {
  out.clear();
  if (!earns_points(type)) return;
  for (std::uint32_t r = 0; r < config.behaviour.size(); ++r)
    if (config.behaviour[r].on == type && passes_where(config.behaviour[r], prop)) out.push_back(r);
}

struct FitHit {
  std::uint32_t rule;
  double points;
};

// Fit: the points of every fit rule that holds, field(name) -> FieldView reading the contact's
// fields as fit rules see them (the derived ones made by derive()). Hits, if asked for, list
// the rules that held.
template <class Field>
double score_fit(const std::vector<FitRule>& rules, const Field& field,
                 std::vector<FitHit>* hits = nullptr) {
  double total = 0;
  for (std::uint32_t r = 0; r < rules.size(); ++r) {
    if (!holds(rules[r].when, field)) continue;
    total += rules[r].points;
    if (hits) hits->push_back({r, rules[r].points});
  }
  return total;
}

}  // namespace tandem
