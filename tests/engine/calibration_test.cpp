// Calibration on ten decided people whose fit alone sets their score:
//   gold (60): 3 won, 1 lost; silver (30): 1 won, 3 lost; neither (0): 2 lost; one still open.
#include "tests/engine/fixture.h"

namespace tandem::testing {
namespace {

json calibration_document(json extra_config = json::object()) {
  json config = {{"scoring",
                  {{"fit", json::array({{{"id", "gold"},
                                         {"if", {{"field", "tier"}, {"equals", "gold"}}},
                                         {"points", 60}},
                                        {{"id", "silver"},
                                         {"if", {{"field", "tier"}, {"equals", "silver"}}},
                                         {"points", 30}}})}}}};
  config.update(extra_config);
  json contacts = json::array(), ops = json::array();
  int seq = 0;
  auto person = [&](const std::string& id, const std::string& tier, const std::string& result,
                    double amount) {
    json c = {{"id", id}, {"created", "2026-01-01T00:00:00Z"}};
    if (!tier.empty()) c["tier"] = tier;
    contacts.push_back(c);
    if (result == "won") {
      ops.push_back(op("s:" + std::to_string(++seq), "2026-01-10T00:00:00Z", "set_stage", id,
                       {{"stage", "opportunity"}, {"reason", "test"}}));
      ops.push_back(op("s:" + std::to_string(++seq), "2026-01-11T00:00:00Z", "deal_won", id,
                       {{"amount", amount}}));
    } else if (result == "lost") {
      ops.push_back(op("s:" + std::to_string(++seq), "2026-01-11T00:00:00Z", "disqualify", id,
                       {{"reason", "test"}}));
    }
  };
  person("g1", "gold", "won", 100);
  person("g2", "gold", "won", 100);
  person("g3", "gold", "won", 100);
  person("g4", "gold", "lost", 0);
  person("s1", "silver", "won", 1000);
  person("s2", "silver", "lost", 0);
  person("s3", "silver", "lost", 0);
  person("s4", "silver", "lost", 0);
  person("n1", "", "lost", 0);
  person("n2", "", "lost", 0);
  person("n3", "", "open", 0);
  return json::parse(document(config, contacts, ops));
}

json calibration(json extra_config = json::object(), ReportOptions options = {}) {
  Session session;
  const auto problems = session.load(calibration_document(std::move(extra_config)).dump());
  EXPECT_TRUE(problems.ok()) << problems_json(problems);
  const auto out = session.report("calibration", "", "json", options);
  EXPECT_TRUE(out.ok()) << problems_json(out.problems);
  return json::parse(out.text);
}

TEST(Calibration, OnlyDecidedPeopleCount) {
  const auto r = calibration();
  EXPECT_EQ(r["decided"], 10);
  EXPECT_EQ(r["won"], 4);
}

TEST(Calibration, CloseRatePerScoreBand) {
  EXPECT_EQ(calibration()["bands"], json::parse(R"([
    {"from": 0.0, "to": 10.0, "contacts": 2, "won": 0, "close_rate": 0.0},
    {"from": 30.0, "to": 40.0, "contacts": 4, "won": 1, "close_rate": 0.25},
    {"from": 60.0, "to": 70.0, "contacts": 4, "won": 3, "close_rate": 0.75}])"));
}

TEST(Calibration, BandWidthComesFromTheConfig) {
  const auto r = calibration({{"calibration", {{"band_width", 50}}}});
  ASSERT_EQ(r["bands"].size(), 2u);
  EXPECT_EQ(r["bands"][0]["contacts"], 6);
  EXPECT_EQ(r["bands"][1]["from"], 50.0);
}

TEST(Calibration, AucCountsTiesAsHalf) {
  // 24 won-lost pairs: 16.5 + 3.5 ordered right.
  EXPECT_DOUBLE_EQ(calibration()["auc"].get<double>(), 0.8333);
}

TEST(Calibration, RocCurveHasOnePointPerDistinctScore) {
  EXPECT_EQ(calibration()["roc"], json::parse(R"([
    {"threshold": null, "tpr": 0.0, "fpr": 0.0},
    {"threshold": 60.0, "tpr": 0.75, "fpr": 0.1667},
    {"threshold": 30.0, "tpr": 1.0, "fpr": 0.6667},
    {"threshold": 0.0, "tpr": 1.0, "fpr": 1.0}])"));
}

TEST(Calibration, RecommendsTheThresholdWithTheBestCloseRate) {
  EXPECT_EQ(calibration()["recommended_sql_score"], 60.0);
}

TEST(Calibration, RecommendationKeepsTheMinimumMonthlyVolume) {
  ReportOptions options;
  options.min_monthly_volume = 5;  // 60 gives 4 a month, 30 gives 8
  EXPECT_EQ(calibration(json::object(), options)["recommended_sql_score"], 30.0);
  EXPECT_EQ(calibration({{"calibration", {{"min_monthly_volume", 5}}}})["recommended_sql_score"],
            30.0);
}

TEST(Calibration, RevenueGoalWeighsWonAmountsAgainstTheCostOfEachSql) {
  // 0: 1300 - 10 * 50 = 800; 30: 1300 - 8 * 50 = 900; 60: 300 - 4 * 50 = 100.
  const auto r = calibration({{"calibration", {{"goal", "revenue"}, {"cost_per_sql", 50}}}});
  EXPECT_EQ(r["goal"], "revenue");
  EXPECT_EQ(r["recommended_sql_score"], 30.0);
}

TEST(Calibration, NoDecidedPeopleGiveNoAucAndNoRecommendation) {
  Session session;
  ASSERT_TRUE(session.load(read_fixture("minimal.json")).ok());
  const auto r = report(session, "calibration");
  EXPECT_TRUE(r["auc"].is_null());
  EXPECT_TRUE(r["recommended_sql_score"].is_null());
  EXPECT_EQ(r["bands"], json::array());
}

}  // namespace
}  // namespace tandem::testing
