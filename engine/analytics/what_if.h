// What-if: the whole history replayed under another config beside the workspace's own, as
// stage counts before and after and each contact whose stage or score differs. Nothing in the
// workspace changes.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "engine/lifecycle/lifecycle.h"

namespace tandem {

// A config to try: its JSON as given and as read.
struct TriedConfig {
  nlohmann::json node;
  Config config;
};

// The config to try, read from its JSON text; nullopt with problems (under /config) when it is
// not a JSON object or not a valid config.
std::optional<TriedConfig> read_tried_config(std::string_view config_json, Problems& problems);

// {"now", "before": {"stages"}, "after": {"stages"}, "changed", "moved", "contacts": [...]}:
// changed counts the contacts listed, moved those of them whose stage differs (each listed
// contact says whether it "moved", and has its "name" as lists show it).
// `before`: the replay under the workspace's own config at `now`.
std::string what_if_json(const Workspace& ws, const Replay& before, const TriedConfig& tried,
                         Millis now);

}  // namespace tandem
