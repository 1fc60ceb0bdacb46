// The engine as JavaScript sees it: Embind declarations and conversions, nothing else.
// Text crosses as one string each way, snapshots as one Uint8Array; every failure, even an
// exception, comes back as a problem in the result, so nothing reaches JS as a bare exception
// number.
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "engine/analytics/report_kinds.h"
#include "engine/engine.h"
#include "engine/workspace/workspace.h"

namespace {

using emscripten::val;

tandem::Problems failure(const std::string& message) {
  tandem::Problems problems;
  problems.errors.push_back({"", message});
  return problems;
}

// Runs an engine call, turning any exception into a problem of the same shape.
template <typename Call>
auto guarded(Call call) -> decltype(call()) {
  using Result = decltype(call());
  auto failed = [](const std::string& message) {
    if constexpr (std::is_same_v<Result, tandem::Problems>) {
      return failure(message);
    } else {
      return Result{failure(message), {}};
    }
  };
  try {
    return call();
  } catch (const std::exception& error) {
    return failed(std::string("internal error: ") + error.what());
  } catch (...) {
    return failed("internal error");
  }
}

// {ok: boolean, text: string, problems: string (problems_json)}
val to_js(const tandem::Outcome& outcome) {
  val result = val::object();
  result.set("ok", outcome.ok());
  result.set("text", outcome.text);
  result.set("problems", tandem::problems_json(outcome.problems));
  return result;
}

std::string load(tandem::Session& session, const std::string& text) {
  return tandem::problems_json(guarded([&] { return session.load(text); }));
}

// A document JavaScript hands over in pieces: source.next() returns the next piece as a
// Uint8Array (null or empty at the end), source.rewind() starts again from the first.
class JsChunks : public tandem::Chunks {
 public:
  explicit JsChunks(val source) : source_(std::move(source)) {}

  std::string_view next() override {
    const val piece = source_.call<val>("next");
    if (piece.isNull() || piece.isUndefined()) return {};
    const auto size = piece["length"].as<std::size_t>();
    buffer_.resize(size);
    if (size)
      val(emscripten::typed_memory_view(size, reinterpret_cast<std::uint8_t*>(buffer_.data())))
          .call<void>("set", piece);
    return buffer_;
  }
  void rewind() override { source_.call<void>("rewind"); }

