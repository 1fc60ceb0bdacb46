// The analytics reports (funnel, cohorts, velocity, scorecard, other80, attribution,
// reasons, calibration, model, predictions, crosssell): each computed from a replay kept
// with history, each in its own file; the report table (report_kinds.h) dispatches them.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "engine/base/report.h"
#include "engine/lifecycle/lifecycle.h"

namespace tandem {

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
