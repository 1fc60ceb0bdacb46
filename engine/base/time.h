// Times in the workspace: ISO-8601 UTC text at the boundary, milliseconds since the Unix epoch
// inside. The engine has no clock: every "now" is handed in.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace tandem {

using Millis = std::int64_t;

constexpr Millis kMillisPerMinute = 60'000;
constexpr Millis kMillisPerHour = 3'600'000;
constexpr Millis kMillisPerDay = 86'400'000;

// No time: an event that has not happened.
constexpr Millis kNoTime = std::numeric_limits<Millis>::min();

// Parses "2026-03-01T09:30:00Z", with optional fraction (milliseconds kept) and a "Z" or
// "+HH:MM" offset. Anything else, or an impossible date, gives nullopt.
std::optional<Millis> parse_iso8601(std::string_view text);

// "2026-03-01T09:30:00Z", or "2026-03-01T09:30:00.250Z" when there are milliseconds.
std::string format_iso8601(Millis at);

}  // namespace tandem
