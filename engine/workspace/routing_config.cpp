#include "engine/workspace/routing_config.h"

#include <algorithm>
#include <cmath>

namespace tandem {
namespace {

using nlohmann::json;

int parse_clock(const json& v) {
  if (!v.is_string()) return -1;
  const auto& s = v.get_ref<const std::string&>();
  if (s.size() != 5 || s[2] != ':' || !isdigit(s[0]) || !isdigit(s[1]) || !isdigit(s[3]) ||
      !isdigit(s[4]))
    return -1;
  const int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 24 || m > 59 || (h == 24 && m != 0)) return -1;
  return h * 60 + m;
}

}  // namespace

RoutingConfig parse_routing(const json& node, const std::string& pointer, Problems& problems) {
  RoutingConfig r;
  if (!node.is_object()) return r;
  if (node.contains("teams")) {
    const auto& teams = node.at("teams");
    if (!teams.is_object()) {
      problems.errors.push_back({pointer + "/teams", "must map team names to lists of reps"});
    } else {
      for (const auto& [name, members] : teams.items()) {
        std::vector<std::string> reps;
        if (!members.is_array()) {
          problems.errors.push_back({pointer + "/teams/" + name, "must be a list of rep names"});
          continue;
        }
        for (std::size_t i = 0; i < members.size(); ++i) {
          if (members[i].is_string() && !members[i].get_ref<const std::string&>().empty())
            reps.push_back(members[i].get<std::string>());
          else
            problems.errors.push_back(
                {pointer + "/teams/" + name + "/" + std::to_string(i), "must be a rep's name"});
        }
        r.teams.emplace_back(name, std::move(reps));
      }
    }
  }
  if (node.contains("territories")) {
    const auto& list = node.at("territories");
    if (!list.is_array()) problems.errors.push_back({pointer + "/territories", "must be a list"});
    for (std::size_t i = 0; list.is_array() && i < list.size(); ++i) {
      const std::string at = pointer + "/territories/" + std::to_string(i);
      const auto& t = list[i];
      if (!t.is_object() || !t.contains("if") || !t.contains("team") || !t.at("team").is_string()) {
        problems.errors.push_back({at, "a territory is {\"if\": condition, \"team\": name}"});
        continue;
      }
      auto when = parse_condition(t.at("if"), at + "/if", problems);
      const auto team = t.at("team").get<std::string>();
      if (!r.reps(team))
        problems.errors.push_back(
            {at + "/team", "there is no team \"" + team + "\" in routing.teams"});
      if (when) r.territories.push_back({std::move(*when), team});
    }
  }
  if (node.contains("default_team")) {
    const auto& v = node.at("default_team");
    if (!v.is_string() || !r.reps(v.get<std::string>()))
      problems.errors.push_back({pointer + "/default_team", "must name one of routing.teams"});
    else
      r.default_team = v.get<std::string>();
  }
  return r;
}

SlaConfig parse_sla(const json& node, const std::string& pointer, Problems& problems) {
  SlaConfig s;
  if (!node.is_object()) return s;
  auto number = [&](const json& obj, const char* key, const std::string& at, double& out,
                    double min) {
    if (!obj.contains(key)) return;
    if (!obj.at(key).is_number() || obj.at(key).get<double>() < min)
      problems.errors.push_back(
          {at + "/" + key, "must be a number, at least " + std::to_string(static_cast<int>(min))});
    else
      out = obj.at(key).get<double>();
  };
  number(node, "first_touch_hours", pointer, s.first_touch_hours, 0);
  if (node.contains("touches")) {
    const auto& t = node.at("touches");
    double count = s.touches, days = static_cast<double>(s.touches_within) / kMillisPerDay;
    if (!t.is_object())
      problems.errors.push_back(
          {pointer + "/touches", "must be {\"count\": n, \"within_days\": d}"});
    else {
      number(t, "count", pointer + "/touches", count, 0);
      number(t, "within_days", pointer + "/touches", days, 0);
    }
    s.touches = static_cast<int>(count);
    s.touches_within = static_cast<Millis>(std::llround(days * kMillisPerDay));
  }
  double mqls = 0;
  number(node, "mql_per_month", pointer, mqls, 0);
  s.mql_per_month = static_cast<int>(mqls);
  if (node.contains("working_hours")) {
    const auto& w = node.at("working_hours");
    const std::string at = pointer + "/working_hours";
    if (!w.is_object()) {
      problems.errors.push_back({at, "must be an object"});
      return s;
    }
    if (w.contains("days")) {
      static const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
      s.hours.days_mask = 0;
      const auto& days = w.at("days");
      for (std::size_t i = 0; days.is_array() && i < days.size(); ++i) {
        const auto it = days[i].is_string() ? std::find(std::begin(kDays), std::end(kDays),
                                                        days[i].get<std::string>())
                                            : std::end(kDays);
        if (it == std::end(kDays))
          problems.errors.push_back({at + "/days/" + std::to_string(i),
                                     "must be one of mon, tue, wed, thu, fri, sat, sun"});
        else
          s.hours.days_mask |= 1 << (it - std::begin(kDays));
      }
      if (!days.is_array())
        problems.errors.push_back({at + "/days", "must be a list such as [\"mon\", \"tue\"]"});
    }
    for (const auto& [key, slot] : {std::pair<const char*, int*>{"start", &s.hours.start_minute},
                                    {"end", &s.hours.end_minute}}) {
      if (!w.contains(key)) continue;
      const int minute = parse_clock(w.at(key));
      if (minute < 0)
        problems.errors.push_back({at + "/" + key, "must be a time of day such as \"09:00\""});
      else
        *slot = minute;
    }
    if (s.hours.end_minute <= s.hours.start_minute)
      problems.errors.push_back({at + "/end", "must be after start"});
    if (w.contains("utc_offset_minutes")) {
      const auto& v = w.at("utc_offset_minutes");
      if (!v.is_number_integer() || std::abs(v.get<long long>()) > 14 * 60)
        problems.errors.push_back(
            {at + "/utc_offset_minutes", "must be whole minutes between -840 and 840"});
      else
        s.hours.utc_offset_minutes = static_cast<int>(v.get<long long>());
    }
  }
  return s;
}

Millis WorkingHours::between(Millis from, Millis to) const {
  if (to <= from || days_mask == 0) return 0;
  const Millis offset = static_cast<Millis>(utc_offset_minutes) * kMillisPerMinute;
  const Millis local_from = from + offset, local_to = to + offset;
  auto floor_day = [](Millis t) { return (t >= 0 ? t : t - kMillisPerDay + 1) / kMillisPerDay; };
  Millis total = 0;
  const Millis last =
      std::min(floor_day(local_to), floor_day(local_from) + 3660);  // ten years at most
  for (Millis day = floor_day(local_from); day <= last; ++day) {
    const int weekday = static_cast<int>(((day % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday (3)
    if (!(days_mask & (1 << weekday))) continue;
    const Millis open = day * kMillisPerDay + start_minute * kMillisPerMinute;
    const Millis close = day * kMillisPerDay + end_minute * kMillisPerMinute;
    const Millis a = std::max(open, local_from), b = std::min(close, local_to);
    if (b > a) total += b - a;
  }
  return total;
}

}  // namespace tandem
