#include <gtest/gtest.h>

#include <cmath>

#include "engine/scoring/decay.h"
#include "tests/engine/fixture.h"

namespace tandem {
namespace {

using namespace tandem::testing;

json scoring_config(json behaviour, json fit = json::array(), double half_life_days = 0) {
  json scoring = {{"behaviour", std::move(behaviour)}, {"fit", std::move(fit)}};
  if (half_life_days > 0) scoring["half_life_days"] = half_life_days;
  return {{"stages", {{"mql_score", 1000}, {"sql_score", 2000}}}, {"scoring", scoring}};
}

const json kContact = json::array({{{"id", "c1"}, {"created", "2026-01-01T00:00:00Z"}}});

json explain(const Session& s, const std::string& id, const std::string& now = "") {
  const auto out = s.explain(id, now);
  EXPECT_TRUE(out.ok()) << problems_json(out.problems);
  return out.ok() ? json::parse(out.text) : json();
}

TEST(Decay, PortableExp2AndLog2AgreeWithTheLibrary) {
  for (double x = -60; x <= 60; x += 0.137) {
    EXPECT_NEAR(exp2_portable(x) / std::exp2(x), 1.0, 1e-14) << x;
    const double y = std::exp2(x);
    EXPECT_NEAR(log2_portable(y), x, 1e-12) << x;
  }
}

TEST(Decay, HalfLifeHalvesPointsEveryPeriod) {
  EXPECT_DOUBLE_EQ(decay_factor(0, 10 * kMillisPerDay), 1.0);
  EXPECT_NEAR(decay_factor(10 * kMillisPerDay, 10 * kMillisPerDay), 0.5, 1e-15);
  EXPECT_NEAR(decay_factor(30 * kMillisPerDay, 10 * kMillisPerDay), 0.125, 1e-15);
  EXPECT_EQ(decay_factor(365 * kMillisPerDay, 0), 1.0);
}

// Decay counts from each person's own ops, so a history from before 1970 scores like any other
// (a decay measured from the epoch would overflow there).
TEST(Decay, HistoryBefore1970DecaysLikeAnyOther) {
  const json rules = json::array({{{"id", "dl"}, {"on", "content_download"}, {"points", 10}}});
  const json contacts = json::array({{{"id", "c1"}, {"created", "1960-01-01T00:00:00Z"}}});
  const json ops = json::array({op("w:1", "1960-01-02T00:00:00Z", "content_download", "c1"),
                                op("w:2", "1960-01-12T00:00:00Z", "content_download", "c1")});
  Session session;
  ASSERT_TRUE(session.load(document(scoring_config(rules, json::array(), 1), contacts, ops)).ok());
  const auto row = contact_row(session, "c1");
  EXPECT_NEAR(row.at("behaviour").get<double>(), 10.0 + 10.0 / 1024, 0.001) << row;
}

TEST(Scoring, BehaviourPointsPerActivityType) {
  const json rules = json::array({{{"id", "dl"}, {"on", "content_download"}, {"points", 10}},
                                  {{"id", "pv"}, {"on", "page_view"}, {"points", 1}}});
  const json ops = json::array({op("w:1", "2026-01-02T00:00:00Z", "content_download", "c1"),
                                op("w:2", "2026-01-02T01:00:00Z", "content_download", "c1"),
                                op("w:3", "2026-01-02T02:00:00Z", "page_view", "c1"),
                                op("w:4", "2026-01-02T03:00:00Z", "email_open", "c1")});
  Session s;
  ASSERT_TRUE(s.load(document(scoring_config(rules), kContact, ops)).ok());
  EXPECT_EQ(contact_row(s, "c1")["behaviour"], 21.0);
}

// trial_signup is one row of the op-type table: scored as an activity, its `plan` checked.
TEST(Scoring, ATrialSignupIsAnActivityTheRulesScore) {
  const json rules = json::array({{{"id", "trial"}, {"on", "trial_signup"}, {"points", 25}}});
  const json ops =
      json::array({op("w:1", "2026-01-02T00:00:00Z", "trial_signup", "c1", {{"plan", "team"}})});
  Session s;
  ASSERT_TRUE(s.load(document(scoring_config(rules), kContact, ops)).ok());
  EXPECT_EQ(contact_row(s, "c1")["behaviour"], 25.0);

  Session bad;
  const json wrong =
      json::array({op("w:1", "2026-01-02T00:00:00Z", "trial_signup", "c1", {{"plan", 3}})});
  const auto problems = bad.load(document(scoring_config(rules), kContact, wrong));
  EXPECT_EQ(error_at(problems, "/ops/0/props/plan"), "must be a string");
}

TEST(Scoring, WhereFilterSelectsOps) {
  const json rules = json::array({{{"id", "pricing"},
                                   {"on", "page_view"},
                                   {"where", {{"path_prefix", "/pricing"}}},
                                   {"points", 5}},
                                  {{"id", "careers"},
                                   {"on", "page_view"},
                                   {"where", {{"path_prefix", "/careers"}}},
                                   {"points", -10}},
                                  {{"id", "guide"},
                                   {"on", "content_download"},
                                   {"where", {{"field", "content"}, {"equals", "roi-guide"}}},
                                   {"points", 8}}});
  const json ops = json::array(
      {op("w:1", "2026-01-02T00:00:00Z", "page_view", "c1", {{"path", "/pricing"}}),
       op("w:2", "2026-01-02T00:01:00Z", "page_view", "c1", {{"path", "/blog"}}),
       op("w:3", "2026-01-02T00:02:00Z", "page_view", "c1", {{"path", "/careers/eng"}}),
       op("w:4", "2026-01-02T00:03:00Z", "content_download", "c1", {{"content", "roi-guide"}}),
       op("w:5", "2026-01-02T00:04:00Z", "content_download", "c1", {{"content", "other"}})});
  Session s;
  ASSERT_TRUE(s.load(document(scoring_config(rules), kContact, ops)).ok());
  EXPECT_EQ(contact_row(s, "c1")["behaviour"], 3.0);  // 5 - 10 + 8
}

TEST(Scoring, CapLimitsPointsPerRollingWindow) {
  const json rules = json::array({{{"id", "pricing"},
                                   {"on", "page_view"},
                                   {"points", 15},
                                   {"cap", {{"points", 20}, {"per_days", 30}}}}});
  const json ops =
      json::array({op("w:1", "2026-01-02T00:00:00Z", "page_view", "c1"),
                   op("w:2", "2026-01-03T00:00:00Z", "page_view", "c1"),    // partial: 5
                   op("w:3", "2026-01-04T00:00:00Z", "page_view", "c1"),    // nothing left
                   op("w:4", "2026-02-01T12:00:00Z", "page_view", "c1"),    // w:1 left the window
                   op("w:5", "2026-02-03T00:00:00Z", "page_view", "c1")});  // w:2 left too: 5 room
  Session s;
  ASSERT_TRUE(s.load(document(scoring_config(rules), kContact, ops)).ok());
  const auto why = explain(s, "c1");
  ASSERT_EQ(why["contributions"].size(), 4u);
  EXPECT_EQ(why["contributions"][0]["earned"], 15.0);
  EXPECT_EQ(why["contributions"][1]["earned"], 5.0);
  EXPECT_EQ(why["contributions"][2]["op"], "w:4");
  EXPECT_EQ(why["contributions"][2]["earned"], 15.0);
  EXPECT_EQ(why["contributions"][3]["earned"], 5.0);
  EXPECT_EQ(why["behaviour"], 40.0);
}

TEST(Scoring, NegativeRulesSubtract) {
  const json rules = json::array({{{"id", "dl"}, {"on", "content_download"}, {"points", 30}},
                                  {{"id", "unsub"}, {"on", "unsubscribe"}, {"points", -50}}});
  const json ops = json::array({op("w:1", "2026-01-02T00:00:00Z", "content_download", "c1"),
                                op("w:2", "2026-01-03T00:00:00Z", "unsubscribe", "c1")});
  Session s;
  ASSERT_TRUE(s.load(document(scoring_config(rules), kContact, ops)).ok());
  EXPECT_EQ(contact_row(s, "c1")["behaviour"], -20.0);
}

TEST(Scoring, BehaviourDecaysWithHalfLife) {
  const json rules = json::array({{{"id", "dl"}, {"on", "content_download"}, {"points", 40}}});
  const json ops = json::array({op("w:1", "2026-01-01T00:00:00Z", "content_download", "c1"),
                                op("w:2", "2026-01-11T00:00:00Z", "content_download", "c1")});
  Session s;
  ASSERT_TRUE(s.load(document(scoring_config(rules, json::array(), 10), kContact, ops)).ok());
  EXPECT_EQ(contact_row(s, "c1", "2026-01-11T00:00:00Z")["behaviour"], 60.0);  // 20 + 40
  EXPECT_EQ(contact_row(s, "c1", "2026-01-21T00:00:00Z")["behaviour"], 30.0);  // 10 + 20
  const auto why = explain(s, "c1", "2026-01-21T00:00:00Z");
  EXPECT_EQ(why["contributions"][0]["points_now"], 10.0);
  EXPECT_EQ(why["contributions"][1]["points_now"], 20.0);
}

TEST(Scoring, FitRulesScoreTheIdealBuyerProfile) {
  const json fit = json::array(
      {{{"id", "industry"},
        {"if", {{"field", "industry"}, {"in", {"software", "fintech"}}}},
        {"points", 15}},
       {{"id", "size"}, {"if", {{"field", "employees"}, {"between", {50, 1000}}}}, {"points", 10}},
       {{"id", "student"}, {"if", {{"field", "title"}, {"matches", "student"}}}, {"points", -30}},
       {{"id", "personal"},
        {"if", {{"field", "email_personal"}, {"equals", true}}},
        {"points", -5}},
       {{"id", "rival"},
        {"if", {{"field", "email_domain"}, {"in", {"rival.example"}}}},
        {"points", -100}}});
  const json contacts = json::array({{{"id", "buyer"},
                                      {"industry", "Software"},
                                      {"employees", 120},
                                      {"email", "ana@acme.example"}},
                                     {{"id", "student"},
                                      {"industry", "fintech"},
                                      {"title", "MSc Student"},
                                      {"email", "sam@gmail.com"}},
                                     {{"id", "spy"}, {"email", "eve@RIVAL.example"}}});
  Session s;
  ASSERT_TRUE(s.load(document(scoring_config(json::array(), fit), contacts, json::array())).ok());
  EXPECT_EQ(contact_row(s, "buyer")["fit"], 25.0);
  EXPECT_EQ(contact_row(s, "student")["fit"], -20.0);  // 15 - 30 - 5
  EXPECT_EQ(contact_row(s, "spy")["fit"], -100.0);
}

TEST(Scoring, ScoreIsFitPlusBehaviour) {
  const json rules = json::array({{{"id", "dl"}, {"on", "content_download"}, {"points", 10}}});
  const json fit = json::array(
      {{{"id", "de"}, {"if", {{"field", "country"}, {"equals", "DE"}}}, {"points", 7}}});
  const json contacts = json::array({{{"id", "c1"}, {"country", "DE"}}});
  Session s;
  ASSERT_TRUE(
      s.load(document(scoring_config(rules, fit), contacts,
                      json::array({op("w:1", "2026-01-02T00:00:00Z", "content_download", "c1")})))
          .ok());
  const auto row = contact_row(s, "c1");
  EXPECT_EQ(row["score"], 17.0);
  EXPECT_EQ(row["fit"], 7.0);
  EXPECT_EQ(row["behaviour"], 10.0);
}

TEST(Scoring, ExplanationTracesEveryPointToARuleAndAnOp) {
  const json rules = json::array({{{"id", "dl"}, {"on", "content_download"}, {"points", 10}},
                                  {{"id", "pv"}, {"on", "page_view"}, {"points", 2}}});
  const json fit = json::array(
      {{{"id", "de"}, {"if", {{"field", "country"}, {"equals", "DE"}}}, {"points", 7}}});
  const json contacts = json::array({{{"id", "c1"}, {"country", "DE"}}});
  const json ops = json::array({op("w:1", "2026-01-02T00:00:00Z", "content_download", "c1"),
                                op("w:2", "2026-01-02T00:05:00Z", "page_view", "c1"),
                                op("w:3", "2026-01-02T00:06:00Z", "email_open", "c1")});
  Session s;
  ASSERT_TRUE(s.load(document(scoring_config(rules, fit), contacts, ops)).ok());
  const auto why = explain(s, "c1");
  ASSERT_EQ(why["fit_rules"].size(), 1u);
  EXPECT_EQ(why["fit_rules"][0]["rule"], "de");
  ASSERT_EQ(why["contributions"].size(), 2u);
  EXPECT_EQ(why["contributions"][0]["rule"], "dl");
  EXPECT_EQ(why["contributions"][0]["op"], "w:1");
  EXPECT_EQ(why["contributions"][1]["rule"], "pv");
  EXPECT_EQ(why["contributions"][1]["op"], "w:2");
  double sum = 0;
  for (const auto& c : why["contributions"])
    sum += c["points_now"].get<double>();
  for (const auto& f : why["fit_rules"])
    sum += f["points"].get<double>();
  EXPECT_DOUBLE_EQ(sum, why["score"].get<double>());
}

TEST(Scoring, UnknownOpTypesScoreNothing) {
  const json rules = json::array({{{"id", "pod"}, {"on", "podcast_listen"}, {"points", 10}}});
  Session s;
  const auto problems =
      s.load(document(scoring_config(rules), kContact,
                      json::array({op("w:1", "2026-01-02T00:00:00Z", "podcast_listen", "c1")})));
  ASSERT_TRUE(problems.ok());
  EXPECT_EQ(problems.warnings.size(), 2u);  // the rule, and the op type
  EXPECT_EQ(contact_row(s, "c1")["behaviour"], 0.0);
}

}  // namespace
}  // namespace tandem
