// Small workspaces for the automation, routing and SLA tests: a config with the given
// workflows, contacts with addresses, and times in March 2026 (the 2nd is a Monday).
#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "tests/engine/fixture.h"

namespace tandem::testing {

// prefix + suffix, built by appending (g++ 12 warns falsely on "literal" + string).
inline std::string named(const std::string& prefix, const std::string& suffix) {
  std::string out = prefix;
  out += suffix;
  return out;
}
inline std::string named(const std::string& prefix, long long n) {
  return named(prefix, std::to_string(n));
}

// "2026-03-DDTHH:MM:00Z"
inline std::string at(int day, int hour = 9, int minute = 0) {
  char text[32];
  std::snprintf(text, sizeof text, "2026-03-%02dT%02d:%02d:00Z", day, hour, minute);
  return text;
}

inline json base_config(json workflows = json::array()) {
  return json{
      {"seed", "test"},
      {"stages", {{"mql_score", 50}, {"sql_score", 80}, {"hysteresis", 5}}},
      {"scoring",
       {{"behaviour", json::array({{{"id", "download"}, {"on", "content_download"}, {"points", 10}},
                                   {{"id", "webinar"}, {"on", "webinar_attend"}, {"points", 40}},
                                   {{"id", "careers"}, {"on", "page_view"}, {"points", -30}}})}}},
      {"workflows", std::move(workflows)}};
}

inline json person(const std::string& id, json extra = json::object()) {
  json c = {{"id", id}, {"email", id + "@example.com"}, {"created", at(1, 8)}};
  for (auto& [k, v] : extra.items())
    c[k] = v;
  return c;
}

inline Session session_of(const json& config, const json& contacts, const json& ops) {
  Session s;
  const auto problems = s.load(document(config, contacts, ops));
  EXPECT_TRUE(problems.ok()) << problems_json(problems);
  return s;
}

// The outbox entries of one kind ("email", "notification", "task"), or all with "".
inline std::vector<json> entries(const json& outbox, const std::string& kind = "") {
  std::vector<json> out;
  for (const auto& e : outbox.at("entries"))
    if (kind.empty() || e.at("kind") == kind) out.push_back(e);
  return out;
}

inline std::vector<std::string> skip_reasons(const json& outbox) {
  std::vector<std::string> out;
  for (const auto& s : outbox.at("skipped"))
    out.push_back(s.at("reason").get<std::string>());
  return out;
}

}  // namespace tandem::testing
