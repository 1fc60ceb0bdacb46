#include "engine/analytics/model.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "engine/analytics/people.h"

namespace tandem {

namespace {

// Fields that name a person rather than describe them.
const std::set<std::string> kIdentityFields = {
    "id",    "email",  "name",    "first_name",   "last_name",     "full_name",
    "phone", "mobile", "created", "email_domain", "email_personal"};

// A field's most frequent categories that get a column each; the rest share "(other)", so
// the design (and the Newton step, quadratic in it) stays small on any data.
constexpr std::size_t kMaxLevels = 50;

double sigmoid(double z) {
  z = std::clamp(z, -35.0, 35.0);
  return 1.0 / (1.0 + std::exp(-z));
}

std::string level_of(const FieldView& v) {
  switch (v.kind) {
    case FieldView::Kind::Bool:
      return v.boolean ? "true" : "false";
    case FieldView::Kind::Number:
      return nlohmann::json(v.number).dump();
    case FieldView::Kind::String: {
      // Trimmed and lower-cased: "Google" and "google " are one source.
      std::string_view t = v.text;
      while (!t.empty() && t.front() == ' ')
        t.remove_prefix(1);
      while (!t.empty() && t.back() == ' ')
        t.remove_suffix(1);
      return ascii_lower(t);
    }
    default:
      return "";
  }
}

bool is_missing(const FieldView& v) {
  return v.kind == FieldView::Kind::Missing || v.kind == FieldView::Kind::Null ||
         v.kind == FieldView::Kind::Other ||
         (v.kind == FieldView::Kind::String && level_of(v).empty());
}

// One input column of the design: how a person's value becomes numbers.
struct Encoder {
  enum class Kind { Number, Category, Activity } kind;
  std::string field;       // Number, Category
  std::uint16_t type = 0;  // Activity
  double mean = 0, sd = 1;
  std::size_t column = 0;                     // first design column
  std::size_t missing_column = 0;             // Number with missing values: indicator; 0: none
  std::map<std::string, std::size_t> levels;  // Category
  std::size_t other_column = 0;               // Category: pooled rare levels
};

// Solves A x = b for symmetric positive definite A (n x n, row-major) by Cholesky.
bool solve_spd(std::vector<double> a, std::vector<double> b, std::size_t n,
               std::vector<double>& x) {
  for (std::size_t j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (std::size_t k = 0; k < j; ++k)
      d -= a[j * n + k] * a[j * n + k];
    if (!(d > 0)) return false;
    d = std::sqrt(d);
    a[j * n + j] = d;
    for (std::size_t i = j + 1; i < n; ++i) {
      double s = a[i * n + j];
      for (std::size_t k = 0; k < j; ++k)
        s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / d;
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    double s = b[i];
    for (std::size_t k = 0; k < i; ++k)
      s -= a[i * n + k] * b[k];
    b[i] = s / a[i * n + i];
  }
  for (std::size_t i = n; i-- > 0;) {
    double s = b[i];
    for (std::size_t k = i + 1; k < n; ++k)
      s -= a[k * n + i] * b[k];
    b[i] = s / a[i * n + i];
  }
  x = std::move(b);
  return true;
}

}  // namespace

ModelOptions model_options(const Config& config, const ReportOptions& options) {
  ModelOptions out;
  out.exclude = options.exclude.empty() ? config.model.exclude : options.exclude;
  out.l2 = config.model.l2;
  out.holdout = config.model.holdout;
  out.seed = config.model.seed ? *config.model.seed : config.seed;
  out.min_level_count = config.model.min_level_count;
  return out;
}

TrainedModel train_model(const Workspace& ws, const Replay& replay, const ModelOptions& options) {
  TrainedModel model;
  const std::size_t people = replay.contacts.size();
  model.predicted.assign(people, -1);

  // Who is decided, and which of them are held out.
  std::vector<PersonResult> results(people);
  std::vector<std::uint8_t> held(people, 0);
  std::vector<std::size_t> train, test;
  for (std::size_t p = 0; p < people; ++p) {
    if (!replay.contacts[p].exists) continue;
    results[p] = person_result(replay, p);
    if (results[p].result == Result::Open) continue;
    (results[p].result == Result::Won ? model.won : model.lost) += 1;
    const auto h = stable_hash(options.seed + "/" + ws.keys()[replay.contacts[p].key]);
    held[p] = static_cast<double>(h % 10000) < options.holdout * 10000;
    (held[p] ? test : train).push_back(p);
  }
  model.training = static_cast<long long>(train.size());
  model.holdout = static_cast<long long>(test.size());

  // Activity counts: before the outcome was known (after it they would give it away).
  std::vector<std::vector<double>> activity(kKnownOpTypes);
  auto count_activity = [&](std::size_t p, std::uint16_t type) {
    const bool decided = results[p].result != Result::Open;
    const Millis until = decided ? results[p].at : replay.now;
    double n = 0;
    for (auto j = replay.op_start[p]; j < replay.op_start[p + 1]; ++j) {
      const auto op = replay.ops[j];
      const Millis t = ws.ops().at[op];
      if (decided ? until != kNoTime && t >= until : t > until) break;
      n += ws.ops().type[op] == type;
    }
    return n;
  };

  // The encoders, from the training people only.
  std::set<std::string> excluded(options.exclude.begin(), options.exclude.end());
  std::vector<Encoder> encoders;
  std::size_t columns = 1;  // column 0: the intercept
  for (std::size_t f = 0; f < ws.fields().size(); ++f) {
    const std::string& name = ws.fields()[static_cast<std::uint32_t>(f)];
    if (kIdentityFields.count(name)) {
      model.excluded.push_back({name, "identifies the person"});
      continue;
    }
    if (excluded.count(name)) {
      model.excluded.push_back({name, "marked as leaking the outcome"});
      continue;
    }
    bool numeric = true, any = false, whole = true;
    long long missing = 0;
    std::map<std::string, long long> level_counts;
    double sum = 0, sum_sq = 0, n = 0;
    for (auto p : train) {
      const auto v = person_field(ws, replay, p, name);
      if (is_missing(v)) {
        ++missing;
        continue;
      }
      any = true;
      ++level_counts[level_of(v)];
      if (v.kind != FieldView::Kind::Number) {
        numeric = false;
      } else {
        whole = whole && v.number == std::floor(v.number);
        sum += v.number;
        sum_sq += v.number * v.number;
        n += 1;
      }
    }
    if (!any) continue;
    const auto present = static_cast<long long>(train.size()) - missing;
    if ((whole || !numeric) && present >= 20 &&
        static_cast<long long>(level_counts.size()) == present) {
      model.excluded.push_back({name, "a different value for everyone: an identifier"});
      continue;
    }
    Encoder e;
    e.field = name;
    e.column = columns;
    if (numeric) {
      e.kind = Encoder::Kind::Number;
      e.mean = sum / n;
      const double var = sum_sq / n - e.mean * e.mean;
      e.sd = var > 1e-12 ? std::sqrt(var) : 1;
      columns += 1;
      if (missing > 0) e.missing_column = columns++;
      model.feature_names.push_back(name);
      if (e.missing_column) model.feature_names.push_back(name + "=(missing)");
    } else {
      e.kind = Encoder::Kind::Category;
      // The most frequent levels, at most kMaxLevels, keep their own column.
      std::vector<std::pair<std::string, long long>> ranked(level_counts.begin(),
                                                            level_counts.end());
      std::stable_sort(ranked.begin(), ranked.end(),
                       [](const auto& a, const auto& b) { return a.second > b.second; });
      bool pooled = false;
      for (std::size_t i = 0; i < ranked.size(); ++i) {
        if (ranked[i].second < options.min_level_count || i >= kMaxLevels) {
          pooled = true;
          continue;
        }
        e.levels[ranked[i].first] = 0;
      }
      for (auto& [level, column] : e.levels) {
        column = columns++;
        model.feature_names.push_back(name + "=" + level);
      }
      if (pooled) {
        e.other_column = columns++;
        model.feature_names.push_back(name + "=(other)");
      }
      e.missing_column = columns++;
      model.feature_names.push_back(name + "=(missing)");
    }
    encoders.push_back(std::move(e));
  }
  // Activity counts per type; the counts of everyone are needed for predictions too.
  for (std::uint16_t t = 0; t < kKnownOpTypes; ++t) {
    if (!is_activity(t)) continue;
    bool seen = false;
    for (std::size_t o = 0; o < ws.ops().size() && !seen; ++o)
      seen = ws.ops().type[o] == t;
    if (!seen) continue;
    activity[t].assign(people, 0);
    for (std::size_t p = 0; p < people; ++p)
      if (replay.contacts[p].exists) activity[t][p] = count_activity(p, t);
    double sum = 0, sum_sq = 0;
    for (auto p : train) {
      sum += activity[t][p];
      sum_sq += activity[t][p] * activity[t][p];
    }
    const double n = std::max<double>(1, static_cast<double>(train.size()));
    Encoder e;
    e.kind = Encoder::Kind::Activity;
    e.type = t;
    e.mean = sum / n;
    const double var = sum_sq / n - e.mean * e.mean;
    e.sd = var > 1e-12 ? std::sqrt(var) : 1;
    e.column = columns++;
    model.feature_names.push_back(std::string(kOpTypeNames[t]) + " count");
    encoders.push_back(std::move(e));
  }

  auto encode = [&](std::size_t p, std::vector<double>& x) {
    x.assign(columns, 0);
    x[0] = 1;
    for (const auto& e : encoders) {
      if (e.kind == Encoder::Kind::Activity) {
        x[e.column] = (activity[e.type][p] - e.mean) / e.sd;
        continue;
      }
      const auto v = person_field(ws, replay, p, e.field);
      if (is_missing(v)) {
        x[e.missing_column] = 1;
      } else if (e.kind == Encoder::Kind::Number) {
        x[e.column] = v.kind == FieldView::Kind::Number ? (v.number - e.mean) / e.sd : 0;
      } else if (auto it = e.levels.find(level_of(v)); it != e.levels.end()) {
        x[it->second] = 1;
      } else if (e.other_column) {
        x[e.other_column] = 1;
      }
    }
  };

  if (train.empty() || test.empty()) {
    model.why = "too few decided contacts (won or lost) to train and hold out";
    return model;
  }
  long long train_won = 0;
  for (auto p : train)
    train_won += results[p].result == Result::Won;
  if (train_won == 0 || train_won == static_cast<long long>(train.size())) {
    model.why = "the training set needs both won and lost contacts";
    return model;
  }

  // The design matrix of the training set, row-major.
  const std::size_t d = columns;
  std::vector<double> design(train.size() * d), y(train.size());
  std::vector<double> x;
  for (std::size_t i = 0; i < train.size(); ++i) {
    encode(train[i], x);
    std::copy(x.begin(), x.end(), design.begin() + static_cast<std::ptrdiff_t>(i * d));
    y[i] = results[train[i]].result == Result::Won;
  }

  // Newton's method on the penalised log-likelihood.
  std::vector<double> w(d, 0), hessian(d * d), gradient(d), step;
  for (model.iterations = 1; model.iterations <= 50; ++model.iterations) {
    std::fill(hessian.begin(), hessian.end(), 0.0);
    std::fill(gradient.begin(), gradient.end(), 0.0);
    for (std::size_t i = 0; i < train.size(); ++i) {
      const double* row = &design[i * d];
      double z = 0;
      for (std::size_t k = 0; k < d; ++k)
        z += row[k] * w[k];
      const double prob = sigmoid(z);
      const double weight = prob * (1 - prob);
      const double residual = y[i] - prob;
      for (std::size_t a = 0; a < d; ++a) {
        if (row[a] == 0) continue;
        gradient[a] += row[a] * residual;
        const double wa = weight * row[a];
        for (std::size_t b = 0; b <= a; ++b)
          hessian[a * d + b] += wa * row[b];
      }
    }
    for (std::size_t a = 0; a < d; ++a) {
      for (std::size_t b = 0; b < a; ++b)
        hessian[b * d + a] = hessian[a * d + b];
      const double penalty = a == 0 ? 1e-9 : options.l2 + 1e-9;
      hessian[a * d + a] += penalty;
      if (a > 0) gradient[a] -= options.l2 * w[a];
    }
    if (!solve_spd(hessian, gradient, d, step)) {
      model.why = "the fit did not converge (the features are degenerate)";
      return model;
    }
    double largest = 0;
    for (std::size_t k = 0; k < d; ++k) {
      w[k] += step[k];
      largest = std::max(largest, std::abs(step[k]));
    }
    if (largest < 1e-8) break;
  }
  model.iterations = std::min(model.iterations, 50);
  model.trained = true;
  model.intercept = w[0];
  model.weights.assign(w.begin() + 1, w.end());

  for (std::size_t p = 0; p < people; ++p) {
    if (!replay.contacts[p].exists) continue;
    encode(p, x);
    double z = 0;
    for (std::size_t k = 0; k < d; ++k)
      z += x[k] * w[k];
    model.predicted[p] = sigmoid(z);
  }

  auto scores_of = [&](const std::vector<std::size_t>& set, std::vector<double>& s,
                       std::vector<std::uint8_t>& won) {
    s.clear();
    won.clear();
    for (auto p : set) {
      s.push_back(model.predicted[p]);
      won.push_back(results[p].result == Result::Won);
    }
  };
  std::vector<double> s;
  std::vector<std::uint8_t> won;
  scores_of(train, s, won);
  model.auc_training = area_under_curve(s, won);
  // The cutoff: the one that best balances sensitivity and specificity on the training set.
  {
    std::vector<std::size_t> order(s.size());
    for (std::size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return s[a] > s[b]; });
    double pos = 0, neg = 0;
    for (auto v : won)
      (v ? pos : neg) += 1;
    double tp = 0, fp = 0, best = -1;
    for (std::size_t i = 0; i < order.size();) {
      const double threshold = s[order[i]];
      for (; i < order.size() && s[order[i]] == threshold; ++i)
        (won[order[i]] ? tp : fp) += 1;
      const double j = tp / pos - fp / neg;
      if (j > best) {
        best = j;
        model.cutoff = threshold;
      }
    }
  }
  scores_of(test, s, won);
  model.auc_holdout = area_under_curve(s, won);
  double tp = 0, tn = 0, fp = 0, fn = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool yes = s[i] >= model.cutoff;
    if (won[i])
      (yes ? tp : fn) += 1;
    else
      (yes ? fp : tn) += 1;
  }
  model.accuracy = (tp + tn) / static_cast<double>(s.size());
  model.sensitivity = tp + fn > 0 ? tp / (tp + fn) : 0;
  model.specificity = tn + fp > 0 ? tn / (tn + fp) : 0;
  return model;
}

