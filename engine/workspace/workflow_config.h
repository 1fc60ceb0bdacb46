// Workflows as the config describes them: a trigger (an activity, a stage entered, a score
// crossing, a list joined, going dark, a lost deal, a won customer) and steps (waits, emails,
// notifications, stage and list changes, owners, tasks, branches, repeats), compiled at load to
// a small program per workflow. Plain structs the workspace holds; automation runs them.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/problems.h"
#include "engine/base/stage.h"
#include "engine/base/time.h"
#include "engine/workspace/condition.h"

namespace tandem {

struct Trigger {
  enum class On : std::uint8_t {
    Activity,
    StageEntered,
    ScoreCrossed,
    ListJoined,
    GoneDark,
    DealLost,
    CustomerWon
  };
  On on = On::Activity;
  std::string type;                // Activity: the op type
  std::optional<Condition> where;  // Activity: a filter on the op's props
  Stage stage = Stage::Lead;       // StageEntered
  double score = 0;                // ScoreCrossed
  bool upward = true;              // ScoreCrossed
  std::string list;                // ListJoined
};

struct Instruction {
  enum class Kind : std::uint8_t {
    Wait,       // min..max later (equal: a fixed wait)
    SendEmail,  // text: template
    Notify,     // to, text: message
    SetStage,   // stage, text: reason
    AddToList,  // text: list
    RemoveFromList,
    AssignOwner,   // text: owner
    Route,         // assign an owner by territory and round-robin
    CreateTask,    // to, text: task
    BranchUnless,  // jump to target unless the condition holds
    Jump,
    LoopInit,  // counter slot = 0
    LoopNext,  // ++slot; past `times` jump to target (after the loop)
    Exit,
  };
  Kind kind = Kind::Exit;
  Millis wait_min = 0, wait_max = 0;
  std::string text, to;
  Stage stage = Stage::Nurture;
  std::optional<Condition> condition;
  std::uint32_t target = 0, slot = 0, times = 0;
  std::uint32_t step = 0;  // the step's number in the workflow, for ids and messages
};

struct Workflow {
  std::string id;
  Trigger trigger;
  bool reenrol = false;                // "enrol": "again"; default "once"
  std::optional<Condition> exit_when;  // the goal: once it holds, the contact leaves
  std::vector<Instruction> program;
  std::uint32_t loop_slots = 0;
};

struct EmailPolicy {
  int cap_count = 3;                      // at most this many marketing emails ...
  Millis cap_window = 7 * kMillisPerDay;  // ... in any such window
  std::string suppression_list = "suppressed";
};

// Reads config.workflows and config.email; problems go under their pointers.
std::vector<Workflow> parse_workflows(const nlohmann::json& list, const std::string& pointer,
                                      Problems& problems);
EmailPolicy parse_email_policy(const nlohmann::json& node, const std::string& pointer,
                               Problems& problems);

}  // namespace tandem
