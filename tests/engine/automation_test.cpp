// Workflows: each trigger, each step and each suppression reason, one rule per test, through
// the public facade (the outbox report); then the default config over a generated quarter.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "engine/base/time.h"
#include "engine/engine.h"
#include "tests/engine/automation_fixture.h"

namespace tandem::testing {
namespace {

json wf(const std::string& id, json trigger, json steps, json extra = json::object()) {
  json w = {{"id", id}, {"trigger", std::move(trigger)}, {"steps", std::move(steps)}};
  for (auto& [k, v] : extra.items())
    w[k] = v;
  return w;
}

json on_download() {
  return {{"on", "activity"}, {"type", "content_download"}};
}

json email(const std::string& name) {
  return {{"send_email", name}};
}

json wait_days(double days) {
  return {{"wait", {{"days", days}}}};
}

json outbox_of(const json& workflows, const json& contacts, const json& ops,
               const std::string& now = "") {
  return report(session_of(base_config(workflows), contacts, ops), "outbox", now);
}

std::vector<std::string> templates(const json& outbox) {
  std::vector<std::string> out;
  for (const auto& e : entries(outbox, "email"))
    out.push_back(e.at("template").get<std::string>());
  return out;
}

// ---- triggers ----

TEST(Automation, ThankYouEmailSevenMinutesAfterDownload) {
  Session s;
  json doc = json::parse(new_workspace_document().text);
  doc["contacts"] = json::array({person("c1")});
  doc["ops"] =
      json::array({op("w:1", at(3, 10), "content_download", "c1", {{"content", "guide"}})});
  ASSERT_TRUE(s.load(doc.dump()).ok());
  const auto outbox = report(s, "outbox", at(3, 11));
  const auto emails = entries(outbox, "email");
  ASSERT_EQ(emails.size(), 1u) << outbox.dump(2);
  EXPECT_EQ(emails[0]["template"], "thank-you-for-downloading");
  EXPECT_EQ(emails[0]["due"], at(3, 10, 7));
  EXPECT_EQ(emails[0]["email"], "c1@example.com");
  EXPECT_EQ(emails[0]["workflow"], "thank-you");
}

TEST(Automation, ActivityTriggerHonoursWhere) {
  const json flows = json::array(
      {wf("pricing",
          {{"on", "activity"}, {"type", "page_view"}, {"where", {{"path_prefix", "/pricing"}}}},
          json::array({email("pricing-follow-up")}))});
  const auto outbox =
      outbox_of(flows, json::array({person("c1"), person("c2")}),
                json::array({op("w:1", at(3), "page_view", "c1", {{"path", "/blog"}}),
                             op("w:2", at(3), "page_view", "c2", {{"path", "/pricing/teams"}})}));
  const auto emails = entries(outbox, "email");
  ASSERT_EQ(emails.size(), 1u);
  EXPECT_EQ(emails[0]["contact"], "c2");
}

TEST(Automation, StageEnteredTriggerEnrols) {
  const json flows = json::array({wf("welcome-mql", {{"on", "stage_entered"}, {"stage", "mql"}},
                                     json::array({email("you-are-warm")}))});
  const auto outbox = outbox_of(flows, json::array({person("c1")}),
                                json::array({op("w:1", at(3), "webinar_attend", "c1"),
                                             op("w:2", at(4), "content_download", "c1")}));
  const auto emails = entries(outbox, "email");
  ASSERT_EQ(emails.size(), 1u);
  EXPECT_EQ(emails[0]["due"], at(4));  // 40 + 10 = 50: mql on the download
}

TEST(Automation, ScoreCrossingUpEnrols) {
  const json flows =
      json::array({wf("hot", {{"on", "score_crossed"}, {"score", 25}},
                      json::array({{{"notify", {{"to", "marketing"}, {"message", "warm"}}}}}))});
  const auto outbox = outbox_of(flows, json::array({person("c1")}),
                                json::array({op("w:1", at(3), "content_download", "c1"),
                                             op("w:2", at(4), "content_download", "c1"),
                                             op("w:3", at(5), "content_download", "c1")}));
  const auto notes = entries(outbox, "notification");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0]["due"], at(5));
}

TEST(Automation, ScoreCrossingDownEnrols) {
  const json flows =
      json::array({wf("cooling", {{"on", "score_crossed"}, {"score", 20}, {"direction", "down"}},
                      json::array({email("we-miss-you")}))});
  const auto outbox =
      outbox_of(flows, json::array({person("c1")}),
                json::array({op("w:1", at(3), "webinar_attend", "c1"),
                             op("w:2", at(4), "page_view", "c1", {{"path", "/careers"}})}));
  const auto emails = entries(outbox, "email");
  ASSERT_EQ(emails.size(), 1u);
  EXPECT_EQ(emails[0]["due"], at(4));
}

TEST(Automation, ListJoinedTriggerEnrols) {
  const json flows = json::array({wf("event", {{"on", "list_joined"}, {"list", "berlin-event"}},
                                     json::array({email("see-you-there")}))});
  const auto outbox =
      outbox_of(flows, json::array({person("c1")}),
                json::array({op("w:1", at(3), "list_add", "c1", {{"list", "berlin-event"}}),
                             op("w:2", at(4), "list_add", "c1", {{"list", "berlin-event"}})}));
  EXPECT_EQ(templates(outbox), std::vector<std::string>{"see-you-there"});
}

