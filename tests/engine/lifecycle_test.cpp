#include <gtest/gtest.h>

#include "tests/engine/fixture.h"

namespace tandem {
namespace {

using namespace tandem::testing;

// mql at 50, sql at 80, back to lead below 40; a download is 30 points, a page view 10.
json config(json stages = json::object(), double half_life_days = 0) {
  json s = {{"mql_score", 50}, {"sql_score", 80}, {"hysteresis", 10}};
  s.update(stages);
  json scoring = {
      {"behaviour", json::array({{{"id", "dl"}, {"on", "content_download"}, {"points", 30}},
                                 {{"id", "pv"}, {"on", "page_view"}, {"points", 10}},
                                 {{"id", "unsub"}, {"on", "unsubscribe"}, {"points", -50}}})}};
  if (half_life_days > 0) scoring["half_life_days"] = half_life_days;
  return {{"stages", s}, {"scoring", scoring}};
}

const json kAna =
    json::array({{{"id", "c1"}, {"name", "Ana Demo"}, {"created", "2026-01-01T00:00:00Z"}}});

std::string day(int d, int hour = 0) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "2026-01-%02dT%02d:00:00Z", d, hour);
  return buf;
}

// A contact taken to sql by a demo request on day 2.
json to_sql() {
  return json::array({op("w:1", day(2), "demo_request", "c1")});
}

json with(json ops, std::initializer_list<json> more) {
  for (const auto& o : more)
    ops.push_back(o);
  return ops;
}

Session load(const json& cfg, const json& contacts, const json& ops, Problems* problems = nullptr) {
  Session s;
  const auto p = s.load(document(cfg, contacts, ops));
  EXPECT_TRUE(p.ok()) << problems_json(p);
  if (problems) *problems = p;
  return s;
}

json history(const Session& s, const std::string& id, const std::string& now = "") {
  const auto out = s.explain(id, now);
  EXPECT_TRUE(out.ok()) << problems_json(out.problems);
  return out.ok() ? json::parse(out.text)["history"] : json::array();
}

std::string stage(const Session& s, const std::string& id, const std::string& now = "") {
  return contact_row(s, id, now)["stage"].get<std::string>();
}

TEST(Lifecycle, ContactIsALeadFromCreation) {
  auto s = load(config(), kAna, json::array());
  EXPECT_EQ(stage(s, "c1"), "lead");
  const auto h = history(s, "c1");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0]["cause"], "created");
  EXPECT_EQ(h[0]["at"], day(1));
}

TEST(Lifecycle, LeadBecomesMqlAtMqlScore) {
  auto s = load(
      config(), kAna,
      json::array({op("w:1", day(2), "content_download", "c1"),
                   op("w:2", day(3), "page_view", "c1"), op("w:3", day(4), "page_view", "c1")}));
  EXPECT_EQ(stage(s, "c1", day(3)), "lead");  // 40
  EXPECT_EQ(stage(s, "c1"), "mql");           // 50
  const auto h = history(s, "c1");
  EXPECT_EQ(h[1]["cause"], "threshold");
  EXPECT_EQ(h[1]["op"], "w:3");
  EXPECT_EQ(h[1]["score"], 50.0);
}

TEST(Lifecycle, MqlBecomesSqlAtSqlScore) {
  auto s = load(config(), kAna,
                json::array({op("w:1", day(2), "content_download", "c1"),
                             op("w:2", day(3), "content_download", "c1"),
                             op("w:3", day(4), "content_download", "c1")}));
  EXPECT_EQ(stage(s, "c1"), "sql");
  const auto h = history(s, "c1");
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[2]["from"], "mql");
  EXPECT_EQ(h[2]["to"], "sql");
  EXPECT_EQ(h[2]["at"], day(4));
}

TEST(Lifecycle, OneBigStepPassesBothThresholds) {
  json cfg = config();
  cfg["scoring"]["behaviour"][0]["points"] = 100;
  auto s = load(cfg, kAna, json::array({op("w:1", day(2), "content_download", "c1")}));
  const auto h = history(s, "c1");
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[1]["to"], "mql");
  EXPECT_EQ(h[2]["to"], "sql");
}

