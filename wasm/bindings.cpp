// The engine as JavaScript sees it: Embind declarations and conversions, nothing else.
// Text crosses as one string each way; every failure, even an exception, comes back as a
// problem in the result, so nothing reaches JS as a bare exception number.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <exception>
#include <string>
#include <type_traits>

#include "engine/engine.h"

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

bool loaded(const tandem::Session& session) {
  return session.loaded();
}

val report(const tandem::Session& session, const std::string& kind, const std::string& now,
           const std::string& format) {
  return to_js(guarded([&] { return session.report(kind, now, format); }));
}

val what_if(const tandem::Session& session, const std::string& config, const std::string& kind,
            const std::string& now, const std::string& format) {
  return to_js(guarded([&] { return session.what_if(config, kind, now, format); }));
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

}  // namespace

EMSCRIPTEN_BINDINGS(tandem) {
  emscripten::class_<tandem::Session>("Session")
      .constructor<>()
      .function("load", &load)
      .function("loaded", &loaded)
      .function("report", &report)
      .function("whatIf", &what_if)
      .function("explain", &explain)
      .function("exportDocument", &export_document);
  emscripten::function("validate", &validate);
  emscripten::function("merge", &merge);
}
