#include <gtest/gtest.h>

#include "engine/workspace/config.h"

namespace tandem {
namespace {

using nlohmann::json;

const json kConfig = json::parse(R"({
  "stages": { "mql_score": 40, "sql_score": 70, "hand_raise": ["demo_request"] },
  "scoring": {
    "half_life_days": 10,
    "behaviour": [ { "id": "pricing", "on": "page_view", "where": { "path_prefix": "/pricing" },
                     "points": 5, "cap": { "points": 10, "per_days": 7 } } ],
    "fit": [ { "id": "icp", "if": { "field": "industry", "in": ["software"] }, "points": 15 } ]
  },
  "dark_after_touches": 3,
  "workflows": [ { "id": "broken" } ]
})");

TEST(Config, ScoringPartReadsStagesAndScoringAsTheWholeConfigDoes) {
  Problems scoring_problems, all_problems;
  const auto scoring = parse_scoring_config(kConfig, scoring_problems);
  const auto all = parse_config(kConfig, all_problems);
  EXPECT_TRUE(scoring_problems.ok()) << problems_json(scoring_problems);
  EXPECT_EQ(scoring.stages.mql_score, all.stages.mql_score);
  EXPECT_EQ(scoring.stages.sql_score, 70);
  EXPECT_EQ(scoring.half_life, all.half_life);
  ASSERT_EQ(scoring.behaviour.size(), 1u);
  EXPECT_EQ(scoring.behaviour[0].cap_points, all.behaviour[0].cap_points);
  EXPECT_EQ(scoring.behaviour[0].cap_window, all.behaviour[0].cap_window);
  ASSERT_EQ(scoring.fit.size(), 1u);
  EXPECT_EQ(scoring.fit[0].id, "icp");
}

TEST(Config, ScoringPartLeavesTheRestAtItsDefaults) {
  Problems scoring_problems, all_problems;
  const auto scoring = parse_scoring_config(kConfig, scoring_problems);
  parse_config(kConfig, all_problems);
  EXPECT_EQ(scoring.dark_after_touches, 5);
  EXPECT_TRUE(scoring.workflows.empty());
  // The broken workflow is the whole config's problem, not the scoring part's.
  EXPECT_TRUE(scoring_problems.ok());
  EXPECT_FALSE(all_problems.ok());
}

}  // namespace
}  // namespace tandem
