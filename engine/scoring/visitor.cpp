#include "engine/scoring/visitor.h"

#include <string>

#include "engine/scoring/decay.h"

namespace tandem {
namespace {

FieldView member_field(const nlohmann::json& object, std::string_view name) {
  if (!object.is_object()) return FieldView::missing();
  const auto it = object.find(std::string(name));
  return it == object.end() ? FieldView::missing() : FieldView::from_json(*it);
}

// A contact field as fit rules see it: the record's own, or one derived from its address.
FieldView contact_field(const nlohmann::json& contact, std::string_view name) {
  const auto derived = derived_field(name);
  if (derived == DerivedField::None) return member_field(contact, name);
  return derive(derived, member_field(contact, kAddressField));
}

const nlohmann::json* prop(const nlohmann::json* props, std::string_view name) {
  if (!props || !props->is_object()) return nullptr;
  const auto it = props->find(std::string(name));
  return it == props->end() ? nullptr : &*it;
}

}  // namespace

VisitorScore score_visitor(const Config& config, const nlohmann::json& contact,
                           const std::vector<VisitorOp>& ops, Millis now) {
  VisitorScore out;
  out.fit = score_fit(
      config.fit, [&](std::string_view name) { return contact_field(contact, name); },
      &out.fit_rules);

  // The replay's step over the visitor's ops: every op moves the time, activity earns.
  BehaviourScore behaviour(config);
  std::vector<std::uint32_t> rules;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const auto& op = ops[i];
    if (op.at > now) break;
    match_rules(
        config, op.type, [&](std::string_view name) { return prop(op.props, name); }, rules);
    behaviour.step(op.at, rules, [&](std::uint32_t rule, double earned) {
      out.contributions.push_back(
          {rule, i, earned, earned * decay_factor(now - op.at, config.half_life)});
    });
  }
  out.behaviour = behaviour.value_at(now);
  return out;
}

}  // namespace tandem
