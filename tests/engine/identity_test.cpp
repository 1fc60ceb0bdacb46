#include <gtest/gtest.h>

#include "tests/engine/fixture.h"

namespace tandem {
namespace {

using namespace tandem::testing;

const json kConfig = {
    {"stages", {{"mql_score", 50}, {"sql_score", 80}, {"hysteresis", 5}}},
    {"scoring",
     {{"behaviour", json::array({{{"id", "pv"}, {"on", "page_view"}, {"points", 20}},
                                 {{"id", "dl"}, {"on", "content_download"}, {"points", 30}}})}}}};

// What a contact view shows: the id's own record and every op of every id joined to it.
TEST(Identity, APersonIsTheirRecordAndTheOpsOfEveryJoinedId) {
  Session session;
  ASSERT_TRUE(session.load(read_fixture("scenario-identify.json")).ok());
  const auto out = session.person("c1");
  ASSERT_TRUE(out.ok()) << problems_json(out.problems);
  const auto person = json::parse(out.text);
  EXPECT_EQ(person["record"]["id"], "c1");
  std::vector<std::string> ids;
  for (const auto& op : person["ops"])
    ids.push_back(op["id"].get<std::string>());
  // v:7f3a's page views joined on identify; v:9b21 stays apart.
  EXPECT_EQ(ids, (std::vector<std::string>{"web-1:1", "web-1:2", "web-1:7", "web-1:8", "web-1:9",
                                           "web-1:10"}));
  // The visitor alone is no person: the contact it joined is.
  EXPECT_EQ(json::parse(session.person("v:9b21").text)["record"], nullptr);
  EXPECT_FALSE(session.person("nobody").ok());
}

TEST(Identity, AnonymousHistoryJoinsTheContactOnIdentify) {
  const json ops = json::array(
      {op("web:1", "2026-01-02T00:00:00Z", "page_view", "v:abc", {{"path", "/"}}),
       op("web:2", "2026-01-03T00:00:00Z", "page_view", "v:abc", {{"path", "/pricing"}}),
       op("web:3", "2026-01-04T00:00:00Z", "identify", "c1", {{"visitor", "v:abc"}}),
       op("web:4", "2026-01-04T00:01:00Z", "content_download", "c1")});
  Session s;
  ASSERT_TRUE(s.load(document(kConfig, json::array({{{"id", "c1"}}}), ops)).ok());
  EXPECT_EQ(report(s, "stages", "2026-01-03T00:00:00Z")["stages"]["visitor"], 1);
  const auto rows = report(s, "contacts")["contacts"];
  ASSERT_EQ(rows.size(), 1u);  // the visitor id is the contact now
  EXPECT_EQ(rows[0]["id"], "c1");
  EXPECT_EQ(rows[0]["behaviour"], 70.0);
  EXPECT_EQ(rows[0]["stage"], "mql");
  // Asking for the visitor id finds the person it became.
  EXPECT_EQ(json::parse(s.explain("v:abc", "").text)["contact"], "c1");
}

TEST(Identity, VisitorsAreNeverPromotedByScore) {
  const json ops = json::array({op("web:1", "2026-01-02T00:00:00Z", "content_download", "v:abc"),
                                op("web:2", "2026-01-02T00:01:00Z", "content_download", "v:abc"),
                                op("web:3", "2026-01-02T00:02:00Z", "content_download", "v:abc"),
                                op("web:4", "2026-01-02T00:03:00Z", "demo_request", "v:abc")});
  Session s;
  ASSERT_TRUE(s.load(document(kConfig, json::array(), ops)).ok());
  const auto row = contact_row(s, "v:abc");
  EXPECT_EQ(row["stage"], "visitor");
  EXPECT_EQ(row["behaviour"], 90.0);
}

TEST(Identity, IdentifiedLeadIsPromotedByItsAnonymousPoints) {
  const json ops =
      json::array({op("web:1", "2026-01-02T00:00:00Z", "content_download", "v:abc"),
                   op("web:2", "2026-01-02T00:01:00Z", "content_download", "v:abc"),
                   op("web:3", "2026-01-05T00:00:00Z", "identify", "c1", {{"visitor", "v:abc"}})});
  Session s;
  ASSERT_TRUE(s.load(document(kConfig, json::array(), ops)).ok());
  const auto why = json::parse(s.explain("c1", "").text);
  EXPECT_EQ(why["stage"], "mql");
  ASSERT_EQ(why["history"].size(), 2u);
  EXPECT_EQ(why["history"][0]["cause"], "created");
  EXPECT_EQ(why["history"][0]["op"], "web:3");
  EXPECT_EQ(why["history"][1]["at"], "2026-01-05T00:00:00Z");
}

TEST(Identity, MergeKeepsBothHistoriesAndTheSurvivorsFields) {
  const json contacts =
      json::array({{{"id", "work"}, {"email", "ana@acme.example"}, {"company", "Acme"}},
                   {{"id", "home"}, {"email", "ana@gmail.com"}, {"country", "DE"}}});
  json config = kConfig;
  config["scoring"]["fit"] =
      json::array({{{"id", "de"}, {"if", {{"field", "country"}, {"equals", "DE"}}}, {"points", 5}},
                   {{"id", "personal"},
                    {"if", {{"field", "email_personal"}, {"equals", true}}},
                    {"points", -40}}});
  const json ops = json::array(
      {op("web:1", "2026-01-02T00:00:00Z", "content_download", "home"),
       op("web:2", "2026-01-03T00:00:00Z", "page_view", "work"),
       op("crm:1", "2026-01-04T00:00:00Z", "merge", "work", {{"from", "home"}}, "marketing")});
  Session s;
  ASSERT_TRUE(s.load(document(config, contacts, ops)).ok());
  const auto rows = report(s, "contacts")["contacts"];
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["id"], "work");
  EXPECT_EQ(rows[0]["behaviour"], 50.0);
  EXPECT_EQ(rows[0]["fit"],
            5.0);  // country from the absorbed record; the survivor's work address wins
}

TEST(Identity, ReplayingWithoutTheMergeUndoesIt) {
  const json contacts = json::array({{{"id", "a"}}, {{"id", "b"}}});
  json ops = json::array({op("web:1", "2026-01-02T00:00:00Z", "content_download", "b")});
  Session without;
  ASSERT_TRUE(without.load(document(kConfig, contacts, ops)).ok());
  ops.push_back(op("crm:1", "2026-01-04T00:00:00Z", "merge", "a", {{"from", "b"}}, "marketing"));
  Session with;
  ASSERT_TRUE(with.load(document(kConfig, contacts, ops)).ok());
  EXPECT_EQ(report(with, "contacts")["contacts"].size(), 1u);
  EXPECT_EQ(report(without, "contacts")["contacts"].size(), 2u);
}

TEST(Identity, EraseRemovesThePersonFromStateAndExports) {
  const json contacts = json::array(
      {{{"id", "c1"}, {"email", "ana@acme.example"}, {"name", "Ana Demo"}}, {{"id", "c2"}}});
  const json ops =
      json::array({op("web:1", "2026-01-02T00:00:00Z", "page_view", "v:ana", {{"path", "/"}}),
                   op("web:2", "2026-01-03T00:00:00Z", "identify", "c1", {{"visitor", "v:ana"}}),
                   op("web:3", "2026-01-03T00:01:00Z", "content_download", "c1"),
                   op("web:4", "2026-01-03T00:02:00Z", "content_download", "c2"),
                   op("crm:1", "2026-01-09T00:00:00Z", "erase", "c1", {}, "marketing")});
  Session s;
  ASSERT_TRUE(s.load(document(kConfig, contacts, ops)).ok());
  const auto rows = report(s, "contacts")["contacts"];
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["id"], "c2");
  const auto exported = s.export_document();
  EXPECT_EQ(exported.find("ana@acme.example"), std::string::npos);
  EXPECT_EQ(exported.find("Ana Demo"), std::string::npos);
  const auto doc = json::parse(exported);
  // c2's download, and the ids-only tombstone that keeps every id of c1 erased in any merge:
  // the identify that joined v:ana to c1, and the erase.
  ASSERT_EQ(doc["ops"].size(), 3u);
  EXPECT_EQ(doc["ops"][0]["type"], "identify");
  EXPECT_EQ(doc["ops"][1]["contact"], "c2");
  EXPECT_EQ(doc["ops"][2]["type"], "erase");
  EXPECT_FALSE(doc["ops"][0].contains("props") && doc["ops"][0]["props"].size() > 1);
}

