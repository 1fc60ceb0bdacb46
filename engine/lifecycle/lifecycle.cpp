#include "engine/lifecycle/lifecycle.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/scoring/decay.h"

namespace tandem {
namespace {

// What a replay collects beyond each person's state: handoffs, qualifications and, with
// workflows, the automation that runs alongside.
struct Collect {
  Automation* automation = nullptr;  // null: no workflows, nothing extra per op
  std::vector<Handoff>* handoffs = nullptr;
  std::vector<Millis>* qualified = nullptr;
};

// Replays one person's history; to the workflows it runs, it is the contact they act on.
class Machine final : public Person {
 public:
  Machine(const Workspace& ws, const Config& config, const BehaviourMatcher& matcher,
          Interner& owners, Trace* trace, std::vector<IgnoredAction>* ignored,
          std::vector<StageChange>* history, Collect collect = {},
          const std::vector<double>* model_chances = nullptr)
      : collect_(collect),
        auto_(collect.automation),
        ws_(ws),
        cfg_(config),
        matcher_(matcher),
        fit_(ws, config),
        owners_(owners),
        trace_(trace),
        ignored_(ignored),
        history_(trace ? &trace->history : history),
        behaviour_(cfg_),
        model_chances_(cfg_.model.points > 0 ? model_chances : nullptr) {
    hand_raise_.assign(ws.types().size(), 0);
    for (const auto& name : cfg_.stages.hand_raise)
      if (auto t = ws.types().find(name)) hand_raise_[*t] = 1;
  }

  // fits: everyone's fit, made beforehand (not with a trace, which lists the rules that held).
  ContactState run(const Timeline& tl, std::uint32_t person, Millis now,
                   const std::vector<double>* fits = nullptr) {
    s_ = ContactState{};
    s_.key = tl.keys[person];
    person_ = person;
    rows_ = tl.rows.data() + tl.row_start[person];
    row_count_ = tl.row_start[person + 1] - tl.row_start[person];
    const std::size_t first = tl.op_start[person], end = tl.op_start[person + 1];
    handoff_ = kNone;
    routed_from_ = kNone;
    if (auto_) {
      lists_.clear();
      clock_ = kNoTime;
      auto_->begin(person, *this);
    }
    behaviour_.start();
    may_demote_ = false;
    s_.fit = fits && !trace_ ? (*fits)[person]
                             : fit_.score({rows_, row_count_}, trace_ ? &trace_->fit : nullptr);
    // The model's part: fixed for the whole history, like the fields fit rules read.
    if (model_chances_ && person < model_chances_->size() && (*model_chances_)[person] >= 0) {
      const double chance = (*model_chances_)[person];
      const double points = cfg_.model.points * chance;
      s_.fit += points;
      if (trace_) {
        trace_->model_chance = chance;
        trace_->model_points = points;
      }
    }
    last_score_ = s_.fit;

    // A person is named (a lead) from their record's creation or their first op under a
    // contact id; a visitor id alone stays a visitor.
    bool named = row_count_ > 0;
    Millis named_at = kNoTime;
    for (std::size_t r = 0; r < row_count_; ++r) {
      const Millis c = ws_.contacts().created[rows_[r]];
      if (c != kNoTime && (named_at == kNoTime || c < named_at)) named_at = c;
    }
    std::uint32_t naming_op = kNone;
    for (std::size_t j = first; j < end; ++j) {
      if (!tl.named[j]) continue;
      named = true;
      if (named_at == kNoTime || tl.at[j] < named_at) {
        named_at = tl.at[j];
        naming_op = tl.ops[j];
      }
      break;
    }
    const bool always_known = named && named_at == kNoTime;  // a record with no time at all
    bool is_named = false;
    if (always_known) {
      s_.exists = true;
      name_now(kNoTime, kNone);
    }

    // Behaviour decays op to op by the timeline's factors: no exp2 per op.
    const auto& steps = tl.steps(cfg_.half_life);
    Millis previous = kNoTime;
    for (std::size_t j = first; j < end; ++j) {
      const auto i = tl.ops[j];
      const Millis t = tl.at[j];
      if (t > now) break;
      if (auto_) run_workflows_until(t);
      s_.exists = true;
      if (named && !is_named && !always_known && named_at <= t) {
        is_named = true;
        name_now(named_at, naming_op);
      }
      // The timeline's factor when nothing moved the base since the previous op; no factor at
      // all for nothing to decay (a person's first op).
      const double factor = behaviour_.base() == previous ? steps[j]
                            : behaviour_.sum() == 0
                                ? 1.0
                                : decay_factor(t - behaviour_.base(), cfg_.half_life);
      decay_until(t, behaviour_.sum() * factor);
      behaviour_.advance(t, factor);
      previous = t;
      apply(i, t, tl.type[j], tl.shape[j]);
      settle(t, i);
      if (auto_) after_op(i, t);
    }
    if (named && !is_named && !always_known && named_at <= now) {
      s_.exists = true;
      name_now(named_at, kNone);
    }
    if (auto_) run_workflows_until(now);
    s_.behaviour = behaviour_.value_at(now);
    decay_until(now, s_.behaviour);
    return s_;
  }

