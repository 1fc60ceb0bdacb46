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

}  // namespace
}  // namespace tandem::testing
