#include "engine/workspace/op_type.h"

namespace tandem {

namespace {

// "page_view" as a CSV header key: "pageview".
bool is_name_key(std::string_view name, std::string_view key) {
  std::size_t k = 0;
  for (const char c : name) {
    if (c == '_') continue;
    if (k == key.size() || key[k] != c) return false;
    ++k;
  }
  return k == key.size();
}

}  // namespace

bool find_op_type(std::string_view name, OpType& type) {
  for (std::uint16_t t = 0; t < kKnownOpTypes; ++t)
    if (kOpTypes[t].name == name) {
      type = static_cast<OpType>(t);
      return true;
    }
  return false;
}

const OpTypeRow* op_type_for_csv_name(std::string_view key) {
  for (const auto& row : kOpTypes) {
    if (is_name_key(row.name, key)) return &row;
    for (const auto name : row.names)
      if (!name.empty() && name == key) return &row;
  }
  return nullptr;
}

}  // namespace tandem
