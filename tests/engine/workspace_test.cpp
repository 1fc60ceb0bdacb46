#include <gtest/gtest.h>

#include "engine/workspace/workspace.h"
#include "tests/engine/fixture.h"

namespace tandem {
namespace {

using namespace tandem::testing;

const json kConfig = {{"stages", {{"mql_score", 50}, {"sql_score", 80}}}};

TEST(Workspace, ExportImportExportIsByteIdentical) {
  const auto first = load_ok(read_fixture("minimal.json")).export_document();
  const auto second = load_ok(first).export_document();
  EXPECT_EQ(first, second);
}

TEST(Workspace, UnknownFieldsSurviveReExport) {
  auto doc = json::parse(read_fixture("minimal.json"));
  doc["config"]["brand_colour"] = "#aa3300";
  doc["contacts"][0]["linkedin"] = "https://example.com/in/ana";
  doc["contacts"][0]["tags"] = json::array({"vip", 3});
  doc["ops"][0]["campaign_note"] = "spring";
  doc["accounts"] = json::array({{{"id", "a1"}, {"name", "Acme"}}});
  const auto exported = json::parse(load_ok(doc.dump()).export_document());
  EXPECT_EQ(exported["config"]["brand_colour"], "#aa3300");
  EXPECT_EQ(exported["contacts"][0]["linkedin"], "https://example.com/in/ana");
  EXPECT_EQ(exported["contacts"][0]["tags"], json::array({"vip", 3}));
  EXPECT_EQ(exported["ops"][0]["campaign_note"], "spring");
  EXPECT_EQ(exported["accounts"][0]["name"], "Acme");
}

TEST(Workspace, DerivedStateSectionIsIgnoredOnImport) {
  auto doc = json::parse(read_fixture("minimal.json"));
  doc["state"] = {{"contacts", json::array({{{"id", "c1"}, {"stage", "customer"}}})}};
  Session session;
  ASSERT_TRUE(session.load(doc.dump()).ok());
  EXPECT_EQ(contact_row(session, "c1")["stage"], "lead");
  EXPECT_FALSE(json::parse(session.export_document()).contains("state"));
}

TEST(Workspace, InvalidDocumentChangesNothing) {
  Session session;
  ASSERT_TRUE(session.load(read_fixture("minimal.json")).ok());
  const auto before = session.export_document();
  const auto problems = session.load(read_fixture("invalid-workspace.json"));
  EXPECT_FALSE(problems.ok());
  EXPECT_EQ(session.export_document(), before);
}

TEST(Workspace, EveryProblemIsReportedWithItsPointer) {
  Problems problems;
  EXPECT_FALSE(Workspace::load(read_fixture("invalid-workspace.json"), problems));
  EXPECT_NE(error_at(problems, "/config/stages/mql_score"), "");
  EXPECT_NE(error_at(problems, "/contacts/1/id"), "");
  EXPECT_EQ(error_at(problems, "/ops/1/at"), "not an ISO-8601 time (such as 2026-03-01T09:30:00Z)");
  EXPECT_NE(error_at(problems, "/ops/2/id"), "");
  EXPECT_NE(error_at(problems, "/ops/3/props/outcome"), "");
  EXPECT_EQ(problems.errors.size(), 5u);
}

TEST(Workspace, MalformedJsonNamesLineAndColumn) {
  Problems problems;
  EXPECT_FALSE(
      Workspace::load("{\n  \"format\": \"tandem.workspace\",\n  \"version\": 1,,\n}", problems));
  ASSERT_EQ(problems.errors.size(), 1u);
  EXPECT_NE(problems.errors[0].message.find("line 3"), std::string::npos)
      << problems.errors[0].message;
}

// A number past the range of a double is refused with where it is, not thrown: in a document,
// in a merge, and in an append.
TEST(Workspace, ANumberTooLargeIsRefusedWithItsLine) {
  const std::string huge =
      "{\n  \"format\": \"tandem.workspace\",\n  \"version\": 1,\n  \"x\": 1e999\n}";
  Problems problems;
  EXPECT_FALSE(Workspace::load(huge, problems));
  ASSERT_EQ(problems.errors.size(), 1u);
  EXPECT_NE(problems.errors[0].message.find("line 4"), std::string::npos)
      << problems.errors[0].message;
  EXPECT_NE(problems.errors[0].message.find("number overflow parsing '1e999'"), std::string::npos)
      << problems.errors[0].message;

  Session session;
  ASSERT_TRUE(session.load(read_fixture("minimal.json")).ok());
  const auto before = session.export_document();
  EXPECT_FALSE(merge_documents(before, huge).ok());
  EXPECT_FALSE(merge_documents(huge, before).ok());
  const auto appended = session.append(
      "{\"id\": \"x:1\", \"at\": \"2026-01-01T00:00:00Z\", \"type\": \"page_view\", "
      "\"contact\": \"c1\", \"props\": {\"n\": -1e999}}");
  EXPECT_FALSE(appended.ok());
  EXPECT_EQ(session.export_document(), before);
}

TEST(Workspace, DeepNestingIsRefusedNotCrashed) {
  Problems problems;
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_FALSE(Workspace::load(deep, problems));
  EXPECT_NE(problems.errors.at(0).message.find("nested"), std::string::npos);
}

// A document handed over in pieces of `size` bytes, as a page reads a file too large for one
// string. Each piece is copied into one buffer that the next piece overwrites, so a reader
// that kept a piece past the next call would see the wrong bytes.
class Pieces : public Chunks {
 public:
  Pieces(std::string text, std::size_t size) : text_(std::move(text)), size_(size) {}
  std::string_view next() override {
    if (at_ >= text_.size()) return {};
    buffer_.assign(text_, at_, size_);
    at_ += buffer_.size();
    ++handed_;
    return buffer_;
  }
  void rewind() override {
    at_ = 0;
    ++rewinds_;
  }
  std::size_t handed() const { return handed_; }
  std::size_t rewinds() const { return rewinds_; }

