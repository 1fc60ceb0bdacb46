// The condition language of fit rules, behaviour-rule filters (`where`) and routing (`if`):
// `field` with one of in / equals / between / matches / path_prefix / exists, combined by
// all / any / not. Strings compare case-insensitively (ASCII), path_prefix exactly.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/problems.h"

namespace tandem {

// A field's value as a condition sees it.
struct FieldView {
  enum class Kind : std::uint8_t { Missing, Null, Bool, Number, String, Other };
  Kind kind = Kind::Missing;
  bool boolean = false;
  double number = 0;
  std::string_view text;

  static FieldView missing() { return {}; }
  static FieldView of_number(double n) { return {Kind::Number, false, n, {}}; }
  static FieldView of_text(std::string_view s) { return {Kind::String, false, 0, s}; }
  static FieldView of_bool(bool b) { return {Kind::Bool, b, 0, {}}; }
  static FieldView from_json(const nlohmann::json& value);
};

struct Condition {
  enum class Kind : std::uint8_t {
    In,
    Equals,
    Between,
    Matches,
    PathPrefix,
    Exists,
    All,
    Any,
    Not
  };
  Kind kind = Kind::All;
  std::string field;
  std::vector<std::string> texts;  // lower-cased for In / Equals / Matches
  std::vector<double> numbers;     // In / Equals numbers; Between: {lo, hi}
  std::optional<bool> boolean;     // Equals a boolean; Exists
  std::vector<Condition> children;
  bool operator==(const Condition&) const = default;
};

// Parses a condition object; problems are reported under `pointer`.
std::optional<Condition> parse_condition(const nlohmann::json& node, const std::string& pointer,
                                         Problems& problems, std::string_view default_field = {});

std::string ascii_lower(std::string_view text);

// Whether `condition` holds, reading fields through `lookup(std::string_view) -> FieldView`.
template <class Lookup>
bool holds(const Condition& c, const Lookup& lookup);

// Fields derived from the e-mail address: email_domain and email_personal.
std::string_view email_domain(std::string_view email);
bool is_personal_email_domain(std::string_view lower_domain);

// The derived fields as a contact's conditions read them, defined here once: which names are
// derived, the field they are made from, and how.
enum class DerivedField : std::uint8_t { None, EmailDomain, EmailPersonal };
inline constexpr std::string_view kAddressField = "email";
DerivedField derived_field(std::string_view name);  // None: a field read as it is stored
// The derived field from the address field's value: missing unless that is a string.
FieldView derive(DerivedField field, const FieldView& address);

namespace detail {
bool holds_leaf(const Condition& c, const FieldView& value);
}

template <class Lookup>
bool holds(const Condition& c, const Lookup& lookup) {
  switch (c.kind) {
    case Condition::Kind::All:
      for (const auto& child : c.children)
        if (!holds(child, lookup)) return false;
      return true;
    case Condition::Kind::Any:
      for (const auto& child : c.children)
        if (holds(child, lookup)) return true;
      return false;
    case Condition::Kind::Not:
      return !holds(c.children.front(), lookup);
    default:
      return detail::holds_leaf(c, lookup(std::string_view(c.field)));
  }
}

}  // namespace tandem
