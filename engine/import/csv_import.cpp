#include "engine/import/csv_import.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "engine/base/time.h"
#include "engine/workspace/condition.h"
#include "engine/workspace/workspace.h"

namespace tandem {

namespace {

// One "@" with something before it and a dotted domain after it, and no spaces: enough to
// catch a shifted column or a typo, without refusing addresses a mail server would take.
bool looks_like_email(std::string_view text) {
  const auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos)
    return false;
  const auto domain = text.substr(at + 1);
  const auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == domain.size()) return false;
  for (char ch : text)
    if (ch == ' ' || ch == '\t' || ch == ',' || ch == ';' || ch == '<' || ch == '>') return false;
  return true;
}

using nlohmann::json;
using ordered = nlohmann::ordered_json;

// Header keys (header_key) of common CRM exports and the contact field each one means.
const std::map<std::string, std::string> kContactHeaders = {
    {"id", "id"},
    {"recordid", "id"},
    {"contactid", "id"},
    {"leadid", "id"},
    {"prospectid", "id"},
    {"personid", "id"},
    {"opportunityid", "id"},
    {"dealid", "id"},
    {"email", "email"},
    {"emailaddress", "email"},
    {"workemail", "email"},
    {"primaryemail", "email"},
    {"firstname", "first_name"},
    {"lastname", "last_name"},
    {"surname", "last_name"},
    {"name", "name"},
    {"fullname", "name"},
    {"contactname", "name"},
    {"leadname", "name"},
    {"personname", "name"},
    {"company", "company"},
    {"companyname", "company"},
    {"account", "company"},
    {"accountname", "company"},
    {"organization", "company"},
    {"organisation", "company"},
    {"organizationname", "company"},
    {"jobtitle", "title"},
    {"title", "title"},
    {"position", "title"},
    {"industry", "industry"},
    {"sector", "industry"},
    {"employees", "employees"},
    {"numberofemployees", "employees"},
    {"companysize", "employees"},
    {"annualrevenue", "revenue"},
    {"revenue", "revenue"},
    {"country", "country"},
    {"countryregion", "country"},
    {"mailingcountry", "country"},
    {"billingcountry", "country"},
    {"city", "city"},
    {"phone", "phone"},
    {"phonenumber", "phone"},
    {"mobilephone", "mobile"},
    {"leadsource", "source"},
    {"source", "source"},
    {"originalsource", "source"},
    {"contactsource", "source"},
    {"createdate", "created"},
    {"createddate", "created"},
    {"createdon", "created"},
    {"datecreated", "created"},
    {"createdat", "created"},
    {"dateadded", "created"},
    {"owner", "owner"},
    {"contactowner", "owner"},
    {"leadowner", "owner"},
    {"dealowner", "owner"},
    {"salesagent", "owner"},
};

// Headers that carry how a deal or lead ended.
const std::set<std::string> kOutcomeHeaders = {
    "converted", "dealstage", "stage",      "isconverted",
    "won",       "status",    "leadstatus", "opportunitystage"};
const std::set<std::string> kAmountHeaders = {"amount", "closevalue", "dealvalue", "value",
                                              "dealamount"};
const std::set<std::string> kProductHeaders = {"product", "products", "productname"};
const std::set<std::string> kOpenedHeaders = {"engagedate", "opendate", "opened", "startdate"};
const std::set<std::string> kClosedHeaders = {"closedate", "closeddate", "closedat", "wondate"};

// Activity exports: the type and time columns, and names of activity types.
const std::set<std::string> kTypeHeaders = {"activitytype", "eventtype", "type",
                                            "action",       "activity",  "event"};
const std::set<std::string> kTimeHeaders = {"date",       "timestamp", "activitydate", "eventdate",
                                            "occurredat", "time",      "datetime"};

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return std::string(s);
}

