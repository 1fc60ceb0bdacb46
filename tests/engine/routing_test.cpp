// Routing: territories pick the team, round-robin picks the rep in handoff order, every sql has
// an owner, and an owner set by hand wins.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "engine/engine.h"
#include "tests/engine/automation_fixture.h"

namespace tandem::testing {
namespace {

json routed_config() {
  json cfg = base_config();
  cfg["routing"] = {
      {"teams", {{"emea", json::array({"ana", "ben"})}, {"amer", json::array({"cy"})}}},
      {"territories",
       json::array({{{"if", {{"field", "country"}, {"in", json::array({"DE", "FR"})}}},
                     {"team", "emea"}}})},
      {"default_team", "amer"}};
  return cfg;
}

json handoffs(const Session& s) {
  return report(s, "handoffs")["handoffs"];
}

TEST(Routing, TerritoryPicksTheTeam) {
  const auto s = session_of(routed_config(), json::array({person("c1", {{"country", "DE"}})}),
                            json::array({op("s:1", at(3), "qualify", "c1")}));
  const auto h = handoffs(s);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0]["team"], "emea");
  EXPECT_EQ(h[0]["owner"], "ana");
  EXPECT_EQ(contact_row(s, "c1")["owner"], "ana");
  EXPECT_EQ(json::parse(s.explain("c1", "").text)["owner"], "ana");
}

TEST(Routing, DefaultTeamWhenNoTerritoryMatches) {
  const auto s = session_of(routed_config(), json::array({person("c1", {{"country", "US"}})}),
                            json::array({op("s:1", at(3), "qualify", "c1")}));
  EXPECT_EQ(handoffs(s)[0]["team"], "amer");
  EXPECT_EQ(contact_row(s, "c1")["owner"], "cy");
}

TEST(Routing, RoundRobinWithinTheTeamInHandoffOrder) {
  // Ids sort against time: the rotation follows when each lead was handed off.
  const json contacts =
      json::array({person("a", {{"country", "DE"}}), person("b", {{"country", "FR"}}),
                   person("c", {{"country", "DE"}})});
  const json ops = json::array({op("s:1", at(5), "qualify", "a"), op("s:2", at(4), "qualify", "b"),
                                op("s:3", at(3), "qualify", "c")});
  const auto s = session_of(routed_config(), contacts, ops);
  EXPECT_EQ(contact_row(s, "c")["owner"], "ana");
  EXPECT_EQ(contact_row(s, "b")["owner"], "ben");
  EXPECT_EQ(contact_row(s, "a")["owner"], "ana");
  // The same on every replay: a fresh session of the same document, and one whose document
  // lists the ops the other way round, rotate alike.
  const auto h = report(s, "handoffs");
  EXPECT_EQ(report(session_of(routed_config(), contacts, ops), "handoffs"), h);
  const json reversed = json::array({ops[2], ops[1], ops[0]});
  EXPECT_EQ(report(session_of(routed_config(), contacts, reversed), "handoffs"), h);
}

TEST(Routing, EverySqlHasAnOwner) {
  json contacts = json::array(), ops = json::array();
  for (int i = 0; i < 30; ++i) {
    const std::string id = named("c", 100 + i);
    contacts.push_back(person(id, {{"country", i % 3 ? "DE" : "US"}}));
    // Threshold, hand-raise and qualify: every way into sql.
    if (i % 3 == 0) ops.push_back(op(named("s:", i), at(3 + i % 20), "qualify", id));
    if (i % 3 == 1) ops.push_back(op(named("s:", i), at(3 + i % 20), "demo_request", id));
    if (i % 3 == 2)
      for (int k = 0; k < 2; ++k)
        ops.push_back(op(named("w:", i * 10 + k), at(3 + i % 20, 9 + k), "webinar_attend", id));
  }
  const auto s = session_of(routed_config(), contacts, ops);
  int sql = 0;
  const json all = report(s, "contacts");
  for (const auto& row : all["contacts"]) {
    if (row["stage"] != "sql" && row["stage"] != "opportunity") continue;
    ++sql;
    EXPECT_TRUE(row["owner"].is_string()) << row.dump();
  }
  EXPECT_EQ(sql, 30);
}

