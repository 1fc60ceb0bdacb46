// Any bytes as a CSV export: the suggested mapping and the import never crash, a refused
// import gives no document, and an accepted one is a valid workspace.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engine/engine.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view csv(reinterpret_cast<const char*>(data), size);
  const tandem::Outcome mapping = tandem::suggest_csv_mapping(csv);
  if (!mapping.ok()) return 0;
  for (bool skip : {false, true}) {
    const tandem::Outcome imported = tandem::import_csv(csv, mapping.text, "", skip);
    if (!imported.ok()) {
      if (!imported.text.empty()) std::abort();  // a refused import makes nothing
      continue;
    }
    if (!tandem::validate_document(imported.text).ok()) std::abort();
  }
  return 0;
}