// A cell as a JSON value: a number when it reads as one (not "007", which is a code).
json cell_value(const std::string& cell) {
  const std::string t = trimmed(cell);
  if (t.empty()) return json();
  std::size_t i = t[0] == '-' ? 1 : 0;
  bool digits = false, dot = false, ok = i < t.size();
  for (std::size_t k = i; k < t.size() && ok; ++k) {
    if (t[k] >= '0' && t[k] <= '9')
      digits = true;
    else if (t[k] == '.' && !dot)
      dot = true;
    else
      ok = false;
  }
  const bool leading_zero = t.size() > i + 1 && t[i] == '0' && t[i + 1] != '.';
  if (ok && digits && !leading_zero && t.size() - i <= 15) {
    if (!dot) return json(std::stoll(t));
    return json(std::stod(t));
  }
  return json(t);
}

// ISO-8601, or a date alone ("2017-03-01"), or "2017-03-01 09:30[:00]".
std::optional<Millis> parse_time(std::string_view text) {
  const std::string t = trimmed(text);
  if (auto v = parse_iso8601(t)) return v;
  if (t.size() == 10) return parse_iso8601(t + "T00:00:00Z");
  if (t.size() == 16 && t[10] == ' ')
    return parse_iso8601(t.substr(0, 10) + "T" + t.substr(11) + ":00Z");
  if (t.size() == 19 && t[10] == ' ')
    return parse_iso8601(t.substr(0, 10) + "T" + t.substr(11) + "Z");
  return std::nullopt;
}

std::vector<std::string> lower_list(const json& node) {
  std::vector<std::string> out;
  if (!node.is_array()) return out;
  for (const auto& v : node) {
    if (v.is_string())
      out.push_back(ascii_lower(trimmed(v.get<std::string>())));
    else if (v.is_number())
      out.push_back(v.dump());
  }
  return out;
}

bool in_list(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), ascii_lower(trimmed(value))) != list.end();
}

// The mapping, read and checked once.
struct Mapping {
  std::string kind = "contacts";
  std::string replica = "csv";
  Millis at = 0;
  std::vector<std::string> field;  // per column: the contact field or role; "" drops it
  // outcome
  int outcome = -1, amount = -1, products = -1, opened = -1, closed = -1;
  std::vector<std::string> won, lost;
  std::map<std::string, std::string> open;  // lower-cased value -> stage
  std::string lost_as = "deal_lost", reason;
  std::vector<std::string> blank;  // lower-cased placeholders that mean "not given" ("Select")
  // activities
  std::map<std::string, std::string> types;  // header_key of a value -> op type
};

int column_of(const CsvTable& table, const json& node, const char* name, const std::string& at,
              Problems& problems) {
  if (!node.contains(name) || node.at(name).is_null()) return -1;
  const auto& v = node.at(name);
  if (v.is_string())
    for (std::size_t c = 0; c < table.header.size(); ++c)
      if (table.header[c] == v.get<std::string>()) return static_cast<int>(c);
  problems.errors.push_back({at + "/" + name, "names no column of the CSV's header"});
  return -1;
}

