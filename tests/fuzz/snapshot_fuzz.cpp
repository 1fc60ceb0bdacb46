// Any bytes as a stored snapshot: reading never crashes, and bytes it accepts make a workspace
// whose reports work, whose export loads, and whose own snapshot reads back to the same bytes.
// Inputs that start like a snapshot are also tried resealed, so the fuzzer reaches the checks
// behind the checksum.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engine/engine.h"
#include "engine/workspace/snapshot.h"

namespace {

void check(std::string_view bytes) {
  tandem::Session session;
  if (!session.load_snapshot(bytes).ok()) {
    if (session.loaded()) std::abort();  // refused bytes change nothing
    return;
  }
  for (const char* kind : {"stages", "contacts"})
    if (!session.report(kind, "", "json").ok()) std::abort();
  tandem::Session loaded;
  if (!loaded.load(session.export_document()).ok()) std::abort();
  const std::string again = session.snapshot();
  tandem::Session restored;
  if (!restored.load_snapshot(again).ok() || restored.snapshot() != again) std::abort();
  if (restored.export_document() != session.export_document()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  check(bytes);
  if (bytes.substr(0, 8) == "TANDEMWS") {
    std::string sealed(bytes);
    tandem::seal_snapshot(sealed);
    check(sealed);
  }
  return 0;
}
