// The op-type table: one row per op type Tandem knows, with its name, its kind, the props it
// takes, the names CSV files give it, whether a site's page may record it, and what the replay
// does with it. Validation, the replay, its warnings and CSV import read this table; adding an
// activity type is adding a row.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace tandem {

// A type's id is its row's place in kOpTypes. Ids live only in memory: a snapshot stores the
// type names and maps them onto the rows when it is read, so a row may go anywhere. Types the
// engine does not know are kept and get ids from kKnownOpTypes on.
enum class OpType : std::uint16_t {
  // activity
  PageView,
  CtaClick,
  SocialEngagement,
  ContentDownload,
  FormSubmit,
  WebinarAttend,
  EmailSent,
  EmailOpen,
  EmailClick,
  EmailBounce,
  Unsubscribe,
  DemoRequest,
  MeetingBooked,
  TrialSignup,
  // identity
  Identify,
  Merge,
  Erase,
  // sales and lifecycle
  Touch,
  Accept,
  Reject,
  Review,
  Qualify,
  Disqualify,
  NotReady,
  DealWon,
  DealLost,
  SetOwner,
  SetStage,
  Consent,
  // lists and the outbox
  ListAdd,
  ListRemove,
  OutboxSent,
};

enum class OpKind : std::uint8_t {
  Activity,     // what a person did: scored by the behaviour rules
  Identity,     // who is who: identify, merge, erase
  SalesAction,  // what sales or the lifecycle did to a person
  Consent,      // the person's consent to e-mail
  System,       // lists and the outbox
};

enum class PropKind : std::uint8_t {
  Text,          // a string
  NonEmpty,      // a string that is not empty
  Number,        // a number, 0 or more
  TextList,      // a list of strings
  TextOrNull,    // a string, or null to clear
  Choice,        // one of `choices`
  Stage,         // a stage's name
  Visitor,       // a visitor id ("v:...")
  OtherContact,  // the id of another contact than the op's own
};

struct PropRule {
  std::string_view name;
  PropKind kind = PropKind::Text;
  bool required = false;
  std::string_view missing = {};  // the message when a required prop is missing
  std::array<std::string_view, 2> choices = {};
};

struct OpTypeRow {
  std::string_view name;
  OpKind kind;
  bool on_page;         // a site's page may record it (the widget's `track`)
  bool may_be_ignored;  // a sales action a stage can ignore: warned about when it changes nothing
  std::array<PropRule, 2> props;
  std::string_view not_for_visitors;      // when set, the error if the op's contact is a visitor
  std::array<std::string_view, 3> names;  // other names CSV files give it, as header_key spells
  std::string_view effect;                // what the replay does with it, in a sentence
};

