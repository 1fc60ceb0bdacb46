// Who is who: a visitor id joins a contact on `identify`, a contact joins another on `merge`,
// and `erase` forgets a person with every id they had. Each key resolves to one entity, named
// by its surviving key; the union is taken in (at, id) order, so it is the same everywhere.
// Joins count from their time on (as of an earlier `now` the records stand apart); an erase
// counts always: a forgotten person is gone from every view, past ones too.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace tandem {

class Workspace;

struct Identities {
  std::vector<std::uint32_t> root;   // per key: the surviving key of its entity
  std::vector<std::uint8_t> erased;  // per key: its entity was erased
  std::uint32_t entity_of(std::uint32_t key) const { return root[key]; }
};

Identities resolve_identities(const Workspace& workspace,
                              std::int64_t now = std::numeric_limits<std::int64_t>::max());

}  // namespace tandem