std::optional<Mapping> read_mapping(const CsvTable& table, const json& node, Problems& problems) {
  Mapping m;
  if (!node.is_object()) {
    problems.errors.push_back({"/mapping", "the mapping must be a JSON object"});
    return std::nullopt;
  }
  if (node.contains("kind")) {
    const auto& k = node.at("kind");
    if (k == "contacts" || k == "activities")
      m.kind = k.get<std::string>();
    else
      problems.errors.push_back({"/mapping/kind", "must be \"contacts\" or \"activities\""});
  }
  if (node.contains("replica")) {
    const auto& r = node.at("replica");
    if (r.is_string() && !r.get<std::string>().empty() &&
        r.get<std::string>().find(':') == std::string::npos)
      m.replica = r.get<std::string>();
    else
      problems.errors.push_back({"/mapping/replica", "must be a name without \":\""});
  }
  if (node.contains("at")) {
    const auto& a = node.at("at");
    const auto t = a.is_string() ? parse_iso8601(a.get<std::string>()) : std::nullopt;
    if (t)
      m.at = *t;
    else
      problems.errors.push_back({"/mapping/at", "not an ISO-8601 time"});
  }
  m.field.assign(table.header.begin(), table.header.end());  // unmapped: kept by its header
  if (node.contains("columns")) {
    const auto& cols = node.at("columns");
    if (!cols.is_object()) {
      problems.errors.push_back({"/mapping/columns", "must be an object of header: field"});
    } else {
      for (const auto& [header, target] : cols.items()) {
        auto it = std::find(table.header.begin(), table.header.end(), header);
        if (it == table.header.end()) {
          problems.errors.push_back(
              {"/mapping/columns/" + header, "the CSV has no column \"" + header + "\""});
          continue;
        }
        const auto c = static_cast<std::size_t>(it - table.header.begin());
        if (target.is_null())
          m.field[c] = "";
        else if (target.is_string() && !target.get<std::string>().empty())
          m.field[c] = target.get<std::string>();
        else
          problems.errors.push_back(
              {"/mapping/columns/" + header, "must be a field name, or null to leave it out"});
      }
    }
  }
  if (node.contains("outcome") && node.at("outcome").is_object()) {
    const auto& o = node.at("outcome");
    m.outcome = column_of(table, o, "column", "/mapping/outcome", problems);
    m.amount = column_of(table, o, "amount", "/mapping/outcome", problems);
    m.products = column_of(table, o, "products", "/mapping/outcome", problems);
    m.opened = column_of(table, o, "opened", "/mapping/outcome", problems);
    m.closed = column_of(table, o, "closed", "/mapping/outcome", problems);
    if (o.contains("won")) m.won = lower_list(o.at("won"));
    if (o.contains("lost")) m.lost = lower_list(o.at("lost"));
    if (o.contains("open") && o.at("open").is_object())
      for (const auto& [value, stage] : o.at("open").items()) {
        if (stage.is_string() && stage_from_name(stage.get<std::string>()))
          m.open[ascii_lower(trimmed(value))] = stage.get<std::string>();
        else
          problems.errors.push_back({"/mapping/outcome/open/" + value, "not a stage name"});
      }
    if (o.contains("lost_as")) {
      const auto& l = o.at("lost_as");
      if (l == "deal_lost" || l == "disqualify")
        m.lost_as = l.get<std::string>();
      else
        problems.errors.push_back(
            {"/mapping/outcome/lost_as", "must be \"deal_lost\" or \"disqualify\""});
    }
    if (o.contains("reason") && o.at("reason").is_string())
      m.reason = o.at("reason").get<std::string>();
    // The outcome's own columns are not contact fields.
    for (int c : {m.outcome, m.amount, m.opened, m.closed})
      if (c >= 0) m.field[static_cast<std::size_t>(c)] = "";
  }
  if (node.contains("blank")) {
    if (node.at("blank").is_array())
      m.blank = lower_list(node.at("blank"));
    else
      problems.errors.push_back({"/mapping/blank", "must be a list of placeholder values"});
  }
  if (node.contains("types") && node.at("types").is_object())
    for (const auto& [value, type] : node.at("types").items())
      if (type.is_string()) m.types[header_key(value)] = type.get<std::string>();
  if (!problems.ok()) return std::nullopt;
  return m;
}

std::string stage_name_text(Stage s) {
  return std::string(stage_name(s));
}

// The ops and contact of one contacts row; problems go to `row_problems`.
struct RowResult {
  json contact;
  std::vector<json> ops;
  std::vector<Problem> problems;
};

// A row's problems, located by line and, when `column` is not -1, by the column's header.
auto problem_reporter(const CsvTable& table, std::size_t line, std::vector<Problem>& problems) {
  return [&table, &problems, line](int column, const std::string& message) {
    const std::string where = "/rows/" + std::to_string(line);
    problems.push_back(
        {column < 0 ? where : where + "/" + table.header[static_cast<std::size_t>(column)],
         "line " + std::to_string(line) + ": " + message});
  };
}

