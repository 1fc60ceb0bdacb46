// The predictive model on 200 generated people: "plan" (pro or free, missing for some)
// nearly decides the outcome, "colour" is noise, pro people view more pages.
#include <algorithm>

#include "tests/engine/fixture.h"

namespace tandem::testing {
namespace {

json model_document(json model_config = json::object()) {
  json contacts = json::array(), ops = json::array();
  int seq = 0;
  for (int i = 0; i < 200; ++i) {
    std::string id = "p";
    id += std::to_string(i);
    const bool pro = i % 2 == 1;
    json c = {{"id", id},
              {"email", id + "@example.com"},
              {"name", "Person " + std::to_string(i)},
              {"serial", 1000 + i},
              {"colour", i % 3 == 0 ? "red" : "blue"},
              {"leak", pro ? "yes" : "no"},
              {"code", std::string("k").append(std::to_string(i % 60))},
              {"created", "2026-01-01T00:00:00Z"}};
    if (i % 13 != 0) c["plan"] = pro ? "pro" : "free";
    contacts.push_back(c);
    for (int v = 0; v < (pro ? 3 : 1); ++v)
      ops.push_back(op("w:" + std::to_string(++seq), "2026-01-05T00:00:00Z", "page_view", id,
                       {{"path", "/"}}));
    const bool won = pro ? i % 7 != 0 : i % 9 == 0;
    if (won) {
      ops.push_back(op("s:" + std::to_string(++seq), "2026-01-10T00:00:00Z", "set_stage", id,
                       {{"stage", "opportunity"}, {"reason", "test"}}));
      ops.push_back(op("s:" + std::to_string(++seq), "2026-01-11T00:00:00Z", "deal_won", id));
      // After the win: must not count as a feature.
      ops.push_back(op("w:" + std::to_string(++seq), "2026-01-12T00:00:00Z", "email_open", id));
    } else {
      ops.push_back(op("s:" + std::to_string(++seq), "2026-01-11T00:00:00Z", "disqualify", id,
                       {{"reason", "test"}}));
    }
  }
  json config = {{"seed", "model-test"}};
  if (!model_config.empty()) config["model"] = model_config;
  return json::parse(document(config, contacts, ops));
}

json model(json model_config = json::object(), ReportOptions options = {},
           const std::string& kind = "model") {
  Session session;
  const auto problems = session.load(model_document(std::move(model_config)).dump());
  EXPECT_TRUE(problems.ok()) << problems_json(problems);
  const auto out = session.report(kind, "", "json", options);
  EXPECT_TRUE(out.ok()) << problems_json(out.problems);
  return json::parse(out.text);
}

std::vector<std::string> feature_names(const json& r) {
  std::vector<std::string> names;
  for (const auto& f : r["features"])
    names.push_back(f["name"]);
  return names;
}

bool has_feature(const json& r, const std::string& name) {
  const auto names = feature_names(r);
  return std::find(names.begin(), names.end(), name) != names.end();
}

TEST(Model, TrainsOnOutcomesAndReportsHoldoutMetrics) {
  const auto r = model({{"exclude", {"leak"}}});
  ASSERT_TRUE(r["trained"].get<bool>()) << r.dump();
  EXPECT_EQ(r["won"].get<int>() + r["lost"].get<int>(), 200);
  EXPECT_EQ(r["training"].get<int>() + r["holdout"].get<int>(), 200);
  EXPECT_GT(r["holdout"].get<int>(), 30);
  EXPECT_GE(r["auc_holdout"].get<double>(), 0.85);
  for (const char* key : {"accuracy", "sensitivity", "specificity", "cutoff"}) {
    EXPECT_GT(r[key].get<double>(), 0) << key;
    EXPECT_LE(r[key].get<double>(), 1) << key;
  }
}

TEST(Model, TheStrongestFeatureComesFirst) {
  const auto r = model({{"exclude", {"leak"}}});
  const std::string first = r["features"][0]["name"];
  EXPECT_TRUE(first.rfind("plan=", 0) == 0 || first == "page_view count") << first;
}

TEST(Model, FieldsMarkedAsLeakingAreLeftOut) {
  const auto with = model();
  EXPECT_TRUE(has_feature(with, "leak=yes"));
  const auto without = model({{"exclude", {"leak"}}});
  EXPECT_FALSE(has_feature(without, "leak=yes"));
  const json leak = {{"field", "leak"}, {"why", "marked as leaking the outcome"}};
  EXPECT_NE(std::find(without["excluded"].begin(), without["excluded"].end(), leak),
            without["excluded"].end());
}

TEST(Model, TheCallersExcludeListReplacesTheConfigs) {
  ReportOptions options;
  options.exclude = {"colour"};
  const auto r = model({{"exclude", {"leak"}}}, options);
  EXPECT_TRUE(has_feature(r, "leak=yes"));
  EXPECT_FALSE(has_feature(r, "colour=red"));
}

TEST(Model, IdentifiersNamesAndEmailsAreNeverFeatures) {
  const auto r = model();
  for (const auto& name : feature_names(r)) {
    EXPECT_EQ(name.find("email="), std::string::npos) << name;
    EXPECT_EQ(name.find("name="), std::string::npos) << name;
    EXPECT_NE(name, "serial") << "a different number for everyone is an identifier";
  }
}

TEST(Model, CategoriesAreOneHotWithMissingAsTheirOwnCategory) {
  const auto r = model();
  EXPECT_TRUE(has_feature(r, "plan=pro"));
  EXPECT_TRUE(has_feature(r, "plan=free"));
  EXPECT_TRUE(has_feature(r, "plan=(missing)"));
  EXPECT_TRUE(has_feature(r, "colour=red"));
}

TEST(Model, RareCategoriesPoolIntoOther) {
  const auto r = model();  // code has 60 levels of 3 or 4 people each: under 10
  EXPECT_FALSE(has_feature(r, "code=k1"));
  EXPECT_TRUE(has_feature(r, "code=(other)"));
}

TEST(Model, AtMostFiftyCategoriesOfAFieldGetTheirOwnColumn) {
  const auto r = model({{"min_level_count", 1}});
  int own = 0;
  for (const auto& name : feature_names(r))
    own += name.rfind("code=k", 0) == 0;
  EXPECT_EQ(own, 50);
  EXPECT_TRUE(has_feature(r, "code=(other)"));
}

TEST(Model, CountsActivityOfEachTypeBeforeTheOutcomeOnly) {
  const auto r = model();
  EXPECT_TRUE(has_feature(r, "page_view count"));
  // Every email_open came after a win: counted, it would give the answer away.
  for (const auto& f : r["features"]) {
    if (f["name"] == "email_open count") {
      EXPECT_DOUBLE_EQ(f["weight"].get<double>(), 0.0);
    }
  }
}

TEST(Model, TheSameWorkspaceGivesTheSameModel) {
  EXPECT_EQ(model().dump(), model().dump());
}

TEST(Model, TheSeedChoosesTheHoldout) {
  const auto a = model({{"seed", "one"}});
  const auto b = model({{"seed", "two"}});
  EXPECT_NE(a["auc_holdout"].dump() + a["holdout"].dump(),
            b["auc_holdout"].dump() + b["holdout"].dump());
}

TEST(Model, TooFewOutcomesSayWhyInsteadOfTraining) {
  Session session;
  ASSERT_TRUE(session.load(read_fixture("minimal.json")).ok());
  const auto r = report(session, "model");
  EXPECT_FALSE(r["trained"].get<bool>());
  EXPECT_FALSE(r["why"].get<std::string>().empty());
  EXPECT_TRUE(r["auc_holdout"].is_null());
}

TEST(Predictions, ShowTheModelsChanceBesideTheRuleScore) {
  const auto r = model({{"exclude", {"leak"}}}, {}, "predictions");
  ASSERT_TRUE(r["trained"].get<bool>());
  ASSERT_EQ(r["contacts"].size(), 200u);
  const auto& pro = r["contacts"][1];   // p1: pro, won
  const auto& free = r["contacts"][2];  // sorted by id: p0, p1, p10 ...
  EXPECT_EQ(pro["id"], "p1");
  EXPECT_EQ(pro["result"], "won");
  EXPECT_TRUE(pro.contains("score"));
  EXPECT_GT(pro["predicted"].get<double>(), 0.5);
  EXPECT_EQ(free["id"], "p10");
  EXPECT_LT(free["predicted"].get<double>(), 0.5);
}

}  // namespace
}  // namespace tandem::testing
