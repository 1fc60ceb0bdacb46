// Reasons: why sales said no. Rejection reasons, disqualification and not-ready reasons,
// and the objections of lost deals, each counted, most frequent first.
#include <algorithm>
#include <map>

#include "engine/analytics/analytics.h"
#include "engine/analytics/people.h"

namespace tandem {

namespace {

ordered_json ranked(const std::map<std::string, long long>& counts) {
  std::vector<std::pair<std::string, long long>> list(counts.begin(), counts.end());
  std::stable_sort(list.begin(), list.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  ordered_json out = ordered_json::array();
  for (const auto& [reason, n] : list)
    out.push_back({{"reason", reason}, {"count", n}});
  return out;
}

}  // namespace

ordered_json reasons_report(const Workspace& ws, const Replay& replay) {
  std::map<std::string, long long> rejections, disqualified, not_ready, objections;
  for (std::size_t p = 0; p < replay.contacts.size(); ++p) {
    if (!replay.contacts[p].exists) continue;
    for (auto* h = history_begin(replay, p); h != history_end(replay, p); ++h) {
      std::map<std::string, long long>* bucket = nullptr;
      const char* prop = "reason";
      if (h->cause == Cause::Reject) bucket = &rejections;
      if (h->cause == Cause::Disqualify) bucket = &disqualified;
      if (h->cause == Cause::NotReady) bucket = &not_ready;
      if (h->cause == Cause::DealLost) {
        bucket = &objections;
        prop = "objection";
      }
      if (!bucket) continue;
      const auto* v = h->op == kNone ? nullptr : ws.prop(h->op, prop);
      ++(*bucket)[v && v->is_string() && !v->get_ref<const std::string&>().empty()
                      ? v->get<std::string>()
                      : "(none given)"];
    }
  }
  return {{"now", format_iso8601(replay.now)},
          {"rejections", ranked(rejections)},
          {"disqualifications", ranked(disqualified)},
          {"not_ready", ranked(not_ready)},
          {"objections", ranked(objections)}};
}

}  // namespace tandem