TEST(Lifecycle, HandRaiseJumpsStraightToSql) {
  auto s = load(config(), kAna, to_sql());
  EXPECT_EQ(stage(s, "c1"), "sql");
  EXPECT_EQ(history(s, "c1")[1]["cause"], "hand_raise");
}

TEST(Lifecycle, HandRaiseTypesAreConfigurable) {
  auto s = load(config({{"hand_raise", {"meeting_booked"}}}), kAna,
                json::array({op("w:1", day(2), "demo_request", "c1"),
                             op("w:2", day(3), "meeting_booked", "c1")}));
  EXPECT_EQ(stage(s, "c1", day(2)), "lead");
  EXPECT_EQ(stage(s, "c1"), "sql");
}

TEST(Lifecycle, HysteresisKeepsAnMqlInsideTheBand) {
  // 60 -> mql; an unsubscribe (-50) then a download (+30) would flap without the band.
  json ops = json::array({op("w:1", day(2), "content_download", "c1"),
                          op("w:2", day(2, 1), "content_download", "c1"),
                          op("w:3", day(3), "page_view", "c1")});
  json cfg = config();
  cfg["scoring"]["behaviour"][2]["points"] = -25;  // 70 - 25 = 45: inside the band
  ops.push_back(op("w:4", day(4), "unsubscribe", "c1"));
  auto s = load(cfg, kAna, ops);
  EXPECT_EQ(stage(s, "c1"), "mql");
  EXPECT_EQ(contact_row(s, "c1")["score"], 45.0);
}

TEST(Lifecycle, NegativeOpBelowTheBandReturnsMqlToLead) {
  auto s = load(config(), kAna,
                json::array({op("w:1", day(2), "content_download", "c1"),
                             op("w:2", day(3), "content_download", "c1"),
                             op("w:3", day(4), "unsubscribe", "c1")}));
  EXPECT_EQ(stage(s, "c1"), "lead");
  const auto h = history(s, "c1");
  EXPECT_EQ(h.back()["cause"], "score_drop");
  EXPECT_EQ(h.back()["op"], "w:3");
}

TEST(Lifecycle, DecayedMqlReturnsToLeadTheMomentItCrossesTheLine) {
  // 60 points at day 2, half-life 10 days: 60 * 0.5^(t/10) < 40 once t > 10*log2(1.5) = 5.8496
  // days.
  auto s = load(config(json::object(), 10), kAna,
                json::array({op("w:1", day(2), "content_download", "c1"),
                             op("w:2", day(2), "content_download", "c1"),
                             op("w:3", day(20), "email_open", "c1")}));
  EXPECT_EQ(stage(s, "c1", day(7)), "mql");
  EXPECT_EQ(stage(s, "c1", day(8)), "lead");
  const auto h = history(s, "c1");
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[2]["cause"], "decay");
  EXPECT_EQ(h[2]["op"], nullptr);
  EXPECT_EQ(h[2]["at"],
            "2026-01-07T20:23:27.601Z");  // day 2 + 5.8496 days, first millisecond below
  EXPECT_NEAR(h[2]["score"].get<double>(), 40.0, 0.01);
}

TEST(Lifecycle, SalesStagesNeverMoveByScore) {
  auto s = load(config(json::object(), 10), kAna,
                with(to_sql(), {op("w:2", day(3), "unsubscribe", "c1"),
                                op("w:3", day(30), "email_open", "c1")}));
  EXPECT_EQ(stage(s, "c1"), "sql");
}

TEST(Lifecycle, AcceptMakesAnOpportunity) {
  auto s = load(config(), kAna, with(to_sql(), {op("crm:1", day(3), "accept", "c1", {}, "ana")}));
  EXPECT_EQ(stage(s, "c1"), "opportunity");
  EXPECT_EQ(history(s, "c1").back()["cause"], "accept");
}

TEST(Lifecycle, AutoAcceptSkipsTheSalesDecision) {
  auto s = load(config({{"sql_requires_acceptance", false}}), kAna, to_sql());
  EXPECT_EQ(stage(s, "c1"), "opportunity");
  const auto h = history(s, "c1");
  EXPECT_EQ(h[1]["to"], "sql");
  EXPECT_EQ(h[2]["cause"], "auto_accept");
}