  // The handoff whose routed rep owns this person at the end, or kNone.
  std::uint32_t routed_owner() const { return s_.owner == kNone ? routed_from_ : kNone; }

  // Person: what workflows see of and do to this contact.
  std::string_view id() const override { return ws_.keys()[s_.key]; }

  FieldView field(std::string_view name) const override {
    if (name == "stage") return FieldView::of_text(stage_name(s_.stage));
    if (name == "score") return FieldView::of_number(score_at(clock_));
    if (name == "fit") return FieldView::of_number(s_.fit);
    if (name == "behaviour") return FieldView::of_number(behaviour_.value_at(clock_));
    if (name == "owner")
      return s_.owner == kNone ? FieldView::missing() : FieldView::of_text(owners_[s_.owner]);
    if (name == "unsubscribed") return FieldView::of_bool(s_.unsubscribed);
    if (name == "bounced") return FieldView::of_bool(s_.bounced);
    if (name == "in_review") return FieldView::of_bool(s_.in_review);
    if (name == "unanswered_touches") return FieldView::of_number(s_.unanswered_touches);
    if (name.substr(0, 5) == "list:") return FieldView::of_bool(in_list(name.substr(5)));
    for (std::size_t r = 0; r < row_count_; ++r) {
      const auto v = ws_.field(rows_[r], name);
      if (v.kind != FieldView::Kind::Missing) return v;
    }
    return FieldView::missing();
  }

  std::optional<SkipReason> email_blocked() const override {
    if (s_.unsubscribed) return SkipReason::Unsubscribed;
    if (s_.bounced) return SkipReason::Bounced;
    if (s_.consent_withdrawn) return SkipReason::ConsentWithdrawn;
    if (in_list(cfg_.email.suppression_list)) return SkipReason::SuppressionList;
    if (owned_by_sales(s_.stage)) return SkipReason::SalesOwned;
    if (field("email").kind != FieldView::Kind::String) return SkipReason::NoAddress;
    return std::nullopt;
  }

  void set_stage(Millis at, Stage stage) override {
    if (stage == s_.stage) return;
    if (stage == Stage::Sql)
      enter_sql(at, Cause::Workflow, kNone);
    else
      change(at, stage, Cause::Workflow, kNone);
    settle(at, kNone);
  }

  void set_list(Millis at, const std::string& list, bool member) override {
    const auto id = list_names_.intern(list);
    const auto it = std::find(lists_.begin(), lists_.end(), id);
    if (member == (it != lists_.end())) return;
    if (!member) {
      lists_.erase(it);
      return;
    }
    lists_.push_back(id);
    auto_->on_list_joined(at, list);
  }

  void assign_owner(Millis, const std::string& owner) override {
    s_.owner = owners_.intern(owner);
    owner_changed();
  }

  // Outside a handoff there is no round to take a turn in: the rep is drawn from the seed.
  void route(Millis) override {
    if (handoff_ != kNone) {
      auto& h = (*collect_.handoffs)[handoff_];
      h.team = team_of_contact();
      h.routed = !h.team.empty();
      h.owner = kNone;
      s_.owner = kNone;
      if (h.routed) routed_from_ = handoff_;
      return;
    }
    const auto* reps = cfg_.routing.reps(team_of_contact());
    if (!reps || reps->empty()) return;
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : cfg_.seed + "/" + std::string(id()))
      h = (h ^ c) * 0x100000001b3ULL;
    s_.owner = owners_.intern((*reps)[h % reps->size()]);
    routed_from_ = kNone;
  }