json sales_path(const std::string& c, int day) {
  return json::array({op(named("s-", c) + ":1", at(day), "qualify", c),
                      op(named("s-", c) + ":2", at(day, 10), "accept", c)});
}

TEST(Automation, GoneDarkTriggerEnrols) {
  const json flows = json::array(
      {wf("dark", {{"on", "gone_dark"}}, json::array({wait_days(1), email("still-there")}))});
  json ops = json::array({op("s:1", at(3), "qualify", "c1")});
  for (int i = 0; i < 5; ++i)
    ops.push_back(op(named("t:", i), at(4 + i), "touch", "c1",
                     {{"channel", "call"}, {"outcome", "no_response"}}));
  const auto outbox = outbox_of(flows, json::array({person("c1")}), ops, at(20));
  const auto emails = entries(outbox, "email");
  ASSERT_EQ(emails.size(), 1u);
  EXPECT_EQ(emails[0]["due"], at(9));  // dark on the 8th, one day later
}

TEST(Automation, DealLostTriggerEnrols) {
  const json flows =
      json::array({wf("lost", {{"on", "deal_lost"}}, json::array({email("back-to-nurture")}))});
  json ops = sales_path("c1", 3);
  ops.push_back(op("s:3", at(6), "deal_lost", "c1", {{"objection", "price"}}));
  EXPECT_EQ(templates(outbox_of(flows, json::array({person("c1")}), ops)),
            std::vector<std::string>{"back-to-nurture"});
}

TEST(Automation, CustomerWonTriggerEnrols) {
  const json flows =
      json::array({wf("won", {{"on", "customer_won"}}, json::array({email("welcome-customer")}))});
  json ops = sales_path("c1", 3);
  ops.push_back(op("s:3", at(6), "deal_won", "c1", {{"amount", 1000}}));
  EXPECT_EQ(templates(outbox_of(flows, json::array({person("c1")}), ops)),
            std::vector<std::string>{"welcome-customer"});
}

// ---- steps ----

TEST(Automation, FixedWaitDelaysTheStep) {
  const json flows =
      json::array({wf("w", on_download(), json::array({wait_days(2), email("later")}))});
  const json ops = json::array({op("w:1", at(3), "content_download", "c1")});
  EXPECT_TRUE(entries(outbox_of(flows, json::array({person("c1")}), ops, at(4)), "email").empty());
  const auto emails = entries(outbox_of(flows, json::array({person("c1")}), ops, at(6)), "email");
  ASSERT_EQ(emails.size(), 1u);
  EXPECT_EQ(emails[0]["due"], at(5));
}

TEST(Automation, RangeWaitIsDrawnPerContactFromTheSeed) {
  const json flows = json::array(
      {wf("w", on_download(),
          json::array({{{"wait", {{"days_between", json::array({10, 14})}}}}, email("x")}))});
  json contacts = json::array(), ops = json::array();
  for (int i = 0; i < 20; ++i) {
    const auto id = named("c", i);
    contacts.push_back(person(id));
    ops.push_back(op(named("w:", i), at(1), "content_download", id));
  }
  const auto first = outbox_of(flows, contacts, ops, "2026-04-30T00:00:00Z");
  const auto again = outbox_of(flows, contacts, ops, "2026-04-30T00:00:00Z");
  EXPECT_EQ(first, again);
  std::vector<std::string> dues;
  for (const auto& e : entries(first, "email")) {
    const auto due = *parse_iso8601(e["due"].get<std::string>());
    const auto start = *parse_iso8601(at(1));
    EXPECT_GE(due - start, 10 * kMillisPerDay);
    EXPECT_LE(due - start, 14 * kMillisPerDay);
    dues.push_back(e["due"]);
  }
  EXPECT_EQ(dues.size(), 20u);
  std::sort(dues.begin(), dues.end());
  EXPECT_GT(std::unique(dues.begin(), dues.end()) - dues.begin(), 10);  // spread, not one value
  json other = base_config(flows);
  other["seed"] = "another";
  const auto reseeded = report(session_of(other, contacts, ops), "outbox", "2026-04-30T00:00:00Z");
  EXPECT_NE(reseeded["entries"], first["entries"]);
}

TEST(Automation, NotifyGoesToTheOutboxForATeamOrPerson) {
  const json flows = json::array(
      {wf("n", on_download(),
          json::array({{{"notify", {{"to", "marketing"}, {"message", "downloaded"}}}},
                       {{"notify", {{"to", "ana"}, {"message", "your lead downloaded"}}}}}))});
  const auto notes = entries(outbox_of(flows, json::array({person("c1")}),
                                       json::array({op("w:1", at(3), "content_download", "c1")})),
                             "notification");
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0]["to"], "marketing");
  EXPECT_EQ(notes[1]["to"], "ana");
  EXPECT_EQ(notes[1]["message"], "your lead downloaded");
}