ordered_json model_report(const TrainedModel& model) {
  ordered_json excluded = ordered_json::array();
  for (const auto& [field, why] : model.excluded)
    excluded.push_back({{"field", field}, {"why", why}});
  auto or_null = [&](double v) {
    return model.trained ? ordered_json(round4(v)) : ordered_json(nullptr);
  };
  ordered_json features = ordered_json::array();
  if (model.trained) {
    std::vector<std::size_t> order(model.weights.size());
    for (std::size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
      return std::abs(model.weights[a]) > std::abs(model.weights[b]);
    });
    for (auto i : order)
      features.push_back({{"name", model.feature_names[i]}, {"weight", round4(model.weights[i])}});
  }
  ordered_json out = {{"trained", model.trained}};
  if (!model.trained) out["why"] = model.why;
  out.update(ordered_json{{"won", model.won},
                          {"lost", model.lost},
                          {"training", model.training},
                          {"holdout", model.holdout},
                          {"auc_training", or_null(model.auc_training)},
                          {"auc_holdout", or_null(model.auc_holdout)},
                          {"accuracy", or_null(model.accuracy)},
                          {"sensitivity", or_null(model.sensitivity)},
                          {"specificity", or_null(model.specificity)},
                          {"cutoff", or_null(model.cutoff)},
                          {"iterations", model.iterations},
                          {"intercept", or_null(model.intercept)},
                          {"excluded", excluded},
                          {"features", features}});
  return out;
}

ordered_json predictions_report(const Workspace& ws, const Replay& replay,
                                const TrainedModel& model) {
  ordered_json rows = ordered_json::array();
  for (std::size_t p = 0; p < replay.contacts.size(); ++p) {
    const auto& c = replay.contacts[p];
    if (!c.exists) continue;
    const auto r = person_result(replay, p);
    rows.push_back(
        {{"id", ws.keys()[c.key]},
         {"stage", stage_name(c.stage)},
         {"score", round4(c.score())},
         {"predicted", model.trained ? ordered_json(round4(model.predicted[p])) : nullptr},
         {"result", r.result == Result::Won    ? "won"
                    : r.result == Result::Lost ? "lost"
                                               : "open"}});
  }
  return {{"now", format_iso8601(replay.now)},
          {"trained", model.trained},
          {"cutoff", model.trained ? ordered_json(round4(model.cutoff)) : nullptr},
          {"contacts", rows}};
}

}  // namespace tandem
