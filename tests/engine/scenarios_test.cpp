// The playbook of SPEC.md §2, one scenario at a time, through the public facade only: each test
// loads a small workspace from tests/fixtures/scenario-<name>.json and checks the reports and
// explanations a person would read.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"

namespace {

using nlohmann::json;

std::string read_scenario(const std::string& name) {
  const std::string path = std::string(TANDEM_FIXTURES_DIR) + "/scenario-" + name + ".json";
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

tandem::Session load_text(const std::string& text, const std::string& what) {
  tandem::Session session;
  const tandem::Problems problems = session.load(text);
  EXPECT_TRUE(problems.ok()) << what << ": " << tandem::problems_json(problems);
  return session;
}

tandem::Session load_scenario(const std::string& name) {
  return load_text(read_scenario(name), name);
}

json report(const tandem::Session& session, std::string_view kind, std::string_view now = "") {
  const tandem::Outcome out = session.report(kind, now, "json");
  EXPECT_TRUE(out.ok()) << tandem::problems_json(out.problems);
  return out.ok() ? json::parse(out.text) : json::object();
}

json explain(const tandem::Session& session, std::string_view id, std::string_view now = "") {
  const tandem::Outcome out = session.explain(id, now);
  EXPECT_TRUE(out.ok()) << id << ": " << tandem::problems_json(out.problems);
  return out.ok() ? json::parse(out.text) : json::object();
}

// Milliseconds since 1970 of "YYYY-MM-DDTHH:MM:SS[.fff]Z", so times compare whatever precision
// the engine prints.
std::int64_t ms_of(std::string_view iso) {
  auto num = [&](std::size_t at, std::size_t len) {
    std::int64_t v = 0;
    for (std::size_t i = at; i < at + len && i < iso.size(); ++i)
      v = v * 10 + (iso[i] - '0');
    return v;
  };
  EXPECT_GE(iso.size(), 20u) << "not an ISO time: " << iso;
  if (iso.size() < 20) return 0;
  std::int64_t y = num(0, 4);
  const std::int64_t m = num(5, 2), d = num(8, 2);
  // Days from civil (proleptic Gregorian), as in Howard Hinnant's date algorithms.
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = era * 146097 + doe - 719468;
  std::int64_t ms = ((days * 24 + num(11, 2)) * 60 + num(14, 2)) * 60 + num(17, 2);
  ms *= 1000;
  if (iso.size() > 20 && iso[19] == '.') {
    std::int64_t frac = 0;
    int digits = 0;
    for (std::size_t i = 20; i < iso.size() && iso[i] != 'Z' && digits < 3; ++i, ++digits)
      frac = frac * 10 + (iso[i] - '0');
    while (digits++ < 3)
      frac *= 10;
    ms += frac;
  }
  return ms;
}

std::int64_t ms_of(const char* iso) {
  return ms_of(std::string_view(iso));
}
std::int64_t ms_of(const json& value) {
  return ms_of(std::string_view(value.get<std::string>()));
}

bool has_row(const json& contacts_report, std::string_view id) {
  for (const auto& r : contacts_report.at("contacts"))
    if (r.at("id") == id) return true;
  return false;
}

// The report's row for `id`; a failure (and an empty object, whose fields throw) when absent.
json row(const json& contacts_report, std::string_view id) {
  for (const auto& r : contacts_report.at("contacts"))
    if (r.at("id") == id) return r;
  ADD_FAILURE() << "no row for " << id << " in " << contacts_report.dump();
  return json::object();
}

std::string stage(const json& contacts_report, std::string_view id) {
  for (const auto& r : contacts_report.at("contacts"))
    if (r.at("id") == id) return r.at("stage").get<std::string>();
  return "<absent>";
}

double num(const json& value) {
  return value.get<double>();
}

std::vector<std::string> causes(const json& why) {
  std::vector<std::string> out;
  for (const auto& h : why.at("history"))
    out.push_back(h.at("cause").get<std::string>());
  return out;
}

// The history entries with `cause`, in order.
std::vector<json> changes(const json& why, std::string_view cause) {
  std::vector<json> out;
  for (const auto& h : why.at("history"))
    if (h.at("cause") == cause) out.push_back(h);
  return out;
}

// The one history entry with `cause`; a failure when there is not exactly one.
json change(const json& why, std::string_view cause) {
  const auto found = changes(why, cause);
  EXPECT_EQ(found.size(), 1u) << "history entries with cause " << cause << " in "
                              << why.at("history").dump();
  return found.empty() ? json::object() : found.front();
}

// The contribution of op `op_id`; a failure when it is missing.
json contribution(const json& why, std::string_view op_id) {
  for (const auto& c : why.at("contributions"))
    if (c.at("op") == op_id) return c;
  ADD_FAILURE() << "no contribution from " << op_id << " in " << why.at("contributions").dump();
  return json::object();
}

bool has_contribution(const json& why, std::string_view op_id) {
  for (const auto& c : why.at("contributions"))
    if (c.at("op") == op_id) return true;
  return false;
}

// Passed as `op` when the entry may or may not name the op that caused it.
constexpr const char* kAnyOp = "*";

void expect_change(const json& entry, const char* from, const char* to, const char* at,
                   const char* op) {
  if (from)
    EXPECT_EQ(entry.at("from"), from) << entry.dump();
  else
    EXPECT_TRUE(entry.at("from").is_null()) << entry.dump();
  EXPECT_EQ(entry.at("to"), to) << entry.dump();
  EXPECT_EQ(ms_of(entry.at("at")), ms_of(at)) << entry.dump();
  if (op == kAnyOp) return;
  if (op)
    EXPECT_EQ(entry.at("op"), op) << entry.dump();
  else
    EXPECT_TRUE(entry.at("op").is_null()) << entry.dump();
}

using Causes = std::vector<std::string>;

// --- 2. Identify --------------------------------------------------------------------------

TEST(Scenario, IdentifyJoinsAnonymousHistory) {
  const auto s = load_scenario("identify");

  // Before the form fill the browsing is the visitor's own.
  const json before = report(s, "contacts", "2026-03-02T12:00:00Z");
  EXPECT_EQ(stage(before, "v:7f3a"), "visitor");
  EXPECT_NEAR(num(row(before, "v:7f3a").at("score")), 20.0, 0.01);

  // Two pricing views as a visitor (20), the form (5) and a download (15): 40, still a lead.
  const json mid = report(s, "contacts", "2026-03-04T00:00:00Z");
  EXPECT_FALSE(has_row(mid, "v:7f3a"));
  EXPECT_EQ(stage(mid, "c1"), "lead");
  EXPECT_NEAR(num(row(mid, "c1").at("score")), 40.0, 0.01);

  // A pricing view logged under the visitor id after identification counts for c1: 50, mql.
  const json after = report(s, "contacts");
  EXPECT_FALSE(has_row(after, "v:7f3a"));
  const json c1 = row(after, "c1");
  EXPECT_EQ(c1.at("stage"), "mql");
  EXPECT_NEAR(num(c1.at("score")), 50.0, 0.01);
  EXPECT_NEAR(num(c1.at("behaviour")), 50.0, 0.01);

  const json why = explain(s, "c1");
  for (const char* op : {"web-1:1", "web-1:2", "web-1:7", "web-1:9", "web-1:10"})
    EXPECT_TRUE(has_contribution(why, op)) << op;
  const json mql = change(why, "threshold");
  expect_change(mql, "lead", "mql", "2026-03-05T14:00:00Z", "web-1:10");
  EXPECT_NEAR(num(mql.at("score")), 50.0, 0.01);
}

TEST(Scenario, VisitorsAreNeverPromotedByScore) {
  const auto s = load_scenario("identify");
  const json all = report(s, "contacts");
  // Four downloads: 60 points, past the mql line, and still an anonymous visitor.
  const json v = row(all, "v:9b21");
  EXPECT_EQ(v.at("stage"), "visitor");
  EXPECT_NEAR(num(v.at("score")), 60.0, 0.01);

  const json stages = report(s, "stages").at("stages");
  EXPECT_EQ(stages.at("visitor"), 1);
  EXPECT_EQ(stages.at("lead"), 0);
  EXPECT_EQ(stages.at("mql"), 1);
  EXPECT_EQ(stages.at("sql"), 0);
}

// --- 4. Qualify (MQL) and 5. Hand off (SQL) -----------------------------------------------

TEST(Scenario, LeadBecomesMqlAtMqlScore) {
  const auto s = load_scenario("thresholds");
  const json all = report(s, "contacts");
  EXPECT_EQ(stage(all, "c1"), "mql");
  EXPECT_NEAR(num(row(all, "c1").at("score")), 50.0, 0.01);
  EXPECT_EQ(stage(all, "c2"), "lead");
  EXPECT_NEAR(num(row(all, "c2").at("score")), 40.0, 0.01);

  const json why = explain(s, "c1");
  EXPECT_EQ(causes(why), (Causes{"created", "threshold"}));
  const json mql = change(why, "threshold");
  expect_change(mql, "lead", "mql", "2026-03-06T10:00:00Z", "web-1:4");
  EXPECT_NEAR(num(mql.at("score")), 50.0, 0.01);
  EXPECT_EQ(causes(explain(s, "c2")), (Causes{"created"}));
}

TEST(Scenario, MqlBecomesSqlAtSqlScore) {
  const auto s = load_scenario("thresholds");
  const json mid = report(s, "contacts", "2026-03-06T18:00:00Z");
  EXPECT_EQ(stage(mid, "c3"), "mql");
  EXPECT_NEAR(num(row(mid, "c3").at("score")), 70.0, 0.01);

  const json all = report(s, "contacts");
  EXPECT_EQ(stage(all, "c3"), "sql");
  EXPECT_NEAR(num(row(all, "c3").at("score")), 80.0, 0.01);

  const auto steps = changes(explain(s, "c3"), "threshold");
  ASSERT_EQ(steps.size(), 2u);
  expect_change(steps[0], "lead", "mql", "2026-03-05T12:00:00Z", "web-3:3");
  expect_change(steps[1], "mql", "sql", "2026-03-07T12:00:00Z", "web-3:5");
  EXPECT_NEAR(num(steps[1].at("score")), 80.0, 0.01);
}

TEST(Scenario, LeadPassesBothThresholdsAtOneOp) {
  const auto s = load_scenario("thresholds");
  const json c4 = row(report(s, "contacts"), "c4");
  EXPECT_EQ(c4.at("stage"), "sql");
  EXPECT_NEAR(num(c4.at("fit")), 30.0, 0.01);
  EXPECT_NEAR(num(c4.at("behaviour")), 55.0, 0.01);
  EXPECT_NEAR(num(c4.at("score")), 85.0, 0.01);

  const json why = explain(s, "c4");
  EXPECT_EQ(causes(why), (Causes{"created", "threshold", "threshold"}));
  const auto steps = changes(why, "threshold");
  ASSERT_EQ(steps.size(), 2u);
  expect_change(steps[0], "lead", "mql", "2026-03-08T13:00:00Z", "web-4:2");
  expect_change(steps[1], "mql", "sql", "2026-03-08T13:00:00Z", "web-4:2");
}

TEST(Scenario, HandRaiseJumpsToSql) {
  const auto s = load_scenario("hand-raise");
  const json all = report(s, "contacts");
  EXPECT_EQ(stage(all, "c1"), "sql");
  EXPECT_EQ(stage(all, "c2"), "sql");
  EXPECT_EQ(stage(all, "c3"), "sql");
  // meeting_booked is not a hand raise unless the config says so.
  EXPECT_EQ(stage(all, "c5"), "lead");
  EXPECT_NEAR(num(row(all, "c5").at("score")), 25.0, 0.01);

  const json c1 = explain(s, "c1");
  EXPECT_EQ(causes(c1), (Causes{"created", "hand_raise"}));
  expect_change(change(c1, "hand_raise"), "lead", "sql", "2026-03-04T10:00:00Z", "web-1:2");
  EXPECT_NEAR(num(change(c1, "hand_raise").at("score")), 25.0, 0.01);

  const json c2 = explain(s, "c2");
  EXPECT_EQ(causes(c2), (Causes{"created", "threshold", "hand_raise"}));
  expect_change(change(c2, "hand_raise"), "mql", "sql", "2026-03-04T11:00:00Z", "web-2:3");

  const json c3 = explain(s, "c3");
  EXPECT_EQ(causes(c3), (Causes{"created", "set_stage", "hand_raise"}));
  expect_change(change(c3, "hand_raise"), "nurture", "sql", "2026-03-04T12:00:00Z", "web-3:1");
}

TEST(Scenario, DisqualifiedIgnoresScoreAndHandRaise) {
  const auto s = load_scenario("hand-raise");
  const json c4 = row(report(s, "contacts"), "c4");
  EXPECT_EQ(c4.at("stage"), "disqualified");
  EXPECT_NEAR(num(c4.at("score")), 50.0, 0.01);
  EXPECT_EQ(causes(explain(s, "c4")), (Causes{"created", "disqualify"}));
}

// --- Hysteresis and decay ------------------------------------------------------------------

TEST(Scenario, MqlDoesNotFlapInsideHysteresisBand) {
  const auto s = load_scenario("hysteresis");
  // 50 → mql; one careers view (−3) leaves 47, inside the band down to 45.
  const json in_band = row(report(s, "contacts", "2026-03-05T18:00:00Z"), "c1");
  EXPECT_EQ(in_band.at("stage"), "mql");
  EXPECT_NEAR(num(in_band.at("score")), 47.0, 0.01);

  // Back as a lead at 44, a blog view (+3) gives 47: not yet 50, so no flap upwards either.
  const json below = row(report(s, "contacts", "2026-03-07T18:00:00Z"), "c1");
  EXPECT_EQ(below.at("stage"), "lead");
  EXPECT_NEAR(num(below.at("score")), 47.0, 0.01);
}

TEST(Scenario, ScoreDropBelowBandReturnsMqlToLead) {
  const auto s = load_scenario("hysteresis");
  const json c1 = row(report(s, "contacts"), "c1");
  EXPECT_EQ(c1.at("stage"), "mql");
  EXPECT_NEAR(num(c1.at("score")), 50.0, 0.01);

  const json why = explain(s, "c1");
  EXPECT_EQ(causes(why), (Causes{"created", "threshold", "score_drop", "threshold"}));
  const json drop = change(why, "score_drop");
  expect_change(drop, "mql", "lead", "2026-03-06T10:00:00Z", "web-1:4");
  EXPECT_NEAR(num(drop.at("score")), 44.0, 0.01);
  const auto ups = changes(why, "threshold");
  ASSERT_EQ(ups.size(), 2u);
  expect_change(ups[0], "lead", "mql", "2026-03-04T10:00:00Z", "web-1:2");
  expect_change(ups[1], "lead", "mql", "2026-03-08T10:00:00Z", "web-1:6");
}

TEST(Scenario, DecayDemotesMqlBetweenOps) {
  const auto s = load_scenario("decay");
  // 60 × 0.5^(t / 10 days) reaches 45 after 10·log2(4/3) = 4.1504 days: 2026-03-05T12:36:32.399Z.
  const json before = row(report(s, "contacts", "2026-03-05T12:00:00Z"), "c1");
  EXPECT_EQ(before.at("stage"), "mql");
  EXPECT_NEAR(num(before.at("score")), 45.08, 0.01);
  const json after = row(report(s, "contacts", "2026-03-05T13:00:00Z"), "c1");
  EXPECT_EQ(after.at("stage"), "lead");
  EXPECT_NEAR(num(after.at("score")), 44.95, 0.01);

  const json why = explain(s, "c1");
  EXPECT_EQ(causes(why), (Causes{"created", "threshold", "decay"}));
  const json decay = change(why, "decay");
  EXPECT_EQ(decay.at("from"), "mql");
  EXPECT_EQ(decay.at("to"), "lead");
  EXPECT_TRUE(decay.at("op").is_null()) << decay.dump();
  EXPECT_NEAR(num(decay.at("score")), 45.0, 0.01);
  // The first millisecond below the line, long before the next op (2026-03-08).
  const std::int64_t at = ms_of(decay.at("at"));
  EXPECT_GE(at, ms_of("2026-03-05T12:36:32.399Z")) << decay.dump();
  EXPECT_LE(at, ms_of("2026-03-05T12:36:32.401Z")) << decay.dump();

  const json last = row(report(s, "contacts"), "c1");
  EXPECT_EQ(last.at("stage"), "lead");
  EXPECT_NEAR(num(last.at("score")), 37.93, 0.01);  // 60 × 0.5^0.7 + 1
}

TEST(Scenario, SqlNeverMovesByDecay) {
  const auto s = load_scenario("decay");
  const json c2 = row(report(s, "contacts"), "c2");
  EXPECT_EQ(c2.at("stage"), "sql");
  EXPECT_NEAR(num(c2.at("score")), 37.04, 0.01);  // 60 × 0.5^((7 days − 1 h) / 10 days)
  EXPECT_EQ(causes(explain(s, "c2")), (Causes{"created", "threshold", "hand_raise"}));
}

// --- Negative rules -----------------------------------------------------------------------

TEST(Scenario, UnsubscribeSubtractsPoints) {
  const auto s = load_scenario("unsubscribe");
  const json all = report(s, "contacts");
  const json c1 = row(all, "c1");
  EXPECT_EQ(c1.at("stage"), "lead");
  EXPECT_NEAR(num(c1.at("score")), 0.0, 0.01);

  const json why = explain(s, "c1");
  const json unsub = contribution(why, "mail-1:1");
  EXPECT_EQ(unsub.at("rule"), "unsub");
  EXPECT_NEAR(num(unsub.at("earned")), -50.0, 0.01);
  const json drop = change(why, "score_drop");
  expect_change(drop, "mql", "lead", "2026-03-06T08:00:00Z", "mail-1:1");

  // Sales-owned stages never move by score, even well below zero.
  const json c2 = row(all, "c2");
  EXPECT_EQ(c2.at("stage"), "sql");
  EXPECT_NEAR(num(c2.at("score")), -25.0, 0.01);
  EXPECT_EQ(causes(explain(s, "c2")), (Causes{"created", "hand_raise"}));
}

// --- Options: auto-accept ------------------------------------------------------------------

TEST(Scenario, AutoAcceptMovesSqlStraightToOpportunity) {
  const auto s = load_scenario("auto-accept");
  const json all = report(s, "contacts");
  EXPECT_EQ(stage(all, "c1"), "opportunity");
  EXPECT_EQ(stage(all, "c2"), "opportunity");
  EXPECT_EQ(stage(all, "c3"), "lead");

  const json c1 = explain(s, "c1");
  EXPECT_EQ(causes(c1), (Causes{"created", "hand_raise", "auto_accept"}));
  expect_change(change(c1, "auto_accept"), "sql", "opportunity", "2026-03-03T10:00:00Z", kAnyOp);

  const json c2 = explain(s, "c2");
  EXPECT_EQ(causes(c2), (Causes{"created", "threshold", "threshold", "auto_accept"}));
  const json accepted = change(c2, "auto_accept");
  EXPECT_EQ(accepted.at("from"), "sql");
  EXPECT_EQ(accepted.at("to"), "opportunity");
  EXPECT_EQ(ms_of(accepted.at("at")), ms_of("2026-03-05T11:00:00Z"));
  EXPECT_NEAR(num(accepted.at("score")), 80.0, 0.01);
}

// --- 6. Accept or reject ------------------------------------------------------------------

TEST(Scenario, AcceptMovesSqlToOpportunity) {
  const auto s = load_scenario("handoff");
  const json c1 = row(report(s, "contacts"), "c1");
  EXPECT_EQ(c1.at("stage"), "opportunity");
  EXPECT_FALSE(c1.at("in_review").get<bool>());
  const json why = explain(s, "c1");
  EXPECT_EQ(causes(why), (Causes{"created", "hand_raise", "accept"}));
  expect_change(change(why, "accept"), "sql", "opportunity", "2026-03-03T15:00:00Z", "crm-1:1");
}

TEST(Scenario, RejectionWaitsInReview) {
  const auto s = load_scenario("handoff");
  const json c2 = row(report(s, "contacts"), "c2");
  EXPECT_EQ(c2.at("stage"), "sql");
  EXPECT_TRUE(c2.at("in_review").get<bool>());
  const json why = explain(s, "c2");
  EXPECT_EQ(causes(why), (Causes{"created", "hand_raise", "reject"}));
  expect_change(change(why, "reject"), "sql", "sql", "2026-03-04T09:00:00Z", "crm-1:2");

  // The day before the rejection it was an ordinary sql.
  EXPECT_FALSE(
      row(report(s, "contacts", "2026-03-04T08:00:00Z"), "c2").at("in_review").get<bool>());
}

TEST(Scenario, UpheldRejectionGoesToNurture) {
  const auto s = load_scenario("handoff");
  const json c3 = row(report(s, "contacts"), "c3");
  EXPECT_EQ(c3.at("stage"), "nurture");
  EXPECT_FALSE(c3.at("in_review").get<bool>());
  // Recycled: the download earned before no longer counts.
  EXPECT_NEAR(num(c3.at("behaviour")), 0.0, 0.01);
  EXPECT_NEAR(num(c3.at("score")), 0.0, 0.01);
  // Still in review between the rejection and the review.
  EXPECT_TRUE(row(report(s, "contacts", "2026-03-04T18:00:00Z"), "c3").at("in_review").get<bool>());

  const json why = explain(s, "c3");
  EXPECT_EQ(causes(why), (Causes{"created", "hand_raise", "reject", "review"}));
  expect_change(change(why, "review"), "sql", "nurture", "2026-03-05T10:00:00Z", "crm-2:1");
  const json download = contribution(why, "web-3:1");
  EXPECT_NEAR(num(download.at("earned")), 25.0, 0.01);
  EXPECT_NEAR(num(download.at("points_now")), 0.0, 0.01);
}

TEST(Scenario, UpheldRejectionCanDisqualify) {
  const auto s = load_scenario("handoff");
  const json c4 = row(report(s, "contacts"), "c4");
  EXPECT_EQ(c4.at("stage"), "disqualified");
  EXPECT_FALSE(c4.at("in_review").get<bool>());
  const json why = explain(s, "c4");
  EXPECT_EQ(causes(why), (Causes{"created", "hand_raise", "reject", "review"}));
  expect_change(change(why, "review"), "sql", "disqualified", "2026-03-05T11:00:00Z", "crm-2:2");
}

TEST(Scenario, OverturnedRejectionReturnsToSales) {
  const auto s = load_scenario("handoff");
  EXPECT_TRUE(row(report(s, "contacts", "2026-03-05T00:00:00Z"), "c5").at("in_review").get<bool>());
  const json c5 = row(report(s, "contacts"), "c5");
  EXPECT_EQ(c5.at("stage"), "sql");
  EXPECT_FALSE(c5.at("in_review").get<bool>());
  const json why = explain(s, "c5");
  for (const auto& h : why.at("history"))
    EXPECT_EQ(h.at("to"), h.at("cause") == "created" ? "lead" : "sql");

  const json stages = report(s, "stages").at("stages");
  EXPECT_EQ(stages.at("sql"), 2);  // c2 in review, c5 back with sales
  EXPECT_EQ(stages.at("opportunity"), 1);
  EXPECT_EQ(stages.at("nurture"), 1);
  EXPECT_EQ(stages.at("disqualified"), 1);
}

// --- 7. Work it: touches and going dark ---------------------------------------------------

TEST(Scenario, FiveUnansweredTouchesGoDark) {
  const auto s = load_scenario("dark");
  const json four = row(report(s, "contacts", "2026-03-15T09:00:00Z"), "c1");
  EXPECT_EQ(four.at("stage"), "sql");
  EXPECT_NEAR(num(four.at("behaviour")), 30.0, 0.01);

  const json dark = row(report(s, "contacts", "2026-03-20T09:00:00Z"), "c1");
  EXPECT_EQ(dark.at("stage"), "nurture");
  EXPECT_NEAR(num(dark.at("behaviour")), 0.0, 0.01);

  const json why = explain(s, "c1");
  EXPECT_EQ(causes(why), (Causes{"created", "hand_raise", "dark"}));
  expect_change(change(why, "dark"), "sql", "nurture", "2026-03-16T09:00:00Z", "ana-laptop:5");
}

TEST(Scenario, DarkContactEarnsBehaviourAgainFromZero) {
  const auto s = load_scenario("dark");
  const json c1 = row(report(s, "contacts"), "c1");
  EXPECT_EQ(c1.at("stage"), "nurture");
  EXPECT_NEAR(num(c1.at("behaviour")), 10.0, 0.01);
  EXPECT_NEAR(num(c1.at("score")), 10.0, 0.01);

  const json why = explain(s, "c1");
  const json demo = contribution(why, "web-1:1");
  EXPECT_EQ(demo.at("rule"), "demo");
  EXPECT_NEAR(num(demo.at("earned")), 30.0, 0.01);
  EXPECT_NEAR(num(demo.at("points_now")), 0.0, 0.01);
  const json download = contribution(why, "web-1:2");
  EXPECT_EQ(download.at("rule"), "download");
  EXPECT_NEAR(num(download.at("points_now")), 10.0, 0.01);
}

TEST(Scenario, RespondedTouchResetsDarkCount) {
  const auto s = load_scenario("dark");
  const json c2 = row(report(s, "contacts"), "c2");
  // Seven unanswered touches in all, but never five in a row.
  EXPECT_EQ(c2.at("stage"), "sql");
  EXPECT_TRUE(changes(explain(s, "c2"), "dark").empty());
}

TEST(Scenario, DarkCountRunsFromHandoffThroughOpportunity) {
  const auto s = load_scenario("dark");
  const json all = report(s, "contacts");
  // Two unanswered touches as sql and three more as opportunity: five since the handoff.
  EXPECT_EQ(stage(all, "c3"), "nurture");
  const json c3 = explain(s, "c3");
  EXPECT_EQ(causes(c3), (Causes{"created", "hand_raise", "accept", "dark"}));
  expect_change(change(c3, "dark"), "opportunity", "nurture", "2026-03-10T11:00:00Z",
                "ana-laptop:19");

  // Two unanswered touches before the handoff and four after: not five since the handoff.
  EXPECT_EQ(stage(all, "c4"), "sql");
  EXPECT_TRUE(changes(explain(s, "c4"), "dark").empty());
}

// --- 8. Win or lose ------------------------------------------------------------------------

TEST(Scenario, DealWonMakesCustomer) {
  const auto s = load_scenario("deals");
  EXPECT_EQ(stage(report(s, "contacts", "2026-03-20T15:00:00Z"), "c1"), "opportunity");
  EXPECT_EQ(stage(report(s, "contacts"), "c1"), "customer");
  const json why = explain(s, "c1");
  EXPECT_EQ(causes(why), (Causes{"created", "hand_raise", "accept", "deal_won"}));
  expect_change(change(why, "deal_won"), "opportunity", "customer", "2026-03-20T16:00:00Z",
                "crm-1:2");
}

TEST(Scenario, DealLostReturnsToNurtureWithBehaviourReset) {
  const auto s = load_scenario("deals");
  const json lost = row(report(s, "contacts", "2026-03-25T00:00:00Z"), "c2");
  EXPECT_EQ(lost.at("stage"), "nurture");
  EXPECT_NEAR(num(lost.at("behaviour")), 0.0, 0.01);

  const json why = explain(s, "c2", "2026-03-25T00:00:00Z");
  EXPECT_EQ(causes(why), (Causes{"created", "hand_raise", "accept", "deal_lost"}));
  expect_change(change(why, "deal_lost"), "opportunity", "nurture", "2026-03-18T10:00:00Z",
                "crm-1:4");
  const json before = contribution(why, "web-1:2");
  EXPECT_NEAR(num(before.at("earned")), 25.0, 0.01);
  EXPECT_NEAR(num(before.at("points_now")), 0.0, 0.01);
}

TEST(Scenario, NurtureIsPromotedByScoreLikeALead) {
  const auto s = load_scenario("deals");
  const json c2 = row(report(s, "contacts"), "c2");
  // Two new downloads after the lost deal: 50 again, counted from zero.
  EXPECT_EQ(c2.at("stage"), "mql");
  EXPECT_NEAR(num(c2.at("score")), 50.0, 0.01);
  const json why = explain(s, "c2");
  EXPECT_EQ(causes(why), (Causes{"created", "hand_raise", "accept", "deal_lost", "threshold"}));
  expect_change(change(why, "threshold"), "nurture", "mql", "2026-04-09T09:00:00Z", "web-1:5");
}

TEST(Scenario, StagesReportCountsEveryStage) {
  const auto s = load_scenario("deals");
  const json out = report(s, "stages");
  EXPECT_EQ(ms_of(out.at("now")), ms_of("2026-04-09T09:00:00Z"));
  const json expected = {{"visitor", 0},     {"lead", 1},     {"mql", 1},     {"sql", 0},
                         {"opportunity", 0}, {"customer", 1}, {"nurture", 0}, {"disqualified", 0}};
  for (const auto& [name, count] : expected.items())
    EXPECT_EQ(out.at("stages").at(name), count) << name;

  const json earlier = report(s, "stages", "2026-03-10T00:00:00Z").at("stages");
  EXPECT_EQ(earlier.at("opportunity"), 2);
  EXPECT_EQ(earlier.at("lead"), 1);
  EXPECT_EQ(earlier.at("customer"), 0);
}

TEST(Scenario, NotReadyReturnsSqlOrOpportunityToNurture) {
  const auto s = load_scenario("not-ready");
  const json all = report(s, "contacts");
  const json c1 = row(all, "c1");
  EXPECT_EQ(c1.at("stage"), "nurture");
  EXPECT_NEAR(num(c1.at("score")), 0.0, 0.01);
  const json why1 = explain(s, "c1");
  EXPECT_EQ(causes(why1), (Causes{"created", "hand_raise", "not_ready"}));
  expect_change(change(why1, "not_ready"), "sql", "nurture", "2026-03-04T10:00:00Z", "crm-1:1");

  const json c2 = row(all, "c2");
  EXPECT_EQ(c2.at("stage"), "nurture");
  EXPECT_NEAR(num(c2.at("behaviour")), 25.0, 0.01);  // the download after the hand-back
  const json why2 = explain(s, "c2");
  EXPECT_EQ(causes(why2), (Causes{"created", "hand_raise", "accept", "not_ready"}));
  expect_change(change(why2, "not_ready"), "opportunity", "nurture", "2026-03-10T11:00:00Z",
                "crm-1:3");
}

TEST(Scenario, DisqualifyFromAnyStage) {
  const auto s = load_scenario("disqualify");
  const json all = report(s, "contacts");
  for (const char* id : {"c1", "c2", "c3"})
    EXPECT_EQ(stage(all, id), "disqualified") << id;

  const json c1 = explain(s, "c1");
  EXPECT_EQ(causes(c1), (Causes{"created", "disqualify"}));
  expect_change(change(c1, "disqualify"), "lead", "disqualified", "2026-03-02T10:00:00Z",
                "crm-1:1");
  // Two downloads and a demo request later it has 50 points and is still out.
  EXPECT_NEAR(num(row(all, "c1").at("score")), 50.0, 0.01);

  expect_change(change(explain(s, "c2"), "disqualify"), "mql", "disqualified",
                "2026-03-04T11:00:00Z", "crm-1:2");
  expect_change(change(explain(s, "c3"), "disqualify"), "opportunity", "disqualified",
                "2026-03-09T12:00:00Z", "crm-1:4");
}

// --- Manual moves -------------------------------------------------------------------------

TEST(Scenario, QualifyMovesLeadToSql) {
  const auto s = load_scenario("manual");
  EXPECT_EQ(stage(report(s, "contacts"), "c1"), "sql");
  const json why = explain(s, "c1");
  EXPECT_EQ(causes(why), (Causes{"created", "qualify"}));
  expect_change(change(why, "qualify"), "lead", "sql", "2026-03-03T10:00:00Z", "crm-1:1");
}

TEST(Scenario, SetStageAndSetOwner) {
  const auto s = load_scenario("manual");
  const json all = report(s, "contacts");
  EXPECT_EQ(stage(all, "c2"), "opportunity");
  expect_change(change(explain(s, "c2"), "set_stage"), "lead", "opportunity",
                "2026-03-02T11:00:00Z", "crm-1:2");

  const json c3 = row(all, "c3");
  EXPECT_EQ(c3.at("stage"), "lead");
  EXPECT_EQ(c3.at("owner"), "ana");
  EXPECT_EQ(row(report(s, "contacts", "2026-03-03T00:00:00Z"), "c3").at("owner"), "ben");

  const json c4 = row(all, "c4");
  EXPECT_EQ(c4.at("stage"), "lead");
  EXPECT_TRUE(c4.at("owner").is_null()) << c4.dump();
}

TEST(Scenario, ContactWithoutCreatedIsALeadFromItsFirstOp) {
  const auto s = load_scenario("manual");
  const json c5 = row(report(s, "contacts"), "c5");
  EXPECT_EQ(c5.at("stage"), "lead");
  EXPECT_NEAR(num(c5.at("score")), 25.0, 0.01);
  const json why = explain(s, "c5");
  EXPECT_EQ(causes(why), (Causes{"created"}));
  expect_change(change(why, "created"), nullptr, "lead", "2026-03-05T09:00:00Z", kAnyOp);
}

TEST(Scenario, ActionOutsideItsStageChangesNothing) {
  tandem::Session s;
  const tandem::Problems problems = s.load(read_scenario("misplaced-actions"));
  EXPECT_TRUE(problems.ok()) << tandem::problems_json(problems);
  EXPECT_FALSE(problems.warnings.empty());

  const json all = report(s, "contacts");
  EXPECT_EQ(stage(all, "c1"), "lead");  // deal_won on a lead
  EXPECT_EQ(stage(all, "c2"), "mql");   // accept on an mql
  EXPECT_EQ(causes(explain(s, "c1")), (Causes{"created"}));
  EXPECT_EQ(causes(explain(s, "c2")), (Causes{"created", "threshold"}));
}

// --- Identity: merge and erase ------------------------------------------------------------

TEST(Scenario, MergeJoinsDuplicateContact) {
  const auto s = load_scenario("merge");
  // Before the merge both records stand; the gmail one loses 10 points for a personal address.
  const json before = report(s, "contacts", "2026-03-06T12:00:00Z");
  EXPECT_NEAR(num(row(before, "c2").at("fit")), 5.0, 0.01);
  EXPECT_NEAR(num(row(before, "c2").at("score")), 25.0, 0.01);
  EXPECT_NEAR(num(row(before, "c1").at("score")), 20.0, 0.01);

  const json all = report(s, "contacts");
  EXPECT_FALSE(has_row(all, "c2"));
  const json c1 = row(all, "c1");
  // Fields: industry from c2 (+15), title and work email of c1 (+10, not personal).
  EXPECT_NEAR(num(c1.at("fit")), 25.0, 0.01);
  EXPECT_NEAR(num(c1.at("behaviour")), 40.0, 0.01);
  EXPECT_NEAR(num(c1.at("score")), 65.0, 0.01);
  EXPECT_EQ(c1.at("stage"), "mql");

  const json why = explain(s, "c1");
  for (const char* op : {"web-1:1", "web-1:2", "web-1:4", "web-1:5"})
    EXPECT_TRUE(has_contribution(why, op)) << op;
  std::map<std::string, double> fit;
  for (const auto& f : why.at("fit_rules"))
    fit[f.at("rule").get<std::string>()] = num(f.at("points"));
  EXPECT_NEAR(fit["icp-industry"], 15.0, 0.01);
  EXPECT_NEAR(fit["senior-title"], 10.0, 0.01);
  EXPECT_NEAR(fit["personal-email"], 0.0, 0.01);

  const json stages = report(s, "stages").at("stages");
  EXPECT_EQ(stages.at("mql"), 1);
  EXPECT_EQ(stages.at("lead"), 1);
}

TEST(Scenario, EraseRemovesContactEverywhere) {
  const auto s = load_scenario("erase");
  const json all = report(s, "contacts");
  EXPECT_TRUE(has_row(all, "c1"));
  EXPECT_TRUE(has_row(all, "c3"));
  EXPECT_FALSE(has_row(all, "c2"));
  EXPECT_EQ(all.at("contacts").size(), 2u);
  EXPECT_EQ(report(s, "stages").at("stages").at("lead"), 2);
  EXPECT_EQ(report(s, "stages").at("stages").at("mql"), 0);
  EXPECT_FALSE(s.explain("c2", "").ok());

  const std::string exported = s.export_document();
  EXPECT_EQ(exported.find("lena.kovacs"), std::string::npos);
  EXPECT_EQ(exported.find("+36 1 555 0142"), std::string::npos);
  const json doc = json::parse(exported);
  for (const auto& c : doc.at("contacts"))
    EXPECT_NE(c.at("id"), "c2");
  // Only the erase op itself still names c2: it is the tombstone that keeps a merge with an
  // older copy from bringing the person back.
  for (const auto& o : doc.at("ops"))
    if (o.value("contact", "") == "c2") {
      EXPECT_EQ(o.at("type"), "erase") << o.dump();
    }

  const auto again = load_text(exported, "exported erase scenario");
  EXPECT_EQ(report(again, "contacts").at("contacts"), all.at("contacts"));
}

// --- The op log ---------------------------------------------------------------------------

TEST(Scenario, ShuffledOpsGiveTheSameAnswers) {
  const std::string shuffled = read_scenario("shuffled");
  json sorted_doc = json::parse(shuffled);
  auto& ops = sorted_doc.at("ops");
  std::sort(ops.begin(), ops.end(), [](const json& a, const json& b) {
    return std::make_pair(ms_of(a.at("at")), a.at("id").get<std::string>()) <
           std::make_pair(ms_of(b.at("at")), b.at("id").get<std::string>());
  });
  ASSERT_NE(sorted_doc.dump(), json::parse(shuffled).dump())
      << "the fixture should be out of order";

  const auto a = load_text(shuffled, "shuffled");
  const auto b = load_text(sorted_doc.dump(), "sorted");
  EXPECT_EQ(a.report("contacts", "").text, b.report("contacts", "").text);
  EXPECT_EQ(a.report("stages", "").text, b.report("stages", "").text);
  for (const char* id : {"c1", "c2", "c3"})
    EXPECT_EQ(a.explain(id, "").text, b.explain(id, "").text) << id;

  const json all = report(a, "contacts");
  // qualify (crm-1:1) and accept (crm-1:2) share a time: id order applies qualify first.
  EXPECT_EQ(stage(all, "c1"), "opportunity");
  EXPECT_NEAR(num(row(all, "c1").at("score")), 33.74, 0.01);
  // The visitor's pricing views, joined by identify, and the webinar take c2 past 50.
  EXPECT_EQ(stage(all, "c2"), "mql");
  EXPECT_NEAR(num(row(all, "c2").at("score")), 55.78, 0.01);
  EXPECT_FALSE(has_row(all, "v:a1"));
  EXPECT_TRUE(row(all, "c3").at("in_review").get<bool>());
}

TEST(Scenario, DuplicateOpCountsOnce) {
  const auto s = load_scenario("duplicate-ops");
  const json all = report(s, "contacts");
  EXPECT_NEAR(num(row(all, "c1").at("score")), 20.0, 0.01);
  EXPECT_NEAR(num(row(all, "c2").at("score")), 5.0, 0.01);
  const json why = explain(s, "c1");
  EXPECT_EQ(why.at("contributions").size(), 2u) << why.at("contributions").dump();
}

TEST(Scenario, ConflictingDuplicateOpIsALoadError) {
  auto s = load_scenario("duplicate-ops");
  const std::string held = s.report("contacts", "").text;

  const tandem::Problems problems = s.load(read_scenario("conflicting-duplicate"));
  EXPECT_FALSE(problems.ok());
  bool named = false;
  for (const auto& p : problems.errors)
    named = named || p.pointer == "/ops/2/id";
  EXPECT_TRUE(named) << tandem::problems_json(problems);
  // The session keeps what it held.
  EXPECT_EQ(s.report("contacts", "").text, held);
}

// --- Scoring rules ------------------------------------------------------------------------

TEST(Scenario, CapLimitsPointsPerRollingWindow) {
  const auto s = load_scenario("caps");
  // Pricing views: 5 + 5 + 2 (partial, up to the cap of 12) + 0 + 0 within 30 days; the
  // download is another rule, uncapped (10); a view 41 days on earns 5 again.
  const json mid = report(s, "contacts", "2026-03-25T00:00:00Z");
  EXPECT_NEAR(num(row(mid, "c1").at("behaviour")), 22.0, 0.01);
  const json all = report(s, "contacts");
  EXPECT_NEAR(num(row(all, "c1").at("behaviour")), 27.0, 0.01);
  // Caps are per contact.
  EXPECT_NEAR(num(row(all, "c2").at("behaviour")), 12.0, 0.01);

  const json why = explain(s, "c1");
  EXPECT_NEAR(num(contribution(why, "web-1:1").at("earned")), 5.0, 0.01);
  EXPECT_NEAR(num(contribution(why, "web-1:3").at("earned")), 2.0, 0.01);
  EXPECT_NEAR(num(contribution(why, "web-1:7").at("earned")), 5.0, 0.01);
  EXPECT_EQ(contribution(why, "web-1:3").at("rule"), "pricing");
  double pricing = 0;
  for (const auto& c : why.at("contributions"))
    if (c.at("rule") == "pricing") pricing += num(c.at("earned"));
  EXPECT_NEAR(pricing, 17.0, 0.01);
}

TEST(Scenario, FitRulesScoreContactFields) {
  const auto s = load_scenario("fit");
  const json all = report(s, "contacts");
  // Software (any case) 15, 1000 employees (inclusive) 10, phone 5, DE + VP 10, not an agency 5.
  EXPECT_NEAR(num(row(all, "c1").at("fit")), 45.0, 0.01);
  EXPECT_EQ(stage(all, "c1"), "lead");
  // Student −30, gmail −10, not an agency 5; 49 employees is outside the range.
  EXPECT_NEAR(num(row(all, "c2").at("fit")), -35.0, 0.01);
  // Competitor's domain (any case) −40, 50 employees (inclusive) 10; an agency.
  EXPECT_NEAR(num(row(all, "c3").at("fit")), -30.0, 0.01);
  // Only a personal address −10 and not an agency 5.
  EXPECT_NEAR(num(row(all, "c4").at("fit")), -5.0, 0.01);
  EXPECT_NEAR(num(row(all, "c4").at("score")), -5.0, 0.01);

  const json why = explain(s, "c1");
  std::map<std::string, double> fit;
  double sum = 0;
  for (const auto& f : why.at("fit_rules")) {
    fit[f.at("rule").get<std::string>()] = num(f.at("points"));
    sum += num(f.at("points"));
  }
  const std::map<std::string, double> expected = {
      {"icp-industry", 15}, {"icp-size", 10}, {"has-phone", 5},      {"emea-decision-maker", 10},
      {"not-agency", 5},    {"student", 0},   {"personal-email", 0}, {"competitor", 0}};
  for (const auto& [rule, points] : expected)
    EXPECT_NEAR(fit[rule], points, 0.01) << rule;
  EXPECT_NEAR(sum, 45.0, 0.01);
  EXPECT_NEAR(num(why.at("fit")), 45.0, 0.01);
}

TEST(Scenario, ExplainTracesEveryPointToRuleAndOp) {
  const auto s = load_scenario("explain");
  const json why = explain(s, "c1");
  EXPECT_EQ(why.at("contact"), "c1");
  EXPECT_EQ(why.at("stage"), "lead");
  // Half-life 10 days: 20 earned 20 days ago is 5, 10 earned 10 days ago is 5, 8 earned now.
  EXPECT_NEAR(num(why.at("fit")), 15.0, 0.01);
  EXPECT_NEAR(num(why.at("behaviour")), 18.0, 0.01);
  EXPECT_NEAR(num(why.at("score")), 33.0, 0.01);

  const json& contributions = why.at("contributions");
  ASSERT_EQ(contributions.size(), 3u) << contributions.dump();  // the email open has no rule
  struct Expected {
    const char* op;
    const char* rule;
    const char* at;
    double earned, now;
  };
  double sum = 0;
  for (const Expected& e : {Expected{"web-1:1", "download", "2026-03-01T12:00:00Z", 20, 5},
                            Expected{"web-1:3", "webinar", "2026-03-11T12:00:00Z", 10, 5},
                            Expected{"web-1:4", "pricing", "2026-03-21T12:00:00Z", 8, 8}}) {
    const json c = contribution(why, e.op);
    EXPECT_EQ(c.at("rule"), e.rule) << e.op;
    EXPECT_EQ(ms_of(c.at("at")), ms_of(e.at)) << e.op;
    EXPECT_NEAR(num(c.at("earned")), e.earned, 0.01) << e.op;
    EXPECT_NEAR(num(c.at("points_now")), e.now, 0.01) << e.op;
    sum += num(c.at("points_now"));
  }
  EXPECT_NEAR(sum, num(why.at("behaviour")), 0.01);
  ASSERT_EQ(why.at("fit_rules").size(), 1u);
  EXPECT_EQ(why.at("fit_rules")[0].at("rule"), "icp-industry");

  // The report agrees with the explanation.
  const json r = row(report(s, "contacts"), "c1");
  EXPECT_NEAR(num(r.at("score")), 33.0, 0.01);

  // As of an earlier time, later ops do not count.
  const json earlier = explain(s, "c1", "2026-03-11T12:00:00Z");
  EXPECT_EQ(earlier.at("contributions").size(), 2u);
  EXPECT_NEAR(num(earlier.at("behaviour")), 20.0, 0.01);
  EXPECT_FALSE(has_contribution(earlier, "web-1:4"));
}

}  // namespace
