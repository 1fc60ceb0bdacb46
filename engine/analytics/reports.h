// Reports: the numbers both teams read, as JSON or CSV text, computed from a replay. The CLI
// and the app print these very bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/report.h"
#include "engine/lifecycle/lifecycle.h"

namespace tandem {

struct ScoredReplay;

// The report of `kind` (a row of the report table, report_kinds.h) in "json" or "csv"; nullopt
// (with a problem) for an unknown kind or format. `scored`: as for ReportInput.
std::optional<std::string> report_text(const Workspace& ws, const Replay& replay,
                                       std::string_view kind, std::string_view format,
                                       Problems& problems, const ReportOptions& options = {},
                                       const ScoredReplay* scored = nullptr);

// The table's first kinds: stage counts, every contact, and each person's last deal. The stages'
// JSON also counts everyone in them ("contacts", visitors included: the contacts report's rows)
// and the ops up to now ("ops"), so that a view showing these figures shows one of each.
std::string stages_json(const Workspace& ws, const Replay& replay);
std::string stages_csv(const Replay& replay);
std::string contacts_json(const Workspace& ws, const Replay& replay);
std::string contacts_csv(const Workspace& ws, const Replay& replay);
std::string deals_json(const Workspace& ws, const Replay& replay);
std::string deals_csv(const Workspace& ws, const Replay& replay);

// The times at which the dashboard's trends count the stages: the last second of each of the
// `months` - 1 calendar months (UTC) before the one of `now`, then `now` itself. `months` is
// held to 1..120.
std::vector<Millis> month_ends(Millis now, int months);
// {"now", "months", "month_ends": [...]} and the CSV's one `month_end` per row, for
// options.months (6 when not given).
std::string month_ends_json(const Replay& replay, const ReportOptions& options);
std::string month_ends_csv(const Replay& replay, const ReportOptions& options);

// Why one person has their score and stage.
std::string explain_json(const Workspace& ws, const ContactState& state, const Trace& trace,
                         const Interner& owners, Millis now);

}  // namespace tandem
