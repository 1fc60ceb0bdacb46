#include "engine/workspace/op_type.h"

#include <nlohmann/json.hpp>

namespace tandem {

namespace {

using nlohmann::json;

std::string_view kind_name(OpKind kind) {
  switch (kind) {
    case OpKind::Activity:
      return "activity";
    case OpKind::Identity:
      return "identity";
    case OpKind::SalesAction:
      return "sales action";
    case OpKind::Consent:
      return "consent";
    case OpKind::System:
      return "system";
  }
  return "";
}

std::string_view prop_kind_name(PropKind kind) {
  switch (kind) {
    case PropKind::Text:
      return "text";
    case PropKind::NonEmpty:
      return "text, not empty";
    case PropKind::Number:
      return "number, 0 or more";
    case PropKind::TextList:
      return "list of texts";
    case PropKind::TextOrNull:
      return "text or null";
    case PropKind::Choice:
      return "one of";
    case PropKind::Stage:
      return "a stage";
    case PropKind::Visitor:
      return "a visitor id (\"v:...\")";
    case PropKind::OtherContact:
      return "another contact's id";
  }
  return "";
}

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

std::string prop_text(const PropRule& p) {
  std::string out("`");
  out.append(p.name).append("`");
  if (p.required) out.append(" (required)");
  out.append(": ").append(prop_kind_name(p.kind));
  if (p.kind == PropKind::Choice)
    for (std::size_t i = 0; i < p.choices.size() && !p.choices[i].empty(); ++i)
      out.append(i ? " or " : " ").append(p.choices[i]);
  return out;
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

std::string op_types_json() {
  json out = json::array();
  for (const auto& row : kOpTypes) {
    json props = json::array();
    for (const auto& p : row.props) {
      if (p.name.empty()) continue;
      json prop = {{"name", p.name}, {"kind", prop_kind_name(p.kind)}, {"required", p.required}};
      if (p.kind == PropKind::Choice) {
        prop["choices"] = json::array();
        for (const auto c : p.choices)
          if (!c.empty()) prop["choices"].push_back(c);
      }
      props.push_back(std::move(prop));
    }
    out.push_back({{"type", row.name},
                   {"kind", kind_name(row.kind)},
                   {"on_page", row.on_page},
                   {"props", std::move(props)},
                   {"effect", row.effect}});
  }
  return out.dump();
}

std::string op_types_markdown() {
  std::string out =
      "| type | kind | on a page | props | what the replay does |\n"
      "|---|---|---|---|---|\n";
  for (const auto& row : kOpTypes) {
    std::string props;
    for (const auto& p : row.props)
      if (!p.name.empty()) props.append(props.empty() ? "" : "; ").append(prop_text(p));
    out.append("| `")
        .append(row.name)
        .append("` | ")
        .append(kind_name(row.kind))
        .append(" | ")
        .append(row.on_page ? "yes" : "")
        .append(" | ")
        .append(props)
        .append(" | ")
        .append(row.effect)
        .append(" |\n");
  }
  return out;
}

}  // namespace tandem
