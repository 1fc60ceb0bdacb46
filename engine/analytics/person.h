// One person as a contact view shows them: the id's own record and every op of every id
// joined to them (identity resolved as of a time), as the document writes them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/workspace/workspace.h"

namespace tandem {

// {"record": the id's own record or null, "name": as lists name them (display_name), "ops":
// [...] in (at, id) order}; nullopt when the
// workspace knows no contact or visitor `contact_id` as of `now` (or it was erased).
std::optional<std::string> person_json(const Workspace& ws, std::string_view contact_id,
                                       Millis now);

}  // namespace tandem