TEST(Automation, SetStageMovesTheContact) {
  const json flows = json::array({wf(
      "dq", {{"on", "activity"}, {"type", "page_view"}, {"where", {{"path_prefix", "/careers"}}}},
      json::array({{{"set_stage", {{"stage", "disqualified"}, {"reason", "job seeker"}}}}}))});
  const auto s =
      session_of(base_config(flows), json::array({person("c1")}),
                 json::array({op("w:1", at(3), "page_view", "c1", {{"path", "/careers"}})}));
  EXPECT_EQ(contact_row(s, "c1")["stage"], "disqualified");
  const auto why = json::parse(s.explain("c1", "").text);
  EXPECT_EQ(why["history"].back()["cause"], "workflow");
}

TEST(Automation, AddToAndRemoveFromList) {
  // On the suppression list nothing goes out; off it again, email flows.
  const json flows = json::array({wf("pause", on_download(),
                                     json::array({{{"add_to_list", "suppressed"}},
                                                  email("a"),
                                                  wait_days(1),
                                                  {{"remove_from_list", "suppressed"}},
                                                  email("b")}))});
  const auto outbox = outbox_of(flows, json::array({person("c1")}),
                                json::array({op("w:1", at(3), "content_download", "c1")}), at(9));
  EXPECT_EQ(templates(outbox), std::vector<std::string>{"b"});
  EXPECT_EQ(skip_reasons(outbox), std::vector<std::string>{"suppression_list"});
}

TEST(Automation, AssignOwnerSetsTheOwner) {
  const json flows =
      json::array({wf("own", on_download(), json::array({{{"assign_owner", "cy"}}}))});
  const auto s = session_of(base_config(flows), json::array({person("c1")}),
                            json::array({op("w:1", at(3), "content_download", "c1")}));
  EXPECT_EQ(contact_row(s, "c1")["owner"], "cy");
}

TEST(Automation, CreateTaskForSales) {
  const json flows = json::array(
      {wf("task", {{"on", "stage_entered"}, {"stage", "sql"}},
          json::array({{{"create_task", {{"for", "owner"}, {"task", "Call within a day"}}}}}))});
  json ops = json::array({op("s:0", at(3), "set_owner", "c1", {{"owner", "ana"}}),
                          op("s:1", at(3, 10), "qualify", "c1")});
  const auto tasks = entries(outbox_of(flows, json::array({person("c1")}), ops), "task");
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0]["to"], "ana");  // "owner" resolves to the contact's owner
  EXPECT_EQ(tasks[0]["task"], "Call within a day");
}

TEST(Automation, BranchOnACondition) {
  const json flows = json::array(
      {wf("b", on_download(),
          json::array({{{"branch",
                         {{"if", {{"field", "industry"}, {"in", json::array({"software"})}}},
                          {"then", json::array({email("for-software")})},
                          {"else", json::array({email("for-others")})}}}}}))});
  const auto outbox = outbox_of(flows,
                                json::array({person("c1", {{"industry", "software"}}),
                                             person("c2", {{"industry", "retail"}})}),
                                json::array({op("w:1", at(3), "content_download", "c1"),
                                             op("w:2", at(3), "content_download", "c2")}));
  EXPECT_EQ(templates(outbox), (std::vector<std::string>{"for-software", "for-others"}));
}

TEST(Automation, RepeatEveryNDays) {
  const json flows = json::array({wf("r", on_download(),
                                     json::array({{{"repeat",
                                                    {{"every", {{"days", 3}}},
                                                     {"times", 4},
                                                     {"steps", json::array({email("tip")})}}}}}))});
  const auto emails =
      entries(outbox_of(flows, json::array({person("c1")}),
                        json::array({op("w:1", at(2), "content_download", "c1")}), at(30)),
              "email");
  ASSERT_EQ(emails.size(), 4u);
  EXPECT_EQ(emails[0]["due"], at(2));
  EXPECT_EQ(emails[1]["due"], at(5));
  EXPECT_EQ(emails[3]["due"], at(11));
}

TEST(Automation, ExitWhenTheGoalIsMet) {
  const json flows = json::array(
      {wf("nurture", on_download(),
          json::array({wait_days(2), email("one"), wait_days(2), email("two")}),
          {{"exit_when", {{"field", "stage"}, {"in", json::array({"sql", "opportunity"})}}}})});
  // Qualified on day 6, between the two emails: the second never comes.
  const auto outbox = outbox_of(
      flows, json::array({person("c1")}),
      json::array({op("w:1", at(2), "content_download", "c1"), op("s:1", at(5), "qualify", "c1"),
                   op("s:2", at(5, 12), "not_ready", "c1", {{"reason", "x"}})}),
      at(20));
  EXPECT_EQ(templates(outbox), std::vector<std::string>{"one"});
  EXPECT_TRUE(outbox["skipped"].empty());
}

TEST(Automation, ExitStepEndsTheRun) {
  const json flows = json::array(
      {wf("e", on_download(), json::array({email("one"), {{"exit", true}}, email("two")}))});
  EXPECT_EQ(templates(outbox_of(flows, json::array({person("c1")}),
                                json::array({op("w:1", at(2), "content_download", "c1")}))),
            std::vector<std::string>{"one"});
}

TEST(Automation, EnrolOnceIgnoresLaterTriggers) {
  const json flows = json::array({wf("o", on_download(), json::array({email("once")}))});
  const json ops = json::array(
      {op("w:1", at(2), "content_download", "c1"), op("w:2", at(12), "content_download", "c1")});
  EXPECT_EQ(entries(outbox_of(flows, json::array({person("c1")}), ops), "email").size(), 1u);
}

