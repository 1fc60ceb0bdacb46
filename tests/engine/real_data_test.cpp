// The figures docs/analytics.md quotes, on the shared real data sets (never copied into this
// tree): X Education's leads and the Maven CRM pipeline, imported with the mappings in
// tests/fixtures. Skipped, with a message, where the data sets are absent.
#include <filesystem>

#include "tests/engine/fixture.h"

namespace tandem::testing {
namespace {

std::string dataset(const std::string& path) {
  const std::string full = std::string(TANDEM_DATASETS_DIR) + "/" + path;
  if (!std::filesystem::exists(full)) return "";
  std::ifstream in(full, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// X Education imported into its setup (fit rules, leaky columns); loaded once for all tests.
const Session* x_education() {
  static const auto session = [] {
    auto s = std::make_unique<Session>();
    const auto csv = dataset("x_education_leads/Leads.csv");
    if (csv.empty()) return std::unique_ptr<Session>();
    const auto doc = import_csv(csv, read_fixture("x-education.mapping.json"),
                                read_fixture("x-education-setup.json"), false);
    EXPECT_TRUE(doc.ok()) << problems_json(doc.problems);
    EXPECT_TRUE(s->load(doc.text).ok());
    return s;
  }();
  return session.get();
}

#define NEEDS(session)                                                   \
  if (!(session))                                                        \
  GTEST_SKIP() << "the shared data sets are not at " TANDEM_DATASETS_DIR \
                  " (see ../shared/datasets/README.md)"

TEST(RealData, XEducationImportsEveryLeadWithItsOutcome) {
  NEEDS(x_education());
  const auto r = report(*x_education(), "calibration");
  EXPECT_EQ(r["decided"], 9240);
  EXPECT_EQ(r["won"], 3561);  // Converted = 1
}

TEST(RealData, XEducationModelWithoutLeakyColumnsHasHoldoutAucAtLeast085) {
  NEEDS(x_education());
  const auto r = report(*x_education(), "model");  // the setup leaves out the four sales columns
  ASSERT_TRUE(r["trained"].get<bool>()) << r.dump();
  EXPECT_GE(r["auc_holdout"].get<double>(), 0.85);
  EXPECT_DOUBLE_EQ(r["auc_holdout"].get<double>(), 0.904);
  for (const auto& f : r["features"]) {
    const std::string name = f["name"];
    EXPECT_NE(name.rfind("Tags=", 0), 0u) << name;
    EXPECT_NE(name.rfind("Lead Quality=", 0), 0u) << name;
  }
}

TEST(RealData, XEducationModelWithoutOnlyTagsAndLeadQualityHasHoldoutAucAtLeast085) {
  NEEDS(x_education());
  ReportOptions options;
  options.exclude = {"Tags", "Lead Quality"};
  const auto out = x_education()->report("model", "", "json", options);
  ASSERT_TRUE(out.ok());
  EXPECT_GE(json::parse(out.text)["auc_holdout"].get<double>(), 0.85);
}

TEST(RealData, XEducationCalibrationOfTheRuleScore) {
  NEEDS(x_education());
  const auto r = report(*x_education(), "calibration");
  EXPECT_DOUBLE_EQ(r["auc"].get<double>(), 0.8563);
  EXPECT_EQ(r["recommended_sql_score"], 40.0);  // best close rate with 1000 SQLs a month
}

TEST(RealData, MavenPipelineWinRateAndWonRevenueMatchTheFiles) {
  const auto csv = dataset("maven_crm_sales_opportunities/sales_pipeline.csv");
  NEEDS(!csv.empty());
  const auto doc = import_csv(csv, read_fixture("maven-pipeline.mapping.json"), "", false);
  ASSERT_TRUE(doc.ok()) << problems_json(doc.problems);
  Session session;
  ASSERT_TRUE(session.load(doc.text).ok());
  const auto r = report(session, "scorecard");
  EXPECT_EQ(r["won"], 4238);
  EXPECT_EQ(r["lost"], 2473);
  EXPECT_DOUBLE_EQ(r["close_ratio"].get<double>(), 0.6315);  // 63.15 %
  EXPECT_DOUBLE_EQ(r["won_revenue"].get<double>(), 10005534.0);
  const auto funnel = report(session, "funnel");
  EXPECT_EQ(funnel["stages"]["opportunity"], 1589);  // Engaging
  EXPECT_EQ(funnel["stages"]["sql"], 500);           // Prospecting
}

}  // namespace
}  // namespace tandem::testing