TEST(Lifecycle, RejectionGoesToTheReviewQueue) {
  auto s =
      load(config(), kAna,
           with(to_sql(), {op("crm:1", day(3), "reject", "c1", {{"reason", "no budget"}}, "ana")}));
  const auto row = contact_row(s, "c1");
  EXPECT_EQ(row["stage"], "sql");
  EXPECT_EQ(row["in_review"], true);
}

TEST(Lifecycle, UpheldRejectionGoesToNurtureOrDisqualified) {
  const json reject = op("crm:1", day(3), "reject", "c1", {{"reason", "no budget"}}, "ana");
  auto nurture = load(config(), kAna,
                      with(to_sql(), {reject, op("crm:2", day(4), "review", "c1",
                                                 {{"decision", "uphold"}}, "marketing")}));
  EXPECT_EQ(stage(nurture, "c1"), "nurture");
  EXPECT_EQ(contact_row(nurture, "c1")["in_review"], false);
  auto out = load(
      config(), kAna,
      with(to_sql(), {reject, op("crm:2", day(4), "review", "c1",
                                 {{"decision", "uphold"}, {"to", "disqualified"}}, "marketing")}));
  EXPECT_EQ(stage(out, "c1"), "disqualified");
}

TEST(Lifecycle, OverturnedRejectionGoesBackToSales) {
  auto s = load(
      config(), kAna,
      with(to_sql(), {op("crm:1", day(3), "reject", "c1", {{"reason", "too small"}}, "ana"),
                      op("crm:2", day(4), "review", "c1", {{"decision", "overturn"}}, "marketing"),
                      op("crm:3", day(5), "accept", "c1", {}, "ana")}));
  EXPECT_EQ(stage(s, "c1", day(4)), "sql");
  EXPECT_EQ(contact_row(s, "c1", day(4))["in_review"], false);
  EXPECT_EQ(stage(s, "c1"), "opportunity");
}

json touches(int count, const std::string& outcome, int first_day) {
  json ops = json::array();
  for (int i = 0; i < count; ++i)
    ops.push_back(op("crm:" + std::to_string(100 + first_day + i), day(first_day + i), "touch",
                     "c1", {{"channel", "call"}, {"outcome", outcome}}, "ana"));
  return ops;
}

TEST(Lifecycle, DarkAfterFiveUnansweredTouches) {
  json ops = to_sql();
  for (const auto& t : touches(5, "no_response", 3))
    ops.push_back(t);
  auto s = load(config(), kAna, ops);
  EXPECT_EQ(stage(s, "c1", day(6)), "sql");  // four
  EXPECT_EQ(stage(s, "c1"), "nurture");
  EXPECT_EQ(history(s, "c1").back()["cause"], "dark");
}

TEST(Lifecycle, DarkAfterTouchesIsConfigurable) {
  json cfg = config();
  cfg["dark_after_touches"] = 2;
  json ops = to_sql();
  for (const auto& t : touches(2, "no_response", 3))
    ops.push_back(t);
  auto s = load(cfg, kAna, ops);
  EXPECT_EQ(stage(s, "c1"), "nurture");
}

TEST(Lifecycle, AnAnsweredTouchResetsTheDarkCount) {
  json ops = to_sql();
  for (const auto& t : touches(4, "no_response", 3))
    ops.push_back(t);
  for (const auto& t : touches(1, "responded", 7))
    ops.push_back(t);
  for (const auto& t : touches(4, "no_response", 8))
    ops.push_back(t);
  auto s = load(config(), kAna, ops);
  EXPECT_EQ(stage(s, "c1"), "sql");
}

TEST(Lifecycle, OpportunitiesGoDarkToo) {
  json ops = with(to_sql(), {op("crm:1", day(3), "accept", "c1", {}, "ana")});
  for (const auto& t : touches(5, "no_response", 4))
    ops.push_back(t);
  auto s = load(config(), kAna, ops);
  EXPECT_EQ(stage(s, "c1"), "nurture");
}

TEST(Lifecycle, DealWonMakesACustomer) {
  auto s = load(config(), kAna,
                with(to_sql(), {op("crm:1", day(3), "accept", "c1", {}, "ana"),
                                op("crm:2", day(9), "deal_won", "c1",
                                   {{"amount", 12000}, {"products", {"core"}}}, "ana")}));
  EXPECT_EQ(stage(s, "c1"), "customer");
  EXPECT_EQ(history(s, "c1").back()["cause"], "deal_won");
}

