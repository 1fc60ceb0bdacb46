// Tandem's entry points: what the CLI and the WASM bindings call. Text in, text out (JSON or
// CSV), so the CLI and the browser print the very same bytes for the same workspace.
// Nothing here reads a file or a clock: the caller hands in the document and `now`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/problems.h"
#include "engine/base/report.h"
#include "engine/import/csv_import.h"
#include "engine/workspace/default_config.h"

namespace tandem {

// Checks a workspace document against the format; changes nothing anywhere.
Problems validate_document(std::string_view text);
Problems validate_document(Chunks& chunks);

// The union of two copies of a workspace; the result does not depend on the order of a, b.
Outcome merge_documents(std::string_view a, std::string_view b);

class Workspace;
struct ScoredReplay;

// One loaded workspace and the answers computed from it.
class Session {
 public:
  Session();
  ~Session();
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;

  // Loads a document. With errors the session keeps what it held before.
  Problems load(std::string_view text);
  // The same, read piece by piece: the document never exists as one string.
  Problems load(Chunks& chunks);
  bool loaded() const;

  // kind: "stages", "contacts", "outbox", "handoffs", "sla" (docs/workflows.md), or an
  // analytics kind (docs/analytics.md); now_iso: an ISO-8601 time, or "" for the time of the
  // last op; format: "json" or "csv".
  Outcome report(std::string_view kind, std::string_view now_iso, std::string_view format = "json",
                 const ReportOptions& options = {}) const;

  // The whole history replayed under another config beside today's: stage counts and each
  // contact whose stage or score differs. The session does not change.
  Outcome what_if(std::string_view config_json, std::string_view now_iso) const;

  // Why a contact has its score and stage: every contribution and every stage change.
  Outcome explain(std::string_view contact_id, std::string_view now_iso) const;

  // Adds ops (a JSON array of op objects, or one op) to the loaded workspace. They are
  // checked as a load checks them; error pointers count from the first new op ("/0/at").
  // An op whose id is already in the log with the same content changes nothing. With
  // errors the session keeps what it held before.
  Problems append(std::string_view ops_json);

  // Replaces the workspace's config (a JSON object, checked as a load checks it; error
  // pointers under /config). The records, the log and what was made from them stay, so this is
  // what loading the document with that config gives, without reading it again. Warnings name
  // sales actions the new config leaves without effect. With errors nothing changes.
  Problems set_config(std::string_view config_json);
  // The config as JSON text, as the document holds it; empty when nothing is loaded.
  std::string config_json() const;

  // The loaded workspace as snapshot bytes (engine/workspace/snapshot.h): what the app stores,
  // read back far faster than the document. Empty when nothing is loaded.
  std::string snapshot() const;

  // Loads snapshot bytes, checked whole. With errors the session keeps what it held before.
  Problems load_snapshot(std::string_view bytes);

  // The canonical document: export, import, export gives the same bytes.
  std::string export_document() const;

  // Some fields of every contact record as columns (Workspace::records_json): what a contacts
  // list shows, without exporting the whole document.
  Outcome records(const std::vector<std::string>& fields) const;

  // One person as a contact view shows them: {"record": the id's own record or null, "ops":
  // every op of every id joined to them, in (at, id) order}, as the document writes them.
  Outcome person(std::string_view contact_id) const;

  const Workspace* workspace() const { return workspace_.get(); }

 private:
  // The replay under the workspace's own config at `now`: the last one made is kept, so the
  // reports a view asks for at one time, and a what-if's "before", replay once.
  const ScoredReplay& scored(std::int64_t now, bool history) const;
  void replaced();  // the workspace changed: nothing kept is true any more

  std::unique_ptr<Workspace> workspace_;
  mutable std::shared_ptr<const ScoredReplay> kept_;
  mutable std::int64_t kept_now_ = 0;
  mutable bool kept_history_ = false;
};

}  // namespace tandem
