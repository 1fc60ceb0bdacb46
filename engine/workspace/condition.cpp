#include "engine/workspace/condition.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>

namespace tandem {
namespace {

using nlohmann::json;

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_folded(std::string_view value, std::string_view lower_text) {
  if (value.size() != lower_text.size()) return false;
  for (std::size_t i = 0; i < value.size(); ++i)
    if (lower(value[i]) != lower_text[i]) return false;
  return true;
}

bool contains_folded(std::string_view value, std::string_view lower_text) {
  if (lower_text.empty()) return true;
  if (value.size() < lower_text.size()) return false;
  for (std::size_t i = 0; i + lower_text.size() <= value.size(); ++i) {
    std::size_t k = 0;
    while (k < lower_text.size() && lower(value[i + k]) == lower_text[k])
      ++k;
    if (k == lower_text.size()) return true;
  }
  return false;
}

std::optional<double> as_number(const FieldView& v) {
  if (v.kind == FieldView::Kind::Number) return v.number;
  if (v.kind != FieldView::Kind::String || v.text.empty()) return std::nullopt;
  std::string copy(v.text);  // strtod needs a terminated string
  char* end = nullptr;
  const double n = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  return n;
}

constexpr std::array<std::string_view, 6> kLeafKeys = {"in",      "equals",      "between",
                                                       "matches", "path_prefix", "exists"};

}  // namespace

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    c = lower(c);
  return out;
}

FieldView FieldView::from_json(const json& value) {
  switch (value.type()) {
    case json::value_t::string:
      return of_text(value.get_ref<const std::string&>());
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return of_number(value.get<double>());
    case json::value_t::boolean:
      return of_bool(value.get<bool>());
    case json::value_t::null:
      return {Kind::Null, false, 0, {}};
    case json::value_t::discarded:
      return missing();
    default:
      return {Kind::Other, false, 0, {}};
  }
}

std::optional<Condition> parse_condition(const json& node, const std::string& pointer,
                                         Problems& problems, std::string_view default_field) {
  auto fail = [&](const std::string& where, const std::string& message) {
    problems.errors.push_back({where, message});
    return std::nullopt;
  };
  if (!node.is_object()) return fail(pointer, "a condition must be an object");

  for (const char* combinator : {"all", "any"}) {
    if (!node.contains(combinator)) continue;
    if (node.size() != 1)
      return fail(pointer, std::string("\"") + combinator + "\" must stand alone in its object");
    const auto& list = node.at(combinator);
    if (!list.is_array()) return fail(pointer + "/" + combinator, "must be a list of conditions");
    Condition c;
    c.kind = combinator[1] == 'l' ? Condition::Kind::All : Condition::Kind::Any;
    bool ok = true;
    for (std::size_t i = 0; i < list.size(); ++i) {
      auto child = parse_condition(list[i], pointer + "/" + combinator + "/" + std::to_string(i),
                                   problems, default_field);
      if (child)
        c.children.push_back(std::move(*child));
      else
        ok = false;
    }
    if (!ok) return std::nullopt;
    return c;
  }
  if (node.contains("not")) {
    if (node.size() != 1) return fail(pointer, "\"not\" must stand alone in its object");
    auto child = parse_condition(node.at("not"), pointer + "/not", problems, default_field);
    if (!child) return std::nullopt;
    Condition c;
    c.kind = Condition::Kind::Not;
    c.children.push_back(std::move(*child));
    return c;
  }

  Condition c;
  std::string op;
  for (const auto& [key, value] : node.items()) {
    if (key == "field") continue;
    if (std::find(kLeafKeys.begin(), kLeafKeys.end(), key) == kLeafKeys.end())
      return fail(pointer + "/" + key,
                  "unknown condition \"" + key +
                      "\": expected one of in, equals, between, matches, path_prefix, exists, "
                      "all, any, not");
    if (!op.empty())
      return fail(pointer, "a condition takes one test, found both \"" + op + "\" and \"" + key +
                               "\" (combine them with all)");
    op = key;
  }
  if (op.empty()) return fail(pointer, "a condition needs a test such as in, equals or between");
  if (node.contains("field")) {
    const auto& field = node.at("field");
    if (!field.is_string() || field.get_ref<const std::string&>().empty())
      return fail(pointer + "/field", "must be a non-empty string naming a field");
    c.field = field.get<std::string>();
  } else if (op == "path_prefix") {
    c.field = default_field.empty() ? "path" : std::string(default_field);
  } else {
    return fail(pointer, "a condition on \"" + op + "\" needs a \"field\"");
  }

  const auto& arg = node.at(op);
  const std::string where = pointer + "/" + op;
  if (op == "in") {
    c.kind = Condition::Kind::In;
    if (!arg.is_array()) return fail(where, "must be a list of strings or numbers");
    for (std::size_t i = 0; i < arg.size(); ++i) {
      if (arg[i].is_string())
        c.texts.push_back(ascii_lower(arg[i].get<std::string>()));
      else if (arg[i].is_number())
        c.numbers.push_back(arg[i].get<double>());
      else
        return fail(where + "/" + std::to_string(i), "must be a string or a number");
    }
  } else if (op == "equals") {
    c.kind = Condition::Kind::Equals;
    if (arg.is_string())
      c.texts.push_back(ascii_lower(arg.get<std::string>()));
    else if (arg.is_number())
      c.numbers.push_back(arg.get<double>());
    else if (arg.is_boolean())
      c.boolean = arg.get<bool>();
    else
      return fail(where, "must be a string, a number or true/false");
  } else if (op == "between") {
    c.kind = Condition::Kind::Between;
    if (!arg.is_array() || arg.size() != 2 || !arg[0].is_number() || !arg[1].is_number())
      return fail(where, "must be two numbers [low, high]");
    c.numbers = {arg[0].get<double>(), arg[1].get<double>()};
    if (c.numbers[0] > c.numbers[1]) return fail(where, "the low bound is above the high bound");
  } else if (op == "matches") {
    c.kind = Condition::Kind::Matches;
    if (!arg.is_string()) return fail(where, "must be a string");
    c.texts.push_back(ascii_lower(arg.get<std::string>()));
  } else if (op == "path_prefix") {
    c.kind = Condition::Kind::PathPrefix;
    if (!arg.is_string()) return fail(where, "must be a string such as \"/pricing\"");
    c.texts.push_back(arg.get<std::string>());
  } else {
    c.kind = Condition::Kind::Exists;
    if (!arg.is_boolean()) return fail(where, "must be true or false");
    c.boolean = arg.get<bool>();
  }
  return c;
}