TEST(Automation, ReenrolRunsAgain) {
  const json flows =
      json::array({wf("o", on_download(), json::array({email("each")}), {{"enrol", "again"}})});
  const json ops = json::array(
      {op("w:1", at(2), "content_download", "c1"), op("w:2", at(12), "content_download", "c1")});
  const auto emails = entries(outbox_of(flows, json::array({person("c1")}), ops), "email");
  ASSERT_EQ(emails.size(), 2u);
  EXPECT_NE(emails[0]["id"], emails[1]["id"]);
}

TEST(Automation, AContactCanBeInSeveralWorkflows) {
  const json flows =
      json::array({wf("a", on_download(), json::array({email("from-a")})),
                   wf("b", on_download(), json::array({wait_days(1), email("from-b")}))});
  EXPECT_EQ(templates(outbox_of(flows, json::array({person("c1")}),
                                json::array({op("w:1", at(2), "content_download", "c1")}), at(9))),
            (std::vector<std::string>{"from-a", "from-b"}));
}

TEST(Automation, EverythingDueUpToNowRunsAndNothingLater) {
  const json flows = json::array({wf(
      "s", on_download(), json::array({wait_days(1), email("d1"), wait_days(6), email("d7")}))});
  const json ops = json::array({op("w:1", at(2), "content_download", "c1")});
  // Opening the app a week later runs the whole week.
  EXPECT_EQ(templates(outbox_of(flows, json::array({person("c1")}), ops, at(2, 10))).size(), 0u);
  EXPECT_EQ(templates(outbox_of(flows, json::array({person("c1")}), ops, at(3, 10))).size(), 1u);
  EXPECT_EQ(templates(outbox_of(flows, json::array({person("c1")}), ops, at(9, 10))).size(), 2u);
}

TEST(Automation, ReplayGivesTheSameOutbox) {
  const json flows =
      json::array({wf("a", on_download(), json::array({email("x")}), {{"enrol", "again"}})});
  json ops = json::array();
  for (int i = 0; i < 10; ++i)
    ops.push_back(op(named("w:", i), at(2 + i), "content_download", "c1"));
  json shuffled = ops;
  std::reverse(shuffled.begin(), shuffled.end());
  const auto a = report(session_of(base_config(flows), json::array({person("c1")}), ops), "outbox");
  const auto b =
      report(session_of(base_config(flows), json::array({person("c1")}), shuffled), "outbox");
  EXPECT_EQ(a, b);
}

TEST(Automation, OutboxSentMarksTheEntry) {
  const json flows = json::array({wf("a", on_download(), json::array({email("x")}))});
  json ops = json::array({op("w:1", at(2), "content_download", "c1")});
  const auto before = outbox_of(flows, json::array({person("c1")}), ops);
  const auto id = before["entries"][0]["id"].get<std::string>();
  EXPECT_EQ(before["entries"][0]["status"], "pending");
  ops.push_back(op("app:1", at(3), "outbox_sent", "c1", {{"entry", id}}));
  const auto after = outbox_of(flows, json::array({person("c1")}), ops);
  EXPECT_EQ(after["entries"][0]["status"], "sent");
  EXPECT_EQ(after["counts"]["sent"], 1);
}

TEST(Automation, OutboxExportsAsCsv) {
  const json flows = json::array({wf("a", on_download(), json::array({email("x")}))});
  const auto s = session_of(base_config(flows), json::array({person("c1"), person("c2")}),
                            json::array({op("w:1", at(2), "content_download", "c1"),
                                         op("w:2", at(2), "unsubscribe", "c2"),
                                         op("w:3", at(3), "content_download", "c2")}));
  const auto csv = s.report("outbox", "", "csv");
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(csv.text,
            "id,kind,contact,email,due,workflow,step,template_or_message,to,status,reason\n"
            "a:c1:1:1,email,c1,c1@example.com,2026-03-02T09:00:00Z,a,1,x,,pending,\n"
            ",email,c2,c2@example.com,2026-03-03T09:00:00Z,a,1,x,,skipped,unsubscribed\n");
}

TEST(Automation, BadWorkflowConfigNamesItsPointer) {
  Problems problems;
  json cfg =
      base_config(json::array({wf("a", {{"on", "activity"}, {"type", "content_download"}},
                                  json::array({{{"wait", {{"weeks", 2}}}}})),
                               wf("b", {{"on", "sometimes"}}, json::array()),
                               wf("c", on_download(), json::array({{{"set_stage", "done"}}}))}));
  Workspace::load(document(cfg, json::array(), json::array()), problems);
  EXPECT_NE(error_at(problems, "/config/workflows/0/steps/0/wait"), "");
  EXPECT_NE(error_at(problems, "/config/workflows/1/trigger/on"), "");
  EXPECT_NE(error_at(problems, "/config/workflows/2/steps/0/set_stage"), "");
}

// ---- suppression: no workflow can override it ----

json always_email() {
  return json::array(
      {wf("every-download", on_download(), json::array({email("promo")}), {{"enrol", "again"}})});
}

std::vector<std::string> reasons_after(const json& setup_ops) {
  json ops = setup_ops;
  ops.push_back(op("w:9", at(10), "content_download", "c1"));
  const auto outbox = outbox_of(always_email(), json::array({person("c1")}), ops);
  EXPECT_TRUE(entries(outbox, "email").empty()) << outbox.dump(2);
  return skip_reasons(outbox);
}