 private:
  std::string text_, buffer_;
  std::size_t size_, at_ = 0, handed_ = 0, rewinds_ = 0;
};

// What a load gives: the export when it worked, and every problem either way.
std::string load_result(Chunks& chunks) {
  Problems problems;
  auto ws = Workspace::load(chunks, problems);
  return (ws ? ws->export_document() : "") + problems_json(problems);
}

TEST(Workspace, ReadInPiecesIsTheSameAsReadWhole) {
  for (const auto* name :
       {"minimal.json", "invalid-workspace.json", "scenario-merge.json", "scenario-identify.json",
        "scenario-erase.json", "scenario-duplicate-ops.json", "scenario-misplaced-actions.json",
        "scenario-conflicting-duplicate.json", "x-education-setup.json"}) {
    const auto text = read_fixture(name);
    ASSERT_FALSE(text.empty()) << name;
    OnePiece whole(text);
    const auto expected = load_result(whole);
    for (std::size_t size : {1, 2, 7, 64, 4096}) {
      Pieces pieces(text, size);
      EXPECT_EQ(load_result(pieces), expected) << name << " in pieces of " << size;
    }
  }
}

TEST(Workspace, ReadInPiecesASyntaxErrorNamesItsLineAndColumn) {
  const std::string text = read_fixture("minimal.json") +
                           "\n\n  {\"format\": \"tandem.workspace\",\n  \"version\": 1,,\n}";
  OnePiece whole(text);
  const auto expected = load_result(whole);
  EXPECT_NE(expected.find("column"), std::string::npos) << expected;
  for (std::size_t size : {1, 5, 100, 1000}) {
    Pieces pieces(text, size);
    EXPECT_EQ(load_result(pieces), expected) << "pieces of " << size;
  }
}

TEST(Workspace, ReadInPiecesDeepNestingStopsTheReading) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  Pieces pieces(deep, 10);
  Problems problems;
  EXPECT_FALSE(Workspace::load(pieces, problems));
  ASSERT_FALSE(problems.errors.empty());
  EXPECT_NE(problems.errors[0].message.find("nested more than 64"), std::string::npos);
  // The reading stopped at the piece that went too deep, not at the end of the input.
  EXPECT_LT(pieces.handed(), 10u);
}

TEST(Workspace, ReadInPiecesOpsBeforeContactsAreReadAgainWhole) {
  using ordered = nlohmann::ordered_json;
  const ordered doc = ordered::parse(read_fixture("scenario-merge.json"));
  // Ops first: their contacts' ids must be interned in the contacts' order, so the reader
  // starts again from the first piece and reads the document as a whole.
  ordered reordered = ordered::object();
  reordered["ops"] = doc["ops"];
  for (auto& [key, value] : doc.items())
    if (key != "ops") reordered[key] = value;
  const std::string text = reordered.dump(1);
  ASSERT_LT(text.find("\"ops\""), text.find("\"contacts\""));
  const std::string original = read_fixture("scenario-merge.json");
  OnePiece whole(original);
  const auto expected = load_result(whole);
  Pieces pieces(text, 50);
  EXPECT_EQ(load_result(pieces), expected);
  EXPECT_GE(pieces.rewinds(), 2u);
}

TEST(Workspace, ExportWritesEveryStringAsTheJsonLibraryDoes) {
  // Quotes, backslashes, every control character, DEL, and UTF-8 of two to four bytes, in
  // ids, names, field values and props.
  std::string odd = "q\"b\\s/ \x7f é€🙂";
  for (char c = 1; c < 0x20; ++c)
    odd += c;
  const json contacts = json::array({{{"id", "c" + odd}, {"name" + odd, "n" + odd}}});
  const json ops = json::array(
      {op("r" + odd + ":1", "2026-01-01T00:00:00Z", "page_view", "c" + odd, {{"path", odd}},
          "a" + odd),
       op("r:2", "2026-01-02T00:00:00Z", "custom" + odd, "v:" + odd, {{"k" + odd, {odd, 1.5}}})});
  const auto exported = load_ok(document(kConfig, contacts, ops)).export_document();
  for (const auto& text : {"c" + odd, "name" + odd, "n" + odd, "r" + odd + ":1", odd, "a" + odd,
                           "custom" + odd, "v:" + odd, "k" + odd})
    EXPECT_NE(exported.find(json(text).dump()), std::string::npos) << json(text).dump();
  const json back = json::parse(exported);
  EXPECT_EQ(back["contacts"], contacts);
  EXPECT_EQ(back["ops"][1]["props"]["k" + odd], json::array({odd, 1.5}));
  EXPECT_EQ(load_ok(exported).export_document(), exported);
}

TEST(Workspace, NewerVersionIsRefusedWithAMessage) {
  auto doc = json::parse(read_fixture("minimal.json"));
  doc["version"] = 2;
  Problems problems;
  EXPECT_FALSE(Workspace::load(doc.dump(), problems));
  EXPECT_NE(error_at(problems, "/version").find("newer than this Tandem reads"), std::string::npos);
}

TEST(Workspace, NotAWorkspaceIsRefused) {
  Problems problems;
  EXPECT_FALSE(Workspace::load(R"({"format": "something.else", "version": 1})", problems));
  EXPECT_NE(error_at(problems, "/format"), "");
}

TEST(Workspace, ContactNeedsOnlyAnId) {
  Session session;
  ASSERT_TRUE(session.load(document(kConfig, json::array({{{"id", "c1"}}}), json::array())).ok());
  EXPECT_EQ(contact_row(session, "c1")["stage"], "lead");
}

TEST(Workspace, OpsApplyInAtThenIdOrderWhateverTheFileOrder) {
  const json ops = json::array({op("web-1:10", "2026-01-02T00:00:00Z", "page_view", "c1"),
                                op("web-1:9", "2026-01-02T00:00:00Z", "page_view", "c1"),
                                op("web-1:1", "2026-01-03T00:00:00Z", "page_view", "c1"),
                                op("crm-1:1", "2026-01-02T00:00:00Z", "page_view", "c1")});
  const auto ws = load_ok(document(kConfig, json::array(), ops));
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < ws.ops().size(); ++i)
    ids.push_back(ws.op_id(i));
  // Same time: by replica name, then by sequence as a number (9 before 10).
  EXPECT_EQ(ids, (std::vector<std::string>{"crm-1:1", "web-1:9", "web-1:10", "web-1:1"}));
}

