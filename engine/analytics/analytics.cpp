#include "engine/analytics/analytics.h"

#include <set>

#include "engine/analytics/model.h"
#include "engine/analytics/reports.h"

namespace tandem {

namespace {

const std::set<std::string_view> kWithHistory = {
    "funnel",  "cohorts",     "velocity", "scorecard",   "other80",  "attribution",
    "reasons", "calibration", "model",    "predictions", "crosssell"};

void flatten(const ordered_json& node, const std::string& path, std::string& out) {
  if (node.is_object()) {
    for (const auto& [k, v] : node.items())
      flatten(v, path + "/" + k, out);
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i)
      flatten(node[i], path + "/" + std::to_string(i), out);
  } else {
    out += csv_cell(path) + "," +
           csv_cell(node.is_string() ? node.get<std::string>() : node.dump()) + "\n";
  }
}

std::string cell_text(const ordered_json& v) {
  if (v.is_string()) return csv_cell(v.get<std::string>());
  if (v.is_null()) return "";
  return csv_cell(v.dump());
}

}  // namespace

bool report_needs_history(std::string_view kind) {
  return kWithHistory.count(kind) > 0;
}

std::string report_csv(const ordered_json& report) {
  // The main table: the first array of objects whose members are all plain values.
  for (const auto& [key, v] : report.items()) {
    (void)key;
    if (!v.is_array() || v.empty() || !v[0].is_object()) continue;
    std::vector<std::string> columns;
    for (const auto& [name, cell] : v[0].items())
      if (!cell.is_structured()) columns.push_back(name);
    if (columns.empty()) continue;
    std::string out;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (i) out += ',';
      out += csv_cell(columns[i]);
    }
    out += '\n';
    for (const auto& row : v) {
      for (std::size_t i = 0; i < columns.size(); ++i) {
        if (i) out += ',';
        if (row.contains(columns[i])) out += cell_text(row[columns[i]]);
      }
      out += '\n';
    }
    return out;
  }
  std::string out = "path,value\n";
  flatten(report, "", out);
  return out;
}

std::optional<std::string> analytics_report(const Workspace& ws, const Replay& replay,
                                            std::string_view kind, std::string_view format,
                                            const ReportOptions& options, Problems& problems,
                                            const ScoredReplay* scored) {
  (void)problems;
  // The model learns from the replay without its own points: the one behind the scores is
  // reused, or, with another exclude list, one is trained on the same baseline.
  const bool model_scored = scored && scored->model_scored;
  auto trained = [&]() {
    if (model_scored && options.exclude.empty()) return scored->model;
    return train_model(ws, model_scored ? scored->baseline : replay,
                       model_options(ws.config(), options));
  };
  ordered_json out;
  if (kind == "funnel")
    out = funnel_report(ws, replay);
  else if (kind == "cohorts")
    out = cohorts_report(ws, replay);
  else if (kind == "velocity")
    out = velocity_report(ws, replay);
  else if (kind == "scorecard")
    out = scorecard_report(ws, replay);
  else if (kind == "other80")
    out = other80_report(ws, replay);
  else if (kind == "attribution")
    out = attribution_report(ws, replay);
  else if (kind == "reasons")
    out = reasons_report(ws, replay);
  else if (kind == "calibration")
    out = calibration_report(ws, replay, options);
  else if (kind == "model")
    out = model_report(trained());
  else if (kind == "predictions")
    out = predictions_report(ws, replay, trained());
  else if (kind == "crosssell")
    out = crosssell_report(ws, replay, options);
  else
    return std::nullopt;
  return format == "csv" ? report_csv(out) : out.dump(2);
}

}  // namespace tandem
