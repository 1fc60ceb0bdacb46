#include "engine/scoring/scoring.h"

#include <algorithm>
#include <cmath>

namespace tandem {

BehaviourMatcher::BehaviourMatcher(const Workspace& ws, const Config& config, std::size_t shapes)
    : ws_(ws), config_(config), first_(shapes, kNone), count_(shapes, 0) {
  const auto& rules = config.behaviour;
  by_type_.resize(ws.types().size());
  for (std::uint32_t r = 0; r < rules.size(); ++r)
    if (auto type = ws.types().find(rules[r].on)) by_type_[*type].push_back(r);
}

void BehaviourMatcher::match(std::uint32_t shape, std::size_t op) const {
  first_[shape] = static_cast<std::uint32_t>(found_.size());
  for (auto r : by_type_[ws_.ops().type[op]]) {
    const auto& where = config_.behaviour[r].where;
    if (where && !holds(*where, [&](std::string_view name) {
          const auto* value = ws_.prop(op, name);
          return value ? FieldView::from_json(*value) : FieldView::missing();
        }))
      continue;
    found_.push_back(r);
  }
  count_[shape] = static_cast<std::uint32_t>(found_.size()) - first_[shape];
}

void CapLedger::clear() {
  for (auto rule : used_)
    earned_[rule].clear();
  used_.clear();
}

namespace {

void collect_fields(const Condition& c, const Workspace& ws,
                    std::vector<std::pair<const char*, Workspace::FieldRef>>& refs) {
  if (c.kind == Condition::Kind::All || c.kind == Condition::Kind::Any ||
      c.kind == Condition::Kind::Not) {
    for (const auto& child : c.children)
      collect_fields(child, ws, refs);
    return;
  }
  refs.emplace_back(c.field.data(), ws.field_ref(c.field));
}

}  // namespace

FitScorer::FitScorer(const Workspace& ws, const Config& config) : ws_(ws), config_(config) {
  for (const auto& rule : config.fit)
    collect_fields(rule.when, ws, refs_);
}

double FitScorer::score(std::span<const std::uint32_t> rows, std::vector<FitHit>* hits) const {
  const auto lookup = [&](std::string_view name) {
    const auto known = std::find_if(refs_.begin(), refs_.end(),
                                    [&](const auto& entry) { return entry.first == name.data(); });
    const auto ref = known != refs_.end() ? known->second : ws_.field_ref(name);
    for (auto row : rows) {
      const auto value = ws_.field(row, ref);
      if (value.kind != FieldView::Kind::Missing) return value;
    }
    return FieldView::missing();
  };
  double total = 0;
  const auto& rules = config_.fit;
  for (std::uint32_t r = 0; r < rules.size(); ++r) {
    if (!holds(rules[r].when, lookup)) continue;
    total += rules[r].points;
    if (hits) hits->push_back({r, rules[r].points});
  }
  return total;
}

}  // namespace tandem
