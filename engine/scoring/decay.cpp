#include "engine/scoring/decay.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace tandem {
namespace {

constexpr double kLn2 = 0.69314718055994530942;

// e^y by its series, for the table below only (evaluated by the compiler).
constexpr double exp_series(double y) {
  double term = 1, sum = 1;
  for (int k = 1; k <= 24; ++k) {
    term *= y / k;
    sum += term;
  }
  return sum;
}

// 2^(j/64) for j in 0..63.
constexpr std::array<double, 64> kTwoToSixtyFourths = [] {
  std::array<double, 64> table{};
  for (int j = 0; j < 64; ++j)
    table[j] = exp_series(j / 64.0 * kLn2);
  return table;
}();

// 2^n as a double, exactly, for n in the normal range.
double two_to(std::int64_t n) {
  if (n < -1022 || n > 1023) return std::ldexp(1.0, static_cast<int>(n));
  const auto bits = static_cast<std::uint64_t>(n + 1023) << 52;
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

}  // namespace

// x = n + j/64 + r with |r| <= 1/128: 2^x = 2^n * 2^(j/64) * e^(r ln 2), the last a short
// series (|r ln 2| < 0.0055, so five terms are within an ulp).
double exp2_portable(double x) {
  if (x < -1100) return 0;
  if (x > 1100) return HUGE_VAL;
  const double k = std::floor(x * 64 + 0.5);  // floor is exact in every libm
  const auto steps = static_cast<std::int64_t>(k);
  const double y = (x - k / 64) * kLn2;
  const double p = 1 + y * (1 + y * (1.0 / 2 + y * (1.0 / 6 + y * (1.0 / 24 + y * (1.0 / 120)))));
  return kTwoToSixtyFourths[static_cast<std::size_t>(steps & 63)] * p * two_to(steps >> 6);
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

Millis DecayingSum::first_below(double offset, double line) const {
  const double gap = line - offset;  // the decaying part must fall below this
  if (half_life_ <= 0 || sum_ <= 0 || gap <= 0 || sum_ < gap) return kNever;
  // sum * 2^(-dt/h) < gap  <=>  dt > h * log2(sum / gap)
  const double dt = static_cast<double>(half_life_) * log2_portable(sum_ / gap);
  return base_ + static_cast<Millis>(std::floor(dt)) + 1;
}

}  // namespace tandem
