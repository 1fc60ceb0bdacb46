// Workflows at run time: what the replay needs of a workflow beyond its compiled program
// (engine/workspace/workflow_config.h), such as a random wait drawn the same on every machine.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/base/time.h"
#include "engine/workspace/workflow_config.h"

namespace tandem {

// A wait drawn from [min, max] for one contact, the same on every machine: whole minutes
// from a hash of the workspace seed, the contact, the workflow, the enrolment and the step.
Millis draw_wait(Millis min, Millis max, std::string_view seed, std::string_view contact,
                 std::string_view workflow, std::uint32_t enrolment, std::uint32_t step,
                 std::uint32_t iteration);

}  // namespace tandem