TEST(Suppression, UnsubscribedGetsNoMarketingEmail) {
  EXPECT_EQ(reasons_after(json::array({op("w:1", at(2), "unsubscribe", "c1")})),
            std::vector<std::string>{"unsubscribed"});
}

TEST(Suppression, BouncedGetsNoMarketingEmail) {
  EXPECT_EQ(reasons_after(json::array({op("w:1", at(2), "email_bounce", "c1")})),
            std::vector<std::string>{"bounced"});
}

TEST(Suppression, ConsentWithdrawnGetsNoMarketingEmail) {
  EXPECT_EQ(
      reasons_after(json::array({op("w:1", at(2), "consent", "c1", {{"email", "withdrawn"}})})),
      std::vector<std::string>{"consent_withdrawn"});
}

TEST(Suppression, SuppressionListGetsNoMarketingEmail) {
  EXPECT_EQ(
      reasons_after(json::array({op("w:1", at(2), "list_add", "c1", {{"list", "suppressed"}})})),
      std::vector<std::string>{"suppression_list"});
}

TEST(Suppression, SalesOwnedGetsNoMarketingEmail) {
  EXPECT_EQ(reasons_after(json::array({op("w:1", at(2), "qualify", "c1")})),
            std::vector<std::string>{"sales_owned"});
}

TEST(Suppression, ContactWithoutAddressGetsNoEmail) {
  const auto outbox = outbox_of(always_email(), json::array({{{"id", "c1"}}}),
                                json::array({op("w:1", at(2), "content_download", "c1"),
                                             op("w:2", at(2), "content_download", "v:abc")}));
  EXPECT_EQ(skip_reasons(outbox), (std::vector<std::string>{"no_address", "no_address"}));
}

TEST(Suppression, FrequencyCapThreeEmailsInSevenDays) {
  json ops = json::array();
  for (int i = 0; i < 5; ++i)
    ops.push_back(op(named("w:", i), at(2 + i), "content_download", "c1"));
  ops.push_back(op("w:9", at(10), "content_download", "c1"));  // the window has moved on
  const auto outbox = outbox_of(always_email(), json::array({person("c1")}), ops);
  EXPECT_EQ(entries(outbox, "email").size(), 4u);
  EXPECT_EQ(skip_reasons(outbox), (std::vector<std::string>{"frequency_cap", "frequency_cap"}));
}

TEST(Suppression, FrequencyCapIsConfigurable) {
  json cfg = base_config(always_email());
  cfg["email"] = {{"frequency_cap", {{"count", 1}, {"per_days", 2}}}};
  json ops = json::array();
  for (int i = 0; i < 4; ++i)
    ops.push_back(op(named("w:", i), at(2 + i), "content_download", "c1"));
  const auto outbox = report(session_of(cfg, json::array({person("c1")}), ops), "outbox");
  EXPECT_EQ(entries(outbox, "email").size(), 2u);  // days 2 and 4
}

TEST(Suppression, NotificationsAndTasksStillFlowForSuppressedContacts) {
  const json flows = json::array(
      {wf("n", on_download(),
          json::array(
              {email("promo"), {{"notify", {{"to", "sales"}, {"message", "active again"}}}}}))});
  const auto outbox = outbox_of(flows, json::array({person("c1")}),
                                json::array({op("w:1", at(2), "unsubscribe", "c1"),
                                             op("w:2", at(3), "content_download", "c1")}));
  EXPECT_EQ(entries(outbox, "notification").size(), 1u);
  EXPECT_TRUE(entries(outbox, "email").empty());
}

TEST(Suppression, BadEmailPolicyIsNamedByPointer) {
  json cfg = base_config();
  cfg["email"] = {{"frequency_cap", {{"count", 0}, {"per_days", 7}}}, {"suppression_list", ""}};
  Problems problems;
  Workspace::load(document(cfg, json::array(), json::array()), problems);
  EXPECT_NE(error_at(problems, "/config/email/frequency_cap"), "");
  EXPECT_NE(error_at(problems, "/config/email/suppression_list"), "");
}

TEST(Automation, DisabledWorkflowNeverRuns) {
  const json flows =
      json::array({wf("off", on_download(), json::array({email("x")}), {{"enabled", false}})});
  const auto outbox = outbox_of(flows, json::array({person("c1")}),
                                json::array({op("w:1", at(2), "content_download", "c1")}));
  EXPECT_TRUE(outbox["entries"].empty());
}

TEST(Automation, ARecordWithNoOpsStillEntersLead) {
  const json flows = json::array(
      {wf("welcome", {{"on", "stage_entered"}, {"stage", "lead"}}, json::array({email("welcome")}),
          {{"exit_when", {{"field", "score"}, {"between", json::array({100, 1000})}}}})});
  const auto emails =
      entries(outbox_of(flows, json::array({person("c1")}), json::array(), at(2)), "email");
  ASSERT_EQ(emails.size(), 1u);
  EXPECT_EQ(emails[0]["due"], at(1, 8));
}

// A small deterministic generator for the property test.
struct Rng {
  std::uint64_t state;
  std::uint64_t next() {
    state += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<std::size_t>(below(static_cast<int>(items.size())))];
  }
};

