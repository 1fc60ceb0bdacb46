#include "engine/base/stage.h"

#include <array>

namespace tandem {
namespace {
constexpr std::array<std::string_view, kStageCount> kStages = {
    "visitor", "lead", "mql", "sql", "opportunity", "customer", "nurture", "disqualified"};
constexpr std::array<std::string_view, 17> kCauses = {
    "created",     "threshold", "hand_raise", "decay",   "score_drop", "accept",
    "auto_accept", "reject",    "review",     "dark",    "not_ready",  "disqualify",
    "deal_won",    "deal_lost", "set_stage",  "qualify", "workflow"};
}  // namespace

std::string_view stage_name(Stage stage) {
  return kStages[static_cast<std::size_t>(stage)];
}

std::optional<Stage> stage_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kStages.size(); ++i)
    if (kStages[i] == name) return static_cast<Stage>(i);
  return std::nullopt;
}

std::string_view cause_name(Cause cause) {
  return kCauses[static_cast<std::size_t>(cause)];
}

}  // namespace tandem