TEST(Identity, EraseHoldsForEveryIdWhenMergedWithACopyThatMissedTheJoin) {
  // One copy knew c3 was a duplicate of c1 and erased c1; the other never saw the merge.
  const json contacts = json::array({{{"id", "c1"}, {"email", "ana@acme.example"}},
                                     {{"id", "c3"}, {"email", "ana.private@mail.example"}}});
  const json older = json::array({op("web:1", "2026-01-02T00:00:00Z", "page_view", "c3")});
  json newer = older;
  newer.push_back(op("crm:1", "2026-01-05T00:00:00Z", "merge", "c1", {{"from", "c3"}}));
  newer.push_back(op("crm:2", "2026-01-09T00:00:00Z", "erase", "c1", {}, "marketing"));
  Session erased;
  ASSERT_TRUE(erased.load(document(kConfig, contacts, newer)).ok());
  const auto merged = merge_documents(document(kConfig, contacts, older), erased.export_document());
  ASSERT_TRUE(merged.ok()) << problems_json(merged.problems);
  EXPECT_EQ(merged.text.find("ana.private@mail.example"), std::string::npos);
  EXPECT_EQ(merged.text.find("\"web:1\""), std::string::npos);  // c3's page view
}

TEST(Identity, EraseHoldsWhenMergedWithAnOlderCopy) {
  const json contacts = json::array({{{"id", "c1"}, {"email", "ana@acme.example"}}});
  const json before =
      json::array({op("web:1", "2026-01-02T00:00:00Z", "page_view", "c1", {{"path", "/"}})});
  json after = before;
  after.push_back(op("crm:1", "2026-01-09T00:00:00Z", "erase", "c1", {}, "marketing"));
  const auto old_copy = document(kConfig, contacts, before);
  Session erased;
  ASSERT_TRUE(erased.load(document(kConfig, contacts, after)).ok());
  const auto merged = merge_documents(old_copy, erased.export_document());
  ASSERT_TRUE(merged.ok()) << problems_json(merged.problems);
  EXPECT_EQ(merged.text.find("ana@acme.example"), std::string::npos);
  EXPECT_EQ(merged.text.find("\"type\": \"page_view\""), std::string::npos);
}

}  // namespace
}  // namespace tandem
