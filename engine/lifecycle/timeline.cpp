#include "engine/lifecycle/timeline.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "engine/identity/identity.h"
#include "engine/scoring/decay.h"
#include "engine/scoring/scoring.h"

namespace tandem {
namespace {

std::shared_ptr<const Timeline> make_timeline(const Workspace& ws, Millis now) {
  const auto ids = resolve_identities(ws, now);
  const auto& o = ws.ops();
  const auto& table = ws.contacts();
  const auto erase = static_cast<std::uint16_t>(OpType::Erase);

  std::vector<std::uint8_t> present(ws.keys().size(), 0);
  for (std::size_t r = 0; r < table.size(); ++r)
    present[ids.root[table.key[r]]] = 1;
  for (std::size_t i = 0; i < o.size(); ++i)
    if (o.type[i] != erase && !ids.erased[o.contact[i]]) present[ids.root[o.contact[i]]] = 1;

  auto p = std::make_shared<Timeline>();
  p->known = ws.known_at(now);
  {
    std::vector<std::uint32_t> by_text(present.size());
    for (std::uint32_t k = 0; k < present.size(); ++k)
      by_text[ws.key_rank(k)] = k;
    for (auto k : by_text)
      if (present[k]) p->keys.push_back(k);
  }
  std::vector<std::uint32_t> person_of_root(ws.keys().size(), kNone);
  for (std::uint32_t i = 0; i < p->keys.size(); ++i)
    person_of_root[p->keys[i]] = i;
  p->person_of_key.resize(ws.keys().size());
  for (std::uint32_t k = 0; k < p->person_of_key.size(); ++k)
    p->person_of_key[k] = ids.erased[k] ? kNone : person_of_root[ids.root[k]];

  // Rows: the surviving id's own row first, then the others by id.
  std::vector<std::uint32_t> row_order(table.size());
  std::iota(row_order.begin(), row_order.end(), 0u);
  std::sort(row_order.begin(), row_order.end(), [&](auto a, auto b) {
    const bool a_root = ids.root[table.key[a]] == table.key[a],
               b_root = ids.root[table.key[b]] == table.key[b];
    if (a_root != b_root) return a_root;
    return ws.key_rank(table.key[a]) < ws.key_rank(table.key[b]);
  });
  p->row_start.assign(p->keys.size() + 1, 0);
  for (auto r : row_order)
    ++p->row_start[p->person_of_key[table.key[r]] + 1];
  std::partial_sum(p->row_start.begin(), p->row_start.end(), p->row_start.begin());
  p->rows.resize(table.size());
  {
    auto fill = p->row_start;
    for (auto r : row_order)
      p->rows[fill[p->person_of_key[table.key[r]]]++] = r;
  }

  // Whether each key is a visitor id, decided once per key rather than once per op.
  std::vector<std::uint8_t> named_key(ws.keys().size());
  for (std::uint32_t k = 0; k < named_key.size(); ++k)
    named_key[k] = !Workspace::is_visitor_key(ws.keys()[k]);

  p->op_start.assign(p->keys.size() + 1, 0);
  for (std::size_t i = 0; i < o.size(); ++i) {
    const auto person = p->person_of_key[o.contact[i]];
    if (person != kNone && o.type[i] != erase) ++p->op_start[person + 1];
  }
  std::partial_sum(p->op_start.begin(), p->op_start.end(), p->op_start.begin());
  const std::size_t n = p->op_start.back();
  p->ops.resize(n);
  p->at.resize(n);
  p->shape.resize(n);
  p->type.resize(n);
  p->named.resize(n);
  // A shape per (type, payload): nearly always one type per payload, so look there first.
  std::vector<std::uint32_t> shape_of_payload(ws.payload_count(), kNone);
  std::vector<std::uint16_t> type_of_shape;
  std::unordered_map<std::uint64_t, std::uint32_t> other_shapes;
  const auto shape_of = [&](std::uint16_t type, std::uint32_t payload) {
    auto& first = shape_of_payload[payload];
    if (first == kNone) {
      first = static_cast<std::uint32_t>(type_of_shape.size());
      type_of_shape.push_back(type);
      return first;
    }
    if (type_of_shape[first] == type) return first;
    const auto [it, added] = other_shapes.try_emplace(
        (std::uint64_t{type} << 32) | payload, static_cast<std::uint32_t>(type_of_shape.size()));
    if (added) type_of_shape.push_back(type);
    return it->second;
  };
  auto fill = p->op_start;
  for (std::uint32_t i = 0; i < o.size(); ++i) {
    const auto person = p->person_of_key[o.contact[i]];
    if (person == kNone || o.type[i] == erase) continue;
    const auto j = fill[person]++;
    p->ops[j] = i;
    p->at[j] = o.at[i];
    p->shape[j] = shape_of(o.type[i], o.payload[i]);
    p->type[j] = o.type[i];
    p->named[j] = named_key[o.contact[i]];
  }
  p->shapes = static_cast<std::uint32_t>(type_of_shape.size());
  return p;
}

}  // namespace

const std::vector<double>& Timeline::steps(Millis half_life) const {
  if (steps_half_life_ == half_life) return steps_;
  steps_.assign(at.size(), 1.0);
  for (std::size_t p = 0; p < people(); ++p)
    for (auto j = op_start[p] + 1; j < op_start[p + 1]; ++j)
      steps_[j] = decay_factor(at[j] - at[j - 1], half_life);
  steps_half_life_ = half_life;
  return steps_;
}

const std::vector<double>& Timeline::fits(const Workspace& ws, const Config& config) const {
  if (fit_rules_ && *fit_rules_ == config.fit) return fits_;
  const FitScorer scorer(ws, config);
  fits_.resize(people());
  for (std::size_t p = 0; p < people(); ++p)
    fits_[p] = scorer.score({rows.data() + row_start[p], row_start[p + 1] - row_start[p]});
  fit_rules_ = config.fit;
  return fits_;
}

// Who is who depends on the joins made by `now`, so any two times with the same ops behind
// them share one timeline.
std::shared_ptr<const Timeline> timeline(const Workspace& ws, Millis now) {
  if (auto kept = std::dynamic_pointer_cast<const Timeline>(ws.derived());
      kept && kept->known == ws.known_at(now))
    return kept;
  auto made = make_timeline(ws, now);
  ws.keep(made);
  return made;
}

}  // namespace tandem