 private:
  val source_;
  std::string buffer_;
};

std::string load_from(tandem::Session& session, val source) {
  return tandem::problems_json(guarded([&] {
    JsChunks chunks(std::move(source));
    return session.load(chunks);
  }));
}

std::string append(tandem::Session& session, const std::string& ops) {
  return tandem::problems_json(guarded([&] { return session.append(ops); }));
}

std::string set_config(tandem::Session& session, const std::string& config) {
  return tandem::problems_json(guarded([&] { return session.set_config(config); }));
}

std::string config_json(const tandem::Session& session) {
  return session.config_json();
}

// bytes: a JS Uint8Array, copied into the WASM heap once.
std::string load_snapshot(tandem::Session& session, const val& bytes) {
  std::string data(bytes["length"].as<std::size_t>(), '\0');
  val(emscripten::typed_memory_view(data.size(), reinterpret_cast<unsigned char*>(data.data())))
      .call<void>("set", bytes);
  return tandem::problems_json(guarded([&] { return session.load_snapshot(data); }));
}

// {ok, bytes: a Uint8Array of JS's own (a copy), problems}
val snapshot(const tandem::Session& session) {
  std::string bytes;
  const auto problems = guarded([&] {
    bytes = session.snapshot();
    return tandem::Problems{};
  });
  val result = val::object();
  result.set("ok", problems.ok());
  result.set("problems", tandem::problems_json(problems));
  const val view(emscripten::typed_memory_view(
      bytes.size(), reinterpret_cast<const unsigned char*>(bytes.data())));
  result.set("bytes", val::global("Uint8Array").new_(view));
  return result;
}

bool loaded(const tandem::Session& session) {
  return session.loaded();
}

// How many contact records and ops the loaded workspace holds.
val counts(const tandem::Session& session) {
  val out = val::object();
  const auto* ws = session.workspace();
  out.set("contacts", ws ? static_cast<double>(ws->contacts().size()) : 0.0);
  out.set("ops", ws ? static_cast<double>(ws->ops().size()) : 0.0);
  return out;
}

val report(const tandem::Session& session, const std::string& kind, const std::string& now,
           const std::string& format) {
  return to_js(guarded([&] { return session.report(kind, now, format); }));
}

// options_json: {"exclude": [..], "min_monthly_volume": n, "goal": "...", "contact": "...",
// "months": n}.
tandem::ReportOptions report_options(const std::string& options_json) {
  tandem::ReportOptions options;
  const auto node = tandem::parse_json_text(options_json);
  if (!node.is_object()) return options;
  if (node.contains("exclude") && node["exclude"].is_array())
    for (const auto& f : node["exclude"])
      if (f.is_string()) options.exclude.push_back(f.get<std::string>());
  if (node.contains("min_monthly_volume") && node["min_monthly_volume"].is_number())
    options.min_monthly_volume = node["min_monthly_volume"].get<double>();
  if (node.contains("goal") && node["goal"].is_string())
    options.goal = node["goal"].get<std::string>();
  if (node.contains("contact") && node["contact"].is_string())
    options.contact = node["contact"].get<std::string>();
  if (node.contains("months") && node["months"].is_number_integer())
    options.months = node["months"].get<int>();
  return options;
}

val report_with(const tandem::Session& session, const std::string& kind, const std::string& now,
                const std::string& format, const std::string& options_json) {
  return to_js(
      guarded([&] { return session.report(kind, now, format, report_options(options_json)); }));
}

val person(const tandem::Session& session, const std::string& contact) {
  return to_js(guarded([&] { return session.person(contact); }));
}

// fields: a JS array of field names.
val records(const tandem::Session& session, const val& fields) {
  return to_js(
      guarded([&] { return session.records(emscripten::vecFromJSArray<std::string>(fields)); }));
}

val what_if(const tandem::Session& session, const std::string& config, const std::string& now) {
  return to_js(guarded([&] { return session.what_if(config, now); }));
}

val suggest_csv_mapping(const std::string& csv) {
  return to_js(guarded([&] { return tandem::suggest_csv_mapping(csv); }));
}

// to_js's fields, and added: what the import added (csv_added_json), "" when refused.
val import_csv(const std::string& csv, const std::string& mapping, const std::string& into,
               bool skip_bad_rows) {
  tandem::CsvAdded added;
  const auto outcome =
      guarded([&] { return tandem::import_csv(csv, mapping, into, skip_bad_rows, &added); });
  val result = to_js(outcome);
  result.set("added", outcome.ok() ? tandem::csv_added_json(added) : std::string());
  return result;
}

val explain(const tandem::Session& session, const std::string& contact, const std::string& now) {
  return to_js(guarded([&] { return session.explain(contact, now); }));
}

val export_document(const tandem::Session& session) {
  return to_js(guarded([&] { return tandem::Outcome{{}, session.export_document()}; }));
}

std::string validate(const std::string& text) {
  return tandem::problems_json(guarded([&] { return tandem::validate_document(text); }));
}

val merge(const std::string& a, const std::string& b) {
  return to_js(guarded([&] { return tandem::merge_documents(a, b); }));
}

// The document of a new, empty workspace with the default config.
val new_workspace() {
  return to_js(guarded([] { return tandem::new_workspace_document(); }));
}

}  // namespace

EMSCRIPTEN_BINDINGS(tandem) {
  emscripten::class_<tandem::Session>("Session")
      .constructor<>()
      .function("load", &load)
      .function("loadFrom", &load_from)
      .function("loadSnapshot", &load_snapshot)
      .function("snapshot", &snapshot)
      .function("loaded", &loaded)
      .function("counts", &counts)
      .function("records", &records)
      .function("person", &person)
      .function("append", &append)
      .function("setConfig", &set_config)
      .function("config", &config_json)
      .function("report", &report)
      .function("reportWith", &report_with)
      .function("whatIf", &what_if)
      .function("explain", &explain)
      .function("exportDocument", &export_document);
  emscripten::function("validate", &validate);
  emscripten::function("merge", &merge);
  emscripten::function("suggestCsvMapping", &suggest_csv_mapping);
  emscripten::function("importCsv", &import_csv);
  emscripten::function("defaultConfig", &tandem::default_config_json);
  emscripten::function("newWorkspace", &new_workspace);
  // The report table (engine/analytics/report_kinds.h): every kind, as one JSON string.
  emscripten::function("reportKinds", &tandem::report_kinds_json);
}
