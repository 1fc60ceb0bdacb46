// Small workspaces written inline for the engine's tests.
#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "engine/engine.h"
#include "engine/workspace/workspace.h"

namespace tandem::testing {

using nlohmann::json;

inline json op(const std::string& id, const std::string& at, const std::string& type,
               const std::string& contact, json props = json::object(),
               const std::string& actor = "system") {
  json o = {{"id", id}, {"at", at}, {"actor", actor}, {"type", type}, {"contact", contact}};
  if (!props.empty()) o["props"] = std::move(props);
  return o;
}

inline std::string document(json config, json contacts, json ops) {
  return json{{"format", "tandem.workspace"},
              {"version", 1},
              {"config", std::move(config)},
              {"contacts", std::move(contacts)},
              {"ops", std::move(ops)}}
      .dump();
}

inline Workspace load_ok(const std::string& text) {
  Problems problems;
  auto ws = Workspace::load(text, problems);
  EXPECT_TRUE(problems.ok()) << problems_json(problems);
  if (!ws) throw std::runtime_error("workspace did not load: " + problems_json(problems));
  return std::move(*ws);
}

inline std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(TANDEM_FIXTURES_DIR) + "/" + name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The first error whose pointer is `pointer`, or "" when there is none.
inline std::string error_at(const Problems& problems, const std::string& pointer) {
  for (const auto& p : problems.errors)
    if (p.pointer == pointer) return p.message;
  return "";
}

// A report parsed, or a failed expectation.
inline json report(const Session& session, const std::string& kind, const std::string& now = "") {
  const auto out = session.report(kind, now, "json");
  EXPECT_TRUE(out.ok()) << problems_json(out.problems);
  return out.ok() ? json::parse(out.text) : json();
}

inline json contact_row(const Session& session, const std::string& id,
                        const std::string& now = "") {
  const json all = report(session, "contacts", now);
  for (const auto& row : all["contacts"])
    if (row["id"] == id) return row;
  return json();
}

}  // namespace tandem::testing
