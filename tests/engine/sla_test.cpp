// SLAs: sales first touch within working hours of the handoff, touches within days, marketing
// MQLs per month; every breach with lead, owner and by how much.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/automation/routing.h"
#include "engine/base/time.h"
#include "engine/engine.h"
#include "tests/engine/automation_fixture.h"

namespace tandem::testing {
namespace {

json sla_config(json sla = json::object()) {
  json cfg = base_config();
  cfg["routing"] = {{"teams", {{"inside", json::array({"ana"})}}}, {"default_team", "inside"}};
  cfg["sla"] = {{"first_touch_hours", 24}, {"touches", {{"count", 3}, {"within_days", 7}}}};
  for (auto& [k, v] : sla.items())
    cfg["sla"][k] = v;
  return cfg;
}

json touch(const std::string& id, const std::string& when, const std::string& contact = "c1") {
  return op(id, when, "touch", contact, {{"channel", "call"}, {"outcome", "no_response"}}, "ana");
}

json sla_of(json cfg, json ops, const std::string& now) {
  return report(session_of(cfg, json::array({person("c1")}), ops), "sla", now);
}

std::vector<json> breaches(const json& sla, const std::string& rule) {
  std::vector<json> out;
  for (const auto& b : sla["breaches"])
    if (b["rule"] == rule) out.push_back(b);
  return out;
}

TEST(Sla, WorkingHoursSkipNightsAndWeekends) {
  WorkingHours hours;  // Monday to Friday, 09:00 to 17:00
  const Millis fri_4pm = *parse_iso8601(at(6, 16)), mon_10am = *parse_iso8601(at(9, 10));
  EXPECT_EQ(hours.between(fri_4pm, mon_10am), 2 * kMillisPerHour);
  hours.utc_offset_minutes = 60;  // 16:00 UTC is 17:00 local: already closed
  EXPECT_EQ(hours.between(fri_4pm, mon_10am), 2 * kMillisPerHour);
}

TEST(Sla, FirstTouchWithinWorkingHoursIsMet) {
  const auto sla = sla_of(
      sla_config(), json::array({op("s:1", at(6, 16), "qualify", "c1"), touch("t:1", at(9, 15))}),
      at(9, 16));
  EXPECT_EQ(sla["sales"]["first_touch"]["met"], 1);
  EXPECT_TRUE(breaches(sla, "first_touch").empty());
}

TEST(Sla, FirstTouchBreachShowsLeadOwnerAndHowMuch) {
  // Monday 09:00 to Thursday 11:00 is 26 working hours: 2 over the 24 agreed.
  const auto sla = sla_of(
      sla_config(), json::array({op("s:1", at(2, 9), "qualify", "c1"), touch("t:1", at(5, 11))}),
      at(5, 12));
  const auto b = breaches(sla, "first_touch");
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0]["contact"], "c1");
  EXPECT_EQ(b[0]["owner"], "ana");
  EXPECT_EQ(b[0]["handoff_at"], at(2, 9));
  EXPECT_EQ(b[0]["actual"], 26.0);
  EXPECT_EQ(b[0]["by"], 2.0);
}

TEST(Sla, UntouchedLeadBreachesOnceTheClockRunsOut) {
  const json ops = json::array({op("s:1", at(2, 9), "qualify", "c1")});
  EXPECT_EQ(sla_of(sla_config(), ops, at(4, 9))["sales"]["first_touch"]["pending"], 1);
  const auto late = sla_of(sla_config(), ops, at(5, 13));
  ASSERT_EQ(breaches(late, "first_touch").size(), 1u);
  EXPECT_EQ(breaches(late, "first_touch")[0]["by"], 4.0);
}

TEST(Sla, WorkingHoursAreConfigurable) {
  // A seven-day, round-the-clock desk: 24 hours means a day.
  const json hours = {{"days", json::array({"mon", "tue", "wed", "thu", "fri", "sat", "sun"})},
                      {"start", "00:00"},
                      {"end", "24:00"}};
  const json cfg = sla_config({{"working_hours", hours}});
  const json ops = json::array({op("s:1", at(6, 16), "qualify", "c1"), touch("t:1", at(7, 18))});
  const auto sla = sla_of(cfg, ops, at(8));
  ASSERT_EQ(breaches(sla, "first_touch").size(), 1u);
  EXPECT_EQ(breaches(sla, "first_touch")[0]["by"], 2.0);
}