// A row with another number of cells than the header cannot be mapped: a problem.
template <class Report>
bool whole_row(const CsvTable& table, std::size_t r, const Report& problem) {
  if (table.rows[r].size() == table.header.size()) return true;
  problem(-1, std::to_string(table.rows[r].size()) + " cells where the header has " +
                  std::to_string(table.header.size()));
  return false;
}

json make_op(const Mapping& m, std::size_t line, int k, Millis at, const std::string& type,
             const std::string& contact, json props = json::object()) {
  json op = {{"id", m.replica + ":" + std::to_string(line * 10 + static_cast<std::size_t>(k))},
             {"at", format_iso8601(at)},
             {"actor", "import"},
             {"type", type},
             {"contact", contact}};
  if (!props.empty()) op["props"] = std::move(props);
  return op;
}

RowResult contact_row(const CsvTable& table, const Mapping& m, std::size_t r,
                      std::set<std::string>& ids) {
  RowResult out;
  const auto& row = table.rows[r];
  const std::size_t line = table.lines[r];
  const auto problem = problem_reporter(table, line, out.problems);
  if (!whole_row(table, r, problem)) return out;
  json contact = json::object();
  std::string owner;
  Millis created = kNoTime;
  for (std::size_t c = 0; c < row.size(); ++c) {
    const std::string& field = m.field[c];
    const std::string cell = trimmed(row[c]);
    if (field.empty() || cell.empty() || in_list(m.blank, cell)) continue;
    if (field == "id") {
      contact["id"] = cell;
    } else if (field == "owner") {
      owner = cell;
    } else if (field == "created") {
      const auto t = parse_time(cell);
      if (!t) {
        problem(static_cast<int>(c), "\"" + cell + "\" is not a date or ISO-8601 time");
        continue;
      }
      created = *t;
      contact["created"] = format_iso8601(*t);
    } else if (field == "email" && !looks_like_email(cell)) {
      problem(static_cast<int>(c), "\"" + cell + "\" is not an e-mail address");
    } else if (field == "email" || field == "phone" || field == "mobile") {
      contact[field] = cell;  // never a number, whatever it looks like
    } else {
      contact[field] = cell_value(cell);
    }
  }
  if (!contact.contains("id")) contact["id"] = m.replica + "-" + std::to_string(line);
  const std::string id = contact["id"].get<std::string>();
  if (Workspace::is_visitor_key(id)) problem(-1, "a contact id may not start with \"v:\"");
  if (!ids.insert(id).second) problem(-1, "the id \"" + id + "\" is already used by another row");

  auto time_in = [&](int column, Millis fallback) -> Millis {
    if (column < 0) return fallback;
    const std::string cell = trimmed(row[static_cast<std::size_t>(column)]);
    if (cell.empty()) return fallback;
    const auto t = parse_time(cell);
    if (!t) {
      problem(column, "\"" + cell + "\" is not a date or ISO-8601 time");
      return fallback;
    }
    return *t;
  };
  const Millis base = created != kNoTime ? created : m.at;
  const Millis opened = time_in(m.opened, base);
  const Millis closed = time_in(m.closed, opened);
  int k = 0;
  if (!owner.empty())
    out.ops.push_back(make_op(m, line, k++, base, "set_owner", id, {{"owner", owner}}));
  if (m.outcome >= 0) {
    const std::string value = row[static_cast<std::size_t>(m.outcome)];
    const bool won = in_list(m.won, value), lost = in_list(m.lost, value);
    const auto open = m.open.find(ascii_lower(trimmed(value)));
    if (won || (lost && m.lost_as == "deal_lost"))
      out.ops.push_back(
          make_op(m, line, k++, opened, "set_stage", id,
                  {{"stage", stage_name_text(Stage::Opportunity)}, {"reason", "imported"}}));
    if (won) {
      json props = json::object();
      if (m.amount >= 0) {
        const std::string cell = trimmed(row[static_cast<std::size_t>(m.amount)]);
        const json amount = cell_value(cell);
        if (!cell.empty() && !amount.is_number())
          problem(m.amount, "\"" + cell + "\" is not an amount");
        else if (amount.is_number())
          props["amount"] = amount;
      }
      if (m.products >= 0) {
        const std::string cell = trimmed(row[static_cast<std::size_t>(m.products)]);
        if (!cell.empty()) props["products"] = json::array({cell});
      }
      out.ops.push_back(make_op(m, line, k++, closed, "deal_won", id, props));
    } else if (lost) {
      json props = json::object();
      if (!m.reason.empty()) props[m.lost_as == "deal_lost" ? "objection" : "reason"] = m.reason;
      out.ops.push_back(make_op(m, line, k++, closed,
                                m.lost_as == "deal_lost" ? "deal_lost" : "disqualify", id, props));
    } else if (open != m.open.end()) {
      out.ops.push_back(make_op(m, line, k++, opened, "set_stage", id,
                                {{"stage", open->second}, {"reason", "imported"}}));
    }
  }
  out.contact = std::move(contact);
  return out;
}

