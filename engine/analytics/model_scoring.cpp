#include "engine/analytics/model.h"

namespace tandem {

ScoredReplay replay_scored(const Workspace& ws, const Config& config, Millis now,
                           ReplayOptions options) {
  ScoredReplay out;
  if (!(config.model.points > 0)) {
    out.replay = replay(ws, config, now, options);
    return out;
  }
  // The baseline: the score without the model, the outcomes the model report defines.
  ReplayOptions baseline_options = options;
  baseline_options.keep_history = true;
  baseline_options.model_chances = nullptr;
  out.baseline = replay(ws, config, now, baseline_options);
  out.model = train_model(ws, out.baseline, model_options(config));
  if (!out.model.trained) {
    // Nothing to add: the baseline is the answer (with the history only when asked for).
    if (!options.keep_history) {
      out.baseline.history.clear();
      out.baseline.history_start.clear();
    }
    out.replay = std::move(out.baseline);
    out.baseline = Replay{};
    return out;
  }
  options.model_chances = &out.model.predicted;
  out.replay = replay(ws, config, now, options);
  out.model_scored = true;
  return out;
}

}  // namespace tandem
