// The engine's speed and memory over one workspace file: load (import), replay, a what-if
// threshold change, each report, export. Figures only; nothing here asserts a timing.
//   TANDEM_BENCH_WORKSPACE=build/bench/workspace-10k.json build/native/tests/bench/tandem_bench
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "engine/analytics/reports.h"
#include "engine/engine.h"
#include "engine/lifecycle/lifecycle.h"
#include "engine/lifecycle/timeline.h"
#include "engine/workspace/workspace.h"

namespace {

using namespace tandem;

const std::string& document() {
  static const std::string text = [] {
    const char* path = std::getenv("TANDEM_BENCH_WORKSPACE");
    if (!path) path = "build/bench/workspace-10k.json";
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cerr << "cannot read " << path << " (set TANDEM_BENCH_WORKSPACE)\n";
      std::exit(2);
    }
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }();
  return text;
}

const Workspace& workspace() {
  static const Workspace ws = [] {
    Problems problems;
    auto loaded = Workspace::load(document(), problems);
    if (!loaded) {
      std::cerr << problems_json(problems) << "\n";
      std::exit(2);
    }
    return std::move(*loaded);
  }();
  return ws;
}

void counts(benchmark::State& state) {
  state.counters["ops"] = static_cast<double>(workspace().ops().size());
  state.counters["contacts"] = static_cast<double>(workspace().contacts().size());
  state.counters["ops_per_s"] = benchmark::Counter(
      static_cast<double>(workspace().ops().size()) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
}

// Import of a workspace file: parse, validate, intern, sort, dedupe.
void Load(benchmark::State& state) {
  const auto& text = document();
  for (auto _ : state) {
    Problems problems;
    auto ws = Workspace::load(text, problems);
    benchmark::DoNotOptimize(ws);
  }
  counts(state);
  state.SetBytesProcessed(static_cast<std::int64_t>(text.size() * state.iterations()));
}

// What the app does on open: load plus the one replay that finds ignored sales actions.
void SessionLoad(benchmark::State& state) {
  const auto& text = document();
  for (auto _ : state) {
    Session session;
    benchmark::DoNotOptimize(session.load(text));
  }
  counts(state);
}

// Every replay reuses the timeline the workspace keeps: the first, untimed, makes it.
void FullReplay(benchmark::State& state) {
  const auto& ws = workspace();
  benchmark::DoNotOptimize(replay(ws, ws.last_at()));
  for (auto _ : state)
    benchmark::DoNotOptimize(replay(ws, ws.last_at()));
  counts(state);
}

// What-if: the MQL threshold moved by 10 points, the whole history replayed under it.
void WhatIfThreshold(benchmark::State& state) {
  const auto& ws = workspace();
  Config what_if = ws.config();
  what_if.stages.mql_score -= 10;
  benchmark::DoNotOptimize(replay(ws, ws.last_at()));
  for (auto _ : state)
    benchmark::DoNotOptimize(replay(ws, what_if, ws.last_at()));
  counts(state);
}

// A report from a replay already made (the replay is measured above).
void Report(benchmark::State& state, const char* kind, const char* format) {
  const auto& ws = workspace();
  const auto result = replay(ws, ws.last_at());
  for (auto _ : state) {
    Problems problems;
    benchmark::DoNotOptimize(report_text(ws, result, kind, format, problems));
  }
}

void Export(benchmark::State& state) {
  const auto& ws = workspace();
  for (auto _ : state)
    benchmark::DoNotOptimize(ws.export_document());
  counts(state);
}

template <class T>
double bytes_of(const std::vector<T>& v) {
  return static_cast<double>(v.capacity() * sizeof(T));
}

// Incremental ingest: page views on known contacts after the log's last op, appended as the
// app and a tracker send them (JSON text, 1,000 ops a batch) to a loaded session.
void Ingest(benchmark::State& state) {
  static Session session = [] {
    Session s;
    s.load(document());
    return s;
  }();
  const auto& ws = *session.workspace();
  std::vector<std::string> contacts;
  for (std::size_t r = 0; r < ws.contacts().size() && contacts.size() < 5000; ++r)
    contacts.push_back(ws.keys()[ws.contacts().key[r]]);
  static std::uint64_t sequence = 0;
  static Millis at = ws.last_at();
  constexpr int kBatch = 1000;
  std::int64_t added = 0;
  for (auto _ : state) {
    state.PauseTiming();
    nlohmann::json batch = nlohmann::json::array();
    for (int i = 0; i < kBatch; ++i) {
      at += 1000;
      batch.push_back({{"id", "bench-ingest:" + std::to_string(++sequence)},
                       {"at", format_iso8601(at)},
                       {"actor", "system"},
                       {"type", "page_view"},
                       {"contact", contacts[sequence % contacts.size()]},
                       {"props", {{"path", "/pricing"}}}});
    }
    const auto text = batch.dump();
    state.ResumeTiming();
    const auto problems = session.append(text);
    if (!problems.ok()) state.SkipWithError("append refused");
    added += kBatch;
  }
  state.counters["ops_per_s"] =
      benchmark::Counter(static_cast<double>(added), benchmark::Counter::kIsRate);
}

// Bytes allocated and not freed: small blocks from the arena, large ones mapped on their own.
double heap_in_use() {
  const auto info = mallinfo2();
  return static_cast<double>(info.uordblks + info.hblkhd);
}

// Heap held by a loaded workspace: the op columns per op, everything else per contact.
void Memory(benchmark::State& state) {
  const auto& text = document();
  double total = 0, op_columns = 0, ops = 0, contacts = 0, timeline_bytes = 0;
  for (auto _ : state) {
    const auto before = heap_in_use();
    Problems problems;
    auto ws = Workspace::load(text, problems);
    total = heap_in_use() - before;
    const auto& o = ws->ops();
    op_columns = bytes_of(o.at) + bytes_of(o.sequence) + bytes_of(o.replica) + bytes_of(o.contact) +
                 bytes_of(o.payload) + bytes_of(o.actor) + bytes_of(o.type);
    ops = static_cast<double>(o.size());
    contacts = static_cast<double>(ws->contacts().size());
    const auto before_timeline = heap_in_use();
    const auto people = timeline(*ws, ws->last_at());
    people->steps(ws->config().half_life);
    people->fits(*ws, ws->config());
    timeline_bytes = heap_in_use() - before_timeline;
  }
  state.counters["heap_MB"] = total / 1e6;
  // What a replay keeps beside the log: each person's ops in their own columns, and decay.
  state.counters["timeline_bytes_per_op"] = timeline_bytes / ops;
  state.counters["bytes_per_op"] = op_columns / ops;
  state.counters["bytes_per_contact"] = (total - op_columns) / contacts;
}

}  // namespace

BENCHMARK(Load)->Unit(benchmark::kMillisecond)->MinTime(0.5);
BENCHMARK(SessionLoad)->Unit(benchmark::kMillisecond)->MinTime(0.5);
BENCHMARK(FullReplay)->Unit(benchmark::kMillisecond)->MinTime(0.5);
BENCHMARK(WhatIfThreshold)->Unit(benchmark::kMillisecond)->MinTime(0.5);
BENCHMARK_CAPTURE(Report, stages_json, "stages", "json")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Report, contacts_json, "contacts", "json")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Report, contacts_csv, "contacts", "csv")->Unit(benchmark::kMillisecond);
BENCHMARK(Export)->Unit(benchmark::kMillisecond);
BENCHMARK(Ingest)->Unit(benchmark::kMillisecond)->MinTime(0.5);
BENCHMARK(Memory)->Unit(benchmark::kMillisecond)->Iterations(1);

BENCHMARK_MAIN();
