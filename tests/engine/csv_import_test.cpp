// CSV import: reading RFC 4180, mapping the headers of common CRM exports, per-row problems by
// line number, all-or-nothing or skipping bad rows, and outcomes turned into ops.
#include "engine/import/csv_import.h"
#include "tests/engine/fixture.h"

namespace tandem::testing {
namespace {

json suggested(const std::string& csv) {
  const auto out = suggest_csv_mapping(csv);
  EXPECT_TRUE(out.ok()) << problems_json(out.problems);
  return out.ok() ? json::parse(out.text) : json();
}

json imported(const std::string& csv, const json& mapping = nullptr, const std::string& into = "",
              bool skip = false) {
  const auto out = import_csv(csv, mapping.is_null() ? "" : mapping.dump(), into, skip);
  EXPECT_TRUE(out.ok()) << problems_json(out.problems);
  return out.ok() ? json::parse(out.text) : json();
}

TEST(CsvImport, ReadsQuotedCellsWithCommasQuotesAndLineBreaks) {
  Problems problems;
  const auto table =
      parse_csv("\xEF\xBB\xBFName,Note\r\n\"Diaz, Ana\",\"said \"\"hi\"\"\nthen left\"\r\nBo,x\r\n",
                problems);
  ASSERT_TRUE(table) << problems_json(problems);
  EXPECT_EQ(table->header, std::vector<std::string>({"Name", "Note"}));
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[0][0], "Diaz, Ana");
  EXPECT_EQ(table->rows[0][1], "said \"hi\"\nthen left");
  EXPECT_EQ(table->lines, std::vector<std::size_t>({2, 4}));  // the break moves Bo to line 4
}

TEST(CsvImport, AnUnclosedQuoteNamesItsLine) {
  Problems problems;
  EXPECT_FALSE(parse_csv("a,b\n1,2\n\"3,4\n", problems));
  EXPECT_EQ(error_at(problems, "/rows/3"), "line 3: a quote is never closed");
}

TEST(CsvImport, RecognisesHubSpotHeaders) {
  const auto m = suggested("First Name,Last Name,Email,Company Name,Lead Source,Create Date\n");
  EXPECT_EQ(m["columns"], json({{"First Name", "first_name"},
                                {"Last Name", "last_name"},
                                {"Email", "email"},
                                {"Company Name", "company"},
                                {"Lead Source", "source"},
                                {"Create Date", "created"}}));
}

TEST(CsvImport, RecognisesSalesforceHeaders) {
  const auto m = suggested("Lead ID,Email Address,Account Name,Title,Lead Source,Created Date\n");
  EXPECT_EQ(m["columns"]["Lead ID"], "id");
  EXPECT_EQ(m["columns"]["Email Address"], "email");
  EXPECT_EQ(m["columns"]["Account Name"], "company");
  EXPECT_EQ(m["columns"]["Title"], "title");
  EXPECT_EQ(m["columns"]["Created Date"], "created");
}

TEST(CsvImport, RecognisesPipedriveAndMauticHeaders) {
  const auto p = suggested("Name,Organization,E-mail,Phone,Owner\n");
  EXPECT_EQ(p["columns"], json({{"Name", "name"},
                                {"Organization", "company"},
                                {"E-mail", "email"},
                                {"Phone", "phone"},
                                {"Owner", "owner"}}));
  const auto m = suggested("firstname,lastname,email,company,country\n");
  EXPECT_EQ(m["columns"]["firstname"], "first_name");
  EXPECT_EQ(m["columns"]["country"], "country");
}

TEST(CsvImport, UnknownHeadersAreKeptAsFieldsOfTheirOwnName) {
  EXPECT_EQ(suggested("Email,Favourite Colour\n")["columns"]["Favourite Colour"],
            "Favourite Colour");
}

TEST(CsvImport, AConvertedColumnIsSuggestedAsTheOutcome) {
  const auto m = suggested("Email,Converted\n");
  EXPECT_EQ(m["outcome"]["column"], "Converted");
  EXPECT_EQ(m["outcome"]["lost_as"], "disqualify");
}

TEST(CsvImport, ADealStageColumnIsSuggestedWithAmountProductAndDates) {
  const auto m =
      suggested("opportunity_id,product,deal_stage,engage_date,close_date,close_value\n");
  EXPECT_EQ(m["outcome"]["column"], "deal_stage");
  EXPECT_EQ(m["outcome"]["amount"], "close_value");
  EXPECT_EQ(m["outcome"]["products"], "product");
  EXPECT_EQ(m["outcome"]["opened"], "engage_date");
  EXPECT_EQ(m["outcome"]["closed"], "close_date");
}

TEST(CsvImport, ContactsGetTheirFieldsTypedNumbersButCodesStayText) {
  const auto doc =
      imported("Email,Employees,Zip,Create Date\nana@example.com,120,0123,2026-01-05\n");
  ASSERT_EQ(doc["contacts"].size(), 1u);
  const auto& c = doc["contacts"][0];
  EXPECT_EQ(c["id"], "csv-2");
  EXPECT_EQ(c["email"], "ana@example.com");
  EXPECT_EQ(c["employees"], 120);
  EXPECT_EQ(c["Zip"], "0123");
  EXPECT_EQ(c["created"], "2026-01-05T00:00:00Z");
}

TEST(CsvImport, ANullInTheMappingLeavesAColumnOut) {
  const json mapping = {{"columns", {{"Email", "email"}, {"Secret", nullptr}}}};
  const auto doc = imported("Email,Secret\nana@example.com,x\n", mapping);
  EXPECT_FALSE(doc["contacts"][0].contains("Secret"));
}

TEST(CsvImport, PlaceholdersListedAsBlankAreLeftEmpty) {
  const json mapping = {{"blank", {"Select"}}};
  const auto doc = imported("Email,City\nana@example.com,Select\nbo@example.com,Pune\n", mapping);
  EXPECT_FALSE(doc["contacts"][0].contains("City"));
  EXPECT_EQ(doc["contacts"][1]["City"], "Pune");  // unmapped: kept by its header
}

TEST(CsvImport, BytesThatAreNotUtf8AreReplacedNotFatal) {
  const auto doc = imported("Email,Company\nana@example.com,Caf\xE9 Ltd\n");
  EXPECT_EQ(doc["contacts"][0]["company"], "Caf\uFFFD Ltd");
  EXPECT_TRUE(suggest_csv_mapping("Soci\xE9t\xE9,Email\n").ok());
}

TEST(CsvImport, BadRowsAreProblemsWithTheirLineAndNothingIsImported) {
  const std::string csv =
      "Email,Create Date\nana@example.com,2026-01-05\nbo@example.com\ncy@example.com,soon\n";
  const auto out = import_csv(csv, "", "", false);
  EXPECT_FALSE(out.ok());
  EXPECT_TRUE(out.text.empty());
  EXPECT_EQ(error_at(out.problems, "/rows/3"), "line 3: 1 cells where the header has 2");
  EXPECT_EQ(error_at(out.problems, "/rows/4/Create Date"),
            "line 4: \"soon\" is not a date or ISO-8601 time");
}

TEST(CsvImport, SkippingBadRowsImportsTheRestAndWarns) {
  const std::string csv =
      "Email,Create Date\nana@example.com,2026-01-05\nbo@example.com\ncy@example.com,soon\n";
  const auto out = import_csv(csv, "", "", true);
  ASSERT_TRUE(out.ok()) << problems_json(out.problems);
  EXPECT_EQ(json::parse(out.text)["contacts"].size(), 1u);
  EXPECT_EQ(out.problems.warnings.size(), 3u);  // two rows and the summary
}

TEST(CsvImport, AnEmailCellThatIsNoAddressIsABadRow) {
  const std::string csv =
      "Email,Company\nana@example.com,Acme\nnot-an-email,Bolt\nbo@mail,Cove\n\"a b@x.com\",Dune\n";
  const auto out = import_csv(csv, "", "", false);
  EXPECT_FALSE(out.ok());
  EXPECT_EQ(error_at(out.problems, "/rows/3/Email"),
            "line 3: \"not-an-email\" is not an e-mail address");
  EXPECT_EQ(error_at(out.problems, "/rows/4/Email"),
            "line 4: \"bo@mail\" is not an e-mail address");
  EXPECT_EQ(error_at(out.problems, "/rows/5/Email"),
            "line 5: \"a b@x.com\" is not an e-mail address");
  const auto skipped = import_csv(csv, "", "", true);
  ASSERT_TRUE(skipped.ok()) << problems_json(skipped.problems);
  EXPECT_EQ(json::parse(skipped.text)["contacts"].size(), 1u);
}

TEST(CsvImport, ADuplicateIdIsABadRow) {
  const auto out = import_csv("Contact ID,Email\nc1,a@x.com\nc1,b@x.com\n", "", "", false);
  EXPECT_EQ(error_at(out.problems, "/rows/3"),
            "line 3: the id \"c1\" is already used by another row");
}

TEST(CsvImport, AMappingNamingAnUnknownColumnIsAProblem) {
  const auto out = import_csv("Email\na@x.com\n", R"({"columns": {"Mail": "email"}})", "", false);
  EXPECT_EQ(error_at(out.problems, "/mapping/columns/Mail"), "the CSV has no column \"Mail\"");
}

TEST(CsvImport, ConvertedRowsBecomeCustomersAndTheOthersDisqualified) {
  Session session;
  ASSERT_TRUE(session.load(imported("Lead ID,Converted\nl1,1\nl2,0\nl3,0\n").dump()).ok());
  const auto r = report(session, "funnel");
  EXPECT_EQ(r["stages"]["customer"], 1);
  EXPECT_EQ(r["stages"]["disqualified"], 2);
}

TEST(CsvImport, DealsCarryTheirAmountProductAndDates) {
  const std::string csv =
      "opportunity_id,sales_agent,product,deal_stage,engage_date,close_date,close_value\n"
      "o1,Ana,GTX Pro,Won,2017-01-02,2017-02-01,4500\n"
      "o2,Ana,GTX Basic,Lost,2017-01-03,2017-02-02,0\n"
      "o3,Bo,GTX Basic,Engaging,2017-01-04,,\n";
  json mapping = suggested(csv);
  mapping["outcome"]["open"] = {{"Engaging", "opportunity"}};
  Session session;
  ASSERT_TRUE(session.load(imported(csv, mapping).dump()).ok());
  const auto r = report(session, "scorecard");
  EXPECT_EQ(r["won"], 1);
  EXPECT_EQ(r["lost"], 1);
  EXPECT_DOUBLE_EQ(r["won_revenue"].get<double>(), 4500.0);
  EXPECT_EQ(report(session, "funnel")["stages"]["opportunity"], 1);
  EXPECT_EQ(contact_row(session, "o3")["owner"], "Bo");
  const auto doc = json::parse(session.export_document());
  bool dated = false;
  for (const auto& o : doc["ops"])
    if (o["type"] == "deal_won") {
      dated = o["at"] == "2017-02-01T00:00:00Z" && o["props"]["products"] == json({"GTX Pro"});
    }
  EXPECT_TRUE(dated);
}

TEST(CsvImport, IntoAnExistingWorkspaceKeepsItsConfigAndContacts) {
  const auto doc = imported("Email\nbo@example.com\n", nullptr, read_fixture("minimal.json"));
  EXPECT_EQ(doc["contacts"].size(), 2u);
  EXPECT_EQ(doc["config"]["stages"]["mql_score"], 50);
}

TEST(CsvImport, ActivitiesJoinContactsByEmail) {
  const std::string csv =
      "Email,Activity Type,Date,Page\nana@example.com,Page View,2026-01-07 10:00,/pricing\n";
  const auto m = suggested(csv);
  EXPECT_EQ(m["kind"], "activities");
  const auto doc = imported(csv, m, read_fixture("minimal.json"));
  const auto& last = doc["ops"].back();
  EXPECT_EQ(last["contact"], "c1");
  EXPECT_EQ(last["type"], "page_view");
  EXPECT_EQ(last["at"], "2026-01-07T10:00:00Z");
  EXPECT_EQ(last["props"]["Page"], "/pricing");
}

// The activity names CSV files use come from the op-type table: a type's own name in any case
// or spacing, and the other names its row lists.
TEST(CsvImport, ActivityNamesComeFromTheOpTypeTable) {
  for (const auto* cell : {"Trial Started", "trial_signup", "Free Trial", "Webinar Attend"}) {
    const std::string csv =
        std::string("Email,Activity Type,Date\nana@example.com,") + cell + ",2026-01-07 10:00\n";
    const auto doc = imported(csv, suggested(csv), read_fixture("minimal.json"));
    EXPECT_EQ(doc["ops"].back()["type"],
              std::string_view(cell) == "Webinar Attend" ? "webinar_attend" : "trial_signup")
        << cell;
  }
}

// The import counts what it adds to the workspace it goes into, and gives the first of it,
// so that a preview need not compare documents.
TEST(CsvImport, CountsTheContactsAndOpsItAddsAndTheRowsItSkips) {
  const std::string csv =
      "Email,Company\nbo@example.com,Bolt\nnot-an-email,Cove\ncy@example.com,Dune\n";
  CsvAdded added;
  const auto out = import_csv(csv, "", read_fixture("minimal.json"), true, &added);
  ASSERT_TRUE(out.ok()) << problems_json(out.problems);
  const auto doc = json::parse(out.text);
  EXPECT_EQ(added.contacts, 2u);  // the fixture's c1 is not new
  EXPECT_EQ(doc["contacts"].size(), 3u);
  EXPECT_EQ(added.ops, doc["ops"].size() - 2);  // the fixture has two ops
  EXPECT_EQ(added.rows, 2u);
  EXPECT_EQ(added.skipped, 1u);
  ASSERT_EQ(added.first_contacts.size(), 2u);
  EXPECT_EQ(json::parse(added.first_contacts[0])["email"], "bo@example.com");
  const auto counted = json::parse(csv_added_json(added));
  EXPECT_EQ(counted["contacts"], 2);
  EXPECT_EQ(counted["skipped"], 1);
  EXPECT_EQ(counted["first_contacts"][1]["email"], "cy@example.com");
}

TEST(CsvImport, GivesAtMostFiveOfWhatItAddsAndCountsActivities) {
  std::string csv = "Email,Activity Type,Date,Page\n";
  for (int i = 0; i < 7; ++i)
    csv += "ana@example.com,Page View,2026-01-0" + std::to_string(i + 1) + " 10:00,/p" +
           std::to_string(i) + "\n";
  CsvAdded added;
  const auto out = import_csv(csv, "", read_fixture("minimal.json"), false, &added);
  ASSERT_TRUE(out.ok()) << problems_json(out.problems);
  EXPECT_EQ(added.contacts, 0u);
  EXPECT_EQ(added.ops, 7u);
  EXPECT_EQ(added.first_ops.size(), kCsvSample);
  EXPECT_EQ(json::parse(added.first_ops[0])["contact"], "c1");
}

}  // namespace
}  // namespace tandem::testing
