// CSV exports are opened in spreadsheets: a cell that starts like a formula (= + - @, tab,
// carriage return) is defused with a leading quote, and quoting keeps commas and line breaks
// inside their cell, in every report's CSV.
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/analytics/report_kinds.h"
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

// Rows of cells, as a spreadsheet reads RFC 4180: a quoted cell keeps its commas, line breaks
// and doubled quotes. `ok` is false for a quote that opens mid-cell or never closes.
struct ParsedCsv {
  std::vector<std::vector<std::string>> rows;
  bool ok = true;
};

ParsedCsv parse_csv(const std::string& text) {
  ParsedCsv out;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, in_quotes = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c != '"') {
        cell += c;
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else {
        in_quotes = false;
      }
    } else if (c == '"') {
      if (!cell.empty() || quoted) out.ok = false;
      quoted = in_quotes = true;
    } else if (c == ',' || c == '\n') {
      row.push_back(std::move(cell));
      cell.clear();
      quoted = false;
      if (c == '\n') {
        out.rows.push_back(std::move(row));
        row.clear();
      }
    } else {
      if (quoted) out.ok = false;  // text after a closing quote
      cell += c;
    }
  }
  if (in_quotes) out.ok = false;
  if (!cell.empty() || !row.empty()) out.ok = false;  // every row ends with a line break
  return out;
}

// A cell a spreadsheet would run as a formula: = or @ first, a tab or carriage return first, or
// + or - first in a cell that is not a number.
bool formula_like(const std::string& cell) {
  if (cell.empty()) return false;
  const char first = cell[0];
  if (first == '=' || first == '@' || first == '\t' || first == '\r') return true;
  if (first != '+' && first != '-') return false;
  char* end = nullptr;
  std::strtod(cell.c_str(), &end);
  return end != cell.c_str() + cell.size();
}

TEST(CsvExport, TheTestsCsvReaderKeepsQuotedCommasAndLineBreaks) {
  const auto parsed = parse_csv("a,\"b, \"\"c\"\"\nd\",e\n,\n");
  ASSERT_TRUE(parsed.ok);
  ASSERT_EQ(parsed.rows.size(), 2u);
  EXPECT_EQ(parsed.rows[0], (std::vector<std::string>{"a", "b, \"c\"\nd", "e"}));
  EXPECT_EQ(parsed.rows[1], (std::vector<std::string>{"", ""}));
  EXPECT_FALSE(parse_csv("a\"b\"\n").ok);
  EXPECT_FALSE(parse_csv("\"open\n").ok);
  EXPECT_TRUE(formula_like("=1+1"));
  EXPECT_TRUE(formula_like("-x"));
  EXPECT_FALSE(formula_like("-2.5"));
  EXPECT_FALSE(formula_like("'=1+1"));
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
      {{{"id", "=1+1"}, {"email", "a@b.example"}, {"created", "2026-01-01T00:00:00Z"}},
       {{"id", "@two"},
        {"email", "two@b.example"},
        {"company", "-Acme, \"Inc\"\nLtd"},
        {"created", "2026-01-01T00:00:00Z"}},
       {{"id", "+three"}, {"email", "three@b.example"}, {"created", "2026-01-01T00:00:00Z"}}});
  const json ops = json::array(
      {op("web:1", "2026-01-02T00:00:00Z", "content_download", "=1+1", {{"content", "x"}}),
       op("crm:1", "2026-01-03T00:00:00Z", "set_owner", "=1+1", {{"owner", "@owner"}}),
       op("crm:2", "2026-01-04T00:00:00Z", "qualify", "@two"),
       op("crm:3", "2026-01-05T00:00:00Z", "accept", "@two"),
       op("crm:4", "2026-01-06T00:00:00Z", "deal_won", "@two",
          {{"amount", 100}, {"products", json::array({"=SUM(A1)", "-plan"})}}),
       op("crm:5", "2026-01-07T00:00:00Z", "disqualify", "+three", {{"reason", "@reason"}})});
  Session s;
  ASSERT_TRUE(s.load(document(config, contacts, ops)).ok());
  ReportOptions options;
  options.contact = "@two";
  for (const auto& kind : report_kinds()) {
    const auto out = s.report(kind.name, "2026-02-01T00:00:00Z", "csv", options);
    ASSERT_TRUE(out.ok()) << kind.name << ": " << problems_json(out.problems);
    const auto parsed = parse_csv(out.text);
    EXPECT_TRUE(parsed.ok) << kind.name << ": not RFC 4180:\n" << out.text;
    for (const auto& row : parsed.rows)
      for (const auto& cell : row)
        EXPECT_FALSE(formula_like(cell)) << kind.name << ": a cell starts with a formula: " << cell;
  }
  EXPECT_NE(s.report("contacts", "", "csv").text.find("'=1+1"), std::string::npos);
  EXPECT_NE(s.report("contacts", "", "csv").text.find("'@owner"), std::string::npos);
  EXPECT_NE(s.report("outbox", "2026-02-01T00:00:00Z", "csv").text.find("'=cmd"),
            std::string::npos);
}

}  // namespace
}  // namespace tandem::testing
