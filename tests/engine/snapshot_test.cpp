// Snapshots: a workspace written as bytes reads back to the same workspace (the same export,
// the same reports), and damaged, truncated or foreign bytes are refused with a reason.
#include "engine/workspace/snapshot.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "engine/analytics/report_kinds.h"
#include "tests/engine/fixture.h"

namespace tandem::testing {
namespace {

std::string numbered(const char* prefix, unsigned long n) {
  std::string out = prefix;
  out += std::to_string(n);
  return out;
}

// Everything a session answers, as text: reports, explanations and people.
std::string answers(const Session& session) {
  std::string out;
  // Every report kind, as JSON and as CSV: what the app reads from a workspace.
  for (const auto& kind : report_kinds())
    for (const char* format : {"json", "csv"}) {
      const auto report = session.report(kind.name, "", format);
      out.append(kind.name).append(":").append(report.text).append(problems_json(report.problems));
    }
  const auto* ws = session.workspace();
  for (std::uint32_t key = 0; key < ws->keys().size(); ++key) {
    const auto& id = ws->keys()[key];
    out.append(session.explain(id, "").text).append(session.person(id).text);
  }
  return out;
}

// A workspace with every kind of thing a snapshot holds: visitors joined and merged, an erased
// person, unknown op types and members, values of every kind, several replicas whose ids
// interleave, and document members Tandem does not know.
std::string generated_workspace(unsigned seed, int people, int count) {
  std::mt19937 rng(seed);
  json contacts = json::array();
  for (int c = 0; c < people; ++c) {
    json row = {{"id", numbered("c", c)}, {"email", numbered("p", c) + "@example.com"}};
    switch (rng() % 7) {
      case 0:
        row["employees"] = static_cast<int>(rng() % 5000);
        break;
      case 1:
        row["revenue"] = (rng() % 100000) / 7.0;
        break;
      case 2:
        row["partner"] = rng() % 2 == 0;
        break;
      case 3:
        row["tags"] = json::array({"a", numbered("t", rng() % 4)});
        break;
      case 4:
        row["big"] = 18446744073709551615ull;
        break;
      case 5:
        row["note"] = nullptr;
        break;
      default:
        row["industry"] = rng() % 2 ? "software" : "retail";
    }
    if (rng() % 2) row["created"] = "2026-01-0" + std::to_string(1 + rng() % 9) + "T08:00:00Z";
    contacts.push_back(row);
  }
  const char* types[] = {"page_view",      "content_download", "email_click",
                         "webinar_attend", "demo_request",     "touch",
                         "accept",         "deal_won",         "identify",
                         "merge",          "set_owner",        "custom_ping"};
  json ops = json::array();
  std::vector<int> next(3, 1);
  for (int i = 0; i < count; ++i) {
    const std::string type = types[rng() % std::size(types)];
    const int who = static_cast<int>(rng() % people);
    const int replica = static_cast<int>(rng() % 3);
    json props = json::object();
    std::string contact = numbered("c", who);
    if (type == "page_view") {
      props = {{"path", rng() % 2 ? "/pricing" : numbered("/blog/", rng() % 20)}};
      if (rng() % 3 == 0) contact = numbered("v:", who);
    }
    if (type == "touch")
      props = {{"channel", "call"}, {"outcome", rng() % 3 ? "no_response" : "responded"}};
    if (type == "deal_won") props = {{"amount", 1000 + rng() % 9000}, {"products", {"core"}}};
    if (type == "identify") props = {{"visitor", numbered("v:", rng() % people)}};
    if (type == "merge") props = {{"from", numbered("c", (who + 1) % people)}};
    if (type == "set_owner") props = {{"owner", rng() % 2 ? "ana" : "ben"}};
    char at[32];
    std::snprintf(at, sizeof at, "2026-0%d-%02dT%02d:%02d:00Z", 1 + static_cast<int>(rng() % 6),
                  1 + static_cast<int>(rng() % 28), static_cast<int>(rng() % 24),
                  static_cast<int>(rng() % 4) * 15);
    // Sequences from a replica do not rise with time: ids interleave in the log.
    const int sequence = next[replica] + static_cast<int>(rng() % 3);
    next[replica] = sequence + 1;
    auto o = op(numbered("r", replica) + ":" + std::to_string(sequence), at, type, contact, props,
                rng() % 2 ? "system" : "ana");
    if (rng() % 11 == 0) o["source"] = "import";
    ops.push_back(o);
  }
  ops.push_back(op("r0:999999", "2026-06-30T00:00:00Z", "erase", "c0"));
  json doc = json::parse(document(json::object(), contacts, ops));
  doc["notes"] = {{"owner", "growth team"}};
  return doc.dump();
}

std::vector<std::string> fixture_documents() {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(TANDEM_FIXTURES_DIR)) {
    const auto text = read_fixture(entry.path().filename().string());
    if (Session().load(text).ok()) out.push_back(text);
  }
  return out;
}

void expect_round_trip(const std::string& text, const std::string& name) {
  Session original;
  ASSERT_TRUE(original.load(text).ok()) << name;
  const std::string bytes = original.snapshot();
  Session restored;
  const auto problems = restored.load_snapshot(bytes);
  ASSERT_TRUE(problems.ok()) << name << ": " << problems_json(problems);
  EXPECT_EQ(restored.export_document(), original.export_document()) << name;
  EXPECT_EQ(restored.snapshot(), bytes) << name;
  EXPECT_EQ(answers(restored), answers(original)) << name;
}

TEST(Snapshot, EveryFixtureReadsBackToTheSameWorkspace) {
  const auto documents = fixture_documents();
  ASSERT_GE(documents.size(), 20u);
  for (std::size_t i = 0; i < documents.size(); ++i)
    expect_round_trip(documents[i], numbered("fixture ", i));
}

TEST(Snapshot, AGeneratedWorkspaceReadsBackToTheSameWorkspace) {
  for (unsigned seed = 1; seed <= 5; ++seed)
    expect_round_trip(generated_workspace(seed, 60, 1500), numbered("seed ", seed));
}

TEST(Snapshot, AnEmptyWorkspaceReadsBack) {
  const auto empty = new_workspace_document();
  ASSERT_TRUE(empty.ok());
  expect_round_trip(empty.text, "empty");
}

// Bytes an earlier build stored (in browsers, say) open in this one: snapshot-v1.bin was
// written from snapshot-v1.json by the engine of that time, and holds every op type it knew
// and one it did not.
TEST(Snapshot, ASnapshotStoredByAnEarlierBuildOpens) {
  Session stored;
  const auto problems = stored.load_snapshot(read_fixture("snapshot-v1.bin"));
  ASSERT_TRUE(problems.ok()) << problems_json(problems);
  Session loaded;
  ASSERT_TRUE(loaded.load(read_fixture("snapshot-v1.json")).ok());
  EXPECT_EQ(stored.export_document(), loaded.export_document());
  EXPECT_EQ(answers(stored), answers(loaded));
}

// A workspace read from bytes takes new ops as one read from its document does.
TEST(Snapshot, AppendsAfterReadingAsAfterLoading) {
  const auto text = generated_workspace(7, 40, 600);
  Session loaded, restored;
  ASSERT_TRUE(loaded.load(text).ok());
  ASSERT_TRUE(restored.load_snapshot(loaded.snapshot()).ok());
  const json later = json::array(
      {op("app-x:1", "2026-07-01T10:00:00Z", "accept", "c3"),
       op("app-x:2", "2026-07-01T10:00:00Z", "page_view", "c4", {{"path", "/pricing"}})});
  const json past = json::array({op("app-x:3", "2026-02-01T10:00:00Z", "touch", "c5",
                                    {{"channel", "call"}, {"outcome", "responded"}})});
  const json erase = json::array({op("app-x:4", "2026-07-02T10:00:00Z", "erase", "c6")});
  for (const json* batch : {&later, &past, &erase}) {
    EXPECT_EQ(problems_json(restored.append(batch->dump())),
              problems_json(loaded.append(batch->dump())));
    EXPECT_EQ(restored.export_document(), loaded.export_document());
  }
  EXPECT_EQ(answers(restored), answers(loaded));
}

// The bytes hold only what the workspace still holds: an erased person's record and activity,
// though once interned, are not written.
TEST(Snapshot, AnErasedPersonsDataIsNotInTheBytes) {
  Session session;
  ASSERT_TRUE(session.load(read_fixture("scenario-erase.json")).ok());
  const auto bytes = session.snapshot();
  for (const char* gone :
       {"Lena Kovacs", "lena.kovacs@mailbox.org", "+36 1 555 0142", "sla-template"})
    EXPECT_EQ(bytes.find(gone), std::string::npos) << gone;
  for (const char* kept : {"Paul Meyer", "scoring-guide", "c2"})
    EXPECT_NE(bytes.find(kept), std::string::npos) << kept;
}

TEST(Snapshot, BytesThatAreNotASnapshotAreRefused) {
  Session session;
  for (const std::string& bytes :
       {std::string(), std::string("{\"format\": \"tandem.workspace\"}"), std::string(64, '\0')}) {
    const auto problems = session.load_snapshot(bytes);
    ASSERT_FALSE(problems.ok());
    EXPECT_NE(problems.errors[0].message.find("not a Tandem workspace snapshot"),
              std::string::npos);
  }
  EXPECT_FALSE(session.loaded());
}

TEST(Snapshot, ANewerVersionIsRefusedByName) {
  Session session;
  ASSERT_TRUE(session.load(read_fixture("minimal.json")).ok());
  std::string bytes = session.snapshot();
  bytes[8] = 2;
  Session other;
  const auto problems = other.load_snapshot(bytes);
  ASSERT_FALSE(problems.ok());
  EXPECT_NE(problems.errors[0].message.find("newer than this Tandem reads"), std::string::npos)
      << problems.errors[0].message;
  EXPECT_FALSE(other.loaded());
}

// Bad bytes change nothing: the session keeps the workspace it held.
TEST(Snapshot, EveryTruncationIsRefusedAndChangesNothing) {
  Session source;
  ASSERT_TRUE(source.load(generated_workspace(3, 8, 40)).ok());
  const std::string bytes = source.snapshot();
  Session session;
  ASSERT_TRUE(session.load(read_fixture("minimal.json")).ok());
  const auto before = session.export_document();
  for (std::size_t length = 0; length < bytes.size(); ++length) {
    const auto problems = session.load_snapshot(std::string_view(bytes).substr(0, length));
    ASSERT_FALSE(problems.ok()) << "length " << length;
    ASSERT_FALSE(problems.errors[0].message.empty());
  }
  EXPECT_EQ(session.export_document(), before);
}

TEST(Snapshot, EveryFlippedByteIsRefused) {
  Session source;
  ASSERT_TRUE(source.load(generated_workspace(4, 8, 40)).ok());
  const std::string bytes = source.snapshot();
  for (std::size_t i = 0; i < bytes.size(); ++i)
    for (const unsigned char flip : {0x01, 0x80, 0xff}) {
      std::string damaged = bytes;
      damaged[i] = static_cast<char>(damaged[i] ^ flip);
      Session session;
      ASSERT_FALSE(session.load_snapshot(damaged).ok()) << "byte " << i;
      ASSERT_FALSE(session.loaded());
    }
}

// Past the checksum (resealed after the damage), every check behind it holds: the bytes are
// refused, or they make a workspace whose export loads and answers.
TEST(Snapshot, DamageBehindAValidChecksumIsCaughtOrHarmless) {
  Session source;
  ASSERT_TRUE(source.load(generated_workspace(5, 6, 30)).ok());
  const std::string bytes = source.snapshot();
  std::size_t refused = 0;
  for (std::size_t i = 32; i < bytes.size(); ++i)
    for (const unsigned char flip : {0x01, 0x10, 0xff}) {
      std::string damaged = bytes;
      damaged[i] = static_cast<char>(damaged[i] ^ flip);
      seal_snapshot(damaged);
      Session session;
      if (!session.load_snapshot(damaged).ok()) {
        ++refused;
        continue;
      }
      Session again;
      ASSERT_TRUE(again.load(session.export_document()).ok()) << "byte " << i;
      for (const char* kind : {"stages", "contacts"})
        ASSERT_TRUE(session.report(kind, "", "json").ok()) << "byte " << i;
    }
  EXPECT_GT(refused, 0u);
}

}  // namespace
}  // namespace tandem::testing