 private:
  double score_at(Millis t) const { return s_.fit + behaviour_.value_at(t); }

  void change(Millis t, Stage to, Cause cause, std::uint32_t op) {
    if (history_)
      history_->push_back({t, s_.stage, to, cause, op, t == kNoTime ? s_.fit : score_at(t)});
    const Stage from = s_.stage;
    const bool entering_sql = to == Stage::Sql && from != Stage::Sql;
    s_.stage = to;
    s_.stage_since = t;
    if (entering_sql) s_.unanswered_touches = 0;
    if (to != Stage::Sql) s_.in_review = false;
    if (collect_.qualified && t != kNoTime &&
        ((to == Stage::Mql && from != Stage::Mql) ||
         (entering_sql && (from == Stage::Lead || from == Stage::Nurture))))
      collect_.qualified->push_back(t);
    if (entering_sql && !owned_by_sales(from)) hand_off(t, cause);
    if (handoff_ != kNone && !owned_by_sales(to)) {
      (*collect_.handoffs)[handoff_].ended = t;
      handoff_ = kNone;
    }
    if (auto_ && t != kNoTime) {
      if (t > clock_) clock_ = t;  // workflows read the score at the time of the change
      auto_->on_stage(t, from, to, cause);
    }
  }

  // Entering sql: the SLA clock starts and, with no owner yet, routing picks the team.
  void hand_off(Millis t, Cause cause) {
    if (!collect_.handoffs) return;
    Handoff h;
    h.person = person_;
    h.at = t;
    h.cause = static_cast<std::uint8_t>(cause);
    if (s_.owner != kNone) {
      h.owner = s_.owner;
      h.team = team_of_rep(owners_[s_.owner]);
    } else {
      h.team = team_of_contact();
      h.routed = !h.team.empty();
    }
    handoff_ = static_cast<std::uint32_t>(collect_.handoffs->size());
    if (h.routed) routed_from_ = handoff_;
    collect_.handoffs->push_back(std::move(h));
  }

  std::string team_of_contact() const {
    if (cfg_.routing.teams.empty()) return {};
    return route_team(cfg_.routing, [&](std::string_view name) {
      for (std::size_t r = 0; r < row_count_; ++r) {
        const auto v = ws_.field(rows_[r], name);
        if (v.kind != FieldView::Kind::Missing) return v;
      }
      return FieldView::missing();
    });
  }

  std::string team_of_rep(const std::string& rep) const {
    for (const auto& [team, reps] : cfg_.routing.teams)
      if (std::find(reps.begin(), reps.end(), rep) != reps.end()) return team;
    return {};
  }

  // A set owner wins over routing for the handoff under way.
  void owner_changed() {
    routed_from_ = kNone;
    if (handoff_ == kNone) return;
    auto& h = (*collect_.handoffs)[handoff_];
    h.routed = false;
    h.owner = s_.owner;
    h.team = s_.owner == kNone ? std::string() : team_of_rep(owners_[s_.owner]);
  }

  bool in_list(std::string_view list) const {
    if (lists_.empty()) return false;
    const auto id = list_names_.find(list);
    return id && std::find(lists_.begin(), lists_.end(), *id) != lists_.end();
  }

  // Runs, in time order, every workflow step due up to t, each at its own time.
  void run_workflows_until(Millis t) {
    for (Millis due = auto_->next_due(); due != kNoTime && due <= t; due = auto_->next_due()) {
      if (due >= clock_) clock_ = due;
      decay_until(clock_, behaviour_.value_at(clock_));
      auto_->run_due(clock_);
    }
    if (t >= clock_) clock_ = t;
  }

  void after_op(std::uint32_t i, Millis t) {
    clock_ = t;
    auto_->on_activity(t, i);
    const double score = score_at(t);
    auto_->on_score(t, last_score_, score);
    last_score_ = score;
    run_workflows_until(t);
  }

  void name_now(Millis t, std::uint32_t op) {
    change(t, Stage::Lead, Cause::Created, op);
    settle(t, kNone);
  }

  void enter_sql(Millis t, Cause cause, std::uint32_t op) {
    change(t, Stage::Sql, cause, op);
    if (!cfg_.stages.sql_requires_acceptance) change(t, Stage::Opportunity, Cause::AutoAccept, op);
  }

