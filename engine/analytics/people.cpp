#include "engine/analytics/people.h"

#include <date/date.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace tandem {

PersonResult person_result(const Replay& replay, std::size_t p) {
  PersonResult lost;
  for (auto* h = history_begin(replay, p); h != history_end(replay, p); ++h) {
    if (h->to == Stage::Customer && h->from != Stage::Customer)
      return {Result::Won, h->at, h->score};
    const bool losing = h->cause == Cause::DealLost ||
                        (h->to == Stage::Disqualified && h->from != Stage::Disqualified);
    if (losing && lost.result == Result::Open) lost = {Result::Lost, h->at, h->score};
  }
  return lost;
}

bool reached(const Replay& replay, std::size_t p, Stage stage) {
  for (auto* h = history_begin(replay, p); h != history_end(replay, p); ++h)
    if (h->to == stage) return true;
  return false;
}

FieldView person_field(const Workspace& ws, const Replay& replay, std::size_t p,
                       std::string_view name) {
  for (auto r = replay.row_start[p]; r < replay.row_start[p + 1]; ++r) {
    const auto v = ws.field(replay.rows[r], name);
    if (v.kind != FieldView::Kind::Missing && v.kind != FieldView::Kind::Null) return v;
  }
  return FieldView::missing();
}

std::string display_name(const Workspace& ws, std::uint32_t key) {
  const auto row = ws.row_of(key);
  if (row < 0) return {};
  const auto r = static_cast<std::size_t>(row);
  const auto name = ws.field(r, "name");
  if (name.kind == FieldView::Kind::String) return std::string(name.text);
  std::string out;
  for (const auto part : {ws.field(r, "first_name"), ws.field(r, "last_name")}) {
    if (part.kind != FieldView::Kind::String || part.text.empty()) continue;
    out.append(out.empty() ? "" : " ").append(part.text);
  }
  return out;
}

std::string month_of(Millis at) {
  const auto days = date::floor<date::days>(
      date::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(at)));
  const date::year_month_day ymd{days};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()));
  return text;
}

double quantile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
  if (rank < 1) rank = 1;
  return values[std::min(rank, values.size()) - 1];
}

double area_under_curve(const std::vector<double>& scores, const std::vector<std::uint8_t>& won) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](auto a, auto b) { return scores[a] < scores[b]; });
  double positives = 0, negatives = 0, rank_sum = 0;
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j < order.size() && scores[order[j]] == scores[order[i]])
      ++j;
    const double mid_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (std::size_t k = i; k < j; ++k) {
      if (won[order[k]]) {
        positives += 1;
        rank_sum += mid_rank;
      } else {
        negatives += 1;
      }
    }
    i = j;
  }
  if (positives == 0 || negatives == 0) return 0.5;
  return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
}

double round4(double x) {
  const double r = std::round(x * 10000) / 10000;
  return r == 0 ? 0.0 : r;
}

double ratio(double num, double den) {
  return den == 0 ? 0.0 : round4(num / den);
}

std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace tandem