TEST(Sla, TouchesWithinDays) {
  const json ops = json::array({op("s:1", at(2, 9), "qualify", "c1"), touch("t:1", at(2, 10)),
                                touch("t:2", at(4, 10)),
                                touch("t:3", at(12, 10))});  // the third falls outside the week
  EXPECT_EQ(sla_of(sla_config(), ops, at(5))["sales"]["touches"]["pending"], 1);
  const auto sla = sla_of(sla_config(), ops, at(13));
  const auto b = breaches(sla, "touches");
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0]["required"], 3.0);
  EXPECT_EQ(b[0]["actual"], 2.0);
  EXPECT_EQ(b[0]["by"], 1.0);
}

TEST(Sla, LeadLeavingSalesWaivesTheTouchCount) {
  const json ops =
      json::array({op("s:1", at(2, 9), "qualify", "c1"), touch("t:1", at(2, 10)),
                   op("s:2", at(3, 10), "not_ready", "c1", {{"reason", "budget next year"}})});
  const auto sla = sla_of(sla_config(), ops, at(20));
  EXPECT_TRUE(breaches(sla, "touches").empty());
  EXPECT_EQ(sla["sales"]["touches"]["waived"], 1);
}

TEST(Sla, MarketingMqlsPerMonth) {
  json contacts = json::array(), ops = json::array();
  // One MQL in February, three in March.
  const char* when[] = {"2026-02-10T10:00:00Z", "2026-03-03T10:00:00Z", "2026-03-04T10:00:00Z",
                        "2026-03-05T10:00:00Z"};
  for (int i = 0; i < 4; ++i) {
    const std::string id = named("m", i);
    contacts.push_back(person(id));
    for (int k = 0; k < 2; ++k)
      ops.push_back(op(named("w:", i * 2 + k), when[i], "webinar_attend", id));
  }
  json cfg = sla_config({{"mql_per_month", 2}});
  cfg["stages"]["sql_score"] = 1000;
  const auto sla = report(session_of(cfg, contacts, ops), "sla", "2026-04-02T00:00:00Z");
  const auto b = breaches(sla, "mql_per_month");
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0]["month"], "2026-02");
  EXPECT_EQ(b[0]["by"], 1.0);
  EXPECT_EQ(sla["marketing"]["months"].size(), 3u);
  EXPECT_EQ(sla["marketing"]["months"][1]["mqls"], 3);
  EXPECT_EQ(sla["marketing"]["months"][2]["complete"], false);
}

TEST(Sla, CsvListsEveryBreach) {
  const json ops = json::array({op("s:1", at(2, 9), "qualify", "c1"), touch("t:1", at(5, 11))});
  const auto out =
      session_of(sla_config(), json::array({person("c1")}), ops).report("sla", at(20), "csv");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.text,
            "rule,contact,owner,team,at,required,actual,by,unit\n"
            "first_touch,c1,ana,inside,2026-03-02T09:00:00Z,24.0,26.0,2.0,working_hours\n"
            "touches,c1,ana,inside,2026-03-02T09:00:00Z,3.0,1.0,2.0,touches\n");
}

TEST(Sla, BadWorkingHoursAreNamedByPointer) {
  json cfg =
      sla_config({{"working_hours", {{"days", json::array({"mon", "funday"})}, {"start", "9am"}}}});
  Problems problems;
  Workspace::load(document(cfg, json::array(), json::array()), problems);
  EXPECT_NE(error_at(problems, "/config/sla/working_hours/days/1"), "");
  EXPECT_NE(error_at(problems, "/config/sla/working_hours/start"), "");
}

std::string run_cli(const std::string& args) {
  const std::string out = ::testing::TempDir() + "tandem-cli-out.txt";
  const std::string command = std::string(TANDEM_CLI) + " " + args + " > " + out;
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(out);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Sla, CliReportsSlaOutboxAndHandoffs) {
  const std::string file = ::testing::TempDir() + "tandem-sla-cli.json";
  run_cli("init -o " + file);
  std::ifstream in(file);
  json doc = json::parse(in);
  doc["contacts"] = json::array({person("c1")});
  doc["ops"] = json::array(
      {op("w:1", at(2, 10), "content_download", "c1"), op("s:1", at(3, 10), "demo_request", "c1")});
  std::ofstream(file) << doc.dump();
  const auto sla = json::parse(run_cli("report sla " + file + " --now " + at(20)));
  EXPECT_EQ(sla["sales"]["handoffs"], 1);
  const auto outbox = json::parse(run_cli("report outbox " + file + " --now " + at(20)));
  EXPECT_EQ(outbox["counts"]["emails"], 1);  // the thank-you; nurture stopped at the handoff
  const auto handoffs = json::parse(run_cli("report handoffs " + file));
  EXPECT_EQ(handoffs["handoffs"][0]["team"], "amer");
  EXPECT_EQ(run_cli("report sla " + file + " --format csv").substr(0, 5), "rule,");
}

}  // namespace
}  // namespace tandem::testing