json random_steps(Rng& rng, int depth) {
  json steps = json::array();
  const int n = 1 + rng.below(5);
  for (int i = 0; i < n; ++i) {
    switch (rng.below(depth > 0 ? 9 : 11)) {
      case 0:
      case 1:
      case 2:
        steps.push_back(email(named("t", rng.below(5))));
        break;
      case 3:
        steps.push_back({{"wait", {{"hours", rng.below(100)}}}});
        break;
      case 4:
        steps.push_back(
            {{"wait", {{"days_between", json::array({rng.below(3), 3 + rng.below(5)})}}}});
        break;
      case 5:
        steps.push_back(
            {{"set_stage", rng.pick(std::vector<std::string>{"lead", "mql", "sql", "opportunity",
                                                             "nurture", "customer"})}});
        break;
      case 6:
        steps.push_back(
            {{rng.below(2) ? "add_to_list" : "remove_from_list", rng.below(2) ? "vip" : "other"}});
        break;
      case 7:
        steps.push_back({{"notify", {{"to", "owner"}, {"message", "m"}}}});
        break;
      case 8:
        steps.push_back({{"assign_owner", "rep"}});
        break;
      case 9:
        steps.push_back({{"branch",
                          {{"if", {{"field", "stage"}, {"in", json::array({"lead", "nurture"})}}},
                           {"then", random_steps(rng, depth + 1)},
                           {"else", random_steps(rng, depth + 1)}}}});
        break;
      default:
        steps.push_back({{"repeat",
                          {{"every", {{"days", 1 + rng.below(4)}}},
                           {"times", 1 + rng.below(5)},
                           {"steps", random_steps(rng, depth + 1)}}}});
    }
  }
  return steps;
}

json random_trigger(Rng& rng) {
  switch (rng.below(8)) {
    case 0:
      return {{"on", "activity"},
              {"type", rng.pick(std::vector<std::string>{"content_download", "page_view",
                                                         "email_open", "unsubscribe"})}};
    case 1:
      return {{"on", "stage_entered"},
              {"stage",
               rng.pick(std::vector<std::string>{"lead", "mql", "sql", "nurture", "customer"})}};
    case 2:
      return {{"on", "score_crossed"},
              {"score", 10 * rng.below(8)},
              {"direction", rng.below(2) ? "up" : "down"}};
    case 3:
      return {{"on", "list_joined"}, {"list", "vip"}};
    case 4:
      return {{"on", "gone_dark"}};
    case 5:
      return {{"on", "deal_lost"}};
    case 6:
      return {{"on", "customer_won"}};
    default:
      return {{"on", "activity"}, {"type", "content_download"}};
  }
}

TEST(Suppression, NoWorkflowEverEmailsASuppressedContact) {
  const std::vector<std::string> activity = {"content_download", "content_download", "page_view",
                                             "email_open",       "webinar_attend",   "unsubscribe",
                                             "email_bounce",     "consent",          "list_add",
                                             "qualify",          "accept",           "touch",
                                             "deal_lost",        "deal_won",         "not_ready"};
  const Millis start = *parse_iso8601("2026-03-01T00:00:00Z");
  int emails_checked = 0;
  for (int round = 0; round < 1500; ++round) {
    Rng rng{static_cast<std::uint64_t>(round) * 7919 + 1};
    json flows = json::array();
    const int nflows = 1 + rng.below(3);
    for (int w = 0; w < nflows; ++w)
      flows.push_back(wf(named("w", w), random_trigger(rng), random_steps(rng, 0),
                         {{"enrol", rng.below(2) ? "again" : "once"}}));
    json contacts = json::array({person("c0"), person("c1"), person("c2")});
    json ops = json::array();
    const int nops = 5 + rng.below(20);
    for (int i = 0; i < nops; ++i) {
      // Distinct milliseconds per op, so no step falls due at the very time of an op.
      const Millis t = start + rng.below(30 * 24) * kMillisPerHour + (i + 1) * 7;
      const auto& type = rng.pick(activity);
      json props = json::object();
      if (type == "consent") props = {{"email", rng.below(2) ? "withdrawn" : "granted"}};
      if (type == "list_add") props = {{"list", rng.below(2) ? "suppressed" : "vip"}};
      if (type == "touch") props = {{"channel", "call"}, {"outcome", "no_response"}};
      if (type == "deal_lost") props = {{"objection", "price"}};
      ops.push_back(op(named("r:", i), format_iso8601(t), type, named("c", rng.below(3)), props));
    }
    json cfg = base_config(flows);
    cfg["stages"]["hand_raise"] = json::array();
    Session s;
    ASSERT_TRUE(s.load(document(cfg, contacts, ops)).ok()) << flows.dump();
    const auto outbox = json::parse(s.report("outbox", "2026-04-15T00:00:00Z", "json").text);
    std::map<std::string, std::vector<Millis>> sent;
    for (const auto& e : entries(outbox, "email")) {
      ++emails_checked;
      const auto contact = e["contact"].get<std::string>();
      const Millis due = *parse_iso8601(e["due"].get<std::string>());
      sent[contact].push_back(due);
      // Anything that suppressed the contact before the email was due.
      bool withdrawn = false;
      std::vector<std::pair<Millis, json>> before;
      for (const auto& o : ops)
        if (o["contact"] == contact && *parse_iso8601(o["at"].get<std::string>()) < due)
          before.emplace_back(*parse_iso8601(o["at"].get<std::string>()), o);
      std::sort(before.begin(), before.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      for (const auto& [t, o] : before) {
        const auto type = o["type"].get<std::string>();
        ASSERT_NE(type, "unsubscribe") << "emailed after unsubscribe: " << e.dump();
        ASSERT_NE(type, "email_bounce") << "emailed after a bounce: " << e.dump();
        if (type == "list_add") {
          ASSERT_NE(o["props"]["list"], "suppressed")
              << "emailed on the suppression list: " << e.dump();
        }
        if (type == "consent") withdrawn = o["props"]["email"] == "withdrawn";
      }
      ASSERT_FALSE(withdrawn) << "emailed after consent withdrawn: " << e.dump();
      // The stages the contact was in at that instant (several when steps at that very time
      // moved it): at least one is not owned by sales.
      const auto why = json::parse(s.explain(contact, "2026-04-15T00:00:00Z").text);
      std::string before_due = "visitor";
      std::vector<std::string> at_due;
      for (const auto& h : why["history"]) {
        if (!h["at"].is_string()) continue;
        const Millis t = *parse_iso8601(h["at"].get<std::string>());
        if (t < due) before_due = h["to"];
        if (t == due) at_due.push_back(h["to"]);
      }
      at_due.push_back(before_due);
      ASSERT_TRUE(
          std::any_of(at_due.begin(), at_due.end(),
                      [](const std::string& st) { return st != "sql" && st != "opportunity"; }))
          << "emailed while " << before_due << ": " << e.dump() << "\n"
          << flows.dump();
    }
    for (auto& [contact, dues] : sent) {
      std::sort(dues.begin(), dues.end());
      for (std::size_t k = 3; k < dues.size(); ++k)
        ASSERT_GE(dues[k] - dues[k - 3], 7 * kMillisPerDay)
            << "over the frequency cap: " << contact;
    }
  }
  EXPECT_GT(emails_checked, 1000);  // the property was exercised, not vacuous
}

}  // namespace
}  // namespace tandem::testing

