// A small funnel with known answers, shared by the analytics tests: five people from two
// sources over January and February 2026.
//   a (ads):  guide, pricing-sheet -> sql; touched 12 h later; accepted; won 1000 ("crm")
//   b (ads):  guide, pricing-sheet -> sql; rejected "no budget"; upheld -> nurture
//   c (seo):  guide -> mql
//   d (seo):  disqualified "student"
//   e (seo):  guide, pricing-sheet -> sql; touched 2 h later; accepted; lost "price"
#pragma once

#include "tests/engine/fixture.h"

namespace tandem::testing {

inline json funnel_config() {
  return {{"stages", {{"mql_score", 20}, {"sql_score", 40}, {"hysteresis", 5}}},
          {"scoring",
           {{"half_life_days", 0},
            {"behaviour",
             json::array({{{"id", "download"}, {"on", "content_download"}, {"points", 20}}})}}}};
}

inline json funnel_contacts() {
  return json::array({
      {{"id", "a"},
       {"source", "ads"},
       {"industry", "software"},
       {"created", "2026-01-05T00:00:00Z"}},
      {{"id", "b"}, {"source", "ads"}, {"created", "2026-01-10T00:00:00Z"}},
      {{"id", "c"}, {"source", "seo"}, {"created", "2026-02-01T00:00:00Z"}},
      {{"id", "d"}, {"source", "seo"}, {"created", "2026-02-03T00:00:00Z"}},
      {{"id", "e"}, {"source", "seo"}, {"created", "2026-02-04T00:00:00Z"}},
  });
}

inline json funnel_ops() {
  auto download = [](const std::string& id, const std::string& at, const std::string& who,
                     const std::string& content) {
    return op(id, at, "content_download", who, {{"content", content}});
  };
  return json::array({
      download("w:1", "2026-01-06T09:00:00Z", "a", "guide"),
      download("w:2", "2026-01-07T09:00:00Z", "a", "pricing-sheet"),
      op("s:1", "2026-01-07T21:00:00Z", "touch", "a",
         {{"channel", "call"}, {"outcome", "responded"}}, "ana"),
      op("s:2", "2026-01-08T09:00:00Z", "accept", "a", {}, "ana"),
      op("s:3", "2026-01-20T09:00:00Z", "deal_won", "a", {{"amount", 1000}, {"products", {"crm"}}},
         "ana"),
      download("w:3", "2026-01-11T09:00:00Z", "b", "guide"),
      download("w:4", "2026-01-12T09:00:00Z", "b", "pricing-sheet"),
      op("s:4", "2026-01-13T09:00:00Z", "reject", "b", {{"reason", "no budget"}}, "ana"),
      op("s:5", "2026-01-14T09:00:00Z", "review", "b", {{"decision", "uphold"}, {"to", "nurture"}},
         "cy"),
      download("w:5", "2026-02-02T09:00:00Z", "c", "guide"),
      op("s:6", "2026-02-04T09:00:00Z", "disqualify", "d", {{"reason", "student"}}, "ana"),
      download("w:6", "2026-02-05T09:00:00Z", "e", "guide"),
      download("w:7", "2026-02-06T09:00:00Z", "e", "pricing-sheet"),
      op("s:7", "2026-02-06T11:00:00Z", "touch", "e",
         {{"channel", "call"}, {"outcome", "responded"}}, "ben"),
      op("s:8", "2026-02-07T09:00:00Z", "accept", "e", {}, "ben"),
      op("s:9", "2026-02-10T09:00:00Z", "deal_lost", "e", {{"objection", "price"}}, "ben"),
  });
}

inline Session funnel_session(json config = funnel_config()) {
  Session session;
  const auto problems = session.load(document(std::move(config), funnel_contacts(), funnel_ops()));
  EXPECT_TRUE(problems.ok()) << problems_json(problems);
  return session;
}

}  // namespace tandem::testing
