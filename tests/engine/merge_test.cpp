#include <gtest/gtest.h>

#include "tests/engine/fixture.h"

namespace tandem {
namespace {

using namespace tandem::testing;

const json kConfig = {
    {"stages", {{"mql_score", 50}, {"sql_score", 80}}},
    {"scoring",
     {{"behaviour", json::array({{{"id", "dl"}, {"on", "content_download"}, {"points", 30}}})}}}};
const json kContacts =
    json::array({{{"id", "c1"}, {"name", "Ana Demo"}}, {{"id", "c2"}, {"name", "Ben Demo"}}});
const json kShared = op("web:1", "2026-01-02T00:00:00Z", "content_download", "c1");

// Marketing's laptop and sales's laptop, diverged from one shared start.
std::string marketing() {
  return document(
      kConfig, kContacts,
      json::array({kShared, op("web:2", "2026-01-03T00:00:00Z", "content_download", "c1"),
                   op("web:3", "2026-01-05T00:00:00Z", "content_download", "c2")}));
}
std::string sales() {
  json contacts = kContacts;
  contacts.push_back({{"id", "c3"}, {"name", "Cy Demo"}});
  return document(
      kConfig, contacts,
      json::array(
          {kShared, op("crm:1", "2026-01-04T00:00:00Z", "qualify", "c2", {}, "ana"),
           op("crm:2", "2026-01-04T00:00:00Z", "set_owner", "c2", {{"owner", "ana"}}, "ana")}));
}

TEST(Merge, ConvergesWhicheverOrderCopiesAreMerged) {
  const auto ab = merge_documents(marketing(), sales());
  const auto ba = merge_documents(sales(), marketing());
  ASSERT_TRUE(ab.ok()) << problems_json(ab.problems);
  ASSERT_TRUE(ba.ok());
  EXPECT_EQ(ab.text, ba.text);
  const auto doc = json::parse(ab.text);
  EXPECT_EQ(doc["ops"].size(), 5u);  // the shared op once
  EXPECT_EQ(doc["contacts"].size(), 3u);
}

TEST(Merge, IsIdempotent) {
  const auto once = merge_documents(marketing(), sales());
  const auto twice = merge_documents(once.text, sales());
  const auto with_itself = merge_documents(once.text, once.text);
  EXPECT_EQ(once.text, twice.text);
  EXPECT_EQ(once.text, with_itself.text);
}

TEST(Merge, MergedStateHasBothTeamsWork) {
  Session s;
  ASSERT_TRUE(s.load(merge_documents(marketing(), sales()).text).ok());
  EXPECT_EQ(contact_row(s, "c1")["stage"], "mql");
  const auto c2 = contact_row(s, "c2");
  EXPECT_EQ(c2["stage"], "sql");
  EXPECT_EQ(c2["owner"], "ana");
}

TEST(Merge, SameIdDifferentContentIsRefused) {
  const auto other =
      document(kConfig, kContacts,
               json::array({op("web:1", "2026-01-02T00:00:00Z", "content_download", "c2")}));
  const auto merged = merge_documents(marketing(), other);
  EXPECT_FALSE(merged.ok());
  EXPECT_TRUE(merged.text.empty());
  ASSERT_FALSE(merged.problems.errors.empty());
  EXPECT_NE(merged.problems.errors[0].message.find("different operation"), std::string::npos);
}

TEST(Merge, ConflictingContactFieldsResolveTheSameEitherWayAndWarn) {
  json contacts = kContacts;
  contacts[0]["title"] = "CTO";
  const auto a = document(kConfig, contacts, json::array());
  contacts[0]["title"] = "VP Engineering";
  const auto b = document(kConfig, contacts, json::array());
  const auto ab = merge_documents(a, b), ba = merge_documents(b, a);
  EXPECT_EQ(ab.text, ba.text);
  EXPECT_FALSE(ab.problems.warnings.empty());
}

TEST(Merge, TheLaterUpdatedConfigWins) {
  json older = kConfig, newer = kConfig;
  older["updated"] = "2026-01-01T00:00:00Z";
  newer["updated"] = "2026-02-01T00:00:00Z";
  newer["stages"]["mql_score"] = 40;
  const auto a = document(older, kContacts, json::array()),
             b = document(newer, kContacts, json::array());
  const auto ab = merge_documents(a, b), ba = merge_documents(b, a);
  EXPECT_EQ(ab.text, ba.text);
  EXPECT_EQ(json::parse(ab.text)["config"]["stages"]["mql_score"], 40);
}

TEST(Merge, AnInvalidCopyIsRefusedWithItsProblems) {
  const auto merged = merge_documents(
      marketing(), "{\"format\": \"tandem.workspace\", \"version\": 1, \"ops\": 3}");
  EXPECT_FALSE(merged.ok());
  EXPECT_EQ(merged.problems.errors.at(0).pointer, "/ops");
  EXPECT_NE(merged.problems.errors.at(0).message.find("second file"), std::string::npos);
}

// A contact listed twice in one copy is an error in that copy, whichever side of the merge it
// is on, even when the other copy has that contact too.
TEST(Merge, AContactTwiceInOneCopyIsRefusedInEitherOrder) {
  json contacts = kContacts;
  contacts.push_back({{"id", "c2"}, {"name", "Other Demo"}});
  const std::string doubled = document(kConfig, contacts, json::array());
  for (const bool doubled_first : {true, false}) {
    const auto merged =
        doubled_first ? merge_documents(doubled, sales()) : merge_documents(sales(), doubled);
    ASSERT_FALSE(merged.ok()) << "doubled copy first: " << doubled_first;
    const auto& error = merged.problems.errors.at(0);
    EXPECT_EQ(error.pointer, "/contacts/2/id");
    EXPECT_NE(error.message.find("also at /contacts/1"), std::string::npos) << error.message;
    EXPECT_NE(error.message.find(doubled_first ? "first file" : "second file"), std::string::npos)
        << error.message;
  }
}

// The error points at the first copy's place in the file, not at its row in the table.
TEST(Merge, ADuplicateNamesThePlaceOfTheFirstCopyInItsFile) {
  const json contacts = json::array({{{"id", ""}}, {{"id", "c1"}}, {{"id", "c1"}}});
  const auto loaded = validate_document(document(kConfig, contacts, json::array()));
  ASSERT_EQ(loaded.errors.size(), 2u);
  EXPECT_EQ(loaded.errors.at(1).pointer, "/contacts/2/id");
  EXPECT_NE(loaded.errors.at(1).message.find("also at /contacts/1"), std::string::npos)
      << loaded.errors.at(1).message;
}

}  // namespace
}  // namespace tandem
