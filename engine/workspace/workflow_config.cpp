#include "engine/workspace/workflow_config.h"

#include <cmath>
#include <set>

namespace tandem {
namespace {

using nlohmann::json;

constexpr std::uint32_t kEndlessRepeats = 1000;  // "repeat until the goal", bounded

struct Compiler {
  Workflow& wf;
  Problems& problems;
  std::uint32_t steps = 0;

  void error(const std::string& at, const std::string& message) {
    problems.errors.push_back({at, message});
  }

  // A duration such as {"days": 2} or {"days_between": [10, 14]}.
  bool duration(const json& node, const std::string& at, Millis& min, Millis& max) {
    static const std::pair<const char*, Millis> kUnits[] = {
        {"minutes", kMillisPerMinute}, {"hours", kMillisPerHour}, {"days", kMillisPerDay}};
    if (!node.is_object() || node.size() != 1) {
      error(at,
            "a wait is one of {\"minutes\": n}, {\"hours\": n}, {\"days\": n} or "
            "{\"days_between\": [low, high]}");
      return false;
    }
    for (const auto& [unit, ms] : kUnits) {
      if (node.contains(unit)) {
        const auto& v = node.at(unit);
        if (!v.is_number() || v.get<double>() < 0) {
          error(at + "/" + unit, "must be a number, 0 or more");
          return false;
        }
        min = max = static_cast<Millis>(std::llround(v.get<double>() * static_cast<double>(ms)));
        return true;
      }
      const std::string range = std::string(unit) + "_between";
      if (node.contains(range)) {
        const auto& v = node.at(range);
        if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number() ||
            v[0].get<double>() < 0 || v[0].get<double>() > v[1].get<double>()) {
          error(at + "/" + range, "must be [low, high] with 0 <= low <= high");
          return false;
        }
        min = static_cast<Millis>(std::llround(v[0].get<double>() * static_cast<double>(ms)));
        max = static_cast<Millis>(std::llround(v[1].get<double>() * static_cast<double>(ms)));
        return true;
      }
    }
    error(at,
          "a wait is one of {\"minutes\": n}, {\"hours\": n}, {\"days\": n} or {\"days_between\": "
          "[low, high]}");
    return false;
  }

  const std::string* text(const json& node, const char* key, const std::string& at) {
    if (node.is_object() && node.contains(key) && node.at(key).is_string() &&
        !node.at(key).get_ref<const std::string&>().empty())
      return &node.at(key).get_ref<const std::string&>();
    error(at + "/" + key, std::string("needs \"") + key + "\" (a non-empty string)");
    return nullptr;
  }

  Instruction& emit(Instruction::Kind kind, std::uint32_t step) {
    wf.program.push_back({});
    wf.program.back().kind = kind;
    wf.program.back().step = step;
    return wf.program.back();
  }

  void steps_of(const json& list, const std::string& at) {
    if (!list.is_array()) {
      error(at, "must be a list of steps");
      return;
    }
    for (std::size_t i = 0; i < list.size(); ++i)
      step(list[i], at + "/" + std::to_string(i));
  }

