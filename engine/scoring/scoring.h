// Scoring over a workspace: fit (who the contact is) plus behaviour (what they did), the
// scoring step (step.h) fed from the workspace's columns. Owns matching behaviour rules to the
// log's ops, once per op shape, and fit rules over a person's contact rows. Every point is
// traceable to a rule and, for behaviour, an op.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "engine/scoring/step.h"
#include "engine/workspace/workspace.h"

namespace tandem {

// Which behaviour rules an op of the log earns points from, as match_rules (step.h) says. Ops of
// one shape (the same type and payload) earn from the same rules, so the rules' tests run once
// per shape, not once per op.
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
  // Each name the fit rules read, by the address of the rule's own text (no hashing per read):
  // the stored field it reads and, for a derived one, what it derives.
  struct Read {
    const char* name = nullptr;
    DerivedField derived = DerivedField::None;
    Workspace::FieldRef stored;
  };
  std::vector<Read> reads_;
};

}  // namespace tandem