namespace detail {

bool holds_leaf(const Condition& c, const FieldView& v) {
  using K = FieldView::Kind;
  switch (c.kind) {
    case Condition::Kind::In:
      if (v.kind == K::String) {
        for (const auto& t : c.texts)
          if (equals_folded(v.text, t)) return true;
        return false;
      }
      if (v.kind == K::Number)
        return std::find(c.numbers.begin(), c.numbers.end(), v.number) != c.numbers.end();
      return false;
    case Condition::Kind::Equals:
      if (c.boolean) return v.kind == K::Bool && v.boolean == *c.boolean;
      if (!c.texts.empty()) return v.kind == K::String && equals_folded(v.text, c.texts[0]);
      return v.kind == K::Number && v.number == c.numbers[0];
    case Condition::Kind::Between: {
      const auto n = as_number(v);
      return n && *n >= c.numbers[0] && *n <= c.numbers[1];
    }
    case Condition::Kind::Matches:
      return v.kind == K::String && contains_folded(v.text, c.texts[0]);
    case Condition::Kind::PathPrefix:
      return v.kind == K::String && v.text.substr(0, c.texts[0].size()) == c.texts[0];
    case Condition::Kind::Exists:
      return (v.kind != K::Missing && v.kind != K::Null) == *c.boolean;
    default:
      return false;
  }
}

}  // namespace detail

std::string_view email_domain(std::string_view email) {
  const auto at = email.rfind('@');
  if (at == std::string_view::npos) return {};
  return email.substr(at + 1);
}

bool is_personal_email_domain(std::string_view d) {
  static constexpr std::array<std::string_view, 26> kFreeMail = {
      "163.com",        "aol.com",  "fastmail.com",  "gmail.com",   "gmx.de",      "gmx.net",
      "googlemail.com", "hey.com",  "hotmail.co.uk", "hotmail.com", "icloud.com",  "live.com",
      "mac.com",        "mail.com", "me.com",        "msn.com",     "outlook.com", "proton.me",
      "protonmail.com", "qq.com",   "web.de",        "yahoo.co.uk", "yahoo.com",   "yahoo.fr",
      "yandex.ru",      "zoho.com"};
  return std::find(kFreeMail.begin(), kFreeMail.end(), d) != kFreeMail.end();
}

DerivedField derived_field(std::string_view name) {
  if (name == "email_domain") return DerivedField::EmailDomain;
  if (name == "email_personal") return DerivedField::EmailPersonal;
  return DerivedField::None;
}

FieldView derive(DerivedField field, const FieldView& address) {
  if (field == DerivedField::None || address.kind != FieldView::Kind::String)
    return FieldView::missing();
  const auto domain = email_domain(address.text);
  if (field == DerivedField::EmailDomain)
    return domain.empty() ? FieldView::missing() : FieldView::of_text(domain);
  return FieldView::of_bool(is_personal_email_domain(ascii_lower(domain)));
}

}  // namespace tandem
