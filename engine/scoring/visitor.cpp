#include "engine/scoring/visitor.h"

#include <string>

#include "engine/scoring/decay.h"

namespace tandem {
namespace {

// A contact field as fit rules see it, with email_domain and email_personal derived as the
// workspace derives them.
FieldView contact_field(const nlohmann::json& contact, std::string_view name) {
  if (!contact.is_object()) return FieldView::missing();
  if (name == "email_domain" || name == "email_personal") {
    const auto email = contact_field(contact, "email");
    if (email.kind != FieldView::Kind::String) return FieldView::missing();
    const auto domain = email_domain(email.text);
    if (name == "email_domain")
      return domain.empty() ? FieldView::missing() : FieldView::of_text(domain);
    return FieldView::of_bool(is_personal_email_domain(ascii_lower(domain)));
  }
  const auto it = contact.find(std::string(name));
  return it == contact.end() ? FieldView::missing() : FieldView::from_json(*it);
}

FieldView prop_field(const nlohmann::json* props, std::string_view name) {
  if (!props || !props->is_object()) return FieldView::missing();
  const auto it = props->find(std::string(name));
  return it == props->end() ? FieldView::missing() : FieldView::from_json(*it);
}

}  // namespace

VisitorScore score_visitor(const Config& config, const nlohmann::json& contact,
                           const std::vector<VisitorOp>& ops, Millis now) {
  VisitorScore out;
  for (std::uint32_t r = 0; r < config.fit.size(); ++r) {
    const auto& rule = config.fit[r];
    if (!holds(rule.when, [&](std::string_view f) { return contact_field(contact, f); })) continue;
    out.fit += rule.points;
    out.fit_rules.push_back({r, rule.points});
  }

  CapLedger caps(config.behaviour.size());
  DecayingSum behaviour(config.half_life);
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const auto& op = ops[i];
    if (op.at > now) break;
    for (std::uint32_t r = 0; r < config.behaviour.size(); ++r) {
      const auto& rule = config.behaviour[r];
      if (rule.on != op.type) continue;
      if (rule.where &&
          !holds(*rule.where, [&](std::string_view name) { return prop_field(op.props, name); }))
        continue;
      const double earned = caps.grant(r, rule, op.at, rule.points);
      if (earned == 0) continue;
      behaviour.add(op.at, earned);
      out.contributions.push_back(
          {r, i, earned, earned * decay_factor(now - op.at, config.half_life)});
    }
  }
  out.behaviour = behaviour.value_at(now);
  return out;
}

}  // namespace tandem