TEST(Workspace, SameOpTwiceAppliesOnce) {
  const auto o = op("web-1:1", "2026-01-02T00:00:00Z", "content_download", "c1");
  const auto ws = load_ok(document(kConfig, json::array(), json::array({o, o})));
  EXPECT_EQ(ws.ops().size(), 1u);
}

TEST(Workspace, SameIdWithDifferentContentIsAnError) {
  const json ops = json::array({op("web-1:1", "2026-01-02T00:00:00Z", "page_view", "c1"),
                                op("web-1:1", "2026-01-02T00:00:00Z", "page_view", "c2")});
  Problems problems;
  EXPECT_FALSE(Workspace::load(document(kConfig, json::array(), ops), problems));
  EXPECT_NE(error_at(problems, "/ops/1/id").find("different operation"), std::string::npos);
}

TEST(Workspace, UnknownOpTypeIsKeptAndWarnedOnce) {
  const json ops = json::array({op("web-1:1", "2026-01-02T00:00:00Z", "podcast_listen", "c1"),
                                op("web-1:2", "2026-01-03T00:00:00Z", "podcast_listen", "c1")});
  Problems problems;
  auto ws = Workspace::load(document(kConfig, json::array(), ops), problems);
  ASSERT_TRUE(ws);
  EXPECT_EQ(ws->ops().size(), 2u);
  ASSERT_EQ(problems.warnings.size(), 1u);
  EXPECT_EQ(problems.warnings[0].pointer, "/ops/0/type");
  EXPECT_NE(ws->export_document().find("podcast_listen"), std::string::npos);
}

