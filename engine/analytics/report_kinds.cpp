#include "engine/analytics/report_kinds.h"

#include <nlohmann/json.hpp>

#include <array>
#include <utility>

#include "engine/analytics/analytics.h"
#include "engine/analytics/automation_reports.h"
#include "engine/analytics/model.h"
#include "engine/analytics/reports.h"

namespace tandem {
namespace {

// An analytics report is made as JSON, then printed, or flattened to its main table.
template <ordered_json (*make)(const ReportInput&)>
std::string json_of(const ReportInput& in) {
  return make(in).dump(2);
}
template <ordered_json (*make)(const ReportInput&)>
std::string csv_of(const ReportInput& in) {
  return report_csv(make(in));
}

ordered_json funnel(const ReportInput& in) {
  return funnel_report(in.ws, in.replay);
}
ordered_json cohorts(const ReportInput& in) {
  return cohorts_report(in.ws, in.replay);
}
ordered_json velocity(const ReportInput& in) {
  return velocity_report(in.ws, in.replay);
}
ordered_json scorecard(const ReportInput& in) {
  return scorecard_report(in.ws, in.replay);
}
ordered_json other80(const ReportInput& in) {
  return other80_report(in.ws, in.replay);
}
ordered_json attribution(const ReportInput& in) {
  return attribution_report(in.ws, in.replay);
}
ordered_json reasons(const ReportInput& in) {
  return reasons_report(in.ws, in.replay);
}
ordered_json calibration(const ReportInput& in) {
  return calibration_report(in.ws, in.replay, in.options);
}
ordered_json model(const ReportInput& in) {
  return model_report(report_model(in));
}
ordered_json predictions(const ReportInput& in) {
  return predictions_report(in.ws, in.replay, report_model(in));
}
ordered_json crosssell(const ReportInput& in) {
  return crosssell_report(in.ws, in.replay, in.options);
}

constexpr ReportKind kKinds[] = {
    {"stages", false, [](const ReportInput& in) { return stages_json(in.ws, in.replay); },
     [](const ReportInput& in) { return stages_csv(in.replay); }, 0,
     "contacts per stage as of now"},
    {"contacts", false, [](const ReportInput& in) { return contacts_json(in.ws, in.replay); },
     [](const ReportInput& in) { return contacts_csv(in.ws, in.replay); }, 0,
     "every contact's stage, score, fit, behaviour, owner and review flag"},
    {"deals", false, [](const ReportInput& in) { return deals_json(in.ws, in.replay); },
     [](const ReportInput& in) { return deals_csv(in.ws, in.replay); }, 0,
     "each person's last accept, win or loss, with its amount and products or its objection"},
    {"month_ends", false,
     [](const ReportInput& in) { return month_ends_json(in.replay, in.options); },
     [](const ReportInput& in) { return month_ends_csv(in.replay, in.options); }, kMonthsOption,
     "the times the trends count the stages at: the end of each month before now's, then now"},
    {"outbox", false, [](const ReportInput& in) { return outbox_json(in.ws, in.replay); },
     [](const ReportInput& in) { return outbox_csv(in.ws, in.replay); }, 0,
     "every email, notification and task the workflows produced, and each send not allowed"},
    {"handoffs", false, [](const ReportInput& in) { return handoffs_json(in.ws, in.replay); },
     [](const ReportInput& in) { return handoffs_csv(in.ws, in.replay); }, 0,
     "each entry into sql with its cause, team and owner"},
    {"sla", false, [](const ReportInput& in) { return sla_json(in.ws, in.replay); },
     [](const ReportInput& in) { return sla_csv(in.ws, in.replay); }, 0,
     "the service levels of both teams and each breach, with its lead, owner and by how much"},
    {"funnel", true, json_of<funnel>, csv_of<funnel>, 0,
     "people per stage, who ever reached each, and the conversion between stages, by source"},
    {"cohorts", true, json_of<cohorts>, csv_of<cohorts>, 0,
     "per month people became leads: how many reached each stage"},
    {"velocity", true, json_of<velocity>, csv_of<velocity>, 0,
     "time in each stage: stays, median and 90th percentile days"},
    {"scorecard", true, json_of<scorecard>, csv_of<scorecard>, 0,
     "the alignment scorecard: MQLs a month, speed to lead, acceptance, dark, wins and revenue"},
    {"other80", true, json_of<other80>, csv_of<other80>, 0,
     "everyone who is not (or no longer) mql, sql, opportunity or customer, bucketed by why"},
    {"attribution", true, json_of<attribution>, csv_of<attribution>, 0,
     "each customer's first and last activity before the win, and each content's conversion"},
    {"reasons", true, json_of<reasons>, csv_of<reasons>, 0,
     "rejection, disqualification and not-ready reasons and deal objections, most frequent first"},
    {"calibration", true, json_of<calibration>, csv_of<calibration>,
     kMinMonthlyVolumeOption | kGoalOption,
     "close rate per score band, ROC and AUC, and the recommended SQL score"},
    {"model", true, json_of<model>, csv_of<model>, kExcludeOption,
     "the logistic-regression model trained on the workspace's own outcomes"},
    {"predictions", true, json_of<predictions>, csv_of<predictions>, kExcludeOption,
     "every contact's rule score beside the model's chance of a win and their result"},
    {"crosssell", true, json_of<crosssell>, csv_of<crosssell>, kContactOption,
     "per customer (or the one contact), the products bought by the customers most like them"},
};

constexpr std::array<std::pair<ReportOption, std::string_view>, 5> kOptionNames = {{
    {kExcludeOption, "exclude"},
    {kMinMonthlyVolumeOption, "min_monthly_volume"},
    {kGoalOption, "goal"},
    {kContactOption, "contact"},
    {kMonthsOption, "months"},
}};

}  // namespace

std::span<const ReportKind> report_kinds() {
  return kKinds;
}

const ReportKind* find_report_kind(std::string_view name) {
  for (const auto& kind : kKinds)
    if (kind.name == name) return &kind;
  return nullptr;
}

bool report_needs_history(std::string_view kind) {
  const auto* row = find_report_kind(kind);
  return row && row->history;
}

std::vector<std::string_view> report_option_names(unsigned options) {
  std::vector<std::string_view> names;
  for (const auto& [bit, name] : kOptionNames)
    if (options & bit) names.push_back(name);
  return names;
}

std::string report_kind_list() {
  std::string out;
  for (const auto& kind : kKinds)
    out.append(out.empty() ? "" : ", ").append(kind.name);
  return out;
}

std::string report_kinds_json() {
  auto out = nlohmann::ordered_json::array();
  for (const auto& kind : kKinds) {
    auto options = nlohmann::ordered_json::array();
    for (const auto name : report_option_names(kind.options))
      options.push_back(name);
    out.push_back({{"kind", kind.name},
                   {"history", kind.history},
                   {"options", options},
                   {"description", kind.description}});
  }
  return out.dump(2);
}

}  // namespace tandem
