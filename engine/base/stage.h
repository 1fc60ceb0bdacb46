// The stages of the funnel and why a contact moves between them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tandem {

enum class Stage : std::uint8_t {
  Visitor,
  Lead,
  Mql,
  Sql,
  Opportunity,
  Customer,
  Nurture,
  Disqualified
};
inline constexpr std::size_t kStageCount = 8;

enum class Cause : std::uint8_t {
  Created,    // the contact became known: a lead
  Threshold,  // the score reached mql_score or sql_score
  HandRaise,  // a hand-raise op (a demo request) went straight to sql
  Decay,      // an mql's decaying score fell below mql_score - hysteresis
  ScoreDrop,  // a negative op took an mql below that line
  Accept,
  AutoAccept,  // sql_requires_acceptance is off
  Reject,
  Review,
  Dark,  // dark_after_touches unanswered touches
  NotReady,
  Disqualify,
  DealWon,
  DealLost,
  SetStage,
  Qualify,
  Workflow,  // a workflow step set the stage
};

std::string_view stage_name(Stage stage);
std::optional<Stage> stage_from_name(std::string_view name);
std::string_view cause_name(Cause cause);

// Stages sales owns: marketing email stops and an owner is due.
inline bool owned_by_sales(Stage s) {
  return s == Stage::Sql || s == Stage::Opportunity;
}

}  // namespace tandem
