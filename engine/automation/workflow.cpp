#include "engine/automation/workflow.h"

#include <string>

namespace tandem {
namespace {

std::uint64_t mix(std::uint64_t h, std::string_view text) {
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;  // FNV-1a
  }
  h ^= 0xff;  // a separator, so ("ab","c") and ("a","bc") differ
  h *= 0x100000001b3ULL;
  return h;
}

}  // namespace

Millis draw_wait(Millis min, Millis max, std::string_view seed, std::string_view contact,
                 std::string_view workflow, std::uint32_t enrolment, std::uint32_t step,
                 std::uint32_t iteration) {
  if (max <= min) return min;
  std::uint64_t h = 0xcbf29ce484222325ULL;
  h = mix(h, seed);
  h = mix(h, contact);
  h = mix(h, workflow);
  h = mix(h,
          std::to_string(enrolment) + "/" + std::to_string(step) + "/" + std::to_string(iteration));
  // splitmix64 finaliser: spreads the FNV bits evenly
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  const auto minutes = static_cast<std::uint64_t>((max - min) / kMillisPerMinute);
  return min + static_cast<Millis>(h % (minutes + 1)) * kMillisPerMinute;
}

}  // namespace tandem
