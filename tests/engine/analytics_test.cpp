// The analytics reports on a five-person funnel whose answers are worked out by hand in
// analytics_fixture.h.
#include "engine/analytics/reports.h"
#include "tests/engine/analytics_fixture.h"

namespace tandem::testing {
namespace {

json find_row(const json& rows, const std::string& key, const std::string& value) {
  for (const auto& row : rows)
    if (row[key] == value) return row;
  return json();
}

TEST(Funnel, CountsEachStageNow) {
  const auto r = report(funnel_session(), "funnel");
  EXPECT_EQ(r["stages"]["customer"], 1);
  EXPECT_EQ(r["stages"]["nurture"], 2);
  EXPECT_EQ(r["stages"]["mql"], 1);
  EXPECT_EQ(r["stages"]["disqualified"], 1);
  EXPECT_EQ(r["stages"]["lead"], 0);
}

TEST(Funnel, CountsEachStageAsOfAnEarlierDate) {
  const auto r = report(funnel_session(), "funnel", "2026-01-15T00:00:00Z");
  EXPECT_EQ(r["stages"]["opportunity"], 1);  // a, not yet won
  EXPECT_EQ(r["stages"]["nurture"], 1);      // b
  EXPECT_EQ(r["stages"]["customer"], 0);
  EXPECT_EQ(r["stages"]["mql"], 0);  // c, d, e are not known yet
}

TEST(Funnel, ConversionIsTheShareOfThoseWhoReachedAStageWhoReachedTheNext) {
  const auto r = report(funnel_session(), "funnel");
  EXPECT_DOUBLE_EQ(r["conversion"]["lead\u2192mql"].get<double>(), 0.8);
  EXPECT_DOUBLE_EQ(r["conversion"]["mql\u2192sql"].get<double>(), 0.75);
  EXPECT_DOUBLE_EQ(r["conversion"]["sql\u2192opportunity"].get<double>(), 0.6667);
  EXPECT_DOUBLE_EQ(r["conversion"]["opportunity\u2192customer"].get<double>(), 0.5);
}

TEST(Funnel, BySourceCountsContactsAndCustomers) {
  const auto r = report(funnel_session(), "funnel");
  EXPECT_EQ(r["by_source"]["ads"], json({{"contacts", 2}, {"customers", 1}, {"conversion", 0.5}}));
  EXPECT_EQ(r["by_source"]["seo"], json({{"contacts", 3}, {"customers", 0}, {"conversion", 0.0}}));
}

TEST(Cohorts, GroupPeopleByTheMonthTheyBecameLeads) {
  const auto r = report(funnel_session(), "cohorts");
  const auto jan = find_row(r["cohorts"], "cohort", "2026-01");
  const auto feb = find_row(r["cohorts"], "cohort", "2026-02");
  EXPECT_EQ(jan["lead"], 2);
  EXPECT_EQ(jan["sql"], 2);
  EXPECT_EQ(jan["customer"], 1);
  EXPECT_DOUBLE_EQ(jan["sql\u2192opportunity"].get<double>(), 0.5);
  EXPECT_EQ(feb["lead"], 3);
  EXPECT_EQ(feb["mql"], 2);
  EXPECT_EQ(feb["opportunity"], 1);
  EXPECT_DOUBLE_EQ(feb["lead\u2192mql"].get<double>(), 0.6667);
}

TEST(Velocity, MedianAndP90DaysInStageCountFinishedStays) {
  const auto r = report(funnel_session(), "velocity");
  const auto mql = find_row(r["stages"], "stage", "mql");
  EXPECT_EQ(mql["stays"], 3);    // a, b, e: a day each
  EXPECT_EQ(mql["ongoing"], 1);  // c
  EXPECT_DOUBLE_EQ(mql["median_days"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(mql["p90_days"].get<double>(), 1.0);
  const auto opportunity = find_row(r["stages"], "stage", "opportunity");
  // a: Jan 8 -> Jan 20 (12 days); e: Feb 7 -> Feb 10 (3 days).
  EXPECT_DOUBLE_EQ(opportunity["median_days"].get<double>(), 3.0);
  EXPECT_DOUBLE_EQ(opportunity["p90_days"].get<double>(), 12.0);
}

TEST(Scorecard, MqlsDeliveredPerMonth) {
  const auto r = report(funnel_session(), "scorecard");
  EXPECT_EQ(r["mqls_per_month"], json({{"2026-01", 2}, {"2026-02", 2}}));
}

TEST(Scorecard, SpeedToLeadIsTheTimeFromHandoffToTheFirstTouch) {
  const auto r = report(funnel_session(), "scorecard");
  EXPECT_EQ(r["handoffs"], 3);
  EXPECT_EQ(r["speed_to_lead_hours"]["touched"], 2);
  EXPECT_EQ(r["speed_to_lead_hours"]["untouched"], 1);  // b was rejected untouched
  EXPECT_DOUBLE_EQ(r["speed_to_lead_hours"]["median"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(r["speed_to_lead_hours"]["p90"].get<double>(), 12.0);
}

TEST(Scorecard, AcceptanceRejectionAndReviewOutcomes) {
  const auto r = report(funnel_session(), "scorecard");
  EXPECT_EQ(r["accepted"], 2);
  EXPECT_EQ(r["rejected"], 1);
  EXPECT_DOUBLE_EQ(r["acceptance_rate"].get<double>(), 0.6667);
  EXPECT_DOUBLE_EQ(r["rejection_rate"].get<double>(), 0.3333);
  EXPECT_EQ(r["rejection_reasons"], json({{"no budget", 1}}));
  EXPECT_EQ(r["reviews"], json({{"upheld", 1}, {"overturned", 0}}));
}

TEST(Scorecard, CloseRatioWonRevenueAndObjections) {
  const auto r = report(funnel_session(), "scorecard");
  EXPECT_EQ(r["won"], 1);
  EXPECT_EQ(r["lost"], 1);
  EXPECT_DOUBLE_EQ(r["close_ratio"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(r["won_revenue"].get<double>(), 1000.0);
  EXPECT_EQ(r["objections"], json({{"price", 1}}));
}

TEST(Scorecard, DarkRateIsTheShareOfHandoffsThatWentDark) {
  auto config = funnel_config();
  config["dark_after_touches"] = 2;
  auto ops = json::array({op("w:1", "2026-01-06T09:00:00Z", "qualify", "a", {}, "ana"),
                          op("s:1", "2026-01-07T09:00:00Z", "touch", "a",
                             {{"channel", "call"}, {"outcome", "no_response"}}, "ana"),
                          op("s:2", "2026-01-08T09:00:00Z", "touch", "a",
                             {{"channel", "call"}, {"outcome", "no_response"}}, "ana"),
                          op("w:2", "2026-01-06T09:00:00Z", "qualify", "b", {}, "ana")});
  Session session;
  ASSERT_TRUE(session.load(document(config, funnel_contacts(), ops)).ok());
  const auto r = report(session, "scorecard");
  EXPECT_EQ(r["handoffs"], 2);
  EXPECT_EQ(r["dark"], 1);
  EXPECT_DOUBLE_EQ(r["dark_rate"].get<double>(), 0.5);
}

TEST(Other80, BucketsEveryoneWhoDidNotProgressByWhy) {
  const auto r = report(funnel_session(), "other80");
  EXPECT_EQ(r["contacts"], 5);
  EXPECT_EQ(r["not_progressed"], 3);
  EXPECT_EQ(find_row(r["buckets"], "bucket", "disqualified: student")["ids"], json({"d"}));
  EXPECT_EQ(find_row(r["buckets"], "bucket", "sent back: rejection upheld")["ids"], json({"b"}));
  EXPECT_EQ(find_row(r["buckets"], "bucket", "sent back: deal lost")["ids"], json({"e"}));
}

TEST(Other80, LeadsWithoutEngagementAreTheirOwnBucket) {
  Session session;
  ASSERT_TRUE(session.load(document(funnel_config(), funnel_contacts(), json::array())).ok());
  const auto r = report(session, "other80");
  EXPECT_EQ(find_row(r["buckets"], "bucket", "no engagement")["contacts"], 5);
}

TEST(Attribution, FirstAndLastTouchBeforeTheWin) {
  const auto r = report(funnel_session(), "attribution");
  EXPECT_EQ(r["first_touch"], json::parse(R"([{"touch":"content_download guide","customers":1}])"));
  EXPECT_EQ(r["last_touch"],
            json::parse(R"([{"touch":"content_download pricing-sheet","customers":1}])"));
}

TEST(Attribution, ContentConvertsAmongEveryoneWhoSawIt) {
  const auto r = report(funnel_session(), "attribution");
  const auto guide = find_row(r["content"], "content", "guide");
  const auto sheet = find_row(r["content"], "content", "pricing-sheet");
  EXPECT_EQ(guide["people"], 4);
  EXPECT_DOUBLE_EQ(guide["conversion"].get<double>(), 0.25);
  EXPECT_EQ(sheet["people"], 3);
  EXPECT_DOUBLE_EQ(sheet["conversion"].get<double>(), 0.3333);
}

TEST(Attribution, ADownloadWithoutAContentIdIsUnnamedContent) {
  Session session;
  ASSERT_TRUE(
      session
          .load(document(funnel_config(), funnel_contacts(),
                         json::array({op("w:1", "2026-01-06T09:00:00Z", "content_download", "a")})))
          .ok());
  const auto r = report(session, "attribution");
  EXPECT_EQ(find_row(r["content"], "content", "(unnamed)")["people"], 1);
}

TEST(Reasons, CountsRejectionsDisqualificationsAndObjections) {
  const auto r = report(funnel_session(), "reasons");
  EXPECT_EQ(r["rejections"], json::parse(R"([{"reason":"no budget","count":1}])"));
  EXPECT_EQ(r["disqualifications"], json::parse(R"([{"reason":"student","count":1}])"));
  EXPECT_EQ(r["objections"], json::parse(R"([{"reason":"price","count":1}])"));
}

TEST(CrossSell, SuggestsWhatTheMostSimilarCustomersBought) {
  auto won = [](const std::string& id, const std::string& who, json products) {
    return json::array({op(id + "1", "2026-01-01T00:00:00Z", "set_stage", who,
                           {{"stage", "opportunity"}, {"reason", "test"}}),
                        op(id + "2", "2026-01-02T00:00:00Z", "deal_won", who,
                           {{"amount", 1}, {"products", std::move(products)}})});
  };
  json ops = json::array();
  for (const auto& o : won("s:1", "x", {"A", "B"}))
    ops.push_back(o);
  for (const auto& o : won("s:2", "y", {"A", "B", "C"}))
    ops.push_back(o);
  for (const auto& o : won("s:3", "z", {"D"}))
    ops.push_back(o);
  Session session;
  ASSERT_TRUE(session
                  .load(document(json::object(),
                                 json::array({{{"id", "x"}}, {{"id", "y"}}, {{"id", "z"}}}), ops))
                  .ok());
  ReportOptions options;
  options.contact = "x";
  const auto out = session.report("crosssell", "", "json", options);
  ASSERT_TRUE(out.ok());
  const auto r = json::parse(out.text);
  ASSERT_EQ(r["customers"].size(), 1u);
  EXPECT_EQ(r["customers"][0]["owns"], json({"A", "B"}));
  EXPECT_EQ(r["customers"][0]["suggestions"], json::parse(R"([{"product":"C","weight":0.6667}])"));
}

// The stages report counts everyone in its stages (the contacts report's rows, visitors
// included) and the ops up to now: the dashboard shows one figure for each.
TEST(Stages, CountEveryoneInTheStagesAndTheOpsUpToNow) {
  const auto session = funnel_session();
  const auto r = report(session, "stages");
  long long sum = 0;
  for (const auto& [stage, n] : r["stages"].items())
    sum += n.get<long long>();
  EXPECT_EQ(r["contacts"], sum);
  EXPECT_EQ(r["contacts"], report(session, "contacts")["contacts"].size());
  EXPECT_EQ(r["ops"], 16);
  const auto earlier = report(session, "stages", "2026-01-08T09:00:00Z");
  EXPECT_EQ(earlier["ops"], 4);  // w:1, w:2, s:1 and s:2, at that very second
  EXPECT_EQ(earlier["contacts"],
            report(session, "contacts", "2026-01-08T09:00:00Z")["contacts"].size());
}

// The dashboard's trends count the stages at the end of each month before now's, then now.
TEST(Trends, MonthEndsAreTheLastSecondOfEachMonthBeforeNowsThenNow) {
  const auto now = *parse_iso8601("2026-03-10T12:00:00Z");
  std::vector<std::string> ends;
  for (const auto at : month_ends(now, 4))
    ends.push_back(format_iso8601(at));
  EXPECT_EQ(ends, (std::vector<std::string>{"2025-12-31T23:59:59Z", "2026-01-31T23:59:59Z",
                                            "2026-02-28T23:59:59Z", "2026-03-10T12:00:00Z"}));
  EXPECT_EQ(month_ends(now, 1), std::vector<Millis>{now});
  EXPECT_EQ(month_ends(now, 0), std::vector<Millis>{now});  // held to at least one point
  EXPECT_EQ(month_ends(now, 500).size(), 120u);
}

TEST(Trends, TheMonthEndsReportTakesSixMonthsUnlessTold) {
  const auto session = funnel_session();
  const auto six = report(session, "month_ends");
  EXPECT_EQ(six["now"], "2026-02-10T09:00:00Z");  // the last op's time
  EXPECT_EQ(six["months"], 6);
  EXPECT_EQ(six["month_ends"],
            json({"2025-09-30T23:59:59Z", "2025-10-31T23:59:59Z", "2025-11-30T23:59:59Z",
                  "2025-12-31T23:59:59Z", "2026-01-31T23:59:59Z", "2026-02-10T09:00:00Z"}));
  ReportOptions two;
  two.months = 2;
  const auto out = session.report("month_ends", "2026-03-01T00:00:00Z", "csv", two);
  ASSERT_TRUE(out.ok()) << problems_json(out.problems);
  EXPECT_EQ(out.text, "month_end\n2026-02-28T23:59:59Z\n2026-03-01T00:00:00Z\n");
}

// Lists name a person by their record's name, else by its first and last names.
TEST(Names, AListNamesAPersonByNameElseByFirstAndLastName) {
  auto contacts = funnel_contacts();
  contacts[0]["name"] = "Ana Diaz";
  contacts[0]["first_name"] = "Not";
  contacts[1]["first_name"] = "Bo";
  contacts[1]["last_name"] = "Lind";
  contacts[2]["last_name"] = "Cruz";
  contacts[3]["first_name"] = "";
  contacts[3]["last_name"] = "Dahl";
  contacts[4]["name"] = nullptr;
  contacts[4]["first_name"] = "Eve";
  Session session;
  ASSERT_TRUE(session.load(document(funnel_config(), contacts, funnel_ops())).ok());
  EXPECT_EQ(contact_row(session, "a")["name"], "Ana Diaz");
  EXPECT_EQ(contact_row(session, "b")["name"], "Bo Lind");
  EXPECT_EQ(contact_row(session, "c")["name"], "Cruz");
  EXPECT_EQ(contact_row(session, "d")["name"], "Dahl");
  EXPECT_EQ(contact_row(session, "e")["name"], "Eve");
  const auto person = session.person("b");
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(json::parse(person.text)["name"], "Bo Lind");
}

TEST(Names, AVisitorOrARecordWithoutNamesHasNone) {
  Session session;
  ASSERT_TRUE(session.load(document(funnel_config(), funnel_contacts(), funnel_ops())).ok());
  EXPECT_EQ(contact_row(session, "a")["name"], "");
  const auto person = session.person("a");
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(json::parse(person.text)["name"], "");
}

// Every list of people a view shows carries the person's name beside their id.
TEST(Names, HandoffsSlaBreachesAndTheWhatIfNameTheirPeople) {
  auto contacts = funnel_contacts();
  contacts[0]["name"] = "Ana Diaz";
  contacts[4]["first_name"] = "Eve";
  contacts[4]["last_name"] = "Lund";
  auto config = funnel_config();
  config["sla"] = {{"first_touch_hours", 1}};
  Session session;
  ASSERT_TRUE(session.load(document(config, contacts, funnel_ops())).ok());
  const auto handoffs = report(session, "handoffs")["handoffs"];
  EXPECT_EQ(find_row(handoffs, "contact", "a")["name"], "Ana Diaz");
  EXPECT_EQ(find_row(handoffs, "contact", "e")["name"], "Eve Lund");
  const auto breaches = report(session, "sla")["breaches"];
  EXPECT_EQ(find_row(breaches, "contact", "a")["name"], "Ana Diaz");
  auto changed = config;
  changed["stages"]["mql_score"] = 100;
  changed["stages"]["sql_score"] = 200;
  const auto out = session.what_if(changed.dump(), "");
  ASSERT_TRUE(out.ok()) << problems_json(out.problems);
  EXPECT_EQ(find_row(json::parse(out.text)["contacts"], "id", "a")["name"], "Ana Diaz");
}

// The what-if counts the people whose stage changes apart from those whose score alone does.
TEST(WhatIf, SaysWhichContactsMovedStageAndHowMany) {
  const auto session = funnel_session();
  auto changed = funnel_config();
  changed["scoring"]["fit"] = json::array();  // scores change; for some, the stage too
  changed["stages"]["mql_score"] = 100;
  changed["stages"]["sql_score"] = 200;
  const auto out = session.what_if(changed.dump(), "");
  ASSERT_TRUE(out.ok()) << problems_json(out.problems);
  const auto r = json::parse(out.text);
  std::size_t moved = 0;
  for (const auto& c : r["contacts"]) {
    EXPECT_EQ(c["moved"], c["stage_before"] != c["stage_after"]) << c.dump();
    moved += c["moved"].get<bool>();
  }
  EXPECT_EQ(r["moved"], moved);
  EXPECT_GT(moved, 0u);
  auto scores_only = funnel_config();
  scores_only["scoring"]["fit"] = json::array();
  const auto same = json::parse(session.what_if(scores_only.dump(), "").text);
  EXPECT_EQ(same["moved"], 0);
}

TEST(WhatIf, ReplaysTheHistoryUnderAnotherConfigBesideToday) {
  const auto session = funnel_session();
  auto changed = funnel_config();
  changed["stages"]["mql_score"] = 100;
  changed["stages"]["sql_score"] = 200;
  const auto out = session.what_if(changed.dump(), "");
  ASSERT_TRUE(out.ok()) << problems_json(out.problems);
  const auto r = json::parse(out.text);
  EXPECT_EQ(r["before"]["stages"]["customer"], 1);
  EXPECT_EQ(r["after"]["stages"]["customer"], 0);
  EXPECT_EQ(r["after"]["stages"]["lead"], 4);
  const auto a = find_row(r["contacts"], "id", "a");
  EXPECT_EQ(a["stage_before"], "customer");
  EXPECT_EQ(a["stage_after"], "lead");
  EXPECT_TRUE(find_row(r["contacts"], "id", "d").is_null());  // disqualified either way
}

// A score between the two hysteresis lines keeps a hand-made mql under one and not the other,
// though it reaches neither threshold: a threshold what-if must replay that person too.
TEST(WhatIf, AHysteresisChangeReachesAnMqlSetByHandBelowTheThreshold) {
  const json config = {
      {"stages", {{"mql_score", 50}, {"sql_score", 80}, {"hysteresis", 5}}},
      {"scoring",
       {{"behaviour", json::array({{{"id", "dl"}, {"on", "content_download"}, {"points", 47}}})},
        {"fit", json::array()}}}};
  const json contacts = json::array({{{"id", "c1"}, {"created", "2026-01-01T00:00:00Z"}}});
  const json ops = json::array(
      {op("w:1", "2026-01-02T00:00:00Z", "content_download", "c1"),
       op("w:2", "2026-01-03T00:00:00Z", "set_stage", "c1", {{"stage", "mql"}}, "ana")});
  Session session;
  ASSERT_TRUE(session.load(document(config, contacts, ops)).ok());
  auto changed = config;
  changed["stages"]["hysteresis"] = 0;  // the line moves from 45 to 50, above the score of 47
  const auto out = session.what_if(changed.dump(), "");
  ASSERT_TRUE(out.ok()) << problems_json(out.problems);
  const auto r = json::parse(out.text);
  EXPECT_EQ(r["before"]["stages"]["mql"], 1);
  EXPECT_EQ(r["after"]["stages"]["mql"], 0);
  EXPECT_EQ(r["after"]["stages"]["lead"], 1);
}

TEST(WhatIf, LeavesTheSessionAsItWas) {
  const auto session = funnel_session();
  auto changed = funnel_config();
  changed["stages"]["mql_score"] = 100;
  changed["stages"]["sql_score"] = 200;
  ASSERT_TRUE(session.what_if(changed.dump(), "").ok());
  EXPECT_EQ(report(session, "funnel")["stages"]["customer"], 1);
}

TEST(WhatIf, ABadConfigIsAProblemWithItsPointer) {
  const auto out = funnel_session().what_if(R"({"stages": {"mql_score": "high"}})", "");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.problems.errors[0].pointer.rfind("/config/stages", 0), 0u)
      << out.problems.errors[0].pointer;
}

// Saving a config in place gives what loading the document with that config gives: the same
// document, the same warnings, the what-if's "after" as the new state.
TEST(SetConfig, GivesWhatTheDocumentWithThatConfigGives) {
  auto session = funnel_session();
  auto changed = funnel_config();
  changed["stages"]["mql_score"] = 100;
  changed["stages"]["sql_score"] = 200;
  changed["stages"]["sql_requires_acceptance"] = false;
  const auto after = json::parse(session.what_if(changed.dump(), "").text)["after"]["stages"];
  auto document = json::parse(session.export_document());
  document["config"] = changed;
  Session loaded;
  const auto expected = loaded.load(document.dump());
  ASSERT_TRUE(expected.ok()) << problems_json(expected);

  const auto set = session.set_config(changed.dump());
  ASSERT_TRUE(set.ok()) << problems_json(set);
  EXPECT_EQ(json::parse(session.config_json()), changed);
  EXPECT_EQ(problems_json(set), problems_json(expected));
  EXPECT_EQ(session.export_document(), loaded.export_document());
  EXPECT_EQ(report(session, "stages")["stages"], after);
  EXPECT_EQ(report(session, "funnel"), report(loaded, "funnel"));
}

TEST(SetConfig, ABadConfigChangesNothing) {
  auto session = funnel_session();
  const auto before = session.export_document();
  const auto stages = report(session, "stages");
  for (const char* bad : {R"({"stages": {"mql_score": "high"}})", "[1, 2]", "{\"stages\": "}) {
    const auto set = session.set_config(bad);
    ASSERT_FALSE(set.ok()) << bad;
    EXPECT_EQ(session.export_document(), before) << bad;
    EXPECT_EQ(report(session, "stages"), stages) << bad;
  }
  const auto set = session.set_config(R"({"stages": {"mql_score": "high"}})");
  EXPECT_EQ(set.errors.at(0).pointer.rfind("/config/stages", 0), 0u) << set.errors.at(0).pointer;
  EXPECT_FALSE(Session().set_config("{}").ok());
}

TEST(Reports, EveryAnalyticsReportHasACsvForm) {
  const auto session = funnel_session();
  for (const char* kind : {"funnel", "cohorts", "velocity", "scorecard", "other80", "attribution",
                           "reasons", "calibration", "model", "predictions", "crosssell"}) {
    const auto out = session.report(kind, "", "csv");
    ASSERT_TRUE(out.ok()) << kind;
    EXPECT_FALSE(out.text.empty()) << kind;
    EXPECT_EQ(out.text.back(), '\n') << kind;
  }
}

TEST(Reports, CalibrationCsvIsOneRowPerBand) {
  const auto out = funnel_session().report("calibration", "", "csv");
  EXPECT_EQ(out.text.substr(0, out.text.find('\n')), "from,to,contacts,won,close_rate");
}

}  // namespace
}  // namespace tandem::testing
