#include <gtest/gtest.h>

#include <map>

#include "engine/workspace/condition.h"

namespace tandem {
namespace {

using nlohmann::json;

bool check(const json& condition, const json& fields) {
  Problems problems;
  auto c = parse_condition(condition, "/if", problems);
  EXPECT_TRUE(c) << problems_json(problems);
  if (!c) return false;
  return holds(*c, [&](std::string_view name) {
    const auto it = fields.find(std::string(name));
    return it == fields.end() ? FieldView::missing() : FieldView::from_json(*it);
  });
}

TEST(Condition, InMatchesAnyListedValueIgnoringCase) {
  const json c = {{"field", "industry"}, {"in", {"software", "fintech"}}};
  EXPECT_TRUE(check(c, {{"industry", "Software"}}));
  EXPECT_FALSE(check(c, {{"industry", "retail"}}));
  EXPECT_FALSE(check(c, json::object()));
  EXPECT_TRUE(check({{"field", "employees"}, {"in", {50, 100}}}, {{"employees", 100}}));
}

TEST(Condition, EqualsComparesStringsNumbersAndBooleans) {
  EXPECT_TRUE(check({{"field", "country"}, {"equals", "de"}}, {{"country", "DE"}}));
  EXPECT_FALSE(check({{"field", "country"}, {"equals", "de"}}, {{"country", "DK"}}));
  EXPECT_TRUE(check({{"field", "employees"}, {"equals", 120}}, {{"employees", 120.0}}));
  EXPECT_TRUE(check({{"field", "partner"}, {"equals", true}}, {{"partner", true}}));
  EXPECT_FALSE(check({{"field", "partner"}, {"equals", true}}, {{"partner", "true"}}));
}

TEST(Condition, BetweenIsInclusiveAndReadsNumericText) {
  const json c = {{"field", "employees"}, {"between", {50, 1000}}};
  EXPECT_TRUE(check(c, {{"employees", 50}}));
  EXPECT_TRUE(check(c, {{"employees", 1000}}));
  EXPECT_FALSE(check(c, {{"employees", 1001}}));
  EXPECT_TRUE(check(c, {{"employees", "120"}}));
  EXPECT_FALSE(check(c, {{"employees", "many"}}));
}

TEST(Condition, MatchesIsACaseInsensitiveSubstring) {
  const json c = {{"field", "title"}, {"matches", "student"}};
  EXPECT_TRUE(check(c, {{"title", "PhD Student, Economics"}}));
  EXPECT_FALSE(check(c, {{"title", "VP Marketing"}}));
}

TEST(Condition, PathPrefixDefaultsToThePathField) {
  const json c = {{"path_prefix", "/pricing"}};
  EXPECT_TRUE(check(c, {{"path", "/pricing/enterprise"}}));
  EXPECT_FALSE(check(c, {{"path", "/blog/pricing"}}));
}

TEST(Condition, ExistsTellsPresentFromMissingOrNull) {
  EXPECT_TRUE(check({{"field", "phone"}, {"exists", true}}, {{"phone", "+49 30 1234"}}));
  EXPECT_FALSE(check({{"field", "phone"}, {"exists", true}}, {{"phone", nullptr}}));
  EXPECT_TRUE(check({{"field", "phone"}, {"exists", false}}, json::object()));
}

TEST(Condition, AllAnyNotCombine) {
  const json c = {{"all",
                   {{{"field", "country"}, {"in", {"DE", "FR"}}},
                    {{"not", {{"field", "title"}, {"matches", "intern"}}}},
                    {{"any",
                      {{{"field", "employees"}, {"between", {50, 500}}},
                       {{"field", "industry"}, {"equals", "fintech"}}}}}}}};
  EXPECT_TRUE(check(c, {{"country", "DE"}, {"title", "CTO"}, {"employees", 60}}));
  EXPECT_TRUE(check(c, {{"country", "FR"}, {"title", "CFO"}, {"industry", "fintech"}}));
  EXPECT_FALSE(check(c, {{"country", "FR"}, {"title", "Intern"}, {"employees", 60}}));
  EXPECT_FALSE(check(c, {{"country", "US"}, {"title", "CTO"}, {"employees", 60}}));
}

TEST(Condition, MistakesAreErrorsNotSilentMatches) {
  for (const json& bad :
       {json{{"field", "x"}, {"betwen", {1, 2}}}, json{{"field", "x"}}, json{{"in", {"a"}}},
        json{{"field", "x"}, {"between", {5, 1}}}, json{{"field", "x"}, {"in", "a"}},
        json{{"field", "x"}, {"in", {"a"}}, {"matches", "b"}}, json("industry")}) {
    Problems problems;
    EXPECT_FALSE(parse_condition(bad, "/if", problems)) << bad.dump();
    EXPECT_FALSE(problems.ok());
  }
}

TEST(Condition, PersonalEmailDomainsAreKnown) {
  EXPECT_TRUE(is_personal_email_domain("gmail.com"));
  EXPECT_FALSE(is_personal_email_domain("example.com"));
  EXPECT_EQ(email_domain("Ana@Example.com"), "Example.com");
}

}  // namespace
}  // namespace tandem
