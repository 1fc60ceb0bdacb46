// Two documents from one input (split at the first NUL byte): merging never crashes, and a
// merge that works gives the same document whichever copy comes first, and is idempotent.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engine/engine.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto cut = input.find('\0');
  const std::string_view a = input.substr(0, cut);
  const std::string_view b = cut == std::string_view::npos ? a : input.substr(cut + 1);
  const tandem::Outcome ab = tandem::merge_documents(a, b);
  const tandem::Outcome ba = tandem::merge_documents(b, a);
  if (ab.ok() != ba.ok()) std::abort();
  if (!ab.ok()) return 0;
  if (ab.text != ba.text) std::abort();
  const tandem::Outcome twice = tandem::merge_documents(ab.text, a);
  if (!twice.ok() || twice.text != ab.text) std::abort();
  return 0;
}
