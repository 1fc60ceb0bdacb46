#include "engine/identity/identity.h"

#include <numeric>

#include "engine/workspace/workspace.h"

namespace tandem {
namespace {

std::uint32_t find(std::vector<std::uint32_t>& parent, std::uint32_t k) {
  while (parent[k] != k) {
    parent[k] = parent[parent[k]];
    k = parent[k];
  }
  return k;
}

}  // namespace

Identities resolve_identities(const Workspace& ws, std::int64_t now) {
  const auto& ops = ws.ops();
  const auto& keys = ws.keys();
  Identities ids;
  ids.root.resize(keys.size());
  std::iota(ids.root.begin(), ids.root.end(), 0u);
  ids.erased.assign(keys.size(), 0);

  std::vector<std::uint32_t> erase_keys;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const auto type = static_cast<OpType>(ops.type[i]);
    if (type == OpType::Erase) {
      erase_keys.push_back(ops.contact[i]);
      continue;
    }
    if (type != OpType::Identify && type != OpType::Merge) continue;
    if (ops.at[i] > now) continue;
    const auto* other = ws.prop(i, type == OpType::Identify ? "visitor" : "from");
    if (!other || !other->is_string()) continue;
    const auto other_key = keys.find(other->get_ref<const std::string&>());
    if (!other_key) continue;
    const auto survivor = find(ids.root, ops.contact[i]);
    const auto joining = find(ids.root, *other_key);
    if (survivor == joining) continue;
    // A named contact always survives a visitor id.
    if (Workspace::is_visitor_key(keys[survivor]) && !Workspace::is_visitor_key(keys[joining]))
      ids.root[survivor] = joining;
    else
      ids.root[joining] = survivor;
  }
  std::vector<std::uint32_t> resolved(ids.root.size());
  for (std::uint32_t k = 0; k < resolved.size(); ++k)
    resolved[k] = find(ids.root, k);
  ids.root = std::move(resolved);
  for (auto k : erase_keys)
    ids.erased[ids.root[k]] = 1;
  for (std::uint32_t k = 0; k < ids.root.size(); ++k)
    if (ids.erased[ids.root[k]]) ids.erased[k] = 1;
  return ids;
}

}  // namespace tandem
