#include "engine/engine.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <numeric>

#include "engine/analytics/model.h"
#include "engine/analytics/person.h"
#include "engine/analytics/report_kinds.h"
#include "engine/analytics/reports.h"
#include "engine/analytics/what_if.h"
#include "engine/lifecycle/lifecycle.h"
#include "engine/workspace/snapshot.h"
#include "engine/workspace/workspace.h"

namespace tandem {
namespace {

constexpr std::size_t kMaxIgnoredWarnings = 50;

// The default `now`: the last op's time, or the latest record's creation.
Millis default_now(const Workspace& ws) {
  Millis now = ws.last_at();
  for (auto created : ws.contacts().created)
    now = std::max(now, created);
  return now == kNoTime ? 0 : now;
}

std::optional<Millis> resolve_now(const Workspace& ws, std::string_view now_iso,
                                  Problems& problems) {
  if (now_iso.empty()) return default_now(ws);
  if (auto t = parse_iso8601(now_iso)) return t;
  problems.errors.push_back({"", "--now \"" + std::string(now_iso) +
                                     "\" is not an ISO-8601 time (such as 2026-03-01T09:30:00Z)"});
  return std::nullopt;
}

std::string ignored_message(const Workspace& ws, const IgnoredAction& ignored) {
  return ws.types()[ws.ops().type[ignored.op]] + " on " + ws.keys()[ws.ops().contact[ignored.op]] +
         " changed nothing: the contact was " + std::string(stage_name(ignored.stage)) + " then";
}

// Sales actions that a contact's stage did not allow are kept, and said once at load.
// `result`: the replay under the workspace's config at default_now.
void warn_ignored_actions(const Workspace& ws, const std::vector<std::uint32_t>& file_index,
                          const Replay& result, Problems& problems) {
  std::size_t shown = 0;
  for (const auto& ignored : result.ignored) {
    if (++shown > kMaxIgnoredWarnings) break;
    problems.warnings.push_back(
        {"/ops/" + std::to_string(file_index[ignored.op]), ignored_message(ws, ignored)});
  }
  if (result.ignored.size() > kMaxIgnoredWarnings)
    problems.warnings.push_back(
        {"/ops", std::to_string(result.ignored.size() - kMaxIgnoredWarnings) +
                     " more sales actions changed nothing"});
}

// Whether any op from `first` on is a sales action, the only kind a stage can ignore: a batch
// of activity needs no replay to find ignored actions.
bool any_sales_action(const Workspace& ws, std::size_t first) {
  const auto& types = ws.ops().type;
  return std::any_of(types.begin() + static_cast<std::ptrdiff_t>(first), types.end(),
                     [](auto t) { return t < kKnownOpTypes && kOpTypes[t].may_be_ignored; });
}

}  // namespace

Problems validate_document(std::string_view text) {
  OnePiece chunks(text);
  return validate_document(chunks);
}

Problems validate_document(Chunks& chunks) {
  Problems problems;
  std::vector<std::uint32_t> file_index;
  if (auto ws = Workspace::load(chunks, problems, &file_index))
    warn_ignored_actions(*ws, file_index, replay_scored(*ws, ws->config(), default_now(*ws)).replay,
                         problems);
  return problems;
}

Outcome merge_documents(std::string_view a, std::string_view b) {
  Outcome out;
  if (auto ws = Workspace::merge(a, b, out.problems)) out.text = ws->export_document();
  return out;
}

Session::Session() = default;
Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

Problems Session::load(std::string_view text) {
  OnePiece chunks(text);
  return load(chunks);
}

Problems Session::load(Chunks& chunks) {
  Problems problems;
  std::vector<std::uint32_t> file_index;
  auto ws = Workspace::load(chunks, problems, &file_index);
  if (!ws) return problems;
  workspace_ = std::make_unique<Workspace>(std::move(*ws));
  replaced();
  warn_ignored_actions(*workspace_, file_index, scored(default_now(*workspace_), false).replay,
                       problems);
  return problems;
}

namespace {

// A pointer into the combined document's ops, made relative to the appended array; other
// pointers (config, the whole document) are kept as they are.
std::optional<std::string> appended_pointer(const std::string& pointer, std::size_t base) {
  constexpr std::string_view prefix = "/ops/";
  if (pointer.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  const auto rest = pointer.substr(prefix.size());
  const auto slash = rest.find('/');
  const auto digits = rest.substr(0, slash);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  const auto index = std::stoull(digits);
  if (index < base) return std::nullopt;
  std::string relative(1, '/');
  relative += std::to_string(index - base);
  if (slash != std::string::npos) relative.append(rest, slash, std::string::npos);
  return relative;
}

}  // namespace

Problems Session::append(std::string_view ops_json) {
  Problems problems;
  if (!workspace_) {
    problems.errors.push_back({"", "no workspace is loaded"});
    return problems;
  }
  auto added = parse_json_text(ops_json);
  if (added.is_discarded()) {
    problems.errors.push_back({"", "the ops are not valid JSON"});
    return problems;
  }
  if (added.is_object()) added = nlohmann::json::array({std::move(added)});
  if (!added.is_array()) {
    problems.errors.push_back({"", "expected an array of ops"});
    return problems;
  }
  if (added.empty()) return problems;

  // In-order ops (what the app and a tracker send) go straight onto the end of the log.
  const auto known = workspace_->ops().size();
  switch (workspace_->append_in_order(added, problems)) {
    case Workspace::Appended::Invalid:
      return problems;
    case Workspace::Appended::Done:
      replaced();
      if (any_sales_action(*workspace_, known))
        for (const auto& ignored : scored(default_now(*workspace_), false).replay.ignored)
          if (ignored.op >= known)
            problems.warnings.push_back(
                {std::string(1, '/').append(std::to_string(ignored.op - known)),
                 ignored_message(*workspace_, ignored)});
      return problems;
    case Workspace::Appended::NeedsLoad:
      break;
  }

  // The workspace as its document plus the new ops: the loader checks them all.
  auto document = parse_json_text(workspace_->export_document());
  auto& ops = document["ops"];
  const auto base = ops.size();
  for (auto& op : added)
    ops.push_back(std::move(op));

  Problems loaded;
  std::vector<std::uint32_t> file_index;
  auto ws = Workspace::load(document.dump(), loaded, &file_index);
  for (auto& error : loaded.errors) {
    if (auto pointer = appended_pointer(error.pointer, base)) error.pointer = std::move(*pointer);
    problems.errors.push_back(std::move(error));
  }
  if (!ws) return problems;

  // Only what the new ops did is worth a warning: the rest was said at load.
  Problems warned;
  warn_ignored_actions(*ws, file_index, replay_scored(*ws, ws->config(), default_now(*ws)).replay,
                       warned);
  for (auto& warning : loaded.warnings)
    warned.warnings.push_back(std::move(warning));
  for (auto& warning : warned.warnings)
    if (auto pointer = appended_pointer(warning.pointer, base))
      problems.warnings.push_back({std::move(*pointer), std::move(warning.message)});
  workspace_ = std::make_unique<Workspace>(std::move(*ws));
  replaced();
  return problems;
}

bool Session::loaded() const {
  return workspace_ != nullptr;
}

Outcome Session::report(std::string_view kind, std::string_view now_iso, std::string_view format,
                        const ReportOptions& options) const {
  Outcome out;
  if (!workspace_) {
    out.problems.errors.push_back({"", "no workspace is loaded"});
    return out;
  }
  const auto now = resolve_now(*workspace_, now_iso, out.problems);
  if (!now) return out;
  const auto& kept = scored(*now, report_needs_history(kind));
  if (auto text = report_text(*workspace_, kept.replay, kind, format, out.problems, options, &kept))
    out.text = std::move(*text);
  return out;
}

Outcome Session::explain(std::string_view contact_id, std::string_view now_iso) const {
  Outcome out;
  if (!workspace_) {
    out.problems.errors.push_back({"", "no workspace is loaded"});
    return out;
  }
  const auto now = resolve_now(*workspace_, now_iso, out.problems);
  if (!now) return out;
  // With model points, everyone's chance comes from the model trained on the baseline replay.
  TrainedModel model;
  if (workspace_->config().model.points > 0) {
    ReplayOptions baseline;
    baseline.keep_history = true;
    model = train_model(*workspace_, replay(*workspace_, workspace_->config(), *now, baseline),
                        model_options(workspace_->config()));
  }
  Interner owners;
  const auto found = replay_contact(*workspace_, contact_id, *now, owners,
                                    model.trained ? &model.predicted : nullptr);
  if (!found) {
    out.problems.errors.push_back(
        {"", "no contact or visitor \"" + std::string(contact_id) + "\" in this workspace"});
    return out;
  }
  out.text = explain_json(*workspace_, found->first, found->second, owners, *now);
  return out;
}

Outcome Session::what_if(std::string_view config_json, std::string_view now_iso) const {
  Outcome out;
  if (!workspace_) {
    out.problems.errors.push_back({"", "no workspace is loaded"});
    return out;
  }
  const auto tried = read_tried_config(config_json, out.problems);
  if (!tried) return out;
  const auto now = resolve_now(*workspace_, now_iso, out.problems);
  if (!now) return out;
  out.text = what_if_json(*workspace_, scored(*now, false).replay, *tried, *now);
  return out;
}

const ScoredReplay& Session::scored(Millis now, bool history) const {
  if (!kept_ || kept_now_ != now || (history && !kept_history_)) {
    ReplayOptions options;
    options.keep_history = history;
    kept_ = std::make_shared<const ScoredReplay>(
        replay_scored(*workspace_, workspace_->config(), now, options));
    kept_now_ = now;
    kept_history_ = history;
  }
  return *kept_;
}

void Session::replaced() {
  kept_.reset();
}

Outcome Session::records(const std::vector<std::string>& fields) const {
  Outcome out;
  if (!workspace_)
    out.problems.errors.push_back({"", "no workspace is loaded"});
  else
    out.text = workspace_->records_json(fields);
  return out;
}

Outcome Session::person(std::string_view contact_id) const {
  Outcome out;
  if (!workspace_) {
    out.problems.errors.push_back({"", "no workspace is loaded"});
    return out;
  }
  auto text = person_json(*workspace_, contact_id, default_now(*workspace_));
  if (!text) {
    out.problems.errors.push_back(
        {"", "no contact or visitor \"" + std::string(contact_id) + "\" in this workspace"});
    return out;
  }
  out.text = std::move(*text);
  return out;
}

std::string Session::snapshot() const {
  return workspace_ ? write_snapshot(*workspace_) : std::string();
}

Problems Session::set_config(std::string_view config_json) {
  Problems problems;
  if (!workspace_) {
    problems.errors.push_back({"", "no workspace is loaded"});
    return problems;
  }
  if (!workspace_->set_config(config_json, problems)) return problems;
  replaced();
  // The document a workspace exports lists its ops in log order.
  std::vector<std::uint32_t> file_index(workspace_->ops().size());
  std::iota(file_index.begin(), file_index.end(), 0u);
  warn_ignored_actions(*workspace_, file_index, scored(default_now(*workspace_), false).replay,
                       problems);
  return problems;
}

std::string Session::config_json() const {
  return workspace_ ? workspace_->config_json().dump() : std::string();
}

// No warnings: they were said when the document was first loaded.
Problems Session::load_snapshot(std::string_view bytes) {
  Problems problems;
  auto ws = read_snapshot(bytes, problems);
  if (!ws) return problems;
  workspace_ = std::make_unique<Workspace>(std::move(*ws));
  replaced();
  return problems;
}

std::string Session::export_document() const {
  return workspace_ ? workspace_->export_document() : std::string();
}

}  // namespace tandem