RowResult activity_row(const CsvTable& table, const Mapping& m, std::size_t r,
                       const std::map<std::string, std::string>& by_email) {
  RowResult out;
  const auto& row = table.rows[r];
  const std::size_t line = table.lines[r];
  const auto problem = problem_reporter(table, line, out.problems);
  if (!whole_row(table, r, problem)) return out;
  std::string contact, type;
  std::optional<Millis> at;
  json props = json::object();
  for (std::size_t c = 0; c < row.size(); ++c) {
    const std::string& field = m.field[c];
    const std::string cell = trimmed(row[c]);
    if (field.empty() || cell.empty()) continue;
    const int col = static_cast<int>(c);
    if (field == "contact" || field == "id") {
      contact = cell;
    } else if (field == "email") {
      auto it = by_email.find(ascii_lower(cell));
      if (contact.empty()) contact = it != by_email.end() ? it->second : cell;
    } else if (field == "type") {
      const auto key = header_key(cell);
      if (auto own = m.types.find(key); own != m.types.end())
        type = own->second;
      else if (const auto* known = op_type_for_csv_name(key))
        type = known->name;
      else
        type = cell;
    } else if (field == "at") {
      at = parse_time(cell);
      if (!at) problem(col, "\"" + cell + "\" is not a date or ISO-8601 time");
    } else {
      props[field] = cell_value(cell);
    }
  }
  if (contact.empty()) problem(-1, "no contact: map a column to \"contact\" or \"email\"");
  if (type.empty()) problem(-1, "no activity type: map a column to \"type\"");
  if (!at && out.problems.empty()) problem(-1, "no time: map a column to \"at\"");
  if (out.problems.empty()) out.ops.push_back(make_op(m, line, 0, *at, type, contact, props));
  return out;
}

}  // namespace

std::string header_key(std::string_view header) {
  std::string out;
  for (char c : header) {
    if (c >= 'A' && c <= 'Z')
      out += static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      out += c;
  }
  return out;
}

std::optional<CsvTable> parse_csv(std::string_view text, Problems& problems) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  CsvTable table;
  std::vector<std::string> row;
  std::string cell;
  std::size_t line = 1, row_line = 1;
  bool quoted = false, any = false;
  auto end_row = [&] {
    row.push_back(std::move(cell));
    cell.clear();
    const bool blank = row.size() == 1 && row[0].empty();
    if (!blank) {
      if (table.header.empty() && table.rows.empty() && !any) {
        table.header = std::move(row);
        any = true;
      } else {
        table.rows.push_back(std::move(row));
        table.lines.push_back(row_line);
      }
    }
    row.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    if (c == '"' && cell.empty()) {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(cell));
      cell.clear();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
      row_line = ++line;
    } else {
      cell += c;
    }
  }
  if (quoted) {
    problems.errors.push_back({"/rows/" + std::to_string(row_line),
                               "line " + std::to_string(row_line) + ": a quote is never closed"});
    return std::nullopt;
  }
  if (!cell.empty() || !row.empty()) end_row();
  if (table.header.empty()) {
    problems.errors.push_back({"", "the CSV has no header row"});
    return std::nullopt;
  }
  for (auto& h : table.header)
    h = trimmed(h);
  return table;
}

