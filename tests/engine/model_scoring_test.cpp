// The predictive model as a scoring input (config.model.points): 200 decided people whose plan
// (pro or free) nearly decides the outcome, and ten open leads, five of each plan. Page views
// earn 10 points; the mql line is 40, so a pro lead (3 views, 30 points) is short of it
// without the model.
#include <cmath>

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

Session session_with(json model = nullptr) {
  Session session;
  const auto problems = session.load(scoring_document(std::move(model)));
  EXPECT_TRUE(problems.ok()) << problems_json(problems);
  return session;
}

json with_points(double points) {
  return {{"points", points}};
}

json explain(const Session& session, const std::string& id) {
  const auto out = session.explain(id, "");
  EXPECT_TRUE(out.ok()) << problems_json(out.problems);
  return out.ok() ? json::parse(out.text) : json();
}

json row_of(const json& report, const std::string& id) {
  for (const auto& row : report["contacts"])
    if (row["id"] == id) return row;
  ADD_FAILURE() << "no contact " << id;
  return json();
}

const json* model_rule(const json& explained) {
  for (const auto& rule : explained["fit_rules"])
    if (rule["rule"] == "model") return &rule;
  return nullptr;
}

Problems load_problems(json model) {
  Session session;
  return session.load(scoring_document(std::move(model)));
}

TEST(ModelScoring, WithoutModelPointsScoresAreUnchangedByteForByte) {
  const auto plain = session_with();
  const auto no_points = session_with({{"exclude", {"colour"}}, {"l2", 2}});
  const auto zero = session_with(with_points(0));
  for (const char* kind : {"contacts", "stages", "funnel", "predictions"}) {
    const auto a = plain.report(kind, "", "json").text;
    EXPECT_FALSE(a.empty()) << kind;
    EXPECT_EQ(a, zero.report(kind, "", "json").text) << kind;
    if (std::string(kind) != "predictions") {
      EXPECT_EQ(a, no_points.report(kind, "", "json").text) << kind;
    }
  }
  EXPECT_EQ(plain.explain("open-pro-1", "").text, zero.explain("open-pro-1", "").text);
  EXPECT_EQ(model_rule(explain(plain, "open-pro-1")), nullptr);
}

TEST(ModelScoring, TheScoreRisesByPointsTimesThePredictedChance) {
  const auto plain = report(session_with(), "contacts");
  const auto scored_session = session_with(with_points(30));
  const auto scored = report(scored_session, "contacts");
  const auto predictions = report(scored_session, "predictions");
  ASSERT_TRUE(predictions["trained"].get<bool>()) << predictions.dump();
  ASSERT_EQ(predictions["contacts"].size(), 210u);
  for (const auto& p : predictions["contacts"]) {
    const std::string id = p["id"];
    const double chance = p["predicted"];
    const double before = row_of(plain, id)["score"];
    const double after = row_of(scored, id)["score"];
    // The chance is printed to four decimals, the score to two.
    EXPECT_NEAR(after - before, 30 * chance, 0.011) << id;
    EXPECT_NEAR(p["score"].get<double>(), after, 0.0051) << id;  // four decimals there
  }
}

TEST(ModelScoring, ExplainListsTheModelContributionAsAFitRule) {
  const auto session = session_with(with_points(30));
  const auto explained = explain(session, "open-pro-1");
  const auto* rule = model_rule(explained);
  ASSERT_NE(rule, nullptr) << explained.dump(2);
  const double chance = row_of(report(session, "predictions"), "open-pro-1")["predicted"];
  EXPECT_DOUBLE_EQ((*rule)["probability"].get<double>(), chance);
  EXPECT_NEAR((*rule)["points"].get<double>(), 30 * chance, 0.011);
  double fit = 0;
  for (const auto& r : explained["fit_rules"])
    fit += r["points"].get<double>();
  EXPECT_NEAR(explained["fit"].get<double>(), fit, 1e-9);
}

TEST(ModelScoring, AContactCanCrossTheMqlThresholdBecauseOfTheModel) {
  const auto plain = session_with();
  const auto scored = session_with(with_points(30));
  EXPECT_EQ(contact_row(plain, "open-pro-1")["stage"], "lead");
  EXPECT_DOUBLE_EQ(contact_row(plain, "open-pro-1")["score"].get<double>(), 30);
  EXPECT_EQ(contact_row(scored, "open-pro-1")["stage"], "mql");
  const auto explained = explain(scored, "open-pro-1");
  bool crossed = false;
  for (const auto& h : explained["history"])
    crossed = crossed || (h["to"] == "mql" && h["cause"] == "threshold");
  EXPECT_TRUE(crossed) << explained.dump(2);
  // A free lead's chance is small: still short of the line.
  EXPECT_EQ(contact_row(scored, "open-free-1")["stage"], "lead");
}

TEST(ModelScoring, TheModelLearnsFromTheReplayWithoutItsPoints) {
  const auto plain = session_with({{"exclude", {"colour"}}});
  const auto scored = session_with({{"exclude", {"colour"}}, {"points", 30}});
  EXPECT_EQ(plain.report("model", "", "json").text, scored.report("model", "", "json").text);
}

TEST(ModelScoring, TheReplayIsDeterministic) {
  const auto a = session_with(with_points(30));
  const auto b = session_with(with_points(30));
  for (const char* kind : {"contacts", "predictions", "model", "funnel"}) {
    const auto first = a.report(kind, "", "json").text;
    // A fresh session asked for this kind alone replays for it, where `a` and `b` may read a
    // replay kept from an earlier kind.
    EXPECT_EQ(first, session_with(with_points(30)).report(kind, "", "json").text) << kind;
    EXPECT_EQ(first, b.report(kind, "", "json").text) << kind;
  }
  EXPECT_EQ(a.explain("open-pro-2", "").text, b.explain("open-pro-2", "").text);
}

TEST(ModelScoring, AnUntrainedModelAddsNothing) {
  Session plain, scored;
  json doc = json::parse(read_fixture("minimal.json"));
  ASSERT_TRUE(plain.load(doc.dump()).ok());
  doc["config"]["model"] = with_points(30);
  ASSERT_TRUE(scored.load(doc.dump()).ok());
  EXPECT_EQ(plain.report("contacts", "", "json").text, scored.report("contacts", "", "json").text);
}

TEST(ModelScoring, WhatIfShowsWhoTheModelPointsWouldMove) {
  const auto session = session_with();
  const auto out = session.what_if(scoring_config(with_points(30)).dump(), "");
  ASSERT_TRUE(out.ok()) << problems_json(out.problems);
  const auto r = json::parse(out.text);
  bool moved = false;
  for (const auto& c : r["contacts"])
    moved = moved || (c["id"] == "open-pro-1" && c["stage_after"] == "mql");
  EXPECT_TRUE(moved) << r.dump(2);
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
