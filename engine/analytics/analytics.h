// The analytics reports (funnel, cohorts, velocity, scorecard, other80, attribution,
// reasons, calibration, model, predictions, crosssell): each computed from a replay kept
// with history, each in its own file, all dispatched from here.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "engine/base/report.h"
#include "engine/lifecycle/lifecycle.h"

namespace tandem {

inline constexpr std::string_view kAnalyticsKinds =
    "funnel, cohorts, velocity, scorecard, other80, attribution, reasons, calibration, model, "
    "predictions, crosssell";

// Whether the report of `kind` needs every person's stage history.
bool report_needs_history(std::string_view kind);

struct ScoredReplay;

// The analytics report of `kind` as JSON or CSV; nullopt without a problem when `kind` is not
// an analytics report, nullopt with one when it cannot be made. `scored`, when the model's
// points are in the replay's scores: the model and the baseline it learned from.
std::optional<std::string> analytics_report(const Workspace& ws, const Replay& replay,
                                            std::string_view kind, std::string_view format,
                                            const ReportOptions& options, Problems& problems,
                                            const ScoredReplay* scored = nullptr);

using ordered_json = nlohmann::ordered_json;

ordered_json funnel_report(const Workspace& ws, const Replay& replay);
ordered_json cohorts_report(const Workspace& ws, const Replay& replay);
ordered_json velocity_report(const Workspace& ws, const Replay& replay);
ordered_json scorecard_report(const Workspace& ws, const Replay& replay);
ordered_json other80_report(const Workspace& ws, const Replay& replay);
ordered_json attribution_report(const Workspace& ws, const Replay& replay);
ordered_json reasons_report(const Workspace& ws, const Replay& replay);
ordered_json calibration_report(const Workspace& ws, const Replay& replay,
                                const ReportOptions& options);
ordered_json crosssell_report(const Workspace& ws, const Replay& replay,
                              const ReportOptions& options);

// A report's JSON as CSV: its main table when it has one (an array of flat objects), else one
// "path,value" row per number or text.
std::string report_csv(const ordered_json& report);

}  // namespace tandem
