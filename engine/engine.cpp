#include "engine/engine.h"

#include <nlohmann/json.hpp>

#include "engine/analytics/reports.h"
#include "engine/lifecycle/lifecycle.h"
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

// Sales actions that a contact's stage did not allow are kept, and said once at load.
void warn_ignored_actions(const Workspace& ws, const std::vector<std::uint32_t>& file_index,
                          Problems& problems) {
  const auto result = replay(ws, default_now(ws));
  std::size_t shown = 0;
  for (const auto& ignored : result.ignored) {
    if (++shown > kMaxIgnoredWarnings) break;
    const auto op = ignored.op;
    problems.warnings.push_back({"/ops/" + std::to_string(file_index[op]),
                                 ws.types()[ws.ops().type[op]] + " on " +
                                     ws.keys()[ws.ops().contact[op]] +
                                     " changed nothing: the contact was " +
                                     std::string(stage_name(ignored.stage)) + " then"});
  }
  if (result.ignored.size() > kMaxIgnoredWarnings)
    problems.warnings.push_back(
        {"/ops", std::to_string(result.ignored.size() - kMaxIgnoredWarnings) +
                     " more sales actions changed nothing"});
}

}  // namespace

std::string problems_json(const Problems& problems) {
  auto list = [](const std::vector<Problem>& items) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& p : items)
      out.push_back({{"pointer", p.pointer}, {"message", p.message}});
    return out;
  };
  nlohmann::ordered_json out = {{"ok", problems.ok()},
                                {"errors", list(problems.errors)},
                                {"warnings", list(problems.warnings)}};
  return out.dump();
}

Problems validate_document(std::string_view text) {
  Problems problems;
  std::vector<std::uint32_t> file_index;
  if (auto ws = Workspace::load(text, problems, &file_index))
    warn_ignored_actions(*ws, file_index, problems);
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
  Problems problems;
  std::vector<std::uint32_t> file_index;
  auto ws = Workspace::load(text, problems, &file_index);
  if (!ws) return problems;
  warn_ignored_actions(*ws, file_index, problems);
  workspace_ = std::make_unique<Workspace>(std::move(*ws));
  return problems;
}

bool Session::loaded() const {
  return workspace_ != nullptr;
}

Outcome Session::report(std::string_view kind, std::string_view now_iso,
                        std::string_view format) const {
  Outcome out;
  if (!workspace_) {
    out.problems.errors.push_back({"", "no workspace is loaded"});
    return out;
  }
  const auto now = resolve_now(*workspace_, now_iso, out.problems);
  if (!now) return out;
  const auto result = replay(*workspace_, *now);
  if (auto text = report_text(*workspace_, result, kind, format, out.problems))
    out.text = std::move(*text);
  return out;
}

Outcome Session::what_if(std::string_view config_json, std::string_view kind,
                         std::string_view now_iso, std::string_view format) const {
  Outcome out;
  if (!workspace_) {
    out.problems.errors.push_back({"", "no workspace is loaded"});
    return out;
  }
  const auto now = resolve_now(*workspace_, now_iso, out.problems);
  if (!now) return out;
  const auto node = nlohmann::json::parse(config_json.begin(), config_json.end(), nullptr, false);
  if (node.is_discarded() || !node.is_object()) {
    out.problems.errors.push_back({"/config", "the what-if config must be a JSON object"});
    return out;
  }
  const Config config = parse_config(node, out.problems);
  if (!out.problems.ok()) return out;
  const auto result = replay(*workspace_, config, *now);
  if (auto text = report_text(*workspace_, result, kind, format, out.problems))
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
  Interner owners;
  const auto found = replay_contact(*workspace_, contact_id, *now, owners);
  if (!found) {
    out.problems.errors.push_back(
        {"", "no contact or visitor \"" + std::string(contact_id) + "\" in this workspace"});
    return out;
  }
  out.text = explain_json(*workspace_, found->first, found->second, owners, *now);
  return out;
}

std::string Session::export_document() const {
  return workspace_ ? workspace_->export_document() : std::string();
}

}  // namespace tandem
