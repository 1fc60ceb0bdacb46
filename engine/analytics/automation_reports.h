// Reports of automation, routing and SLAs: the outbox (what workflows produced and every send
// they were not allowed), the handoffs to sales, and the SLA breaches of both teams. Each is
// JSON or CSV text computed from a replay.
#pragma once

#include <string>

#include "engine/lifecycle/lifecycle.h"

namespace tandem {

std::string outbox_json(const Workspace& ws, const Replay& replay);
std::string outbox_csv(const Workspace& ws, const Replay& replay);
std::string handoffs_json(const Workspace& ws, const Replay& replay);
std::string handoffs_csv(const Workspace& ws, const Replay& replay);
std::string sla_json(const Workspace& ws, const Replay& replay);
std::string sla_csv(const Workspace& ws, const Replay& replay);

}  // namespace tandem