Outcome suggest_csv_mapping(std::string_view csv) {
  Outcome out;
  const auto table = parse_csv(csv, out.problems);
  if (!table) return out;
  bool has_type = false, has_time = false;
  for (const auto& h : table->header) {
    has_type = has_type || kTypeHeaders.count(header_key(h));
    has_time = has_time || kTimeHeaders.count(header_key(h));
  }
  const bool activities = has_type && has_time;
  ordered columns = ordered::object();
  ordered outcome = ordered::object();
  std::set<std::string> used;
  for (const auto& h : table->header) {
    const auto key = header_key(h);
    if (activities) {
      if (kTypeHeaders.count(key))
        columns[h] = "type";
      else if (kTimeHeaders.count(key))
        columns[h] = "at";
      else if (key == "email" || key == "emailaddress")
        columns[h] = "email";
      else if (key == "contactid" || key == "leadid" || key == "id" || key == "contact")
        columns[h] = "contact";
      else
        columns[h] = h;
      continue;
    }
    if (kOutcomeHeaders.count(key) && !outcome.contains("column")) {
      outcome["column"] = h;
      if (key == "converted" || key == "isconverted" || key == "won") {
        outcome["won"] = {"1", "true", "yes"};
        outcome["lost"] = {"0", "false", "no"};
        outcome["lost_as"] = "disqualify";
        outcome["reason"] = "not converted";
      } else {
        outcome["won"] = {"won", "closed won", "closedwon"};
        outcome["lost"] = {"lost", "closed lost", "closedlost"};
        outcome["lost_as"] = "deal_lost";
      }
      continue;
    }
    if (kAmountHeaders.count(key) && !outcome.contains("amount")) outcome["amount"] = h;
    if (kProductHeaders.count(key) && !outcome.contains("products")) outcome["products"] = h;
    if (kOpenedHeaders.count(key) && !outcome.contains("opened")) outcome["opened"] = h;
    if (kClosedHeaders.count(key) && !outcome.contains("closed")) outcome["closed"] = h;
    auto it = kContactHeaders.find(key);
    // The first column for a field takes it; later ones keep their header.
    if (it != kContactHeaders.end() && used.insert(it->second).second)
      columns[h] = it->second;
    else
      columns[h] = h;
  }
  ordered mapping = {{"kind", activities ? "activities" : "contacts"},
                     {"replica", "csv"},
                     {"at", "1970-01-01T00:00:00Z"},
                     {"columns", columns}};
  if (!activities && outcome.contains("column")) mapping["outcome"] = outcome;
  out.text = mapping.dump(2, ' ', false, ordered::error_handler_t::replace);
  return out;
}

std::string csv_added_json(const CsvAdded& added) {
  auto list = [](const std::vector<std::string>& items) {
    std::string out = "[";
    for (const auto& item : items)
      out.append(out.size() > 1 ? ", " : "").append(item);
    return out + "]";
  };
  return "{\"contacts\": " + std::to_string(added.contacts) +
         ", \"ops\": " + std::to_string(added.ops) + ", \"rows\": " + std::to_string(added.rows) +
         ", \"skipped\": " + std::to_string(added.skipped) +
         ", \"first_contacts\": " + list(added.first_contacts) +
         ", \"first_ops\": " + list(added.first_ops) + "}";
}

