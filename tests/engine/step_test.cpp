// The scoring step (engine/scoring/step.h) is the one way a score is added up: the replay runs
// it over each person's timeline and the widget's visitor score over the visitor's own ops, so
// the two agree to the last bit, op by op, on decay, caps per period, negative points, fit rules
// and the derived fields.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "engine/lifecycle/lifecycle.h"
#include "engine/scoring/step.h"
#include "engine/scoring/visitor.h"
#include "tests/engine/fixture.h"

namespace tandem {
namespace {

using namespace tandem::testing;

// scenario-scoring-step.json: a capped rule, a negative capped one, decay, ops that earn
// nothing between those that do, a rule on consent (an action, not activity) and one on a type
// Tandem does not know; fit from a plain field, a range and both derived fields.
const json& step_document() {
  static const json doc = json::parse(read_fixture("scenario-scoring-step.json"));
  return doc;
}

const Workspace& step_workspace() {
  static const Workspace ws = load_ok(step_document().dump());
  return ws;
}

Config step_config() {
  Problems problems;
  auto config = parse_scoring_config(step_document().at("config"), problems);
  EXPECT_TRUE(problems.ok()) << problems_json(problems);
  return config;
}

const json& contact_record(const std::string& id) {
  for (const auto& c : step_document().at("contacts"))
    if (c.at("id") == id) return c;
  throw std::runtime_error("no contact " + id);
}

// A contact's ops as the widget hands them in: the document's, in (at, id) order.
std::vector<VisitorOp> ops_of(const std::string& id, std::vector<std::string>* ids = nullptr) {
  std::vector<VisitorOp> out;
  for (const auto& o : step_document().at("ops")) {
    if (o.at("contact") != id) continue;
    out.push_back({*parse_iso8601(o.at("at").get_ref<const std::string&>()),
                   o.at("type").get_ref<const std::string&>(),
                   o.contains("props") ? &o.at("props") : nullptr});
    if (ids) ids->push_back(o.at("id"));
  }
  return out;
}

// Every op's time, and 40 days after the last.
std::vector<Millis> moments(const std::vector<VisitorOp>& ops) {
  std::set<Millis> at;
  for (const auto& o : ops)
    at.insert(o.at);
  at.insert(ops.back().at + 40 * kMillisPerDay);
  return {at.begin(), at.end()};
}

const char* const kPeople[] = {"c1", "c2", "c3", "c4"};

TEST(ScoringStep, TheVisitorScoreIsTheReplaysToTheLastBit) {
  const auto config = step_config();
  for (const char* id : kPeople) {
    std::vector<std::string> ids;
    const auto ops = ops_of(id, &ids);
    for (const Millis now : moments(ops)) {
      Interner owners;
      const auto replayed = replay_contact(step_workspace(), id, now, owners);
      ASSERT_TRUE(replayed);
      const auto& [state, trace] = *replayed;
      const auto mine = score_visitor(config, contact_record(id), ops, now);
      const auto where = std::string(id) + " at " + format_iso8601(now);
      EXPECT_EQ(mine.fit, state.fit) << where;
      EXPECT_EQ(mine.behaviour, state.behaviour) << where;
      ASSERT_EQ(mine.fit_rules.size(), trace.fit.size()) << where;
      for (std::size_t i = 0; i < mine.fit_rules.size(); ++i)
        EXPECT_EQ(mine.fit_rules[i].rule, trace.fit[i].rule) << where;
      ASSERT_EQ(mine.contributions.size(), trace.contributions.size()) << where;
      for (std::size_t i = 0; i < mine.contributions.size(); ++i) {
        EXPECT_EQ(mine.contributions[i].rule, trace.contributions[i].rule) << where;
        EXPECT_EQ(ids[mine.contributions[i].op], step_workspace().op_id(trace.contributions[i].op))
            << where;
        EXPECT_EQ(mine.contributions[i].earned, trace.contributions[i].earned) << where;
      }
    }
  }
}

// What the equality above compares is what the rules say: caps per period on positive and
// negative points, and fit from plain fields and from the address.
TEST(ScoringStep, TheFixtureScoresAsItsRulesSay) {
  const auto config = step_config();
  const auto ops = ops_of("c1");
  const auto c1 = score_visitor(config, contact_record("c1"), ops, ops.back().at);
  std::vector<double> earned;
  for (const auto& c : c1.contributions)
    earned.push_back(c.earned);
  // pricing 5 + 5 + 2 (12 a week), careers -10 - 5 (15 a month; the third earns 0), download
  // 10, then pricing again once the week has passed.
  EXPECT_EQ(earned, (std::vector<double>{5, 5, 2, -10, -5, 10, 5, 5}));
  EXPECT_EQ(c1.fit, 10 + 15 + 5);  // work address, mid-market, region
  EXPECT_LT(c1.behaviour, 17);     // decayed
  const auto fit_of = [&](const char* id) {
    return score_visitor(config, contact_record(id), {}, 0).fit;
  };
  EXPECT_EQ(fit_of("c2"), -10 + 5);   // a personal address at GMail.com; "de" is in DE
  EXPECT_EQ(fit_of("c3"), -30 + 10);  // RIVAL.example, a work address
}

// Kept from op to op, the step's state is an incremental score: after each op, the same as a
// replay up to that op.
TEST(ScoringStep, OneOpAtATimeIsTheReplayAtEveryOp) {
  const auto config = step_config();
  for (const char* id : kPeople) {
    const auto ops = ops_of(id);
    BehaviourScore score(config);
    std::vector<std::uint32_t> rules;
    std::size_t next = 0;
    for (const Millis now : moments(ops)) {
      for (; next < ops.size() && ops[next].at <= now; ++next) {
        const auto& op = ops[next];
        match_rules(
            config, op.type,
            [&](std::string_view name) {
              const std::string key(name);
              return op.props && op.props->contains(key) ? &op.props->at(key) : nullptr;
            },
            rules);
        score.step(op.at, rules, [](std::uint32_t, double) {});
      }
      Interner owners;
      const auto replayed = replay_contact(step_workspace(), id, now, owners);
      ASSERT_TRUE(replayed);
      EXPECT_EQ(score.value_at(now), replayed->first.behaviour) << id << " at " << now;
    }
  }
}

// Consent is an action, not activity, and chat_started a type Tandem does not know: rules on
// them score nothing, in the replay and on the page alike.
TEST(ScoringStep, OnlyActivityEarnsPoints) {
  EXPECT_TRUE(earns_points(std::string_view("page_view")));
  EXPECT_TRUE(earns_points(std::string_view("meeting_booked")));
  EXPECT_FALSE(earns_points(std::string_view("consent")));
  EXPECT_FALSE(earns_points(std::string_view("touch")));
  EXPECT_FALSE(earns_points(std::string_view("chat_started")));
  const auto config = step_config();
  const auto ops = ops_of("c1");
  const Millis now = ops.back().at;
  const auto mine = score_visitor(config, contact_record("c1"), ops, now);
  Interner owners;
  const auto replayed = replay_contact(step_workspace(), "c1", now, owners);
  ASSERT_TRUE(replayed);
  for (const auto& c : mine.contributions)
    EXPECT_TRUE(config.behaviour[c.rule].id != "consent" && config.behaviour[c.rule].id != "chat");
  for (const auto& c : replayed->second.contributions)
    EXPECT_TRUE(config.behaviour[c.rule].id != "consent" && config.behaviour[c.rule].id != "chat");
}

// A recycle to nurture makes the points so far worth nothing; the caps still count them, since
// a cap limits what is earned.
TEST(ScoringStep, AResetForgetsPointsButNotTheCaps) {
  const auto config = step_config();  // pricing: 5 points, 12 a week
  BehaviourScore score(config);
  const std::uint32_t pricing[] = {0};
  const Millis day = kMillisPerDay;
  score.step(day, pricing, [](std::uint32_t, double) {});
  score.step(day + 1, pricing, [](std::uint32_t, double) {});
  score.reset(day + 2);
  EXPECT_EQ(score.value_at(day + 2), 0);
  double earned = -1;
  score.step(day + 3, pricing, [&](std::uint32_t, double points) { earned = points; });
  EXPECT_EQ(earned, 2);
  score.start();  // the next person
  score.step(day + 4, pricing, [&](std::uint32_t, double points) { earned = points; });
  EXPECT_EQ(earned, 5);
}

// The derived fields are defined once (derive()), and the workspace's own reading of them for
// workflows and routing gives the same.
TEST(DerivedFields, ReadAsTheWorkspaceReadsThem) {
  // Each contact's id is its address, or "no-email".
  json contacts = json::array();
  for (const char* address :
       {"rosa.marquez@Kestrel-Foods.example", "Ana.Lima@GMail.com", "scout@RIVAL.example",
        "no-address-here", "trailing@", "two@at@yahoo.fr", "@hey.com"})
    contacts.push_back({{"id", address}, {"email", address}});
  contacts.push_back({{"id", "no-email"}});
  const auto ws = load_ok(document(json::object(), contacts, json::array()));
  for (std::size_t row = 0; row < ws.contacts().size(); ++row) {
    const auto address = ws.field(row, kAddressField);
    for (const char* name : {"email_domain", "email_personal"}) {
      const auto expected = ws.field(row, name);
      const auto derived = derive(derived_field(name), address);
      EXPECT_EQ(derived.kind, expected.kind) << name << " " << row;
      EXPECT_EQ(derived.boolean, expected.boolean) << name << " " << row;
      EXPECT_EQ(derived.text, expected.text) << name << " " << row;
    }
  }
  EXPECT_EQ(derived_field("email"), DerivedField::None);
  EXPECT_EQ(derived_field("company"), DerivedField::None);
  EXPECT_EQ(derive(DerivedField::EmailDomain, FieldView::of_number(3)).kind,
            FieldView::Kind::Missing);
  EXPECT_TRUE(derive(DerivedField::EmailPersonal, FieldView::of_text("a@GMAIL.com")).boolean);
}

}  // namespace
}  // namespace tandem