  void recycle(Millis t, Cause cause, std::uint32_t op) {
    change(t, Stage::Nurture, cause, op);
    if (!cfg_.stages.recycle_resets_behaviour) return;
    behaviour_.reset(t);
    if (trace_)
      for (auto& c : trace_->contributions)
        c.reset = true;
  }

  // Moves by score after anything that happened at t.
  void settle(Millis t, std::uint32_t op) {
    may_demote_ = false;
    s_.peak = std::max(s_.peak, t == kNoTime ? s_.fit : score_at(t));
    if (t == kNoTime) {  // a record with no time: only fit counts, and nothing decays
      if (s_.fit >= cfg_.stages.mql_score) change(t, Stage::Mql, Cause::Threshold, op);
      if (s_.stage == Stage::Mql && s_.fit >= cfg_.stages.sql_score)
        enter_sql(t, Cause::Threshold, op);
      return;
    }
    const double line = cfg_.stages.mql_score - cfg_.stages.hysteresis;
    if ((s_.stage == Stage::Lead || s_.stage == Stage::Nurture) &&
        score_at(t) >= cfg_.stages.mql_score)
      change(t, Stage::Mql, Cause::Threshold, op);
    if (s_.stage != Stage::Mql) return;
    const double score = score_at(t);
    s_.peak = std::max(s_.peak, score);
    if (score >= cfg_.stages.sql_score) {
      enter_sql(t, Cause::Threshold, op);
    } else if (score < line) {
      change(t, Stage::Lead, Cause::ScoreDrop, op);
    } else {
      may_demote_ = true;
    }
  }

  // An mql whose score decays below the line goes back to lead at that moment. `behaviour` is
  // the decaying part's value at t: well above the line, the exact moment is not sought.
  void decay_until(Millis t, double behaviour) {
    if (s_.stage != Stage::Mql || !may_demote_) return;
    const double line = cfg_.stages.mql_score - cfg_.stages.hysteresis;
    if (s_.fit + behaviour >= line + 1e-9 * std::max(1.0, std::fabs(line))) return;
    const Millis at = behaviour_.first_below(s_.fit, line);
    if (at == DecayingSum::kNever || at > t) return;
    change(at, Stage::Lead, Cause::Decay, kNone);
    may_demote_ = false;
  }

  void ignore(std::uint32_t op) {
    if (ignored_) ignored_->push_back({op, s_.stage});
  }

  // An action's text prop, looked up once per op shape: ops of one shape share their type and
  // payload, hence their props. `which` tells apart the (at most two) props a type reads.
  const std::string* text_prop(std::uint32_t op, std::uint32_t shape, unsigned which,
                               const char* name) {
    const std::size_t slot = 2 * std::size_t{shape} + which;
    if (slot >= props_.size()) props_.resize(slot + 1, &kNotLooked);
    if (props_[slot] == &kNotLooked) {
      const auto* v = ws_.prop(op, name);
      props_[slot] = v && v->is_string() ? &v->get_ref<const std::string&>() : nullptr;
    }
    return props_[slot];
  }

