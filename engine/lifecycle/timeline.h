// Every person's history as of a time: who is who (identity resolved), their contact rows and
// their ops, laid out person by person in contiguous columns so a replay reads memory in
// order. It depends on the workspace and `now` only, not on the config, so a rescore after a
// rule change or a what-if reuses it: the workspace keeps the last one made.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "engine/workspace/workspace.h"

namespace tandem {

struct Timeline : Workspace::Derived {
  std::vector<std::uint32_t> keys;           // per person: surviving key, sorted by its text
  std::vector<std::uint32_t> person_of_key;  // per key: its person, or kNone (erased)
  // Person p's contact rows are rows[row_start[p] .. row_start[p + 1]], the surviving id's first.
  std::vector<std::uint32_t> row_start, rows;
  // Person p's ops are [op_start[p], op_start[p + 1]) in (at, id) order: ops holds each one's
  // place in the log; at, type, shape and named copy its hot columns alongside.
  std::vector<std::uint32_t> op_start, ops;
  std::vector<Millis> at;
  std::vector<std::uint32_t> shape;  // ops of one shape have the same type and payload
  std::vector<std::uint16_t> type;
  std::vector<std::uint8_t> named;  // 1: the op is under a contact id, not a visitor id
  std::uint32_t shapes = 0;

  std::size_t people() const { return keys.size(); }

  // Per op: decay_factor(at - the person's previous op's at, half_life), 1 for their first.
  // Made for one half-life at a time and kept.
  const std::vector<double>& steps(Millis half_life) const;
  // Per person: their fit under these rules. Made for one set of fit rules at a time and kept.
  const std::vector<double>& fits(const Workspace& workspace, const Config& config) const;

 private:
  mutable Millis steps_half_life_ = -1;
  mutable std::vector<double> steps_;
  mutable std::optional<std::vector<FitRule>> fit_rules_;
  mutable std::vector<double> fits_;
};

// The timeline of `workspace` as of `now`: made once, then kept with the workspace.
std::shared_ptr<const Timeline> timeline(const Workspace& workspace, Millis now);

}  // namespace tandem