Outcome import_csv(std::string_view csv, std::string_view mapping_json, std::string_view into,
                   bool skip_bad_rows, CsvAdded* added) {
  Outcome out;
  const auto table = parse_csv(csv, out.problems);
  if (!table) return out;
  json mapping_node;
  if (mapping_json.empty()) {
    const auto suggested = suggest_csv_mapping(csv);
    mapping_node = parse_json_text(suggested.text);
  } else {
    mapping_node = parse_json_text(mapping_json);
    if (mapping_node.is_discarded()) {
      out.problems.errors.push_back({"/mapping", "the mapping is not valid JSON"});
      return out;
    }
  }
  const auto mapping = read_mapping(*table, mapping_node, out.problems);
  if (!mapping) return out;

  json doc;
  if (into.empty()) {
    doc = {{"format", "tandem.workspace"},
           {"version", 1},
           {"config", json::object()},
           {"contacts", json::array()},
           {"ops", json::array()}};
  } else {
    doc = parse_json_text(into);
    if (!doc.is_object()) {
      out.problems.errors.push_back({"", "the workspace to import into is not a JSON object"});
      return out;
    }
    if (!doc.contains("contacts")) doc["contacts"] = json::array();
    if (!doc.contains("ops")) doc["ops"] = json::array();
    if (!doc["contacts"].is_array() || !doc["ops"].is_array()) {
      out.problems.errors.push_back({"", "the workspace's contacts and ops must be arrays"});
      return out;
    }
  }
  std::set<std::string> ids;
  std::map<std::string, std::string> by_email;
  for (const auto& c : doc["contacts"]) {
    if (!c.is_object() || !c.contains("id") || !c["id"].is_string()) continue;
    ids.insert(c["id"].get<std::string>());
    if (c.contains("email") && c["email"].is_string())
      by_email.emplace(ascii_lower(c["email"].get<std::string>()), c["id"].get<std::string>());
  }
  // What the document held before, so that what is new can be told from it.
  const std::set<std::string> known_contacts = ids;
  std::set<std::string> known_ops;
  for (const auto& op : doc["ops"])
    if (op.is_object() && op.contains("id") && op["id"].is_string())
      known_ops.insert(op["id"].get<std::string>());
  std::size_t imported = 0, skipped = 0;
  for (std::size_t r = 0; r < table->rows.size(); ++r) {
    auto result = mapping->kind == "contacts" ? contact_row(*table, *mapping, r, ids)
                                              : activity_row(*table, *mapping, r, by_email);
    if (!result.problems.empty()) {
      auto& list = skip_bad_rows ? out.problems.warnings : out.problems.errors;
      list.insert(list.end(), result.problems.begin(), result.problems.end());
      ++skipped;
      continue;
    }
    ++imported;
    if (!result.contact.is_null()) doc["contacts"].push_back(std::move(result.contact));
    for (auto& op : result.ops)
      doc["ops"].push_back(std::move(op));
  }
  if (!out.problems.ok()) return out;
  if (skipped)
    out.problems.warnings.push_back({"", std::to_string(skipped) + " bad rows left out, " +
                                             std::to_string(imported) + " imported"});
  // The result must be a valid workspace; its canonical form is what is handed back.
  // Bytes that are not UTF-8 (a Latin-1 export) become U+FFFD rather than an error.
  const auto ws =
      Workspace::load(doc.dump(-1, ' ', false, json::error_handler_t::replace), out.problems);
  if (!ws) return out;
  out.text = ws->export_document();
  if (added) {
    *added = {};
    added->rows = imported;
    added->skipped = skipped;
    const auto& rows = ws->contacts();
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (known_contacts.count(ws->keys()[rows.key[r]])) continue;
      if (added->contacts++ < kCsvSample) added->first_contacts.push_back(ws->record_json(r));
    }
    for (std::size_t i = 0; i < ws->ops().size(); ++i) {
      if (known_ops.count(ws->op_id(i))) continue;
      if (added->ops++ < kCsvSample) added->first_ops.push_back(ws->op_json(i));
    }
  }
  return out;
}

}  // namespace tandem