  void apply(std::uint32_t i, Millis t, std::uint16_t type_id, std::uint32_t shape) {
    if (is_activity(type_id)) score_activity(i, t, shape);
    if (type_id < hand_raise_.size() && hand_raise_[type_id] &&
        (s_.stage == Stage::Lead || s_.stage == Stage::Nurture || s_.stage == Stage::Mql)) {
      enter_sql(t, Cause::HandRaise, i);
    }
    if (type_id >= kKnownOpTypes) return;
    const Stage stage = s_.stage;
    const bool in_sales = stage == Stage::Sql || stage == Stage::Opportunity;
    switch (static_cast<OpType>(type_id)) {
      case OpType::Unsubscribe:
        s_.unsubscribed = true;
        break;
      case OpType::EmailBounce:
        s_.bounced = true;
        break;
      case OpType::Consent: {
        const auto* v = text_prop(i, shape, 0, "email");
        if (v) s_.consent_withdrawn = *v == "withdrawn";
        break;
      }
      case OpType::Touch: {
        if (handoff_ != kNone) {
          auto& h = (*collect_.handoffs)[handoff_];
          if (h.first_touch < 0) h.first_touch = t;
          if (h.at == kNoTime || t - h.at <= cfg_.sla.touches_within) ++h.touches;
        }
        if (!in_sales || s_.in_review) break;
        const auto* outcome = text_prop(i, shape, 0, "outcome");
        if (outcome && *outcome == "responded") {
          s_.unanswered_touches = 0;
        } else if (++s_.unanswered_touches >= cfg_.dark_after_touches) {
          recycle(t, Cause::Dark, i);
        }
        break;
      }
      case OpType::Accept:
        if (stage == Stage::Sql && !s_.in_review)
          change(t, Stage::Opportunity, Cause::Accept, i);
        else
          ignore(i);
        break;
      case OpType::Reject:
        if (stage == Stage::Sql && !s_.in_review) {
          change(t, Stage::Sql, Cause::Reject, i);
          s_.in_review = true;
        } else {
          ignore(i);
        }
        break;
      case OpType::Review: {
        if (stage != Stage::Sql || !s_.in_review) {
          ignore(i);
          break;
        }
        const auto* decision = text_prop(i, shape, 0, "decision");
        const auto* to = text_prop(i, shape, 1, "to");
        if (decision && *decision == "overturn") {
          change(t, Stage::Sql, Cause::Review, i);
          s_.in_review = false;
        } else if (to && *to == "disqualified") {
          change(t, Stage::Disqualified, Cause::Review, i);
        } else {
          recycle(t, Cause::Review, i);
        }
        break;
      }
      case OpType::Qualify:
        if (stage == Stage::Lead || stage == Stage::Nurture || stage == Stage::Mql)
          enter_sql(t, Cause::Qualify, i);
        else
          ignore(i);
        break;
      case OpType::Disqualify:
        if (stage != Stage::Disqualified) change(t, Stage::Disqualified, Cause::Disqualify, i);
        break;
      case OpType::NotReady:
        if (in_sales)
          recycle(t, Cause::NotReady, i);
        else
          ignore(i);
        break;
      case OpType::DealWon:
        if (stage == Stage::Opportunity)
          change(t, Stage::Customer, Cause::DealWon, i);
        else
          ignore(i);
        break;
      case OpType::DealLost:
        if (stage == Stage::Opportunity)
          recycle(t, Cause::DealLost, i);
        else
          ignore(i);
        break;
      case OpType::SetOwner: {
        const auto* owner = text_prop(i, shape, 0, "owner");
        s_.owner = owner && !owner->empty() ? owners_.intern(*owner) : kNone;
        owner_changed();
        break;
      }
      case OpType::SetStage: {
        const auto* name = text_prop(i, shape, 0, "stage");
        const auto to = name ? stage_from_name(*name) : std::nullopt;
        if (to && *to != stage) {
          if (*to == Stage::Sql) s_.unanswered_touches = 0;
          change(t, *to, Cause::SetStage, i);
        }
        break;
      }
      case OpType::ListAdd:
      case OpType::ListRemove:
        if (const auto* list = text_prop(i, shape, 0, "list"); list && auto_)
          set_list(t, *list, type_id == static_cast<std::uint16_t>(OpType::ListAdd));
        break;
      default:
        break;
    }
  }

  void score_activity(std::uint32_t i, Millis t, std::uint32_t shape) {
    behaviour_.earn(t, matcher_.rules_for(shape, i), [&](std::uint32_t r, double earned) {
      if (trace_) trace_->contributions.push_back({r, i, earned});
    });
  }

  static inline const std::string kNotLooked;
  std::vector<const std::string*> props_;  // per op shape and prop: see text_prop
  Collect collect_;
  Automation* auto_;
  std::uint32_t person_ = 0;
  const std::uint32_t* rows_ = nullptr;
  std::size_t row_count_ = 0;
  std::uint32_t handoff_ = kNone;      // the handoff under way, in collect_.handoffs
  std::uint32_t routed_from_ = kNone;  // the handoff whose round-robin turn names the owner
  Millis clock_ = kNoTime;             // the time workflows act at
  double last_score_ = 0;
  Interner list_names_;
  std::vector<std::uint32_t> lists_;  // the lists this contact is on
  const Workspace& ws_;
  const Config& cfg_;
  const BehaviourMatcher& matcher_;
  FitScorer fit_;
  Interner& owners_;
  Trace* trace_;
  std::vector<IgnoredAction>* ignored_;
  std::vector<StageChange>* history_;
  std::vector<std::uint8_t> hand_raise_;
  ContactState s_;
  BehaviourScore behaviour_;  // the scoring step's state (step.h)
  bool may_demote_ = false;   // an mql between the lines: decay may take them back to lead
  const std::vector<double>* model_chances_;
};

// Notifications and tasks addressed to "owner" go to whoever owned the contact then.
void resolve_owner_messages(Replay& out) {
  std::size_t h = 0;
  const auto& hs = out.handoffs;
  for (auto& entry : out.outbox) {
    if (entry.to != "owner") continue;
    while (h < hs.size() && hs[h].person < entry.person)
      ++h;
    std::uint32_t owner = out.contacts[entry.person].owner;
    for (std::size_t k = h; k < hs.size() && hs[k].person == entry.person; ++k)
      if (hs[k].at <= entry.due && hs[k].owner != kNone) owner = hs[k].owner;
    if (owner != kNone) entry.to = out.owners[owner];
  }
}

}  // namespace

