#include "engine/analytics/analytics.h"

#include "engine/analytics/model.h"
#include "engine/analytics/report_kinds.h"
#include "engine/analytics/reports.h"

namespace tandem {

namespace {

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

TrainedModel report_model(const ReportInput& in) {
  // The model learns from the replay without its own points: the one behind the scores is
  // reused, or, with another exclude list, one is trained on the same baseline.
  const bool model_scored = in.scored && in.scored->model_scored;
  if (model_scored && in.options.exclude.empty()) return in.scored->model;
  return train_model(in.ws, model_scored ? in.scored->baseline : in.replay,
                     model_options(in.ws.config(), in.options));
}

}  // namespace tandem
