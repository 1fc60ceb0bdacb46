// Session::append: the app's way to add what a person does (accept, touch, won...) to the
// log. New ops are checked like a load checks them; a bad batch changes nothing.
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "tests/engine/fixture.h"

namespace tandem::testing {
namespace {

Session loaded_session(const std::string& fixture) {
  Session session;
  EXPECT_TRUE(session.load(read_fixture(fixture)).ok());
  return session;
}

std::string stage_of(const Session& session, const std::string& contact) {
  return contact_row(session, contact).value("stage", "");
}

TEST(Append, NewOpsMoveTheContact) {
  auto session = loaded_session("scenario-dark.json");
  ASSERT_EQ(stage_of(session, "c2"), "sql");
  const auto ops = json::array({op("app-t:1", "2026-04-01T09:00:00Z", "accept", "c2", {}, "ana"),
                                op("app-t:2", "2026-04-02T09:00:00Z", "deal_won", "c2",
                                   {{"amount", 12000}, {"products", {"Core"}}}, "ana")});
  const auto problems = session.append(ops.dump());
  EXPECT_TRUE(problems.ok()) << problems_json(problems);
  EXPECT_EQ(stage_of(session, "c2"), "customer");
  EXPECT_NE(session.export_document().find("\"app-t:2\""), std::string::npos);
}

TEST(Append, OneOpObjectIsAccepted) {
  auto session = loaded_session("minimal.json");
  const auto problems = session.append(
      op("app-t:1", "2026-01-07T09:00:00Z", "content_download", "c1", {{"content", "guide"}})
          .dump());
  EXPECT_TRUE(problems.ok()) << problems_json(problems);
  // 5 (pricing) and 10 (download) a day old, and the new download's 10.
  EXPECT_NEAR(report(session, "contacts").at("contacts")[0].at("behaviour").get<double>(), 24.65,
              0.01);
}

TEST(Append, SameOpTwiceAppliesOnce) {
  auto session = loaded_session("minimal.json");
  const auto ops = json::array({op("app-t:1", "2026-01-07T09:00:00Z", "content_download", "c1",
                                   {{"content", "guide"}})})
                       .dump();
  ASSERT_TRUE(session.append(ops).ok());
  const auto once = session.export_document();
  ASSERT_TRUE(session.append(ops).ok());
  EXPECT_EQ(session.export_document(), once);
}

TEST(Append, BadOpChangesNothingAndIsNamedFromTheNewOps) {
  auto session = loaded_session("minimal.json");
  const auto before = session.export_document();
  const auto ops = json::array(
      {op("app-t:1", "2026-01-07T09:00:00Z", "content_download", "c1", {{"content", "guide"}}),
       op("app-t:2", "yesterday", "page_view", "c1", {{"path", "/"}})});
  const auto problems = session.append(ops.dump());
  EXPECT_FALSE(problems.ok());
  EXPECT_NE(error_at(problems, "/1/at"), "") << problems_json(problems);
  EXPECT_EQ(session.export_document(), before);
}

TEST(Append, SameIdWithOtherContentIsRefused) {
  auto session = loaded_session("minimal.json");
  const auto before = session.export_document();
  const auto ops = json::array(
      {op("web-1:1", "2026-01-06T08:00:00Z", "page_view", "c1", {{"path", "/careers"}})});
  EXPECT_FALSE(session.append(ops.dump()).ok());
  EXPECT_EQ(session.export_document(), before);
}

TEST(Append, NotJsonOrNotOpsIsAProblem) {
  auto session = loaded_session("minimal.json");
  EXPECT_FALSE(session.append("[{").ok());
  EXPECT_FALSE(session.append("42").ok());
  EXPECT_TRUE(session.append("[]").ok());
}

TEST(Append, NeedsALoadedWorkspace) {
  Session session;
  EXPECT_FALSE(session.append("[]").ok());
}

TEST(Append, WarnsAboutAnActionTheStageDidNotAllow) {
  auto session = loaded_session("minimal.json");
  const auto ops = json::array({op("app-t:1", "2026-01-07T09:00:00Z", "accept", "c1", {}, "ana")});
  const auto problems = session.append(ops.dump());
  EXPECT_TRUE(problems.ok());
  ASSERT_EQ(problems.warnings.size(), 1u) << problems_json(problems);
  EXPECT_EQ(problems.warnings[0].pointer, "/0");
}

// In-order ops go onto the end of the log in place; what needs the log rebuilt says so.
TEST(Append, InOrderOpsAreAddedInPlaceAndOthersNeedALoad) {
  auto ws = load_ok(read_fixture("minimal.json"));
  const auto size = ws.ops().size();
  Problems problems;
  const auto later = json::array(
      {op("app-t:1", "2026-01-07T09:00:00Z", "content_download", "c1", {{"content", "guide"}}),
       op("app-t:2", "2026-01-07T09:00:00Z", "page_view", "new-contact", {{"path", "/"}})});
  EXPECT_EQ(ws.append_in_order(later, problems), Workspace::Appended::Done);
  EXPECT_EQ(ws.ops().size(), size + 2);
  const auto cases = {
      json::array({op("app-t:3", "2026-01-01T09:00:00Z", "page_view", "c1")}),  // in the past
      json::array({op("app-t:2", "2026-02-01T09:00:00Z", "page_view", "c1")}),  // id used
      json::array({op("app-t:9", "2026-02-01T09:00:00Z", "erase", "c1")})};
  for (const auto& ops : cases) {
    EXPECT_EQ(ws.append_in_order(ops, problems), Workspace::Appended::NeedsLoad) << ops;
    EXPECT_EQ(ws.ops().size(), size + 2);
  }
  EXPECT_EQ(ws.append_in_order(json::array({op("app-t:5", "soon", "page_view", "c1")}), problems),
            Workspace::Appended::Invalid);
  EXPECT_NE(error_at(problems, "/0/at"), "");
  EXPECT_EQ(ws.ops().size(), size + 2);
}

// Appending a log's ops one batch at a time ends where loading the whole log does, whichever
// way each batch goes in: every fixture, its ops in (at, id) order, appended in batches of 3.
TEST(Append, AppendingALogInBatchesGivesWhatLoadingItGives) {
  for (const auto* name :
       {"scenario-dark.json", "scenario-deals.json", "scenario-decay.json", "scenario-erase.json",
        "scenario-identify.json", "scenario-merge.json", "scenario-caps.json",
        "scenario-handoff.json", "scenario-hysteresis.json", "scenario-shuffled.json",
        "scenario-misplaced-actions.json", "scenario-unsubscribe.json"}) {
    SCOPED_TRACE(name);
    const auto whole = json::parse(read_fixture(name));
    Session all;
    ASSERT_TRUE(all.load(whole.dump()).ok());
    const auto ops = json::parse(all.export_document()).at("ops");
    auto start = whole;
    start["ops"] = json::array();
    for (std::size_t i = 0; i < ops.size() / 2; ++i)
      start["ops"].push_back(ops[i]);
    Session session;
    ASSERT_TRUE(session.load(start.dump()).ok());
    for (std::size_t i = ops.size() / 2; i < ops.size(); i += 3) {
      auto batch = json::array();
      for (std::size_t j = i; j < std::min(ops.size(), i + 3); ++j)
        batch.push_back(ops[j]);
      ASSERT_TRUE(session.append(batch.dump()).ok());
    }
    EXPECT_EQ(session.export_document(), all.export_document());
    for (const auto* kind : {"contacts", "stages", "handoffs", "outbox"})
      EXPECT_EQ(report(session, kind), report(all, kind)) << kind;
  }
}

// An op about a person erased earlier is dropped, as a load of the whole log drops it.
TEST(Append, NewIdsTakeTheirPlaceInIdOrder) {
  // Reports list people by id. Ids appended in batches, sorting before, between and after the
  // ones there, end up where a load of the whole log puts them.
  auto session = loaded_session("scenario-merge.json");
  std::vector<json> batches;
  int sequence = 0;
  for (const auto& ids : std::vector<std::vector<std::string>>{
           {"v:zz", "a0", "c1b"}, {"m-new", "v:aa"}, {"0first", "zlast", "c1a"}}) {
    json batch = json::array();
    for (const auto& id : ids) {
      ++sequence;
      batch.push_back(op("app-t:" + std::to_string(sequence),
                         "2027-01-0" + std::to_string(sequence % 9 + 1) + "T09:00:00Z", "page_view",
                         id, {{"path", "/pricing"}}));
    }
    ASSERT_TRUE(session.append(batch.dump()).ok());
    Session whole;
    ASSERT_TRUE(whole.load(session.export_document()).ok());
    EXPECT_EQ(report(session, "contacts"), report(whole, "contacts"));
  }
  const json contacts = report(session, "contacts");
  std::vector<std::string> ids;
  for (const auto& row : contacts.at("contacts"))
    ids.push_back(row.at("id").get<std::string>());
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids.front(), "0first");
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
}

TEST(Append, AnOpAboutAnErasedPersonIsDropped) {
  auto session = loaded_session("scenario-erase.json");
  const auto before = session.export_document();
  const auto erased = json::parse(before).at("ops").back().at("contact").get<std::string>();
  const auto ops = json::array({op("app-t:1", "2027-01-01T09:00:00Z", "page_view", erased)});
  ASSERT_TRUE(session.append(ops.dump()).ok());
  EXPECT_EQ(session.export_document().find("app-t:1"), std::string::npos);
}

}  // namespace
}  // namespace tandem::testing
