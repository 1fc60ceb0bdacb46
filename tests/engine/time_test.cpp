#include <gtest/gtest.h>

#include "engine/base/time.h"

namespace tandem {
namespace {

TEST(Time, ParsesUtcAndKeepsMilliseconds) {
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_iso8601("1970-01-02T00:00:01.250Z"), kMillisPerDay + 1250);
  EXPECT_EQ(parse_iso8601("2026-03-01T09:30:00Z"), parse_iso8601("2026-03-01T10:30:00+01:00"));
}

TEST(Time, RefusesWhatIsNotAnIsoTime) {
  for (const char* bad :
       {"yesterday", "2026-02-30T00:00:00Z", "2026-03-01T09:30:00", "2026-03-01 09:30:00Z",
        "2026-03-01T24:00:00Z", "2026-03-01T09:30:00Zjunk", ""})
    EXPECT_FALSE(parse_iso8601(bad)) << bad;
}

TEST(Time, FormatsRoundTrip) {
  for (const char* text :
       {"2026-03-01T09:30:00Z", "1999-12-31T23:59:59.999Z", "1969-07-20T20:17:40Z"})
    EXPECT_EQ(format_iso8601(*parse_iso8601(text)), text);
}

}  // namespace
}  // namespace tandem
