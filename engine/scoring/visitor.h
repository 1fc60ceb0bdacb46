// A visitor's score from their own history alone, as the embed widget computes it on a
// marketing page: fit over one contact record (or none yet) plus the decayed, capped sum of
// behaviour points, with every contribution. It is the replay's scoring step (step.h) run over
// the visitor's ops, with no workspace, so the widget's small module links only this, the
// config reader and conditions. For a history of activity (what the widget records) it equals
// the score the full replay gives the same person.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/base/time.h"
#include "engine/scoring/step.h"
#include "engine/workspace/config.h"

namespace tandem {

struct VisitorOp {
  Millis at = 0;
  std::string_view type;                  // op type name
  const nlohmann::json* props = nullptr;  // the op's props object, or null
};

struct VisitorContribution {
  std::uint32_t rule;  // in config.behaviour
  std::size_t op;      // in the ops handed in
  double earned;       // after the cap
  double points_now;   // after decay to `now`
};

struct VisitorScore {
  double fit = 0;
  double behaviour = 0;  // at `now`
  std::vector<FitHit> fit_rules;
  std::vector<VisitorContribution> contributions;
  double score() const { return fit + behaviour; }
};

// ops in (at, id) order; ops after `now` are not yet known. contact: the person's record (an
// object of fields), or null for an anonymous visitor.
VisitorScore score_visitor(const Config& config, const nlohmann::json& contact,
                           const std::vector<VisitorOp>& ops, Millis now);

}  // namespace tandem
