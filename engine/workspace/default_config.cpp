// The configuration a new workspace starts with: the playbook of SPEC.md §2 out of the box.
// Kept as readable JSON (docs/workflows.md explains every section).
#include "engine/workspace/default_config.h"

#include <nlohmann/json.hpp>

#include "engine/workspace/workspace.h"

namespace tandem {
namespace {

constexpr const char* kDefaultConfig = R"json({
  "seed": "tandem",
  "stages": {
    "mql_score": 50,
    "sql_score": 80,
    "hysteresis": 5,
    "sql_requires_acceptance": true,
    "hand_raise": ["demo_request"]
  },
  "scoring": {
    "half_life_days": 30,
    "behaviour": [
      { "id": "pricing-page", "on": "page_view", "where": { "path_prefix": "/pricing" }, "points": 5,
        "cap": { "points": 20, "per_days": 30 } },
      { "id": "careers-page", "on": "page_view", "where": { "path_prefix": "/careers" }, "points": -10 },
      { "id": "download", "on": "content_download", "points": 10 },
      { "id": "webinar", "on": "webinar_attend", "points": 15 },
      { "id": "email-open", "on": "email_open", "points": 2, "cap": { "points": 10, "per_days": 30 } },
      { "id": "email-click", "on": "email_click", "points": 5 },
      { "id": "form", "on": "form_submit", "points": 10 },
      { "id": "unsubscribe", "on": "unsubscribe", "points": -50 }
    ],
    "fit": [
      { "id": "icp-industry", "if": { "field": "industry", "in": ["software", "fintech"] }, "points": 15 },
      { "id": "icp-size", "if": { "field": "employees", "between": [50, 1000] }, "points": 10 },
      { "id": "decision-maker", "if": { "field": "title", "matches": "vp" }, "points": 10 },
      { "id": "student", "if": { "field": "title", "matches": "student" }, "points": -30 },
      { "id": "personal-email", "if": { "field": "email_personal", "equals": true }, "points": -10 }
    ]
  },
  "dark_after_touches": 5,
  "email": {
    "frequency_cap": { "count": 3, "per_days": 7 },
    "suppression_list": "suppressed"
  },
  "routing": {
    "teams": { "emea": ["emea-rep-1", "emea-rep-2"], "amer": ["amer-rep-1", "amer-rep-2"] },
    "territories": [
      { "if": { "field": "country", "in": ["DE", "FR", "GB", "ES", "IT", "NL", "SE"] }, "team": "emea" }
    ],
    "default_team": "amer"
  },
  "sla": {
    "first_touch_hours": 24,
    "touches": { "count": 3, "within_days": 7 },
    "mql_per_month": 20,
    "working_hours": { "days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "17:00" }
  },
  "workflows": [
    {
      "id": "thank-you",
      "trigger": { "on": "activity", "type": "content_download" },
      "enrol": "again",
      "steps": [
        { "wait": { "minutes": 7 } },
        { "send_email": "thank-you-for-downloading" }
      ]
    },
    {
      "id": "nurture",
      "trigger": { "on": "activity", "type": "content_download" },
      "enrol": "once",
      "exit_when": { "field": "stage", "in": ["sql", "opportunity", "customer", "disqualified"] },
      "steps": [
        { "wait": { "days": 2 } },
        { "send_email": "nurture-1-the-problem" },
        { "wait": { "days": 5 } },
        { "send_email": "nurture-2-how-others-solved-it" },
        { "wait": { "days": 5 } },
        { "send_email": "nurture-3-case-study" },
        { "wait": { "days": 7 } },
        { "send_email": "nurture-4-talk-to-us" }
      ]
    },
    {
      "id": "sql-handoff",
      "trigger": { "on": "stage_entered", "stage": "sql" },
      "enrol": "again",
      "steps": [
        { "notify": { "to": "sales", "message": "New sales qualified lead: first touch within 24 working hours" } },
        { "notify": { "to": "marketing", "message": "Lead handed to sales; marketing email stops" } },
        { "create_task": { "for": "owner", "task": "First touch" } }
      ]
    },
    {
      "id": "dark-recovery",
      "trigger": { "on": "gone_dark" },
      "enrol": "again",
      "exit_when": { "field": "stage", "in": ["mql", "sql", "opportunity", "customer", "disqualified"] },
      "steps": [
        { "notify": { "to": "marketing", "message": "Lead went dark after unanswered touches: back in recovery nurture" } },
        { "wait": { "days_between": [10, 14] } },
        { "repeat": { "every": { "days_between": [10, 14] }, "times": 6,
                      "steps": [ { "send_email": "dark-recovery" } ] } }
      ]
    },
    {
      "id": "lost-deal",
      "trigger": { "on": "deal_lost" },
      "enrol": "again",
      "exit_when": { "field": "stage", "in": ["sql", "opportunity", "customer", "disqualified"] },
      "steps": [
        { "notify": { "to": "marketing", "message": "Deal lost: the objection is in the timeline; back to nurture" } },
        { "add_to_list": "lost-deals" },
        { "wait": { "days": 14 } },
        { "send_email": "lost-deal-nurture-1" },
        { "wait": { "days": 14 } },
        { "send_email": "lost-deal-nurture-2" }
      ]
    },
    {
      "id": "new-customer",
      "trigger": { "on": "customer_won" },
      "steps": [
        { "notify": { "to": "marketing", "message": "New customer: start retention" } },
        { "wait": { "days": 1 } },
        { "send_email": "welcome-customer" }
      ]
    }
  ]
})json";

}  // namespace

std::string default_config_json() {
  return kDefaultConfig;
}

Outcome new_workspace_document() {
  Outcome out;
  const nlohmann::json doc = {{"format", "tandem.workspace"},
                              {"version", 1},
                              {"config", parse_json_text(kDefaultConfig)},
                              {"contacts", nlohmann::json::array()},
                              {"ops", nlohmann::json::array()}};
  if (auto ws = Workspace::load(doc.dump(), out.problems)) out.text = ws->export_document();
  return out;
}

}  // namespace tandem
