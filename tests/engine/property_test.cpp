// Properties over many random workspaces (seeded, so every run checks the same ones): the op
// order in the file never matters, merge converges in any order and is idempotent, and
// export -> import -> export is identical.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "tests/engine/fixture.h"

namespace tandem::testing {
namespace {

constexpr int kWorkspaces = 150;

const char* const kTypes[] = {
    "page_view",   "content_download", "email_open", "email_click", "webinar_attend",
    "unsubscribe", "demo_request",     "touch",      "accept",      "reject",
    "review",      "deal_won",         "deal_lost",  "not_ready",   "identify",
    "merge",       "set_owner",        "erase"};

// "<prefix><n>", built by appending (g++ 12 warns falsely on `"v:" + std::to_string(n)`).
std::string key(const char* prefix, unsigned long n) {
  std::string out = prefix;
  out += std::to_string(n);
  return out;
}

json random_config(std::mt19937& rng) {
  std::uniform_int_distribution<int> points(-20, 40);
  return {{"stages",
           {{"mql_score", 30 + static_cast<int>(rng() % 30)},
            {"sql_score", 70 + static_cast<int>(rng() % 30)},
            {"hysteresis", static_cast<int>(rng() % 10)},
            {"sql_requires_acceptance", rng() % 4 != 0}}},
          {"scoring",
           {{"half_life_days", static_cast<int>(rng() % 3) * 15},
            {"behaviour",
             json::array({{{"id", "pricing"},
                           {"on", "page_view"},
                           {"where", {{"path_prefix", "/pricing"}}},
                           {"points", points(rng)},
                           {"cap", {{"points", 30}, {"per_days", 7}}}},
                          {{"id", "download"}, {"on", "content_download"}, {"points", points(rng)}},
                          {{"id", "open"}, {"on", "email_open"}, {"points", points(rng) / 4}},
                          {{"id", "webinar"}, {"on", "webinar_attend"}, {"points", points(rng)}}})},
            {"fit", json::array({{{"id", "industry"},
                                  {"if", {{"field", "industry"}, {"in", {"software"}}}},
                                  {"points", points(rng)}}})}}},
          {"dark_after_touches", 1 + static_cast<int>(rng() % 5)}};
}

json random_op(std::mt19937& rng, int replica, int sequence, int people) {
  const std::string type = kTypes[rng() % std::size(kTypes)];
  const int who = static_cast<int>(rng() % people);
  const bool visitor = type == "page_view" && rng() % 3 == 0;
  const std::string contact = visitor ? key("v:", who) : key("c", who);
  char at[32];
  std::snprintf(at, sizeof at, "2026-0%d-%02dT%02d:%02d:00Z", 1 + static_cast<int>(rng() % 6),
                1 + static_cast<int>(rng() % 28), static_cast<int>(rng() % 24),
                static_cast<int>(rng() % 4) * 15);
  json props = json::object();
  if (type == "page_view") props = {{"path", rng() % 2 ? "/pricing" : "/blog"}};
  if (type == "touch")
    props = {{"channel", "call"}, {"outcome", rng() % 3 ? "no_response" : "responded"}};
  if (type == "reject") props = {{"reason", "no_budget"}};
  if (type == "review")
    props = {{"decision", rng() % 2 ? "uphold" : "overturn"}, {"to", "nurture"}};
  if (type == "deal_won") props = {{"amount", 1000 + static_cast<int>(rng() % 9000)}};
  if (type == "deal_lost") props = {{"objection", "price"}};
  if (type == "not_ready") props = {{"reason", "later"}};
  if (type == "identify") props = {{"visitor", key("v:", rng() % people)}};
  if (type == "merge") props = {{"from", key("c", rng() % people)}};
  if (type == "set_owner") props = {{"owner", rng() % 2 ? "ana" : "ben"}};
  if (type == "erase" && rng() % 4) return random_op(rng, replica, sequence, people);  // rarer
  if (type == "merge" && props["from"] == contact) props = {{"from", key("c", people)}};
  std::string id = key("r", replica);
  id += ':';
  id += std::to_string(sequence);
  return op(id, at, type, contact, props, rng() % 2 ? "system" : "ana");
}

json random_workspace(unsigned seed) {
  std::mt19937 rng(seed);
  const int people = 2 + static_cast<int>(rng() % 8);
  json contacts = json::array();
  for (int c = 0; c <= people; ++c) {
    json row = {{"id", key("c", c)}};
    if (rng() % 2) row["industry"] = rng() % 2 ? "software" : "retail";
    if (rng() % 2) row["created"] = "2026-01-01T00:00:00Z";
    contacts.push_back(row);
  }
  json ops = json::array();
  const int count = 5 + static_cast<int>(rng() % 60);
  for (int i = 0; i < count; ++i)
    ops.push_back(random_op(rng, static_cast<int>(rng() % 3), i, people));
  return json::parse(document(random_config(rng), contacts, ops));
}

std::string text_of(const Session& session) {
  return session.report("contacts", "", "json").text + session.report("stages", "", "json").text;
}

TEST(Property, OpOrderInTheFileNeverMatters) {
  for (unsigned seed = 1; seed <= kWorkspaces; ++seed) {
    json doc = random_workspace(seed);
    Session a;
    if (!a.load(doc.dump()).ok()) continue;  // a random merge may name itself: refused, fine
    std::mt19937 rng(seed * 7);
    std::shuffle(doc["ops"].begin(), doc["ops"].end(), rng);
    Session b;
    ASSERT_TRUE(b.load(doc.dump()).ok()) << seed;
    EXPECT_EQ(text_of(a), text_of(b)) << "seed " << seed;
    EXPECT_EQ(a.export_document(), b.export_document()) << "seed " << seed;
  }
}

TEST(Property, MergeConvergesInAnyOrderAndIsIdempotent) {
  for (unsigned seed = 1; seed <= kWorkspaces; ++seed) {
    const json doc = random_workspace(seed);
    if (!Session().load(doc.dump()).ok()) continue;
    // Two copies that share some ops and each have some of their own.
    json left = doc, right = doc;
    left["ops"] = json::array();
    right["ops"] = json::array();
    std::mt19937 rng(seed * 13);
    for (const auto& o : doc["ops"]) {
      const auto side = rng() % 3;
      if (side != 1) left["ops"].push_back(o);
      if (side != 0) right["ops"].push_back(o);
    }
    const auto lr = merge_documents(left.dump(), right.dump());
    const auto rl = merge_documents(right.dump(), left.dump());
    ASSERT_TRUE(lr.ok()) << "seed " << seed << ": " << problems_json(lr.problems);
    ASSERT_TRUE(rl.ok()) << "seed " << seed;
    EXPECT_EQ(lr.text, rl.text) << "seed " << seed;
    const auto again = merge_documents(lr.text, left.dump());
    ASSERT_TRUE(again.ok()) << "seed " << seed;
    EXPECT_EQ(again.text, lr.text) << "seed " << seed;
    // The union holds the whole history: the same answers as the document it came from.
    Session merged, whole;
    ASSERT_TRUE(merged.load(lr.text).ok());
    ASSERT_TRUE(whole.load(doc.dump()).ok());
    EXPECT_EQ(text_of(merged), text_of(whole)) << "seed " << seed;
  }
}

TEST(Property, ExportImportExportIsIdentical) {
  for (unsigned seed = 1; seed <= kWorkspaces; ++seed) {
    Session first;
    if (!first.load(random_workspace(seed).dump()).ok()) continue;
    const std::string exported = first.export_document();
    Session second;
    ASSERT_TRUE(second.load(exported).ok()) << seed;
    EXPECT_EQ(second.export_document(), exported) << "seed " << seed;
    EXPECT_EQ(text_of(first), text_of(second)) << "seed " << seed;
  }
}

// A what-if that moves only thresholds replays only the people some stage check saw reach the
// lowest of them; its answer is the one a replay of everyone gives. A config member the engine
// does not read makes the what-if replay everyone, so the two are compared.
TEST(Property, WhatIfOnThresholdsReplaysOnlyWhomTheyConcernAndAgrees) {
  int compared = 0, changed_somewhere = 0;
  for (unsigned seed = 1; seed <= kWorkspaces; ++seed) {
    json doc = random_workspace(seed);
    std::mt19937 rng(seed * 7919);
    // Hand-set stages too: everyone made an mql by hand twice, which meets the hysteresis line
    // at once, and some sent back to nurture.
    for (int i = 0; i < 12; ++i)
      doc["ops"].push_back(op(key("set:", i + 1),
                              "2026-0" + std::to_string(2 + i % 4) + "-15T12:00:00Z", "set_stage",
                              key("c", i % 6), {{"stage", i % 5 == 4 ? "nurture" : "mql"}}, "ana"));
    Session session;
    if (!session.load(doc.dump()).ok()) continue;
    for (int move = 0; move < 4; ++move) {
      json config = doc["config"];
      auto& stages = config["stages"];
      const int delta = static_cast<int>(rng() % 41) - 20;
      if (move == 0) stages["mql_score"] = stages["mql_score"].get<int>() + delta;
      if (move == 1) stages["sql_score"] = stages["sql_score"].get<int>() + delta;
      if (move == 2) stages["hysteresis"] = static_cast<int>(rng() % 25);
      if (move == 3) {
        stages["mql_score"] = stages["mql_score"].get<int>() + delta;
        stages["sql_score"] = stages["sql_score"].get<int>() + delta / 2;
      }
      if (stages["sql_score"].get<int>() < stages["mql_score"].get<int>())
        stages["sql_score"] = stages["mql_score"];
      json everyone = config;
      everyone["not-read-by-the-engine"] = true;
      const auto fast = session.what_if(config.dump(), "");
      const auto full = session.what_if(everyone.dump(), "");
      ASSERT_TRUE(fast.ok()) << problems_json(fast.problems);
      ASSERT_TRUE(full.ok()) << problems_json(full.problems);
      EXPECT_EQ(fast.text, full.text) << "seed " << seed << " config " << config;
      ++compared;
      changed_somewhere += json::parse(fast.text).at("changed").get<int>() > 0;
    }
  }
  EXPECT_GT(compared, kWorkspaces * 2);
  EXPECT_GT(changed_somewhere, compared / 20);  // else the moves moved too little to check
}

TEST(Property, MostRandomWorkspacesLoad) {
  int loaded = 0;
  for (unsigned seed = 1; seed <= kWorkspaces; ++seed)
    loaded += Session().load(random_workspace(seed).dump()).ok();
  EXPECT_GT(loaded, kWorkspaces * 3 / 4);  // else the properties above check too little
}

}  // namespace
}  // namespace tandem::testing
