// Running workflows for one contact as their history replays: triggers enrol, steps run when
// due, emails go to the outbox unless the contact may not be emailed (that check cannot be
// overridden by any workflow), and every skipped send is kept with its reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/automation/workflow.h"
#include "engine/base/stage.h"
#include "engine/workspace/workspace.h"

namespace tandem {

enum class SkipReason : std::uint8_t {
  Unsubscribed,
  Bounced,
  ConsentWithdrawn,
  SuppressionList,
  SalesOwned,
  FrequencyCap,
  NoAddress,  // a visitor, or a contact without an email address
};
std::string_view skip_reason_name(SkipReason reason);

struct OutboxEntry {
  enum class Kind : std::uint8_t { Email, Notification, Task };
  std::string id;  // "<workflow>:<contact>:<enrolment>:<n>", stable across replays
  Kind kind;
  std::uint32_t person;
  Millis due;
  std::uint32_t workflow;
  std::uint32_t step;
  std::string text;  // the template, message or task
  std::string to;    // a team, a person or "owner"; empty for an email
};

struct SkippedSend {
  std::uint32_t person;
  Millis at;
  std::uint32_t workflow;
  std::uint32_t step;
  std::string template_name;
  SkipReason reason;
};

// What a workflow may ask of and do to the contact it runs for.
class Person {
 public:
  virtual ~Person() = default;
  virtual std::string_view id() const = 0;
  virtual FieldView field(std::string_view name) const = 0;  // contact fields and live state
  virtual std::optional<SkipReason> email_blocked() const = 0;
  virtual void set_stage(Millis at, Stage stage) = 0;
  virtual void set_list(Millis at, const std::string& list, bool member) = 0;
  virtual void assign_owner(Millis at, const std::string& owner) = 0;
  virtual void route(Millis at) = 0;
};

class Automation {
 public:
  Automation(const Workspace& ws, const std::vector<Workflow>& workflows, const EmailPolicy& email,
             std::string seed, std::vector<OutboxEntry>* outbox, std::vector<SkippedSend>* skipped);

  bool active() const { return !workflows_.empty(); }
  void begin(std::uint32_t person, Person& who);

  void on_activity(Millis at, std::size_t op);
  void on_stage(Millis at, Stage from, Stage to, Cause cause);
  void on_list_joined(Millis at, const std::string& list);
  void on_score(Millis at, double before, double after);

  // The time the next step falls due, or kNoTime.
  Millis next_due() const;
  // Runs every step due at or before `until`, in time order.
  void run_due(Millis until);

 private:
  struct Run {
    bool active = false;
    std::uint32_t enrolment = 0;
    std::uint32_t pc = 0;
    Millis due = 0;
    std::uint32_t emitted = 0;
    std::vector<std::uint32_t> loops;
  };

  void enrol(std::uint32_t workflow, Millis at);
  void leave_at_goal();
  void execute(std::uint32_t workflow);
  bool goal_met(std::uint32_t workflow) const;
  void emit(std::uint32_t workflow, const Instruction& step, OutboxEntry::Kind kind, Millis at);

  const Workspace& ws_;
  const std::vector<Workflow>& workflows_;
  EmailPolicy email_;
  std::string seed_;
  std::vector<OutboxEntry>* outbox_;
  std::vector<SkippedSend>* skipped_;
  std::vector<std::uint32_t> activity_type_;  // per workflow: the op type id it waits for, or kNone

  std::uint32_t person_ = 0;
  Person* who_ = nullptr;
  std::vector<Run> runs_;                  // one per workflow
  std::vector<std::uint32_t> enrolments_;  // per workflow: how often this contact enrolled
  std::vector<Millis> emails_;             // marketing emails produced for this contact
};

}  // namespace tandem
