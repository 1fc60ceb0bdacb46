// The predictive model as a scoring input (config.model.points): 200 decided people whose plan
// (pro or free) nearly decides the outcome, and ten open leads, five of each plan. Page views
// earn 10 points; the mql line is 40, so a pro lead (3 views, 30 points) is short of it
// without the model.
#include "tests/engine/fixture.h"

namespace tandem::testing {
namespace {

json scoring_config(json model = nullptr) {
  json config = {
      {"seed", "model-scoring-test"},
      {"stages", {{"mql_score", 40}, {"sql_score", 1000}, {"hysteresis", 5}}},
      {"scoring",
       {{"half_life_days", 0},
        {"behaviour", json::array({{{"id", "view"}, {"on", "page_view"}, {"points", 10}}})}}}};
  if (!model.is_null()) config["model"] = std::move(model);
  return config;
}

std::string scoring_document(json model = nullptr) {
  json contacts = json::array(), ops = json::array();
  int seq = 0;
  auto person = [&](const std::string& id, bool pro, bool with_plan) {
    json c = {{"id", id},
              {"email", id + "@example.com"},
              {"colour", seq % 3 == 0 ? "red" : "blue"},
              {"created", "2026-01-01T00:00:00Z"}};
    if (with_plan) c["plan"] = pro ? "pro" : "free";
    contacts.push_back(c);
    for (int v = 0; v < (pro ? 3 : 1); ++v)
      ops.push_back(op("w:" + std::to_string(++seq), "2026-01-05T00:00:00Z", "page_view", id,
                       {{"path", "/"}}));
  };
  for (int i = 0; i < 200; ++i) {
    std::string id = "p";
    id += std::to_string(i);
    const bool pro = i % 2 == 1;
    person(id, pro, i % 13 != 0);
    if (pro ? i % 7 != 0 : i % 9 == 0) {
      ops.push_back(op("s:" + std::to_string(++seq), "2026-01-10T00:00:00Z", "set_stage", id,
                       {{"stage", "opportunity"}, {"reason", "test"}}));
      ops.push_back(op("s:" + std::to_string(++seq), "2026-01-11T00:00:00Z", "deal_won", id));
    } else {
      ops.push_back(op("s:" + std::to_string(++seq), "2026-01-11T00:00:00Z", "disqualify", id,
                       {{"reason", "test"}}));
    }
  }
  for (int i = 1; i <= 5; ++i) {
    person("open-pro-" + std::to_string(i), true, true);
    person("open-free-" + std::to_string(i), false, true);
  }
  return document(scoring_config(std::move(model)), contacts, ops);
}

Problems load_problems(json model) {
  Session session;
  return session.load(scoring_document(std::move(model)));
}

TEST(ModelScoring, BadPointsNameTheirPointer) {
  for (const json& points : {json("many"), json(-1), json(5000), json(nullptr)}) {
    const auto problems = load_problems({{"points", points}});
    EXPECT_FALSE(problems.ok()) << points;
    EXPECT_NE(error_at(problems, "/config/model/points"), "") << problems_json(problems);
  }
}

TEST(ModelScoring, BadExcludeNamesItsPointer) {
  auto problems = load_problems({{"points", 30}, {"exclude", "plan"}});
  EXPECT_NE(error_at(problems, "/config/model/exclude"), "") << problems_json(problems);
  problems = load_problems({{"points", 30}, {"exclude", {"plan", 3}}});
  EXPECT_NE(error_at(problems, "/config/model/exclude/1"), "") << problems_json(problems);
  EXPECT_EQ(error_at(problems, "/config/model/exclude/0"), "");
}

TEST(ModelScoring, AModelThatIsNotAnObjectNamesItsPointer) {
  const auto problems = load_problems(json::array({30}));
  EXPECT_NE(error_at(problems, "/config/model"), "") << problems_json(problems);
}

}  // namespace
}  // namespace tandem::testing