TEST(Routing, SetOwnerWinsOverRouting) {
  const auto s = session_of(
      routed_config(),
      json::array({person("c1", {{"country", "DE"}}), person("c2", {{"country", "DE"}})}),
      json::array({op("s:1", at(2), "set_owner", "c1", {{"owner", "dee"}}),
                   op("s:2", at(3), "qualify", "c1"), op("s:3", at(3), "qualify", "c2"),
                   op("s:4", at(4), "set_owner", "c2", {{"owner", "eve"}})}));
  EXPECT_EQ(contact_row(s, "c1")["owner"], "dee");
  EXPECT_EQ(contact_row(s, "c2")["owner"], "eve");
  const auto h = handoffs(s);
  EXPECT_EQ(h[0]["routed"], false);
  EXPECT_EQ(h[1]["owner"], "eve");
}

TEST(Routing, HandoffsReportListsEachSqlEntryWithItsCause) {
  const auto s = session_of(routed_config(), json::array({person("c1", {{"country", "DE"}})}),
                            json::array({op("s:1", at(3), "demo_request", "c1"),
                                         op("s:2", at(4), "not_ready", "c1", {{"reason", "later"}}),
                                         op("s:3", at(10), "qualify", "c1")}));
  const auto h = handoffs(s);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0]["contact"], "c1");
  EXPECT_EQ(h[0]["at"], at(3));
  EXPECT_EQ(h[0]["cause"], "hand_raise");
  EXPECT_EQ(h[0]["ended"], at(4));
  EXPECT_EQ(h[1]["cause"], "qualify");
  EXPECT_EQ(h[0]["owner"], "ana");
  EXPECT_EQ(h[1]["owner"], "ben");
  const auto csv = s.report("handoffs", "", "csv");
  EXPECT_EQ(csv.text.substr(0, csv.text.find('\n')),
            "contact,at,owner,team,cause,routed,first_touch,ended");
}

TEST(Routing, NotificationsToTheOwnerReachTheRoutedRep) {
  json cfg = routed_config();
  cfg["workflows"] = json::array(
      {{{"id", "h"},
        {"trigger", {{"on", "stage_entered"}, {"stage", "sql"}}},
        {"steps", json::array({{{"notify", {{"to", "owner"}, {"message", "yours"}}}}})}}});
  const auto s = session_of(cfg, json::array({person("c1", {{"country", "US"}})}),
                            json::array({op("s:1", at(3), "qualify", "c1")}));
  EXPECT_EQ(report(s, "outbox")["entries"][0]["to"], "cy");
}

TEST(Routing, RouteStepOutsideAHandoffPicksARepOfTheTeam) {
  json cfg = routed_config();
  cfg["workflows"] =
      json::array({{{"id", "r"},
                    {"trigger", {{"on", "activity"}, {"type", "content_download"}}},
                    {"steps", json::array({{{"assign_owner", {{"route", true}}}}})}}});
  const auto s = session_of(cfg, json::array({person("c1", {{"country", "FR"}})}),
                            json::array({op("w:1", at(3), "content_download", "c1")}));
  const auto owner = contact_row(s, "c1")["owner"];
  EXPECT_TRUE(owner == "ana" || owner == "ben") << owner;
  EXPECT_TRUE(handoffs(s).empty());
}

TEST(Routing, UnknownTeamIsNamedByItsPointer) {
  json cfg = routed_config();
  cfg["routing"]["territories"][0]["team"] = "apac";
  Problems problems;
  Workspace::load(document(cfg, json::array(), json::array()), problems);
  EXPECT_NE(error_at(problems, "/config/routing/territories/0/team"), "");
}

}  // namespace
}  // namespace tandem::testing
