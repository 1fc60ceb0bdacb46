// CSV exports are opened in spreadsheets: a cell that starts like a formula (= + - @, tab,
// carriage return) is defused with a leading quote, and quoting keeps commas and line breaks
// inside their cell, in every report's CSV.
#include "engine/analytics/reports.h"
#include "tests/engine/fixture.h"

namespace tandem::testing {
namespace {

TEST(CsvExport, FormulaCellsAreDefused) {
  EXPECT_EQ(csv_cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(csv_cell("+1 555"), "'+1 555");
  EXPECT_EQ(csv_cell("-2"), "'-2");
  EXPECT_EQ(csv_cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_cell("\tcmd"), "'\tcmd");
  EXPECT_EQ(csv_cell("Acme, Inc."), "\"Acme, Inc.\"");
  EXPECT_EQ(csv_cell("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_cell("plain"), "plain");
}

TEST(CsvExport, EveryReportDefusesTextFromData) {
  const json config = {
      {"stages", {{"mql_score", 50}, {"sql_score", 80}}},
      {"scoring", {{"behaviour", json::array()}, {"fit", json::array()}}},
      {"workflows",
       json::array({{{"id", "hello"},
                     {"trigger", {{"on", "activity"}, {"type", "content_download"}}},
                     {"steps", json::array({{{"send_email", "=cmd|' /C calc'!A0"}}})}}})}};
  const json contacts = json::array(
      {{{"id", "=1+1"}, {"email", "a@b.example"}, {"created", "2026-01-01T00:00:00Z"}}});
  const json ops = json::array(
      {op("web:1", "2026-01-02T00:00:00Z", "content_download", "=1+1", {{"content", "x"}}),
       op("crm:1", "2026-01-03T00:00:00Z", "set_owner", "=1+1", {{"owner", "@owner"}})});
  Session s;
  ASSERT_TRUE(s.load(document(config, contacts, ops)).ok());
  for (const char* kind : {"contacts", "outbox", "handoffs", "sla", "funnel", "other80"}) {
    const auto out = s.report(kind, "2026-02-01T00:00:00Z", "csv");
    ASSERT_TRUE(out.ok()) << kind << ": " << problems_json(out.problems);
    // No cell may start with a bare formula character.
    std::size_t start = 0;
    const std::string& text = out.text;
    for (std::size_t i = 0; i <= text.size(); ++i) {
      if (i < text.size() && text[i] != ',' && text[i] != '\n') continue;
      if (i > start) {
        const char first = text[start];
        EXPECT_TRUE(first != '=' && first != '@')
            << kind << ": a cell starts with a formula: " << text.substr(start, i - start);
      }
      start = i + 1;
    }
  }
  EXPECT_NE(s.report("contacts", "", "csv").text.find("'=1+1"), std::string::npos);
  EXPECT_NE(s.report("contacts", "", "csv").text.find("'@owner"), std::string::npos);
  EXPECT_NE(s.report("outbox", "2026-02-01T00:00:00Z", "csv").text.find("'=cmd"),
            std::string::npos);
}

}  // namespace
}  // namespace tandem::testing