  void step(const json& node, const std::string& at) {
    if (!node.is_object() || node.size() != 1) {
      error(at,
            "a step is an object with one key: wait, send_email, notify, set_stage, add_to_list, "
            "remove_from_list, assign_owner, create_task, branch, repeat or exit");
      return;
    }
    // Not a structured binding of *items().begin(): that refers into a temporary iterator.
    const std::string key = node.begin().key();
    const json& arg = node.begin().value();
    const std::string here = at + "/" + key;
    const std::uint32_t n = ++steps;
    using K = Instruction::Kind;
    if (key == "wait") {
      Millis min = 0, max = 0;
      if (duration(arg, here, min, max)) {
        auto& w = emit(K::Wait, n);
        w.wait_min = min;
        w.wait_max = max;
      }
    } else if (key == "send_email") {
      const std::string* name =
          arg.is_string() ? &arg.get_ref<const std::string&>() : text(arg, "template", here);
      if (name) emit(K::SendEmail, n).text = *name;
    } else if (key == "notify" || key == "create_task") {
      const bool task = key == "create_task";
      const auto* to = text(arg, task ? "for" : "to", here);
      const auto* message = text(arg, task ? "task" : "message", here);
      if (to && message) {
        auto& x = emit(task ? K::CreateTask : K::Notify, n);
        x.to = *to;
        x.text = *message;
      }
    } else if (key == "set_stage") {
      const std::string* name =
          arg.is_string() ? &arg.get_ref<const std::string&>() : text(arg, "stage", here);
      if (!name) return;
      const auto stage = stage_from_name(*name);
      if (!stage) {
        error(here, "\"" + *name + "\" is not a stage");
        return;
      }
      auto& x = emit(K::SetStage, n);
      x.stage = *stage;
      if (arg.is_object() && arg.contains("reason") && arg.at("reason").is_string())
        x.text = arg.at("reason").get<std::string>();
    } else if (key == "add_to_list" || key == "remove_from_list") {
      if (!arg.is_string() || arg.get_ref<const std::string&>().empty()) {
        error(here, "must name the list");
        return;
      }
      emit(key == "add_to_list" ? K::AddToList : K::RemoveFromList, n).text =
          arg.get<std::string>();
    } else if (key == "assign_owner") {
      if (arg.is_string() && !arg.get_ref<const std::string&>().empty()) {
        emit(K::AssignOwner, n).text = arg.get<std::string>();
      } else if (arg.is_object() && arg.contains("route") && arg.at("route") == true) {
        emit(K::Route, n);
      } else if (const auto* owner = text(arg, "owner", here)) {
        emit(K::AssignOwner, n).text = *owner;
      }
    } else if (key == "branch") {
      if (!arg.is_object() || !arg.contains("if")) {
        error(here, "a branch needs \"if\" (a condition), \"then\" and optionally \"else\"");
        return;
      }
      auto condition = parse_condition(arg.at("if"), here + "/if", problems);
      if (!condition) return;
      const auto branch = wf.program.size();
      emit(K::BranchUnless, n).condition = std::move(condition);
      steps_of(arg.contains("then") ? arg.at("then") : json::array(), here + "/then");
      if (arg.contains("else")) {
        const auto jump = wf.program.size();
        emit(K::Jump, n);
        wf.program[branch].target = static_cast<std::uint32_t>(wf.program.size());
        steps_of(arg.at("else"), here + "/else");
        wf.program[jump].target = static_cast<std::uint32_t>(wf.program.size());
      } else {
        wf.program[branch].target = static_cast<std::uint32_t>(wf.program.size());
      }
    } else if (key == "repeat") {
      if (!arg.is_object() || !arg.contains("steps") || !arg.contains("every")) {
        error(here, "a repeat needs \"steps\" and \"every\" (a wait), and optionally \"times\"");
        return;
      }
      std::uint32_t times = kEndlessRepeats;
      if (arg.contains("times")) {
        const auto& v = arg.at("times");
        if (!v.is_number_integer() || v.get<long long>() < 1 ||
            v.get<long long>() > kEndlessRepeats) {
          error(here + "/times", "must be a whole number from 1 to 1000");
          return;
        }
        times = static_cast<std::uint32_t>(v.get<long long>());
      }
      Millis min = 0, max = 0;
      if (!duration(arg.at("every"), here + "/every", min, max)) return;
      if (max == 0) {
        error(here + "/every", "a repeat must wait more than 0 between rounds");
        return;
      }
      const std::uint32_t slot = wf.loop_slots++;
      emit(K::LoopInit, n).slot = slot;
      const auto body = static_cast<std::uint32_t>(wf.program.size());
      steps_of(arg.at("steps"), here + "/steps");
      const auto next = wf.program.size();
      auto& loop = emit(K::LoopNext, n);
      loop.slot = slot;
      loop.times = times;
      auto& wait = emit(K::Wait, n);
      wait.wait_min = min;
      wait.wait_max = max;
      emit(K::Jump, n).target = body;
      wf.program[next].target = static_cast<std::uint32_t>(wf.program.size());
    } else if (key == "exit") {
      emit(K::Exit, n);
    } else {
      error(at, "unknown step \"" + key + "\"");
    }
  }
};

std::optional<Trigger> parse_trigger(const json& node, const std::string& at, Problems& problems) {
  auto fail = [&](const std::string& where, const std::string& message) {
    problems.errors.push_back({where, message});
    return std::nullopt;
  };
  if (!node.is_object() || !node.contains("on") || !node.at("on").is_string())
    return fail(at,
                "a trigger needs \"on\": activity, stage_entered, score_crossed, list_joined, "
                "gone_dark, deal_lost or customer_won");
  const auto& on = node.at("on").get_ref<const std::string&>();
  Trigger t;
  if (on == "activity") {
    t.on = Trigger::On::Activity;
    if (!node.contains("type") || !node.at("type").is_string())
      return fail(at + "/type", "names the activity type, such as content_download");
    t.type = node.at("type").get<std::string>();
    if (node.contains("where")) {
      t.where = parse_condition(node.at("where"), at + "/where", problems, "path");
      if (!t.where) return std::nullopt;
    }
  } else if (on == "stage_entered") {
    t.on = Trigger::On::StageEntered;
    const auto stage = node.contains("stage") && node.at("stage").is_string()
                           ? stage_from_name(node.at("stage").get_ref<const std::string&>())
                           : std::nullopt;
    if (!stage) return fail(at + "/stage", "names the stage entered, such as sql");
    t.stage = *stage;
  } else if (on == "score_crossed") {
    t.on = Trigger::On::ScoreCrossed;
    if (!node.contains("score") || !node.at("score").is_number())
      return fail(at + "/score", "must be the score line crossed");
    t.score = node.at("score").get<double>();
    if (node.contains("direction")) {
      const auto& d = node.at("direction");
      if (d != "up" && d != "down") return fail(at + "/direction", "must be \"up\" or \"down\"");
      t.upward = d == "up";
    }
  } else if (on == "list_joined") {
    t.on = Trigger::On::ListJoined;
    if (!node.contains("list") || !node.at("list").is_string())
      return fail(at + "/list", "names the list");
    t.list = node.at("list").get<std::string>();
  } else if (on == "gone_dark") {
    t.on = Trigger::On::GoneDark;
  } else if (on == "deal_lost") {
    t.on = Trigger::On::DealLost;
  } else if (on == "customer_won") {
    t.on = Trigger::On::CustomerWon;
  } else {
    return fail(at + "/on", "\"" + on +
                                "\" is not a trigger: activity, stage_entered, score_crossed, "
                                "list_joined, gone_dark, deal_lost or customer_won");
  }
  return t;
}

}  // namespace

