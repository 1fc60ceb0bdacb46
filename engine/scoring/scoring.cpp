#include "engine/scoring/scoring.h"

#include <algorithm>

namespace tandem {

BehaviourMatcher::BehaviourMatcher(const Workspace& ws, const Config& config, std::size_t shapes)
    : ws_(ws), config_(config), first_(shapes, kNone), count_(shapes, 0) {
  const auto& rules = config.behaviour;
  by_type_.resize(ws.types().size());
  for (std::uint32_t r = 0; r < rules.size(); ++r)
    if (auto type = ws.types().find(rules[r].on); type && earns_points(*type))
      by_type_[*type].push_back(r);
}

void BehaviourMatcher::match(std::uint32_t shape, std::size_t op) const {
  first_[shape] = static_cast<std::uint32_t>(found_.size());
  for (auto r : by_type_[ws_.ops().type[op]])
    if (passes_where(config_.behaviour[r],
                     [&](std::string_view name) { return ws_.prop(op, name); }))
      found_.push_back(r);
  count_[shape] = static_cast<std::uint32_t>(found_.size()) - first_[shape];
}

namespace {

void collect_fields(const Condition& c, const Workspace& ws, auto& reads) {
  if (c.kind == Condition::Kind::All || c.kind == Condition::Kind::Any ||
      c.kind == Condition::Kind::Not) {
    for (const auto& child : c.children)
      collect_fields(child, ws, reads);
    return;
  }
  const auto derived = derived_field(c.field);
  reads.push_back(
      {c.field.data(), derived,
       ws.field_ref(derived == DerivedField::None ? std::string_view(c.field) : kAddressField)});
}

}  // namespace

FitScorer::FitScorer(const Workspace& ws, const Config& config) : ws_(ws), config_(config) {
  for (const auto& rule : config.fit)
    collect_fields(rule.when, ws, reads_);
}

double FitScorer::score(std::span<const std::uint32_t> rows, std::vector<FitHit>* hits) const {
  return score_fit(
      config_.fit,
      [&](std::string_view name) {
        const auto known = std::find_if(reads_.begin(), reads_.end(),
                                        [&](const Read& read) { return read.name == name.data(); });
        Read read;
        if (known != reads_.end()) {
          read = *known;
        } else {
          read.derived = derived_field(name);
          read.stored = ws_.field_ref(read.derived == DerivedField::None ? name : kAddressField);
        }
        for (auto row : rows) {
          auto value = ws_.field(row, read.stored);
          if (read.derived != DerivedField::None) value = derive(read.derived, value);
          if (value.kind != FieldView::Kind::Missing) return value;
        }
        return FieldView::missing();
      },
      hits);
}

}  // namespace tandem