namespace tandem::testing {
namespace {

// ---- the default config over a generated quarter ----

// A 90-day quarter from a seed: 20 leads who only download (nurture), 15 who ask for a demo
// (5 won, 5 lost, 3 touched a week late), 5 who go dark, 5 who unsubscribe, and visitors.
struct Quarter {
  json contacts = json::array();
  json ops = json::array();
  int seq = 0;
  void add(int day, int hour, const std::string& type, const std::string& contact,
           json props = json::object()) {
    char when[40];
    std::snprintf(when, sizeof when, "2026-%sT%02d:00:00Z", date(day).c_str(), hour);
    ops.push_back(op(named("gen:", ++seq), when, type, contact, std::move(props)));
  }
  // 2026-01-05 (a Monday) plus `day` days, as "MM-DD".
  static std::string date(int day) {
    const int lengths[] = {31, 28, 31, 30, 31};
    int month = 0, d = 5 + day;
    while (d > lengths[month])
      d -= lengths[month++];
    char text[8];
    std::snprintf(text, sizeof text, "%02d-%02d", month + 1, d);
    return text;
  }
};

Quarter generate_quarter(std::uint64_t seed) {
  Rng rng{seed};
  Quarter q;
  auto contact = [&](const std::string& id, int i) {
    q.contacts.push_back({{"id", id},
                          {"email", id + "@example.com"},
                          {"industry", "retail"},
                          {"country", i % 2 ? "DE" : "US"},
                          {"created", "2026-01-05T08:00:00Z"}});
  };
  const json no_answer = {{"channel", "call"}, {"outcome", "no_response"}};
  const json answered = {{"channel", "call"}, {"outcome", "responded"}};
  for (int i = 0; i < 20; ++i) {  // nurture only
    const auto id = named("nurture-", i);
    contact(id, i);
    q.add(rng.below(61), 10, "content_download", id, {{"content", "guide"}});
  }
  for (int i = 0; i < 15; ++i) {  // hand-raisers
    const auto id = named("demo-", i);
    contact(id, i);
    const int d = rng.below(41);
    q.add(d, 10, "content_download", id, {{"content", "guide"}});
    q.add(d + 1, 10, "demo_request", id);
    const bool late = i >= 12;
    const int first = late ? 8 : 1;
    q.add(d + first, late ? 10 : 12, "touch", id, answered);
    q.add(d + first + 1, 10, "touch", id, answered);
    q.add(d + first + 3, 10, "touch", id, answered);
    q.add(d + first + 4, 10, "accept", id);
    if (i < 5) q.add(d + 20, 10, "deal_won", id, {{"amount", 5000}});
    if (i >= 5 && i < 10) q.add(d + 20, 10, "deal_lost", id, {{"objection", "price"}});
  }
  for (int i = 0; i < 5; ++i) {  // gone dark
    const auto id = named("dark-", i);
    contact(id, i);
    const int d = rng.below(11);
    q.add(d, 10, "content_download", id, {{"content", "guide"}});
    q.add(d + 1, 10, "demo_request", id);
    for (int k = 2; k <= 6; ++k)
      q.add(d + k, 10, "touch", id, no_answer);
  }
  for (int i = 0; i < 5; ++i) {  // unsubscribed
    const auto id = named("unsub-", i);
    contact(id, i);
    const int d = rng.below(61);
    q.add(d, 10, "content_download", id, {{"content", "guide"}});
    q.add(d + 1, 10, "unsubscribe", id);
  }
  for (int i = 0; i < 10; ++i)  // anonymous visitors
    q.add(rng.below(90), 11, "page_view", named("v:", i), {{"path", "/pricing"}});
  return q;
}

TEST(DefaultConfig, InitGivesAValidEmptyWorkspace) {
  const auto doc = new_workspace_document();
  ASSERT_TRUE(doc.ok()) << problems_json(doc.problems);
  EXPECT_TRUE(validate_document(doc.text).ok());
  const auto parsed = json::parse(doc.text);
  EXPECT_EQ(parsed["config"], json::parse(default_config_json()));
  EXPECT_TRUE(parsed["ops"].empty());
}

TEST(DefaultConfig, NinetyDayQuarterGivesTheExpectedOutboxHandoffsAndSla) {
  const auto q = generate_quarter(2026);
  json doc = json::parse(new_workspace_document().text);
  doc["contacts"] = q.contacts;
  doc["ops"] = q.ops;
  Session s;
  ASSERT_TRUE(s.load(doc.dump()).ok());
  const std::string now = "2026-04-05T00:00:00Z";

  const auto outbox = report(s, "outbox", now);
  std::map<std::string, int> by_template;
  for (const auto& e : entries(outbox, "email"))
    ++by_template[e["template"].get<std::string>()];
  EXPECT_EQ(by_template["thank-you-for-downloading"], 45);  // every download, before anything
  for (const char* n : {"nurture-1-the-problem", "nurture-2-how-others-solved-it",
                        "nurture-3-case-study", "nurture-4-talk-to-us"})
    EXPECT_EQ(by_template[n], 20) << n;  // the demo requesters left nurture at the handoff
  EXPECT_EQ(by_template["welcome-customer"], 5);
  EXPECT_EQ(by_template["lost-deal-nurture-1"], 5);
  EXPECT_EQ(by_template["lost-deal-nurture-2"], 5);
  EXPECT_GE(by_template["dark-recovery"], 25);  // 5 or 6 each, every 10-14 days
  EXPECT_LE(by_template["dark-recovery"], 30);
  EXPECT_EQ(outbox["counts"]["notifications"], 55);  // 2 per handoff, won, lost, dark
  EXPECT_EQ(outbox["counts"]["tasks"], 20);          // a first touch per handoff
  EXPECT_EQ(outbox["counts"]["skipped"], 20);        // the nurture of the unsubscribed
  EXPECT_EQ(outbox["counts"]["skipped_by_reason"], json({{"unsubscribed", 20}}));
  for (const auto& t : entries(outbox, "task"))
    EXPECT_NE(t["to"].get<std::string>().find("-rep-"), std::string::npos) << t.dump();

  const auto handoffs = report(s, "handoffs", now)["handoffs"];
  EXPECT_EQ(handoffs.size(), 20u);
  std::map<std::string, int> per_owner;
  for (const auto& h : handoffs) {
    ASSERT_TRUE(h["owner"].is_string()) << h.dump();
    EXPECT_EQ(h["cause"], "hand_raise");
    ++per_owner[h["owner"].get<std::string>()];
  }
  // Two teams of two taking turns: 9 leads from DE (emea), 11 from the US (amer).
  EXPECT_EQ(per_owner,
            (std::map<std::string, int>{
                {"amer-rep-1", 6}, {"amer-rep-2", 5}, {"emea-rep-1", 5}, {"emea-rep-2", 4}}));

  const auto sla = report(s, "sla", now);
  EXPECT_EQ(sla["sales"]["handoffs"], 20);
  EXPECT_EQ(sla["sales"]["first_touch"]["breached"], 3);  // touched a week late
  EXPECT_EQ(sla["sales"]["first_touch"]["met"], 17);
  EXPECT_EQ(sla["sales"]["touches"]["breached"], 3);
  EXPECT_EQ(sla["sales"]["touches"]["met"], 17);
  int mqls = 0, months_short = 0;
  for (const auto& m : sla["marketing"]["months"]) {
    mqls += m["mqls"].get<int>();
    months_short += m["complete"] == true && m["met"] == false;
  }
  EXPECT_EQ(mqls, 20);
  EXPECT_EQ(months_short, 3);  // 20 a month agreed; a quarter brought 20 in all
  for (const auto& b : sla["breaches"])
    if (b["rule"] == "first_touch") {
      EXPECT_EQ(b["by"], 16.0) << b.dump();
    }

  // Replaying the same workspace gives the same bytes: a fresh session loaded from the same
  // document replays on its own, where asking `s` again would read its kept replay.
  Session again;
  ASSERT_TRUE(again.load(doc.dump()).ok());
  for (const char* kind : {"outbox", "handoffs", "sla"})
    EXPECT_EQ(again.report(kind, now, "csv").text, s.report(kind, now, "csv").text) << kind;
}

}  // namespace
}  // namespace tandem::testing
