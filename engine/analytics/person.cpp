#include "engine/analytics/person.h"

#include <nlohmann/json.hpp>

#include "engine/analytics/people.h"
#include "engine/lifecycle/timeline.h"

namespace tandem {

std::optional<std::string> person_json(const Workspace& ws, std::string_view contact_id,
                                       Millis now) {
  const auto key = ws.keys().find(contact_id);
  const auto people = timeline(ws, now);
  const auto p = key ? people->person_of_key[*key] : kNone;
  if (p == kNone) return std::nullopt;
  const auto row = ws.row_of(*key);
  std::string out = "{\"record\": ";
  out += row >= 0 ? ws.record_json(static_cast<std::size_t>(row)) : "null";
  out += ", \"name\": " + nlohmann::json(display_name(ws, *key)).dump();
  out += ", \"ops\": [";
  for (auto j = people->op_start[p]; j < people->op_start[p + 1]; ++j) {
    if (j != people->op_start[p]) out += ", ";
    out += ws.op_json(people->ops[j]);
  }
  out += "]}";
  return out;
}

}  // namespace tandem