TEST(Lifecycle, DealLostReturnsToNurture) {
  auto s = load(
      config(), kAna,
      with(to_sql(), {op("crm:1", day(3), "accept", "c1", {}, "ana"),
                      op("crm:2", day(9), "deal_lost", "c1", {{"objection", "price"}}, "ana")}));
  EXPECT_EQ(stage(s, "c1"), "nurture");
  EXPECT_EQ(history(s, "c1").back()["cause"], "deal_lost");
}

// The pipeline's deals: each person's last accept, deal_won or deal_lost, under their
// surviving id, as of `now`; people with none are left out.
TEST(Lifecycle, DealsReportHasEachPersonsLastDeal) {
  const json contacts = json::array({{{"id", "c1"}, {"created", day(1)}},
                                     {{"id", "c2"}, {"created", day(1)}},
                                     {{"id", "c3"}, {"created", day(1)}},
                                     {{"id", "c4"}, {"created", day(1)}}});
  const json ops = json::array(
      {op("w:1", day(2), "demo_request", "c1"), op("w:2", day(2), "demo_request", "c2"),
       op("w:3", day(2), "demo_request", "c3"), op("crm:1", day(3), "accept", "c1", {}, "ana"),
       op("crm:2", day(3), "accept", "c2", {}, "ana"),
       op("crm:3", day(3), "accept", "c3", {}, "ana"),
       op("crm:4", day(9), "deal_won", "c1", {{"amount", 12000}, {"products", {"core", "sso"}}},
          "ana"),
       op("crm:5", day(10), "deal_lost", "c2", {{"objection", "price, then timing"}}, "ana")});
  auto s = load(config(), contacts, ops);
  const auto out = s.report("deals", "");
  ASSERT_TRUE(out.ok()) << problems_json(out.problems);
  EXPECT_EQ(json::parse(out.text)["deals"], json::parse(R"([
    {"id": "c1", "outcome": "won", "at": "2026-01-09T00:00:00Z", "amount": 12000,
     "products": ["core", "sso"]},
    {"id": "c2", "outcome": "lost", "at": "2026-01-10T00:00:00Z", "objection": "price, then timing"},
    {"id": "c3", "outcome": "open", "at": "2026-01-03T00:00:00Z"}])"));
  EXPECT_EQ(s.report("deals", "", "csv").text,
            "id,outcome,at,amount,products,objection\n"
            "c1,won,2026-01-09T00:00:00Z,12000,core; sso,\n"
            "c2,lost,2026-01-10T00:00:00Z,,,\"price, then timing\"\n"
            "c3,open,2026-01-03T00:00:00Z,,,\n");
  // Before the win, c1's deal is the open one.
  EXPECT_EQ(json::parse(s.report("deals", day(5)).text)["deals"][0]["outcome"], "open");
}

TEST(Lifecycle, NotReadyHandsBackToNurture) {
  auto s =
      load(config(), kAna,
           with(to_sql(),
                {op("crm:1", day(3), "not_ready", "c1", {{"reason", "next quarter"}}, "ana")}));
  EXPECT_EQ(stage(s, "c1"), "nurture");
}

TEST(Lifecycle, RecyclingResetsBehaviour) {
  auto s =
      load(config(), kAna,
           json::array({op("w:1", day(2), "content_download", "c1"),
                        op("w:2", day(2, 1), "content_download", "c1"),
                        op("w:3", day(2, 2), "content_download", "c1"),  // 90: sql
                        op("crm:1", day(3), "not_ready", "c1", {{"reason", "no project"}}, "ana"),
                        op("w:4", day(4), "content_download", "c1")}));
  const auto row = contact_row(s, "c1");
  EXPECT_EQ(row["stage"], "nurture");  // 30 new points: not back to mql
  EXPECT_EQ(row["behaviour"], 30.0);
  const auto why = json::parse(s.explain("c1", "").text);
  EXPECT_EQ(why["contributions"][0]["points_now"], 0.0);
  EXPECT_EQ(why["contributions"][3]["points_now"], 30.0);
}

