// The predictive model: a logistic regression with an L2 penalty, fitted by Newton's method
// (iteratively reweighted least squares) on the workspace's own outcomes, with a seeded
// hold-out to say how well it does on people it never saw. Every step runs in a fixed order,
// so the same workspace gives the same model natively and in WASM.
#pragma once

#include <string>
#include <vector>

#include "engine/analytics/analytics.h"

namespace tandem {

struct ModelOptions {
  std::vector<std::string> exclude;  // fields left out: they leak the outcome
  double l2 = 1.0;                   // penalty on every weight but the intercept
  double holdout = 0.3;              // share of decided people held out
  std::string seed;                  // picks the hold-out
  int min_level_count = 10;          // rarer categories pool into "(other)"
};

// config.model {exclude, l2, holdout, seed, min_level_count}; options.exclude, when given,
// replaces the config's list.
ModelOptions model_options(const Config& config, const ReportOptions& options = {});

struct TrainedModel {
  bool trained = false;
  std::string why;  // when not trained
  long long training = 0, holdout = 0, won = 0, lost = 0;
  double auc_training = 0, auc_holdout = 0, accuracy = 0, sensitivity = 0, specificity = 0;
  double cutoff = 0.5;
  double intercept = 0;
  std::vector<std::string> feature_names;
  std::vector<double> weights;
  std::vector<std::pair<std::string, std::string>> excluded;  // field, why
  int iterations = 0;
  // Per person (in the replay's order): the predicted chance of a win, or -1 when the
  // person is not known by `now`.
  std::vector<double> predicted;
};

TrainedModel train_model(const Workspace& ws, const Replay& replay, const ModelOptions& options);

// The model as a scoring input (config.model.points above 0). Outcomes depend on stages, which
// depend on the score, so the model learns from a baseline replay without its points; a second
// replay then adds points × each person's predicted chance to their fit. Without points (or
// with a model that could not be trained) it is one replay, the plain one.
struct ScoredReplay {
  Replay replay;              // what reports read
  bool model_scored = false;  // the model's points are in replay's scores
  Replay baseline;            // with model_scored: the replay the model learned from
  TrainedModel model;         // with model_scored: the model behind the points
};

ScoredReplay replay_scored(const Workspace& ws, const Config& config, Millis now,
                           ReplayOptions options = {});

struct ReportInput;

// The model a model or predictions report reads: the one behind the scores when they hold its
// points and the report excludes nothing else, else one trained on the replay without them.
TrainedModel report_model(const ReportInput& in);

ordered_json model_report(const TrainedModel& model);
ordered_json predictions_report(const Workspace& ws, const Replay& replay,
                                const TrainedModel& model);

}  // namespace tandem
