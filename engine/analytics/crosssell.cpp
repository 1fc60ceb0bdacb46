// Cross-sell: for a customer, the products bought by the customers most like them. Likeness
// is the overlap of what they bought (Jaccard) plus a little for each shared industry,
// country or size band; the ten nearest vote with their likeness.
#include <algorithm>
#include <map>
#include <set>

#include "engine/analytics/analytics.h"
#include "engine/analytics/people.h"

namespace tandem {

namespace {

constexpr std::size_t kNeighbours = 10;

std::set<std::string> products_of(const Workspace& ws, const Replay& replay, std::size_t p) {
  std::set<std::string> out;
  const auto won = static_cast<std::uint16_t>(OpType::DealWon);
  for (auto j = replay.op_start[p]; j < replay.op_start[p + 1]; ++j) {
    const auto op = replay.ops[j];
    if (ws.ops().at[op] > replay.now) break;
    if (ws.ops().type[op] != won) continue;
    const auto* list = ws.prop(op, "products");
    if (list && list->is_array())
      for (const auto& v : *list)
        if (v.is_string()) out.insert(v.get<std::string>());
  }
  return out;
}

std::string trait(const Workspace& ws, const Replay& replay, std::size_t p, const char* field) {
  const auto v = person_field(ws, replay, p, field);
  if (v.kind == FieldView::Kind::String) return ascii_lower(v.text);
  if (v.kind == FieldView::Kind::Number) return std::to_string(static_cast<long long>(v.number));
  return "";
}

}  // namespace

ordered_json crosssell_report(const Workspace& ws, const Replay& replay,
                              const ReportOptions& options) {
  struct Customer {
    std::size_t person;
    std::set<std::string> products;
    std::string industry, country;
  };
  std::vector<Customer> customers;
  for (std::size_t p = 0; p < replay.contacts.size(); ++p) {
    if (!replay.contacts[p].exists || !reached(replay, p, Stage::Customer)) continue;
    customers.push_back({p, products_of(ws, replay, p), trait(ws, replay, p, "industry"),
                         trait(ws, replay, p, "country")});
  }
  ordered_json rows = ordered_json::array();
  for (const auto& me : customers) {
    const std::string& id = ws.keys()[replay.contacts[me.person].key];
    if (!options.contact.empty() && id != options.contact) continue;
    std::vector<std::pair<double, std::size_t>> near;
    for (std::size_t i = 0; i < customers.size(); ++i) {
      const auto& other = customers[i];
      if (other.person == me.person) continue;
      std::size_t both = 0;
      for (const auto& product : other.products)
        both += me.products.count(product);
      const std::size_t either = me.products.size() + other.products.size() - both;
      double likeness = either ? static_cast<double>(both) / static_cast<double>(either) : 0;
      if (!me.industry.empty() && me.industry == other.industry) likeness += 0.1;
      if (!me.country.empty() && me.country == other.country) likeness += 0.05;
      if (likeness > 0) near.push_back({likeness, i});
    }
    std::stable_sort(near.begin(), near.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    if (near.size() > kNeighbours) near.resize(kNeighbours);
    std::map<std::string, double> votes;
    for (const auto& [likeness, i] : near)
      for (const auto& product : customers[i].products)
        if (!me.products.count(product)) votes[product] += likeness;
    std::vector<std::pair<std::string, double>> ranked(votes.begin(), votes.end());
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    ordered_json suggestions = ordered_json::array();
    for (const auto& [product, weight] : ranked)
      suggestions.push_back({{"product", product}, {"weight", round4(weight)}});
    rows.push_back({{"id", id},
                    {"owns", me.products},
                    {"neighbours", near.size()},
                    {"suggestions", suggestions}});
  }
  return {{"now", format_iso8601(replay.now)}, {"customers", rows}};
}

}  // namespace tandem
