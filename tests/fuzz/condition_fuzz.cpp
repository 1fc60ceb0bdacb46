// Any bytes as a condition object: parsing never crashes, and a condition that parses can be
// evaluated against contacts of every field kind.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/workspace/condition.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto node = nlohmann::json::parse(data, data + size, nullptr, false);
  if (node.is_discarded()) return 0;
  tandem::Problems problems;
  const auto condition = tandem::parse_condition(node, "/if", problems, "path");
  if (!condition) return 0;
  const tandem::FieldView values[] = {
      tandem::FieldView::missing(), tandem::FieldView::of_number(120),
      tandem::FieldView::of_text("/pricing/enterprise"), tandem::FieldView::of_bool(true),
      tandem::FieldView::of_text("")};
  for (const auto& value : values) {
    volatile bool held = tandem::holds(*condition, [&](std::string_view) { return value; });
    (void)held;
  }
  return 0;
}
