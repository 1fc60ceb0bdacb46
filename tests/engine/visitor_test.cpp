#include <gtest/gtest.h>

#include "engine/lifecycle/lifecycle.h"
#include "engine/scoring/visitor.h"
#include "fixture.h"

namespace tandem {
namespace {

using nlohmann::json;
using testing::document;
using testing::load_ok;
using testing::op;

const json kConfig = json::parse(R"({
  "stages": { "mql_score": 40, "sql_score": 80 },
  "scoring": {
    "half_life_days": 20,
    "behaviour": [
      { "id": "pricing", "on": "page_view", "where": { "path_prefix": "/pricing" }, "points": 10,
        "cap": { "points": 15, "per_days": 7 } },
      { "id": "download", "on": "content_download", "points": 20 },
      { "id": "demo", "on": "demo_request", "points": 30 }
    ],
    "fit": [ { "id": "work-email", "if": { "field": "email_personal", "equals": false }, "points": 10 } ]
  }
})");

const json kContact = {{"id", "c1"}, {"email", "rosa@kestrel-foods.example"}};

const json kOps = json::array(
    {op("web-1:1", "2026-03-01T10:00:00Z", "page_view", "v:1", {{"path", "/pricing"}}),
     op("web-1:2", "2026-03-01T10:05:00Z", "page_view", "v:1", {{"path", "/pricing/teams"}}),
     op("web-1:3", "2026-03-02T09:00:00Z", "identify", "c1", {{"visitor", "v:1"}}),
     op("web-1:4", "2026-03-02T09:00:00Z", "content_download", "c1", {{"content", "guide"}}),
     op("web-1:5", "2026-03-20T09:00:00Z", "page_view", "c1", {{"path", "/pricing"}}),
     op("web-1:6", "2026-03-21T09:00:00Z", "demo_request", "c1")});

std::vector<VisitorOp> visitor_ops(const json& ops) {
  std::vector<VisitorOp> out;
  for (const auto& o : ops)
    out.push_back({*parse_iso8601(o.at("at").get_ref<const std::string&>()),
                   o.at("type").get_ref<const std::string&>(),
                   o.contains("props") ? &o.at("props") : nullptr});
  return out;
}

TEST(VisitorScore, EqualsTheReplayOfTheSameHistory) {
  Problems problems;
  const auto config = parse_scoring_config(kConfig, problems);
  ASSERT_TRUE(problems.ok());
  const auto ws = load_ok(document(kConfig, json::array({kContact}), kOps));
  for (const char* when :
       {"2026-03-02T09:00:00Z", "2026-03-21T09:00:00Z", "2026-05-01T00:00:00Z"}) {
    const Millis now = *parse_iso8601(when);
    Interner owners;
    const auto replayed = replay_contact(ws, "c1", now, owners);
    ASSERT_TRUE(replayed);
    const auto mine = score_visitor(config, kContact, visitor_ops(kOps), now);
    EXPECT_DOUBLE_EQ(mine.fit, replayed->first.fit) << when;
    EXPECT_DOUBLE_EQ(mine.behaviour, replayed->first.behaviour) << when;
    ASSERT_EQ(mine.contributions.size(), replayed->second.contributions.size()) << when;
    for (std::size_t i = 0; i < mine.contributions.size(); ++i) {
      EXPECT_EQ(mine.contributions[i].rule, replayed->second.contributions[i].rule);
      EXPECT_DOUBLE_EQ(mine.contributions[i].earned, replayed->second.contributions[i].earned);
    }
  }
}

TEST(VisitorScore, CapsAPricingBingeAndCountsNothingAfterNow) {
  Problems problems;
  const auto config = parse_scoring_config(kConfig, problems);
  const auto score =
      score_visitor(config, kContact, visitor_ops(kOps), *parse_iso8601("2026-03-01T10:05:00Z"));
  ASSERT_EQ(score.contributions.size(), 2u);
  EXPECT_DOUBLE_EQ(score.contributions[1].earned, 5);  // the cap leaves 5 of 10
  EXPECT_NEAR(score.behaviour, 15, 1e-2);              // five minutes of decay
}

TEST(VisitorScore, AnAnonymousVisitorHasNoFitFromFields) {
  Problems problems;
  const auto config = parse_scoring_config(kConfig, problems);
  const auto score = score_visitor(config, json(), {}, 0);
  EXPECT_EQ(score.fit, 0);
  EXPECT_TRUE(score.fit_rules.empty());
}

}  // namespace
}  // namespace tandem
