// Any bytes as a workspace document: validation never crashes, an accepted document's reports
// and explanations work, and its export loads back to the very same bytes.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engine/engine.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const tandem::Problems checked = tandem::validate_document(text);
  tandem::Session session;
  const tandem::Problems loaded = session.load(text);
  if (checked.ok() != loaded.ok()) std::abort();  // validate and load must agree
  if (!loaded.ok()) {
    if (session.loaded()) std::abort();  // an invalid document changes nothing
    return 0;
  }
  for (const char* kind : {"stages", "contacts"})
    for (const char* format : {"json", "csv"})
      if (!session.report(kind, "", format).ok()) std::abort();
  const std::string exported = session.export_document();
  tandem::Session again;
  if (!again.load(exported).ok() || again.export_document() != exported) std::abort();
  if (again.report("contacts", "", "json").text != session.report("contacts", "", "json").text)
    std::abort();
  return 0;
}