Replay replay(const Workspace& ws, const Config& config, Millis now, ReplayOptions options) {
  Replay out;
  out.now = now;
  const auto people = timeline(ws, now);
  const auto& fits = people->fits(ws, config);
  const BehaviourMatcher matcher(ws, config, people->shapes);
  std::optional<Automation> automation;
  if (options.automation && !config.workflows.empty())
    automation.emplace(ws, config.workflows, config.email, config.seed, &out.outbox, &out.skipped);
  Collect collect{automation ? &*automation : nullptr, &out.handoffs, &out.qualified};
  Machine machine(ws, config, matcher, out.owners, nullptr, &out.ignored,
                  options.keep_history ? &out.history : nullptr, collect, options.model_chances);
  const auto count = static_cast<std::uint32_t>(people->people());
  out.contacts.reserve(count);
  if (options.keep_history) out.history_start.reserve(count + 1);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> routed;  // person, handoff
  for (std::uint32_t p = 0; p < count; ++p) {
    if (options.keep_history)
      out.history_start.push_back(static_cast<std::uint32_t>(out.history.size()));
    if (options.only && !(*options.only)[p]) {
      out.contacts.emplace_back().key = people->keys[p];
      continue;
    }
    out.contacts.push_back(machine.run(*people, p, now, &fits));
    if (const auto h = machine.routed_owner(); h != kNone) routed.emplace_back(p, h);
  }
  if (options.keep_history)
    out.history_start.push_back(static_cast<std::uint32_t>(out.history.size()));
  // Round-robin needs every handoff in time order, so owners from routing come last.
  assign_round_robin(config.routing, out.handoffs, out.owners);
  for (const auto& [p, h] : routed)
    out.contacts[p].owner = out.handoffs[h].owner;
  resolve_owner_messages(out);
  out.op_start = people->op_start;
  out.ops = people->ops;
  out.row_start = people->row_start;
  out.rows = people->rows;
  out.timeline = people;
  return out;
}

std::optional<std::pair<ContactState, Trace>> replay_contact(
    const Workspace& ws, std::string_view id, Millis now, Interner& owners,
    const std::vector<double>* model_chances) {
  const auto key = ws.keys().find(id);
  if (!key) return std::nullopt;
  const auto people = timeline(ws, now);
  const auto p = people->person_of_key[*key];
  if (p == kNone) return std::nullopt;
  const BehaviourMatcher matcher(ws, ws.config(), people->shapes);
  Trace trace;
  std::vector<OutboxEntry> outbox;
  std::vector<SkippedSend> skipped;
  std::vector<Handoff> handoffs;
  std::optional<Automation> automation;
  if (!ws.config().workflows.empty())
    automation.emplace(ws, ws.config().workflows, ws.config().email, ws.config().seed, &outbox,
                       &skipped);
  Machine machine(ws, ws.config(), matcher, owners, &trace, nullptr, nullptr,
                  Collect{automation ? &*automation : nullptr, &handoffs, nullptr}, model_chances);
  auto state = machine.run(*people, p, now);
  if (machine.routed_owner() != kNone) {  // the round-robin turn depends on everyone's handoffs
    ReplayOptions options;
    options.model_chances = model_chances;
    const auto all = replay(ws, ws.config(), now, options);
    if (all.contacts[p].owner != kNone)
      state.owner = owners.intern(all.owners[all.contacts[p].owner]);
  }
  return std::make_pair(state, std::move(trace));
}

}  // namespace tandem
