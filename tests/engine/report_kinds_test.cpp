// The report table: one row per kind, each with both writers and a description; the history a
// kind needs, the options it reads and the message for an unknown kind all come from it.
#include "engine/analytics/report_kinds.h"

#include <set>
#include <string>

#include "tests/engine/fixture.h"

namespace tandem::testing {
namespace {

TEST(ReportTable, EveryKindHasAUniqueNameBothWritersAndADescription) {
  std::set<std::string_view> names;
  for (const auto& kind : report_kinds()) {
    EXPECT_TRUE(names.insert(kind.name).second) << kind.name;
    EXPECT_NE(kind.json, nullptr) << kind.name;
    EXPECT_NE(kind.csv, nullptr) << kind.name;
    EXPECT_FALSE(kind.description.empty()) << kind.name;
    EXPECT_EQ(find_report_kind(kind.name), &kind);
  }
  EXPECT_EQ(names.size(), 18u);
  EXPECT_EQ(find_report_kind("nonsense"), nullptr);
}

TEST(ReportTable, TheAnalyticsKindsNeedHistory) {
  const std::set<std::string_view> with_history = {
      "funnel",  "cohorts",     "velocity", "scorecard",   "other80",  "attribution",
      "reasons", "calibration", "model",    "predictions", "crosssell"};
  for (const auto& kind : report_kinds()) {
    EXPECT_EQ(kind.history, with_history.count(kind.name) > 0) << kind.name;
    EXPECT_EQ(report_needs_history(kind.name), kind.history) << kind.name;
  }
  EXPECT_FALSE(report_needs_history("nonsense"));
}

TEST(ReportTable, KindsListTheOptionsTheyRead) {
  EXPECT_EQ(report_option_names(find_report_kind("crosssell")->options),
            (std::vector<std::string_view>{"contact"}));
  EXPECT_EQ(report_option_names(find_report_kind("calibration")->options),
            (std::vector<std::string_view>{"min_monthly_volume", "goal"}));
  EXPECT_EQ(report_option_names(find_report_kind("model")->options),
            (std::vector<std::string_view>{"exclude"}));
  EXPECT_EQ(report_option_names(find_report_kind("predictions")->options),
            (std::vector<std::string_view>{"exclude"}));
  EXPECT_EQ(report_option_names(find_report_kind("month_ends")->options),
            (std::vector<std::string_view>{"months"}));
  EXPECT_TRUE(report_option_names(find_report_kind("stages")->options).empty());
}

TEST(ReportTable, AnUnknownKindIsAProblemNamingEveryKind) {
  Session s;
  ASSERT_TRUE(s.load(read_fixture("minimal.json")).ok());
  const auto out = s.report("nonsense", "", "json");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.problems.errors.at(0).message,
            "unknown report \"nonsense\": one of stages, contacts, deals, month_ends, outbox, "
            "handoffs, sla, funnel, cohorts, velocity, scorecard, other80, attribution, reasons, "
            "calibration, model, predictions, crosssell");
  EXPECT_EQ(s.report("stages", "", "xml").problems.errors.at(0).message,
            "unknown format \"xml\": json or csv");
}

TEST(ReportTable, ItsJsonListsEveryRowInOrder) {
  const auto listed = json::parse(report_kinds_json());
  ASSERT_EQ(listed.size(), report_kinds().size());
  for (std::size_t i = 0; i < listed.size(); ++i) {
    const auto& kind = report_kinds()[i];
    EXPECT_EQ(listed[i]["kind"], std::string(kind.name));
    EXPECT_EQ(listed[i]["history"], kind.history);
    EXPECT_EQ(listed[i]["description"], std::string(kind.description));
    EXPECT_EQ(listed[i]["options"].size(), report_option_names(kind.options).size());
  }
}

}  // namespace
}  // namespace tandem::testing