TEST(Workspace, OpIdMustBeReplicaColonSequence) {
  for (const char* bad : {"17", "web-1:", ":17", "web-1:x7", "web-1:-3"}) {
    Problems problems;
    EXPECT_FALSE(
        Workspace::load(document(kConfig, json::array(),
                                 json::array({op(bad, "2026-01-02T00:00:00Z", "page_view", "c1")})),
                        problems))
        << bad;
    EXPECT_NE(error_at(problems, "/ops/0/id"), "") << bad;
  }
}

TEST(Workspace, ActionPropsAreChecked) {
  const json ops =
      json::array({op("crm-1:1", "2026-01-02T00:00:00Z", "review", "c1", {{"decision", "maybe"}}),
                   op("crm-1:2", "2026-01-02T00:00:00Z", "set_stage", "c1", {{"stage", "won"}}),
                   op("crm-1:3", "2026-01-02T00:00:00Z", "deal_won", "c1", {{"amount", -5}}),
                   op("crm-1:4", "2026-01-02T00:00:00Z", "identify", "c1", {{"visitor", "abc"}}),
                   op("crm-1:5", "2026-01-02T00:00:00Z", "consent", "c1")});
  Problems problems;
  EXPECT_FALSE(Workspace::load(document(kConfig, json::array(), ops), problems));
  EXPECT_NE(error_at(problems, "/ops/0/props/decision"), "");
  EXPECT_NE(error_at(problems, "/ops/1/props/stage"), "");
  EXPECT_NE(error_at(problems, "/ops/2/props/amount"), "");
  EXPECT_NE(error_at(problems, "/ops/3/props/visitor"), "");
  EXPECT_NE(error_at(problems, "/ops/4/props/email"), "");
}

TEST(Workspace, ConfigRulesAreChecked) {
  const json config = {
      {"stages", {{"mql_score", 90}, {"sql_score", 80}}},
      {"scoring",
       {{"behaviour",
         json::array({{{"id", "a"},
                       {"on", "page_view"},
                       {"points", 1},
                       {"where", {{"field", "path"}, {"betwen", json::array({1, 2})}}}},
                      {{"id", "a"}, {"on", "page_view"}, {"points", "many"}}})},
        {"fit", json::array({{{"id", "f"}, {"points", 5}}})}}},
      {"dark_after_touches", 0}};
  Problems problems;
  EXPECT_FALSE(Workspace::load(document(config, json::array(), json::array()), problems));
  EXPECT_NE(error_at(problems, "/config/stages/sql_score"), "");
  EXPECT_NE(error_at(problems, "/config/scoring/behaviour/0/where/betwen"), "");
  EXPECT_NE(error_at(problems, "/config/scoring/behaviour/1/id"), "");
  EXPECT_NE(error_at(problems, "/config/scoring/behaviour/1/points"), "");
  EXPECT_NE(error_at(problems, "/config/scoring/fit/0/if"), "");
  EXPECT_NE(error_at(problems, "/config/dark_after_touches"), "");
}

TEST(Workspace, ContactIdsAreNotVisitorIds) {
  Problems problems;
  EXPECT_FALSE(Workspace::load(document(kConfig, json::array({{{"id", "v:123"}}}), json::array()),
                               problems));
  EXPECT_NE(error_at(problems, "/contacts/0/id"), "");
}

}  // namespace
}  // namespace tandem
