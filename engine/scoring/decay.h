// Decay of behaviour points, computed the same to the last bit natively and in WASM: exp2 and
// log2 are built from + - * / only (the C libraries of the two builds differ in the last ulp).
#pragma once

#include "engine/base/time.h"

namespace tandem {

double exp2_portable(double x);
double log2_portable(double x);  // x > 0

// 0.5^(elapsed / half_life); 1 when half_life is 0 (no decay).
double decay_factor(Millis elapsed, Millis half_life);

// A decaying sum of points: value(t) = sum * 0.5^((t - base) / half_life).
class DecayingSum {
 public:
  explicit DecayingSum(Millis half_life) : half_life_(half_life) {}

  void add(Millis at, double points);
  // Moves the base to `at`, the sum multiplied by `factor` (decay_factor(at - base)).
  void advance(Millis at, double factor) {
    if (sum_ != 0) sum_ *= factor;  // nothing to decay: and 0 * inf (a time before 1970) is NaN
    base_ = at;
  }
  Millis base() const { return base_; }
  Millis half_life() const { return half_life_; }
  double sum() const { return sum_; }  // the value at base()
  void reset(Millis at);
  double value_at(Millis t) const {
    if (sum_ == 0) return 0;
    return t == base_ ? sum_ : sum_ * decay_factor(t - base_, half_life_);  // factor 1 at base
  }
  // The first millisecond after the last change at which offset + value drops below `line`,
  // or kNever when it never does. Assumes offset + value_at(base) >= line.
  Millis first_below(double offset, double line) const;

  static constexpr Millis kNever = -1;

 private:
  Millis half_life_;
  Millis base_ = 0;
  double sum_ = 0;
};

}  // namespace tandem
