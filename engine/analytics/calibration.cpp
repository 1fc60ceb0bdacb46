// Calibration: how well the rule-based score foretells a win. Each decided person (won or
// lost) is placed by the score they had when it was decided; close rate per score band, the
// ROC curve and its area, and the SQL threshold that gives the best close rate at a volume
// the team can live with (or the best expected revenue).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "engine/analytics/analytics.h"
#include "engine/analytics/people.h"

namespace tandem {

namespace {

struct Decided {
  double score;
  bool won;
  double amount;  // won revenue, 0 when lost
  Millis at;
};

double number_or(const nlohmann::json& node, const char* name, double fallback) {
  if (node.is_object() && node.contains(name) && node.at(name).is_number())
    return node.at(name).get<double>();
  return fallback;
}

double won_amount(const Workspace& ws, const Replay& replay, std::size_t p) {
  for (auto* h = history_begin(replay, p); h != history_end(replay, p); ++h)
    if (h->to == Stage::Customer && h->op != kNone)
      if (const auto* amount = ws.prop(h->op, "amount"); amount && amount->is_number())
        return amount->get<double>();
  return 0;
}

}  // namespace

ordered_json calibration_report(const Workspace& ws, const Replay& replay,
                                const ReportOptions& options) {
  const auto& cfg = ws.config_json().contains("calibration") ? ws.config_json().at("calibration")
                                                             : nlohmann::json::object();
  double width = number_or(cfg, "band_width", 10);
  if (!(width > 0)) width = 10;
  const double min_monthly = options.min_monthly_volume ? *options.min_monthly_volume
                                                        : number_or(cfg, "min_monthly_volume", 0);
  std::string goal = options.goal;
  if (goal.empty() && cfg.is_object() && cfg.contains("goal") && cfg.at("goal").is_string())
    goal = cfg.at("goal").get<std::string>();
  if (goal.empty()) goal = "close_rate";
  const double cost_per_sql = number_or(cfg, "cost_per_sql", 0);

  std::vector<Decided> decided;
  for (std::size_t p = 0; p < replay.contacts.size(); ++p) {
    if (!replay.contacts[p].exists) continue;
    const auto r = person_result(replay, p);
    if (r.result == Result::Open) continue;
    const bool won = r.result == Result::Won;
    decided.push_back({r.score, won, won ? won_amount(ws, replay, p) : 0.0, r.at});
  }

  std::map<double, std::pair<long long, long long>> bands;  // from -> contacts, won
  std::vector<double> scores;
  std::vector<std::uint8_t> outcome;
  Millis first = kNoTime, last = kNoTime;
  long long won_total = 0;
  for (const auto& d : decided) {
    auto& band = bands[std::floor(d.score / width) * width];
    ++band.first;
    band.second += d.won;
    won_total += d.won;
    scores.push_back(d.score);
    outcome.push_back(d.won);
    if (d.at != kNoTime) {
      if (first == kNoTime || d.at < first) first = d.at;
      if (last == kNoTime || d.at > last) last = d.at;
    }
  }
  ordered_json band_list = ordered_json::array();
  for (const auto& [from, n] : bands)
    band_list.push_back(
        {{"from", round4(from)},
         {"to", round4(from + width)},
         {"contacts", n.first},
         {"won", n.second},
         {"close_rate", ratio(static_cast<double>(n.second), static_cast<double>(n.first))}});

  // The ROC curve: one point per distinct score, from the highest threshold down.
  std::vector<std::size_t> order(decided.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](auto a, auto b) { return decided[a].score > decided[b].score; });
  const double positives = static_cast<double>(won_total);
  const double negatives = static_cast<double>(decided.size()) - positives;
  ordered_json roc = ordered_json::array();
  roc.push_back({{"threshold", nullptr}, {"tpr", 0.0}, {"fpr", 0.0}});
  double tp = 0, fp = 0;
  for (std::size_t i = 0; i < order.size();) {
    const double s = decided[order[i]].score;
    for (; i < order.size() && decided[order[i]].score == s; ++i)
      (decided[order[i]].won ? tp : fp) += 1;
    roc.push_back(
        {{"threshold", round4(s)}, {"tpr", ratio(tp, positives)}, {"fpr", ratio(fp, negatives)}});
  }

  // Months the decisions span (at least one), for a monthly volume.
  double months = 1;
  if (first != kNoTime && last != kNoTime)
    months = std::max(1.0, static_cast<double>(last - first) / (30.4375 * kMillisPerDay));

  // Candidate thresholds: the lower edge of every band.
  ordered_json candidates = ordered_json::array();
  std::optional<double> best;
  double best_value = 0;
  for (const auto& [from, n] : bands) {
    (void)n;
    double contacts = 0, won = 0, revenue = 0;
    for (const auto& d : decided)
      if (d.score >= from) {
        contacts += 1;
        won += d.won;
        revenue += d.amount;
      }
    const double monthly = contacts / months;
    const double close_rate = contacts ? won / contacts : 0;
    const double value = goal == "revenue" ? revenue - cost_per_sql * contacts : close_rate;
    candidates.push_back({{"sql_score", round4(from)},
                          {"contacts", static_cast<long long>(contacts)},
                          {"monthly_volume", round4(monthly)},
                          {"close_rate", round4(close_rate)},
                          {"revenue", round4(revenue)}});
    if (monthly + 1e-9 < min_monthly) continue;
    // Ties go to the lower threshold: more leads for the same result.
    if (!best || value > best_value + 1e-12) {
      best = from;
      best_value = value;
    }
  }
  ordered_json out = {
      {"now", format_iso8601(replay.now)},
      {"decided", decided.size()},
      {"won", won_total},
      {"auc", decided.empty() ? ordered_json(nullptr)
                              : ordered_json(round4(area_under_curve(scores, outcome)))},
      {"bands", band_list},
      {"recommended_sql_score", best ? ordered_json(round4(*best)) : ordered_json(nullptr)},
      {"goal", goal},
      {"min_monthly_volume", min_monthly},
      {"months", round4(months)},
      {"thresholds", candidates},
      {"roc", roc}};
  return out;
}

}  // namespace tandem