inline constexpr std::array<OpTypeRow, 32> kOpTypes = {{
    {"page_view",
     OpKind::Activity,
     true,
     false,
     {{{"path"}}},
     {},
     {"pagevisited", "visit"},
     "Scored by the behaviour rules, whose path filters read `path`."},
    {"cta_click", OpKind::Activity, true, false, {}, {}, {}, "Scored by the behaviour rules."},
    {"social_engagement",
     OpKind::Activity,
     true,
     false,
     {},
     {},
     {},
     "Scored by the behaviour rules."},
    {"content_download",
     OpKind::Activity,
     true,
     false,
     {{{"content"}}},
     {},
     {"download"},
     "Scored by the behaviour rules; attribution credits `content`."},
    {"form_submit",
     OpKind::Activity,
     true,
     false,
     {},
     {},
     {"formsubmitted", "formsubmission"},
     "Scored by the behaviour rules."},
    {"webinar_attend",
     OpKind::Activity,
     true,
     false,
     {},
     {},
     {"webinarattended"},
     "Scored by the behaviour rules."},
    {"email_sent",
     OpKind::Activity,
     false,
     false,
     {{{"campaign"}, {"url"}}},
     {},
     {},
     "Scored by the behaviour rules."},
    {"email_open",
     OpKind::Activity,
     false,
     false,
     {{{"campaign"}, {"url"}}},
     {},
     {"emailopened", "open"},
     "Scored by the behaviour rules."},
    {"email_click",
     OpKind::Activity,
     false,
     false,
     {{{"campaign"}, {"url"}}},
     {},
     {"emailclicked", "emaillinkclicked", "click"},
     "Scored by the behaviour rules."},
    {"email_bounce",
     OpKind::Activity,
     false,
     false,
     {},
     {},
     {"emailbounced", "bounce"},
     "Scored by the behaviour rules; no more e-mail goes to the address."},
    {"unsubscribe",
     OpKind::Activity,
     false,
     false,
     {},
     {},
     {"unsubscribed"},
     "Scored by the behaviour rules; the person gets no more e-mail."},
    {"demo_request",
     OpKind::Activity,
     true,
     false,
     {},
     {},
     {"demorequested"},
     "Scored by the behaviour rules."},
    {"meeting_booked", OpKind::Activity, true, false, {}, {}, {}, "Scored by the behaviour rules."},
    {"trial_signup",
     OpKind::Activity,
     true,
     false,
     {{{"plan"}}},
     {},
     {"trialstarted", "freetrial", "starttrial"},
     "Scored by the behaviour rules; `plan` names the trial's plan."},
    {"identify",
     OpKind::Identity,
     false,
     false,
     {{{"visitor", PropKind::Visitor, true, "identify needs the visitor id (\"v:...\") it joins"}}},
     "identify names the contact a visitor becomes, not a visitor id",
     {},
     "The visitor's ops become the contact's."},
    {"merge",
     OpKind::Identity,
     false,
     false,
     {{{"from", PropKind::OtherContact, true, "merge needs the id of the contact it absorbs"}}},
     {},
     {},
     "The contact absorbs the contact `from`: its record and its history."},
    {"erase",
     OpKind::Identity,
     false,
     false,
     {},
     {},
     {},
     "The person's record and ops are removed; only ids-only ops stay."},
    {"touch",
     OpKind::SalesAction,
     false,
     false,
     {{{"channel"}, {"outcome", PropKind::Choice, true, {}, {"responded", "no_response"}}}},
     {},
     {"call"},
     "A sales attempt: the SLA's first touch; unanswered ones in a row make the lead dark."},
    {"accept",
     OpKind::SalesAction,
     false,
     true,
     {},
     {},
     {},
     "Sales accepts a handoff: sql becomes opportunity."},
    {"reject",
     OpKind::SalesAction,
     false,
     true,
     {{{"reason"}}},
     {},
     {},
     "Sales rejects a handoff: it waits in marketing's review queue."},
    {"review",
     OpKind::SalesAction,
     false,
     true,
     {{{"decision", PropKind::Choice, true, {}, {"uphold", "overturn"}},
       {"to", PropKind::Choice, false, {}, {"nurture", "disqualified"}}}},
     {},
     {},
     "Marketing reviews a rejection: overturned, back to sales; upheld, to nurture or `to`."},
    {"qualify",
     OpKind::SalesAction,
     false,
     true,
     {},
     {},
     {},
     "Sales qualifies a lead, mql or nurture contact: sql, a handoff."},
    {"disqualify",
     OpKind::SalesAction,
     false,
     false,
     {{{"reason"}}},
     {},
     {},
     "Disqualified, from any stage."},
    {"not_ready",
     OpKind::SalesAction,
     false,
     true,
     {{{"reason"}}},
     {},
     {},
     "Sql or opportunity back to nurture."},
    {"deal_won",
     OpKind::SalesAction,
     false,
     true,
     {{{"amount", PropKind::Number}, {"products", PropKind::TextList}}},
     {},
     {},
     "An opportunity becomes a customer; `amount` and `products` feed the revenue reports."},
    {"deal_lost",
     OpKind::SalesAction,
     false,
     true,
     {{{"objection"}}},
     {},
     {},
     "An opportunity goes back to nurture; `objection` says why."},
    {"set_owner",
     OpKind::SalesAction,
     false,
     false,
     {{{"owner", PropKind::TextOrNull, true,
        "set_owner needs the owner (a name, or null to clear)"}}},
     {},
     {},
     "The contact's owner; null clears it."},
    {"set_stage",
     OpKind::SalesAction,
     false,
     false,
     {{{"stage", PropKind::Stage, true, "set_stage needs the stage to move to"}, {"reason"}}},
     {},
     {},
     "The contact moves to `stage` by hand."},
    {"consent",
     OpKind::Consent,
     false,
     false,
     {{{"email", PropKind::Choice, true, {}, {"granted", "withdrawn"}}}},
     {},
     {},
     "E-mail consent granted or withdrawn; withdrawn, no more e-mail goes out."},
    {"list_add",
     OpKind::System,
     false,
     false,
     {{{"list", PropKind::NonEmpty, true, "needs the name of the list"}}},
     {},
     {},
     "The contact joins the static list `list`."},
    {"list_remove",
     OpKind::System,
     false,
     false,
     {{{"list", PropKind::NonEmpty, true, "needs the name of the list"}}},
     {},
     {},
     "The contact leaves the static list `list`."},
    {"outbox_sent",
     OpKind::System,
     false,
     false,
     {{{"entry", PropKind::NonEmpty, true, "needs the id of the outbox entry sent"}}},
     {},
     {},
     "The outbox entry was sent: it leaves the outbox."},
}};

inline constexpr std::uint16_t kKnownOpTypes = kOpTypes.size();

// The rows' names, by id.
inline constexpr auto kOpTypeNames = [] {
  std::array<std::string_view, kOpTypes.size()> names{};
  for (std::size_t t = 0; t < kOpTypes.size(); ++t)
    names[t] = kOpTypes[t].name;
  return names;
}();

inline constexpr const OpTypeRow& op_type_row(OpType type) {
  return kOpTypes[static_cast<std::uint16_t>(type)];
}

inline constexpr std::string_view op_type_name(OpType type) {
  return op_type_row(type).name;
}

// The row named `name`, as an OpType; false when no row is.
bool find_op_type(std::string_view name, OpType& type);

// The activity rows as bits, for the replay's loop.
inline constexpr std::uint64_t kActivityBits = [] {
  static_assert(kOpTypes.size() <= 64);
  std::uint64_t bits = 0;
  for (std::size_t t = 0; t < kOpTypes.size(); ++t)
    if (kOpTypes[t].kind == OpKind::Activity) bits |= std::uint64_t{1} << t;
  return bits;
}();

inline constexpr bool is_activity(std::uint16_t type) {
  return type < kKnownOpTypes && (kActivityBits >> type & 1);
}

// The known type a CSV file's activity name stands for ("Email Opened", "page_view"), or
// nullptr. `key` is the name as header_key spells it: lower case letters and digits.
const OpTypeRow* op_type_for_csv_name(std::string_view key);

}  // namespace tandem
