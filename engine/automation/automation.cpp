#include "engine/automation/automation.h"

#include <algorithm>
#include <array>

namespace tandem {
namespace {
constexpr std::uint32_t kStepBudget = 10'000;  // per contact and instant: a runaway loop stops here
}

std::string_view skip_reason_name(SkipReason reason) {
  static constexpr std::array<std::string_view, 7> kNames = {
      "unsubscribed", "bounced",       "consent_withdrawn", "suppression_list",
      "sales_owned",  "frequency_cap", "no_address"};
  return kNames[static_cast<std::size_t>(reason)];
}

Automation::Automation(const Workspace& ws, const std::vector<Workflow>& workflows,
                       const EmailPolicy& email, std::string seed, std::vector<OutboxEntry>* outbox,
                       std::vector<SkippedSend>* skipped)
    : ws_(ws),
      workflows_(workflows),
      email_(email),
      seed_(std::move(seed)),
      outbox_(outbox),
      skipped_(skipped) {
  for (const auto& wf : workflows_) {
    const auto type =
        wf.trigger.on == Trigger::On::Activity ? ws.types().find(wf.trigger.type) : std::nullopt;
    activity_type_.push_back(type ? *type : kNone);
  }
}

void Automation::begin(std::uint32_t person, Person& who) {
  person_ = person;
  who_ = &who;
  runs_.assign(workflows_.size(), Run{});
  enrolments_.assign(workflows_.size(), 0);
  emails_.clear();
}

void Automation::enrol(std::uint32_t w, Millis at) {
  if (runs_[w].active) return;
  if (enrolments_[w] > 0 && !workflows_[w].reenrol) return;
  if (goal_met(w)) return;  // already where the workflow would take them
  Run& run = runs_[w];
  run = Run{};
  run.active = true;
  run.enrolment = ++enrolments_[w];
  run.due = at;
  run.loops.assign(workflows_[w].loop_slots, 0);
}

// A contact leaves a workflow the moment its goal holds, not only when its next step runs.
void Automation::leave_at_goal() {
  for (std::uint32_t w = 0; w < runs_.size(); ++w)
    if (runs_[w].active && goal_met(w)) runs_[w].active = false;
}

void Automation::on_activity(Millis at, std::size_t op) {
  const auto type = ws_.ops().type[op];
  for (std::uint32_t w = 0; w < workflows_.size(); ++w) {
    if (activity_type_[w] != type) continue;
    const auto& where = workflows_[w].trigger.where;
    if (where && !holds(*where, [&](std::string_view name) {
          const auto* v = ws_.prop(op, name);
          return v ? FieldView::from_json(*v) : FieldView::missing();
        }))
      continue;
    enrol(w, at);
  }
}

void Automation::on_stage(Millis at, Stage from, Stage to, Cause cause) {
  leave_at_goal();
  for (std::uint32_t w = 0; w < workflows_.size(); ++w) {
    const auto& t = workflows_[w].trigger;
    const bool fires = (t.on == Trigger::On::StageEntered && to == t.stage && from != to) ||
                       (t.on == Trigger::On::GoneDark && cause == Cause::Dark) ||
                       (t.on == Trigger::On::DealLost && cause == Cause::DealLost) ||
                       (t.on == Trigger::On::CustomerWon && to == Stage::Customer && from != to);
    if (fires) enrol(w, at);
  }
}

void Automation::on_list_joined(Millis at, const std::string& list) {
  for (std::uint32_t w = 0; w < workflows_.size(); ++w)
    if (workflows_[w].trigger.on == Trigger::On::ListJoined && workflows_[w].trigger.list == list)
      enrol(w, at);
}

void Automation::on_score(Millis at, double before, double after) {
  leave_at_goal();
  for (std::uint32_t w = 0; w < workflows_.size(); ++w) {
    const auto& t = workflows_[w].trigger;
    if (t.on != Trigger::On::ScoreCrossed) continue;
    if (t.upward ? (before < t.score && after >= t.score) : (before >= t.score && after < t.score))
      enrol(w, at);
  }
}

Millis Automation::next_due() const {
  Millis next = kNoTime;
  for (const auto& run : runs_)
    if (run.active && (next == kNoTime || run.due < next)) next = run.due;
  return next;
}

void Automation::run_due(Millis until) {
  std::uint32_t budget = kStepBudget;
  while (budget-- > 0) {
    std::uint32_t pick = kNone;
    for (std::uint32_t w = 0; w < runs_.size(); ++w)
      if (runs_[w].active && runs_[w].due <= until &&
          (pick == kNone || runs_[w].due < runs_[pick].due))
        pick = w;
    if (pick == kNone) return;
    execute(pick);
  }
  for (auto& run : runs_)
    run.active = run.active && run.due > until;  // stop what would not settle
}

bool Automation::goal_met(std::uint32_t w) const {
  const auto& goal = workflows_[w].exit_when;
  return goal && holds(*goal, [&](std::string_view name) { return who_->field(name); });
}

void Automation::emit(std::uint32_t w, const Instruction& step, OutboxEntry::Kind kind, Millis at) {
  Run& run = runs_[w];
  const auto id = workflows_[w].id + ":" + std::string(who_->id()) + ":" +
                  std::to_string(run.enrolment) + ":" + std::to_string(++run.emitted);
  if (outbox_) outbox_->push_back({id, kind, person_, at, w, step.step, step.text, step.to});
}

// Runs one enrolment from where it stands until it waits or ends.
void Automation::execute(std::uint32_t w) {
  const auto& program = workflows_[w].program;
  const Millis at = runs_[w].due;
  for (std::uint32_t guard = 0; guard < kStepBudget; ++guard) {
    Run& run = runs_[w];  // steps may enrol other workflows; runs_ never reallocates here
    if (!run.active) return;
    if (goal_met(w) || run.pc >= program.size()) {
      run.active = false;
      return;
    }
    const Instruction& step = program[run.pc];
    using K = Instruction::Kind;
    switch (step.kind) {
      case K::Wait:
        run.due = at + draw_wait(step.wait_min, step.wait_max, seed_, who_->id(), workflows_[w].id,
                                 run.enrolment, run.pc, run.loops.empty() ? 0 : run.loops.back());
        ++run.pc;
        return;
      case K::SendEmail: {
        auto blocked = who_->email_blocked();
        if (!blocked) {
          while (!emails_.empty() && emails_.front() <= at - email_.cap_window)
            emails_.erase(emails_.begin());
          if (static_cast<int>(emails_.size()) >= email_.cap_count)
            blocked = SkipReason::FrequencyCap;
        }
        if (blocked) {
          if (skipped_) skipped_->push_back({person_, at, w, step.step, step.text, *blocked});
        } else {
          emails_.push_back(at);
          emit(w, step, OutboxEntry::Kind::Email, at);
        }
        ++run.pc;
        break;
      }
      case K::Notify:
        emit(w, step, OutboxEntry::Kind::Notification, at);
        ++run.pc;
        break;
      case K::CreateTask:
        emit(w, step, OutboxEntry::Kind::Task, at);
        ++run.pc;
        break;
      case K::SetStage:
        ++run.pc;
        who_->set_stage(at, step.stage);
        break;
      case K::AddToList:
      case K::RemoveFromList:
        ++run.pc;
        who_->set_list(at, step.text, step.kind == K::AddToList);
        break;
      case K::AssignOwner:
        ++run.pc;
        who_->assign_owner(at, step.text);
        break;
      case K::Route:
        ++run.pc;
        who_->route(at);
        break;
      case K::BranchUnless:
        run.pc = holds(*step.condition, [&](std::string_view name) { return who_->field(name); })
                     ? run.pc + 1
                     : step.target;
        break;
      case K::Jump:
        run.pc = step.target;
        break;
      case K::LoopInit:
        run.loops[step.slot] = 0;
        ++run.pc;
        break;
      case K::LoopNext:
        run.pc = ++run.loops[step.slot] >= step.times ? step.target : run.pc + 1;
        break;
      case K::Exit:
        run.active = false;
        return;
    }
  }
  runs_[w].active = false;
}

}  // namespace tandem
