// The configuration a new workspace starts with, and the new workspace itself: the one source
// of both, for the CLI's `init`, the app's empty workspace and the generators.
#pragma once

#include <string>

#include "engine/base/problems.h"

namespace tandem {

// The configuration a new workspace starts with: scoring, stages, routing, SLAs, the email
// policy and the playbook's workflows (thank-you, nurture, handoff, dark recovery, lost deals).
std::string default_config_json();

// An empty workspace document (no contacts, no ops) with the default configuration.
Outcome new_workspace_document();

}  // namespace tandem