TEST(Lifecycle, RecyclingCanKeepBehaviourWhenConfigured) {
  auto s = load(config({{"recycle_resets_behaviour", false}}), kAna,
                json::array({op("w:1", day(2), "content_download", "c1"),
                             op("w:2", day(2, 1), "content_download", "c1"),
                             op("w:3", day(2, 2), "content_download", "c1"),
                             op("crm:1", day(3), "not_ready", "c1", {}, "ana")}));
  EXPECT_EQ(contact_row(s, "c1")["behaviour"], 90.0);
}

TEST(Lifecycle, NurtureIsPromotedByScoreLikeALead) {
  auto s = load(config(), kAna,
                with(to_sql(), {op("crm:1", day(3), "not_ready", "c1", {}, "ana"),
                                op("w:2", day(4), "content_download", "c1"),
                                op("w:3", day(5), "content_download", "c1")}));
  EXPECT_EQ(stage(s, "c1"), "mql");
}

TEST(Lifecycle, DisqualifyFromAnyStage) {
  auto s =
      load(config(), kAna,
           json::array({op("crm:1", day(3), "disqualify", "c1", {{"reason", "competitor"}}, "ana"),
                        op("w:2", day(4), "demo_request", "c1")}));
  EXPECT_EQ(stage(s, "c1"), "disqualified");  // not even a hand raise moves it
}

TEST(Lifecycle, QualifyHandsALeadToSales) {
  auto s =
      load(config(), kAna, json::array({op("crm:1", day(3), "qualify", "c1", {}, "marketing")}));
  EXPECT_EQ(stage(s, "c1"), "sql");
  EXPECT_EQ(history(s, "c1").back()["cause"], "qualify");
}

TEST(Lifecycle, SetStageMovesByHandWithItsCause) {
  auto s = load(config(), kAna,
                json::array({op("crm:1", day(3), "set_stage", "c1",
                                {{"stage", "customer"}, {"reason", "import"}}, "ana")}));
  EXPECT_EQ(stage(s, "c1"), "customer");
  EXPECT_EQ(history(s, "c1").back()["cause"], "set_stage");
}

TEST(Lifecycle, SetOwnerAssignsTheOwner) {
  auto s = load(
      config(), kAna,
      with(to_sql(), {op("crm:1", day(3), "set_owner", "c1", {{"owner", "ben"}}, "marketing")}));
  EXPECT_EQ(contact_row(s, "c1")["owner"], "ben");
}

TEST(Lifecycle, ActionTheStageDoesNotAllowChangesNothingAndWarns) {
  Problems problems;
  auto s =
      load(config(), kAna,
           json::array({op("crm:1", day(3), "deal_won", "c1", {{"amount", 5}}, "ana")}), &problems);
  EXPECT_EQ(stage(s, "c1"), "lead");
  ASSERT_EQ(problems.warnings.size(), 1u);
  EXPECT_EQ(problems.warnings[0].pointer, "/ops/0");
  EXPECT_NE(problems.warnings[0].message.find("changed nothing"), std::string::npos);
}

TEST(Lifecycle, EveryStageChangeIsRecordedWithTimeAndCause) {
  json ops =
      with(to_sql(), {op("crm:1", day(3), "reject", "c1", {{"reason", "timing"}}, "ana"),
                      op("crm:2", day(4), "review", "c1", {{"decision", "overturn"}}, "marketing"),
                      op("crm:3", day(5), "accept", "c1", {}, "ana"),
                      op("crm:4", day(9), "deal_won", "c1", {{"amount", 100}}, "ana")});
  auto s = load(config(), kAna, ops);
  std::vector<std::string> causes;
  for (const auto& h : history(s, "c1"))
    causes.push_back(h["cause"]);
  EXPECT_EQ(causes, (std::vector<std::string>{"created", "hand_raise", "reject", "review", "accept",
                                              "deal_won"}));
}

TEST(Lifecycle, OpsAfterNowAreNotYetKnown) {
  auto s = load(config(), kAna, with(to_sql(), {op("crm:1", day(5), "accept", "c1", {}, "ana")}));
  EXPECT_EQ(stage(s, "c1", day(4)), "sql");
  const auto before_created = report(s, "stages", "2025-12-31T00:00:00Z");
  EXPECT_EQ(before_created["stages"]["lead"], 0);
}

}  // namespace
}  // namespace tandem
