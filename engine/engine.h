// Tandem's entry points: what the CLI and the WASM bindings call. Text in, text out (JSON or
// CSV), so the CLI and the browser print the very same bytes for the same workspace.
// Nothing here reads a file or a clock: the caller hands in the document and `now`.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tandem {

// One thing wrong (or worth a warning) in a document, located by its JSON pointer.
struct Problem {
  std::string pointer;  // "/ops/1532/at"; "" for the whole document
  std::string message;  // a sentence a person can act on
};

struct Problems {
  std::vector<Problem> errors;
  std::vector<Problem> warnings;
  bool ok() const { return errors.empty(); }
};

// {"ok": bool, "errors": [{"pointer", "message"}], "warnings": [...]}
std::string problems_json(const Problems& problems);

// What an entry point hands back: text when it worked, problems when it did not.
struct Outcome {
  Problems problems;
  std::string text;  // the report, explanation or document; empty when !ok()
  bool ok() const { return problems.ok(); }
};

// Checks a workspace document against the format; changes nothing anywhere.
Problems validate_document(std::string_view text);

// The union of two copies of a workspace; the result does not depend on the order of a, b.
Outcome merge_documents(std::string_view a, std::string_view b);

class Workspace;

// One loaded workspace and the answers computed from it.
class Session {
 public:
  Session();
  ~Session();
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;

  // Loads a document. With errors the session keeps what it held before.
  Problems load(std::string_view text);
  bool loaded() const;

  // kind: "stages", "contacts"; now_iso: an ISO-8601 time, or "" for the time of the last
  // op; format: "json" or "csv".
  Outcome report(std::string_view kind, std::string_view now_iso,
                 std::string_view format = "json") const;

  // What-if: the same report with the whole history replayed under another config (a config
  // object as in the document); the workspace keeps its own.
  Outcome what_if(std::string_view config_json, std::string_view kind, std::string_view now_iso,
                  std::string_view format = "json") const;

  // Why a contact has its score and stage: every contribution and every stage change.
  Outcome explain(std::string_view contact_id, std::string_view now_iso) const;

  // The canonical document: export, import, export gives the same bytes.
  std::string export_document() const;

  const Workspace* workspace() const { return workspace_.get(); }

 private:
  std::unique_ptr<Workspace> workspace_;
};

}  // namespace tandem
