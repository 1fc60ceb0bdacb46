// Reports: the numbers both teams read, as JSON or CSV text, computed from a replay. The CLI
// and the app print these very bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/base/report.h"
#include "engine/lifecycle/lifecycle.h"

namespace tandem {

// The kinds `report` knows, for messages.
inline constexpr std::string_view kReportKinds =
    "stages, contacts, deals, outbox, handoffs, sla, funnel, cohorts, velocity, scorecard, "
    "other80, attribution, reasons, calibration, model, predictions, crosssell";

struct ScoredReplay;

// The report of `kind` in "json" or "csv"; nullopt (with a problem) for an unknown kind.
// `scored`: as for analytics_report.
std::optional<std::string> report_text(const Workspace& ws, const Replay& replay,
                                       std::string_view kind, std::string_view format,
                                       Problems& problems, const ReportOptions& options = {},
                                       const ScoredReplay* scored = nullptr);

// Why one person has their score and stage.
std::string explain_json(const Workspace& ws, const ContactState& state, const Trace& trace,
                         const Interner& owners, Millis now);

}  // namespace tandem