std::vector<Workflow> parse_workflows(const json& list, const std::string& pointer,
                                      Problems& problems) {
  std::vector<Workflow> out;
  if (!list.is_array()) return out;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = pointer + "/" + std::to_string(i);
    const auto& node = list[i];
    if (!node.is_object()) {
      problems.errors.push_back({at, "a workflow must be an object"});
      continue;
    }
    Workflow wf;
    if (!node.contains("id") || !node.at("id").is_string() ||
        node.at("id").get_ref<const std::string&>().empty()) {
      problems.errors.push_back({at + "/id", "every workflow needs a non-empty string id"});
      continue;
    }
    wf.id = node.at("id").get<std::string>();
    if (!ids.insert(wf.id).second)
      problems.errors.push_back({at + "/id", "the workflow id \"" + wf.id + "\" is used twice"});
    if (node.contains("enabled") && !node.at("enabled").is_boolean())
      problems.errors.push_back({at + "/enabled", "must be true or false"});
    if (node.contains("enrol")) {
      const auto& e = node.at("enrol");
      if (e != "once" && e != "again")
        problems.errors.push_back({at + "/enrol", "must be \"once\" or \"again\""});
      wf.reenrol = e == "again";
    }
    if (!node.contains("trigger")) {
      problems.errors.push_back({at + "/trigger", "every workflow needs a trigger"});
    } else if (auto t = parse_trigger(node.at("trigger"), at + "/trigger", problems)) {
      wf.trigger = std::move(*t);
    }
    if (node.contains("exit_when"))
      wf.exit_when = parse_condition(node.at("exit_when"), at + "/exit_when", problems);
    Compiler compiler{wf, problems};
    compiler.steps_of(node.contains("steps") ? node.at("steps") : json(), at + "/steps");
    if (node.contains("enabled") && node.at("enabled") == false) continue;
    out.push_back(std::move(wf));
  }
  return out;
}

EmailPolicy parse_email_policy(const json& node, const std::string& pointer, Problems& problems) {
  EmailPolicy policy;
  if (!node.is_object()) return policy;
  if (node.contains("frequency_cap")) {
    const auto& cap = node.at("frequency_cap");
    if (!cap.is_object() || !cap.contains("count") || !cap.at("count").is_number_integer() ||
        cap.at("count").get<long long>() < 1 || !cap.contains("per_days") ||
        !cap.at("per_days").is_number() || cap.at("per_days").get<double>() <= 0) {
      problems.errors.push_back(
          {pointer + "/frequency_cap", "must be {\"count\": n >= 1, \"per_days\": d > 0}"});
    } else {
      policy.cap_count = static_cast<int>(cap.at("count").get<long long>());
      policy.cap_window =
          static_cast<Millis>(std::llround(cap.at("per_days").get<double>() * kMillisPerDay));
    }
  }
  if (node.contains("suppression_list")) {
    const auto& v = node.at("suppression_list");
    if (!v.is_string() || v.get_ref<const std::string&>().empty())
      problems.errors.push_back({pointer + "/suppression_list", "must name a list"});
    else
      policy.suppression_list = v.get<std::string>();
  }
  return policy;
}

}  // namespace tandem
