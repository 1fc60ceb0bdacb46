#include "engine/scoring/decay.h"

#include <cmath>

namespace tandem {
namespace {
constexpr double kLn2 = 0.69314718055994530942;
}

double exp2_portable(double x) {
  if (x < -1100) return 0;
  if (x > 1100) return HUGE_VAL;
  const double n = std::floor(x + 0.5);  // floor and ldexp are exact in every libm
  const double y = (x - n) * kLn2;       // |y| <= 0.347
  double term = 1, sum = 1;
  for (int k = 1; k <= 17; ++k) {
    term *= y / k;
    sum += term;
  }
  return std::ldexp(sum, static_cast<int>(n));
}

double log2_portable(double x) {
  int exponent = 0;
  double m = std::frexp(x, &exponent);  // x = m * 2^exponent, m in [0.5, 1)
  if (m < 0.70710678118654752440) {
    m *= 2;
    --exponent;
  }
  const double s = (m - 1) / (m + 1);  // ln m = 2 atanh s, |s| <= 0.172
  const double s2 = s * s;
  double power = s, sum = 0;
  for (int k = 1; k <= 41; k += 2) {
    sum += power / k;
    power *= s2;
  }
  return exponent + 2 * sum / kLn2;
}

double decay_factor(Millis elapsed, Millis half_life) {
  if (half_life <= 0 || elapsed == 0) return 1;  // exp2_portable(0) is exactly 1 too
  return exp2_portable(-static_cast<double>(elapsed) / static_cast<double>(half_life));
}

void DecayingSum::add(Millis at, double points) {
  sum_ = sum_ * decay_factor(at - base_, half_life_) + points;
  base_ = at;
}

void DecayingSum::reset(Millis at) {
  sum_ = 0;
  base_ = at;
}

double DecayingSum::value_at(Millis t) const {
  return sum_ * decay_factor(t - base_, half_life_);
}

Millis DecayingSum::first_below(double offset, double line) const {
  const double gap = line - offset;  // the decaying part must fall below this
  if (half_life_ <= 0 || sum_ <= 0 || gap <= 0 || sum_ < gap) return kNever;
  // sum * 2^(-dt/h) < gap  <=>  dt > h * log2(sum / gap)
  const double dt = static_cast<double>(half_life_) * log2_portable(sum_ / gap);
  return base_ + static_cast<Millis>(std::floor(dt)) + 1;
}

}  // namespace tandem
