// The report table: one row per kind of report, with its name, whether it needs every
// person's stage history, its JSON and CSV writers, the options it reads and one line on what
// it shows. The dispatch, the messages, the CLI's help and the JS list all read this table.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/problems.h"
#include "engine/base/report.h"

namespace tandem {

class Workspace;
struct Replay;
struct ScoredReplay;

// What a report's writers are handed. `replay` keeps history when the kind needs it;
// `scored`, when the model's points are in the replay's scores: the model and its baseline.
struct ReportInput {
  const Workspace& ws;
  const Replay& replay;
  const ReportOptions& options;
  const ScoredReplay* scored = nullptr;
};

// ReportOptions' members, as bits: the ones a kind reads.
enum ReportOption : unsigned {
  kExcludeOption = 1u << 0,           // exclude
  kMinMonthlyVolumeOption = 1u << 1,  // min_monthly_volume
  kGoalOption = 1u << 2,              // goal
  kContactOption = 1u << 3,           // contact
  kMonthsOption = 1u << 4,            // months
};

struct ReportKind {
  std::string_view name;
  bool history;  // needs every person's stage history
  std::string (*json)(const ReportInput&);
  std::string (*csv)(const ReportInput&);
  unsigned options;  // ReportOption bits
  std::string_view description;
};

// Every kind, in the order messages and help list them.
std::span<const ReportKind> report_kinds();

// The row of `name`; nullptr for a kind there is none of.
const ReportKind* find_report_kind(std::string_view name);

// Whether the report of `kind` needs every person's stage history.
bool report_needs_history(std::string_view kind);

// The names of the ReportOptions members in `options`, as the table's JSON writes them.
std::vector<std::string_view> report_option_names(unsigned options);

// "stages, contacts, ...": every kind's name, for messages.
std::string report_kind_list();

// [{"kind", "history", "options": [...], "description"}] for every kind, in table order.
std::string report_kinds_json();

}  // namespace tandem
