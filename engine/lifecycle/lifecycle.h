// Lifecycle: the playbook's stage machine replayed over each person's history in (at, id)
// order: lead -> mql -> sql by score with hysteresis, hand-raise, the sales handoff (accept,
// reject and review, touches going dark), deals won and lost, recycling to nurture. Every
// stage change is recorded with its time and cause. State is a pure function of the
// workspace and `now`.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/automation/automation.h"
#include "engine/automation/routing.h"
#include "engine/base/stage.h"
#include "engine/lifecycle/timeline.h"
#include "engine/scoring/scoring.h"
#include "engine/workspace/workspace.h"

namespace tandem {

struct StageChange {
  Millis at;  // kNoTime: before anything was recorded
  Stage from;
  Stage to;  // equal to `from` for a rejection or an overturned one
  Cause cause;
  std::uint32_t op;  // the op that caused it, or kNone
  double score;
};

struct Contribution {
  std::uint32_t rule;
  std::uint32_t op;
  double earned;       // after the cap
  bool reset = false;  // earned before the last recycle to nurture: worth nothing now
};

// One person as of `now`.
struct ContactState {
  std::uint32_t key = kNone;  // the surviving id (Workspace::keys())
  bool exists = false;        // known by `now`
  Stage stage = Stage::Visitor;
  bool in_review = false;
  double fit = 0;
  double behaviour = 0;
  std::uint32_t owner = kNone;  // in Replay::owners
  bool unsubscribed = false;
  bool bounced = false;
  bool consent_withdrawn = false;
  int unanswered_touches = 0;
  Millis stage_since = kNoTime;
  // The highest score any stage check saw: below every threshold, thresholds moved nothing.
  double peak = -std::numeric_limits<double>::infinity();
  double score() const { return fit + behaviour; }
};

// Everything about one person a "why?" needs.
struct Trace {
  std::vector<FitHit> fit;
  double model_chance = -1;  // with model points: the predicted chance they came from
  double model_points = 0;   // config.model.points × model_chance, part of fit
  std::vector<Contribution> contributions;
  std::vector<StageChange> history;
};

// An op that asked for a move its contact's stage does not allow; it changed nothing.
struct IgnoredAction {
  std::uint32_t op;
  Stage stage;
};

struct ReplayOptions {
  bool keep_history = false;  // every person's stage changes, for analytics
  bool automation = true;     // run the config's workflows (nothing to run without any)
  // Per person (in the replay's order): the model's predicted chance of a win, or -1. With
  // config.model.points above 0, each person's fit gains points × chance (the "model" part).
  const std::vector<double>* model_chances = nullptr;
  // Per person: 1 to replay them. Those left out are in `contacts` as never known, and
  // nothing of theirs is collected (a what-if fills them in from a replay it has).
  const std::vector<std::uint8_t>* only = nullptr;
};

struct Replay {
  Millis now = 0;
  std::vector<ContactState> contacts;  // every person, sorted by id
  Interner owners;
  std::vector<IgnoredAction> ignored;
  // Per person, in the order of `contacts`: their ops in (at, id) order (ops[op_start[p] ..
  // op_start[p + 1]]) and their contact rows, the surviving id's first; views of `timeline`.
  std::shared_ptr<const Timeline> timeline;
  std::span<const std::uint32_t> op_start, ops, row_start, rows;
  // With keep_history: person p's changes are history[history_start[p] .. history_start[p + 1]].
  std::vector<StageChange> history;
  std::vector<std::uint32_t> history_start;
  // Automation: what workflows produced and skipped, in person then time order; every entry
  // into sql with its owner and SLA clock; every time a contact became marketing qualified.
  std::vector<OutboxEntry> outbox;
  std::vector<SkippedSend> skipped;
  std::vector<Handoff> handoffs;
  std::vector<Millis> qualified;
};

// Replays every person's history up to `now` (ops after it are not yet known) under `config`:
// the workspace's own, or another one for a what-if.
Replay replay(const Workspace& workspace, const Config& config, Millis now,
              ReplayOptions options = {});
inline Replay replay(const Workspace& workspace, Millis now) {
  return replay(workspace, workspace.config(), now);
}

// Replays one person (any of their ids) with the full trace; nullopt for an unknown id.
// model_chances: as in ReplayOptions, for everyone (the person's routing may depend on others).
std::optional<std::pair<ContactState, Trace>> replay_contact(
    const Workspace& workspace, std::string_view id, Millis now, Interner& owners,
    const std::vector<double>* model_chances = nullptr);

}  // namespace tandem
