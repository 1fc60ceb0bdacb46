#include "engine/workspace/workspace.h"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <numeric>
#include <set>
#include <unordered_map>

#include "engine/identity/identity.h"

namespace tandem {
namespace {

using nlohmann::json;

constexpr int kCurrentVersion = 1;
constexpr std::size_t kMaxDepth = 64;
constexpr std::string_view kStageNames[] = {"visitor",     "lead",     "mql",     "sql",
                                            "opportunity", "customer", "nurture", "disqualified"};

std::string ptr(const std::string& base, std::size_t index) {
  return base + "/" + std::to_string(index);
}

// Escapes a member name for a JSON pointer (RFC 6901).
std::string pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

// Hands Chunks to the JSON parser one char at a time, and checks each piece as it arrives:
// nesting deeper than any real workspace needs ends the input before the parser reaches it,
// so hostile input cannot exhaust the stack of anything that walks the tree. It also counts
// lines, so a syntax error can say where it is.
class ChunkReader {
 public:
  explicit ChunkReader(Chunks& chunks) : chunks_(chunks) { chunks_.rewind(); }

  // An input iterator over the pieces, for nlohmann::json::parse; equal to the default one
  // (the end) once the input is used up.
  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    Iterator() = default;
    explicit Iterator(ChunkReader* reader) : reader_(reader) {}
    reference operator*() const { return *reader_->pos_; }
    Iterator& operator++() {
      ++reader_->pos_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      ++*this;
      return before;
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.done() == b.done(); }
    friend bool operator!=(const Iterator& a, const Iterator& b) { return !(a == b); }

   private:
    bool done() const { return !reader_ || reader_->at_end(); }
    ChunkReader* reader_ = nullptr;
  };

  Iterator begin() { return Iterator(this); }
  Iterator end() { return Iterator(); }

  // How many bytes the parser has been handed so far.
  std::size_t handed() const { return piece_offset_ + static_cast<std::size_t>(pos_ - begin_); }

  // The nesting error, when the input was cut short for it.
  const std::optional<Problem>& too_deep() const { return too_deep_; }

  // Line and column of the byte at `offset` from the start of the document: exact within the
  // piece being read (where the parser stops), else the first line of that piece.
  std::pair<std::size_t, std::size_t> where(std::size_t offset) const {
    if (offset < piece_offset_) return {piece_line_, 1};
    std::size_t line = piece_line_, column = piece_column_;
    const std::size_t end = std::min<std::size_t>(offset - piece_offset_, end_ - begin_);
    for (std::size_t i = 0; i < end; ++i) {
      if (begin_[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return {line, column};
  }

 private:
  bool at_end() { return pos_ == end_ && !refill(); }

  [[gnu::noinline]] bool refill() {
    if (too_deep_) return false;
    for (;;) {
      const auto piece = chunks_.next();
      if (piece.empty()) return false;
      // Where this piece starts, before scan() moves the counts past it.
      piece_offset_ += static_cast<std::size_t>(end_ - begin_);
      piece_line_ = line_;
      piece_column_ = column_;
      begin_ = pos_ = piece.data();
      end_ = piece.data() + piece.size();
      if (!scan(piece)) {
        pos_ = end_;
        return false;
      }
      return true;
    }
  }

  // Follows nesting and lines through a piece; false when it nests too deep.
  bool scan(std::string_view piece) {
    for (char c : piece) {
      if (c == '\n') {
        ++line_;
        column_ = 1;
      } else {
        ++column_;
      }
      if (in_string_) {
        if (escaped_)
          escaped_ = false;
        else if (c == '\\')
          escaped_ = true;
        else if (c == '"')
          in_string_ = false;
        continue;
      }
      if (c == '"') {
        in_string_ = true;
      } else if (c == '[' || c == '{') {
        if (++depth_ > kMaxDepth) {
          too_deep_ = Problem{"", std::string("line ")
                                      .append(std::to_string(line_))
                                      .append(": nested more than ")
                                      .append(std::to_string(kMaxDepth))
                                      .append(" levels deep")};
          return false;
        }
      } else if ((c == ']' || c == '}') && depth_ > 0) {
        --depth_;
      }
    }
    return true;
  }

  Chunks& chunks_;
  const char* begin_ = nullptr;
  const char* pos_ = nullptr;
  const char* end_ = nullptr;
  std::size_t piece_offset_ = 0, piece_line_ = 1, piece_column_ = 1;
  std::size_t line_ = 1, column_ = 1, depth_ = 0;
  bool in_string_ = false, escaped_ = false;
  std::optional<Problem> too_deep_;
};

std::optional<json> parse_json(Chunks& chunks, Problems& problems,
                               const json::parser_callback_t& callback = nullptr) {
  ChunkReader reader(chunks);
  const auto refuse = [&](std::size_t offset, std::string what,
                          std::string_view from) -> std::optional<json> {
    if (reader.too_deep()) {
      problems.errors.push_back(*reader.too_deep());
      return std::nullopt;
    }
    const auto [line, column] = reader.where(offset);
    if (auto p = what.find(from); p != std::string::npos) what = what.substr(p);
    problems.errors.push_back({"", "not valid JSON at line " + std::to_string(line) + ", column " +
                                       std::to_string(column) + ": " + what});
    return std::nullopt;
  };
  try {
    auto doc = json::parse(reader.begin(), reader.end(), callback);
    if (reader.too_deep()) {
      problems.errors.push_back(*reader.too_deep());
      return std::nullopt;
    }
    return doc;
  } catch (const json::parse_error& e) {
    return refuse(e.byte ? e.byte - 1 : 0, e.what(), "syntax error");
  } catch (const json::out_of_range& e) {
    // A number too large for a double (1e999): the lexer has just read past it.
    return refuse(reader.handed() ? reader.handed() - 1 : 0, e.what(), "number");
  }
}

}  // namespace

json parse_json_text(std::string_view text) {
  OnePiece chunks(text);
  ChunkReader reader(chunks);
  return json::parse(reader.begin(), reader.end(), nullptr, false);
}

namespace {

std::optional<json> parse_json(std::string_view text, Problems& problems) {
  OnePiece chunks(text);
  return parse_json(chunks, problems);
}

bool is_stage_name(std::string_view s) {
  return std::find(std::begin(kStageNames), std::end(kStageNames), s) != std::end(kStageNames);
}

// The op id's two parts, "<replica>:<sequence>"; nullopt unless it has that form.
std::optional<std::pair<std::string_view, std::uint64_t>> split_op_id(std::string_view id) {
  const auto colon = id.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == id.size()) return std::nullopt;
  std::uint64_t seq = 0;
  const char* first = id.data() + colon + 1;
  const char* last = id.data() + id.size();
  auto [end, ec] = std::from_chars(first, last, seq);
  if (ec != std::errc() || end != last) return std::nullopt;
  return std::make_pair(id.substr(0, colon), seq);
}

// Appends `text` as a JSON string, byte for byte as nlohmann's dump() writes one (UTF-8 kept,
// quotes, backslashes and control characters escaped), without making a json value of it.
void append_quoted(std::string& out, std::string_view text) {
  out += '"';
  std::size_t plain = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text, plain, i - plain);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        constexpr char kHex[] = "0123456789abcdef";
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
    }
    plain = i + 1;
  }
  out.append(text, plain, std::string_view::npos);
  out += '"';
}

void append_value(std::string& out, const Interner& texts, const Value& v) {
  switch (v.kind) {
    case Value::Kind::Null:
      out += "null";
      break;
    case Value::Kind::Bool:
      out += v.boolean ? "true" : "false";
      break;
    case Value::Kind::Int:
      out += std::to_string(v.integer);
      break;
    case Value::Kind::Double:
      out += json(v.number).dump();
      break;
    case Value::Kind::Text:
      append_quoted(out, texts[v.text]);
      break;
    case Value::Kind::Raw:
      out += texts[v.text];
      break;
    default:
      break;
  }
}

std::string value_text(const Interner& texts, const Value& v) {
  switch (v.kind) {
    case Value::Kind::Null:
      return "null";
    case Value::Kind::Bool:
      return v.boolean ? "true" : "false";
    case Value::Kind::Int:
      return std::to_string(v.integer);
    case Value::Kind::Double:
      return json(v.number).dump();
    case Value::Kind::Text:
      return json(texts[v.text]).dump();
    case Value::Kind::Raw:
      return texts[v.text];
    default:
      return "";
  }
}

std::string unknown_type(const std::string& type) {
  return "\"" + type + "\" is not an op type Tandem knows; kept, and ignored for scoring";
}

}  // namespace

// Checks the props a known op type needs; returns false on an error.
bool Workspace::check_props(OpType type, const json& props, std::string_view contact,
                            const std::string& at, Problems& problems) {
  const std::size_t before = problems.errors.size();
  auto error = [&](const std::string& key, const std::string& message) {
    problems.errors.push_back({at + "/props/" + key, message});
  };
  auto string_prop = [&](const char* key) -> const std::string* {
    if (!props.contains(key)) return nullptr;
    if (!props.at(key).is_string()) {
      error(key, "must be a string");
      return nullptr;
    }
    return &props.at(key).get_ref<const std::string&>();
  };
  auto choice_list = [](const PropRule& rule) {
    std::string list;
    for (auto a : rule.choices)
      if (!a.empty()) list += (list.empty() ? "" : ", ") + std::string(a);
    return list;
  };
  const auto& row = op_type_row(type);
  for (const auto& rule : row.props) {
    if (rule.name.empty()) continue;
    const std::string key(rule.name);
    if (!props.contains(key)) {
      if (!rule.required) continue;
      error(key, !rule.missing.empty() ? std::string(rule.missing)
                                       : "is required: one of " + choice_list(rule));
      continue;
    }
    const auto& v = props.at(key);
    switch (rule.kind) {
      case PropKind::Number:
        if (!v.is_number() || v.get<double>() < 0) error(key, "must be a number, 0 or more");
        continue;
      case PropKind::TextList:
        if (!v.is_array()) {
          error(key, "must be a list of product names");
          continue;
        }
        for (std::size_t i = 0; i < v.size(); ++i)
          if (!v[i].is_string()) error(key + "/" + std::to_string(i), "must be a string");
        continue;
      case PropKind::TextOrNull:
        if (!v.is_string() && !v.is_null()) error(key, "must be a string or null");
        continue;
      default:
        break;
    }
    const auto* text = string_prop(key.c_str());
    if (!text) continue;
    switch (rule.kind) {
      case PropKind::NonEmpty:
        if (text->empty()) error(key, std::string(rule.missing));
        break;
      case PropKind::Choice:
        if (std::find(rule.choices.begin(), rule.choices.end(), *text) == rule.choices.end() ||
            text->empty())
          error(key, "\"" + *text + "\" is not one of " + choice_list(rule));
        break;
      case PropKind::Stage:
        if (!is_stage_name(*text))
          error(key, "\"" + *text +
                         "\" is not a stage: visitor, lead, mql, sql, opportunity, customer, "
                         "nurture or disqualified");
        break;
      case PropKind::Visitor:
        if (!Workspace::is_visitor_key(*text)) error(key, "a visitor id starts with \"v:\"");
        break;
      case PropKind::OtherContact:
        if (text->empty() || *text == contact) error(key, "must name another contact");
        break;
      default:
        break;
    }
  }
  if (!row.not_for_visitors.empty() && Workspace::is_visitor_key(contact))
    problems.errors.push_back({at + "/contact", std::string(row.not_for_visitors)});
  return problems.errors.size() == before;
}

std::optional<json> Workspace::parse_checked(std::string_view text, Problems& problems) {
  return parse_json(text, problems);
}

// An op checked against the format: its id split, its time read, its props checked for its
// type. Nothing is interned. Errors go under `at`.
std::optional<Workspace::OpRecord> Workspace::read_op(const json& op, const std::string& at,
                                                      Problems& problems) {
  if (!op.is_object()) {
    problems.errors.push_back({at, "an op must be an object"});
    return std::nullopt;
  }
  // One pass over the members: the core ones into their slots, the rest kept as they are.
  enum Slot { Id, At, Actor, Type, Contact, Props, Other };
  const auto slot_of = [](const std::string& key) {
    switch (key.size()) {
      case 2:
        return key == "id" ? Id : key == "at" ? At : Other;
      case 4:
        return key == "type" ? Type : Other;
      case 5:
        return key == "actor" ? Actor : key == "props" ? Props : Other;
      case 7:
        return key == "contact" ? Contact : Other;
      default:
        return Other;
    }
  };
  const json* member[Other] = {};
  OpRecord out;
  out.rest = json::object();
  for (auto it = op.begin(); it != op.end(); ++it) {
    const auto slot = slot_of(it.key());
    if (slot != Props && slot != Other) {
      member[slot] = &*it;
      continue;
    }
    if (slot == Props) member[Props] = &*it;
    out.rest[it.key()] = *it;
  }
  const std::size_t before = problems.errors.size();
  auto text_member = [&](Slot slot, const char* key, const char* what) -> const std::string* {
    const json* value = member[slot];
    if (!value || !value->is_string() || value->get_ref<const std::string&>().empty()) {
      problems.errors.push_back({at + "/" + key, what});
      return nullptr;
    }
    return &value->get_ref<const std::string&>();
  };
  const auto* id =
      text_member(Id, "id", "every op needs an id of the form \"<replica>:<sequence>\"");
  const auto* when = text_member(At, "at", "every op needs its time, such as 2026-03-01T09:30:00Z");
  out.actor = text_member(Actor, "actor",
                          "every op needs an actor (marketing, sales, system or a user's name)");
  out.type = text_member(Type, "type", "every op needs a type, such as page_view or accept");
  out.contact = text_member(Contact, "contact",
                            "every op needs the contact (or \"v:...\" visitor id) it is about");
  std::optional<std::pair<std::string_view, std::uint64_t>> parts;
  if (id && !(parts = split_op_id(*id)))
    problems.errors.push_back(
        {at + "/id",
         "\"" + *id +
             "\" is not of the form \"<replica>:<sequence>\" (a name, a colon, a whole number)"});
  std::optional<Millis> t;
  if (when && !(t = parse_iso8601(*when)))
    problems.errors.push_back({at + "/at", "not an ISO-8601 time (such as 2026-03-01T09:30:00Z)"});
  if (member[Props] && !member[Props]->is_object())
    problems.errors.push_back({at + "/props", "must be an object"});
  if (problems.errors.size() != before) return std::nullopt;
  if (OpType known; find_op_type(*out.type, known)) {
    out.known = known;
    static const json kEmpty = json::object();
    if (!check_props(*out.known, member[Props] ? *member[Props] : kEmpty, *out.contact, at,
                     problems))
      return std::nullopt;
  }
  out.replica = parts->first;
  out.sequence = parts->second;
  out.at = *t;
  return out;
}

// Interns a checked op's names and puts it at the end of the log; false (nothing added) when
// it would make more actors or op types than an op's columns can name.
bool Workspace::add_op(OpRecord& op) {
  const auto type_id = types_.intern(*op.type);
  const auto actor_id = actors_.intern(*op.actor);
  if (actor_id > std::numeric_limits<std::uint16_t>::max() ||
      type_id > std::numeric_limits<std::uint16_t>::max())
    return false;
  const auto payload = payload_texts_.intern(op.rest.dump());
  if (payload == payloads_.size()) payloads_.push_back(std::move(op.rest));
  // Ids an identify or merge names must resolve even if nothing else mentions them.
  if (op.known == OpType::Identify)
    keys_.intern(payloads_[payload].at("props").at("visitor").get_ref<const std::string&>());
  if (op.known == OpType::Merge)
    keys_.intern(payloads_[payload].at("props").at("from").get_ref<const std::string&>());
  const auto replica = replicas_.intern(op.replica);
  if (replica >= top_sequence_.size()) top_sequence_.resize(replica + 1, 0);
  top_sequence_[replica] = std::max(top_sequence_[replica], op.sequence);
  ops_.at.push_back(op.at);
  ops_.sequence.push_back(op.sequence);
  ops_.replica.push_back(replica);
  ops_.contact.push_back(keys_.intern(*op.contact));
  ops_.payload.push_back(payload);
  ops_.actor.push_back(static_cast<std::uint16_t>(actor_id));
  ops_.type.push_back(static_cast<std::uint16_t>(type_id));
  return true;
}

// Builds a workspace from one document, or from two being merged.
class WorkspaceBuilder {
 public:
  explicit WorkspaceBuilder(bool merging) : merging_(merging) {
    for (auto name : kOpTypeNames)
      ws_.types_.intern(name);
  }

  // Reads one document. Contacts and ops are taken one at a time as the parser meets them and
  // dropped from the tree at once, so a log of millions of ops never exists as a JSON tree.
  // Returns false when the document needs the whole-tree reading instead: lists named twice,
  // or ops before contacts (the order records are met in decides their interned ids).
  bool read(Chunks& chunks, std::size_t source, Problems& problems) {
    source_ = source;
    std::string list;  // the top-level member being read
    bool in_list = false, saw_ops = false, fallback = false;
    std::size_t index = 0;
    Problems contacts, ops;
    const json::parser_callback_t take = [&](int depth, json::parse_event_t event, json& parsed) {
      using Event = json::parse_event_t;
      if (depth == 1) {
        if (event == Event::key) {
          list = parsed.get_ref<const std::string&>();
          if (list == "ops" || list == "contacts") {
            if ((list == "ops" && saw_ops) || (list == "contacts" && saw_contacts_))
              fallback = true;
            if (list == "contacts" && saw_ops) fallback = true;
            (list == "ops" ? saw_ops : saw_contacts_) = true;
          }
        } else if (event == Event::array_start) {
          in_list = list == "ops" || list == "contacts";
          index = 0;
        } else if (event == Event::object_start) {
          in_list = false;
        }
        return true;
      }
      if (depth != 2 || !in_list || fallback) return true;
      if (event != Event::object_end && event != Event::array_end && event != Event::value)
        return true;
      if (list == "contacts")
        add_contact(parsed, index, contacts);
      else
        add_op(parsed, index, ops);
      ++index;
      return false;
    };
    auto doc = parse_json(chunks, problems, take);
    saw_contacts_ = false;
    if (fallback) return false;
    if (doc) add_document(*doc, source, problems, &contacts, &ops);
    return true;
  }

  void add_document(const json& doc, std::size_t source, Problems& problems,
                    const Problems* streamed_contacts = nullptr,
                    const Problems* streamed_ops = nullptr) {
    source_ = source;
    const std::size_t before = problems.errors.size();
    if (!doc.is_object()) {
      problems.errors.push_back({"", "a workspace is a JSON object"});
      return;
    }
    if (!doc.contains("format") || doc.at("format") != "tandem.workspace") {
      problems.errors.push_back(
          {"/format", "must be \"tandem.workspace\": this is not a Tandem workspace"});
      return;
    }
    if (!doc.contains("version") || !doc.at("version").is_number_integer()) {
      problems.errors.push_back({"/version", "must be the format version number (1)"});
      return;
    }
    const auto version = doc.at("version").get<long long>();
    if (version > kCurrentVersion) {
      problems.errors.push_back(
          {"/version", "this workspace is format version " + std::to_string(version) +
                           ", newer than this Tandem reads (" + std::to_string(kCurrentVersion) +
                           "): update Tandem to open it"});
      return;
    }
    if (version < 1) {
      problems.errors.push_back(
          {"/version", "version " + std::to_string(version) + " never existed; the first is 1"});
      return;
    }
    const json config = doc.contains("config") ? doc.at("config") : json::object();
    parse_config(config, problems);
    configs_.push_back(config);

    const auto append = [&](const Problems* streamed) {
      problems.errors.insert(problems.errors.end(), streamed->errors.begin(),
                             streamed->errors.end());
      problems.warnings.insert(problems.warnings.end(), streamed->warnings.begin(),
                               streamed->warnings.end());
    };
    if (doc.contains("contacts")) {
      const auto& list = doc.at("contacts");
      if (!list.is_array())
        problems.errors.push_back({"/contacts", "must be a list of contacts"});
      else if (streamed_contacts)
        append(streamed_contacts);
      else
        for (std::size_t i = 0; i < list.size(); ++i)
          add_contact(list[i], i, problems);
    }
    if (doc.contains("ops")) {
      const auto& list = doc.at("ops");
      if (!list.is_array())
        problems.errors.push_back({"/ops", "must be a list of operations"});
      else if (streamed_ops)
        append(streamed_ops);
      else
        for (std::size_t i = 0; i < list.size(); ++i)
          add_op(list[i], i, problems);
    }
    for (const auto& [key, value] : doc.items()) {
      if (key == "format" || key == "version" || key == "config" || key == "contacts" ||
          key == "ops" || key == "state")
        continue;
      if (!ws_.extras_.contains(key)) {
        ws_.extras_[key] = value;
      } else if (ws_.extras_[key] != value) {
        if (value.dump() > ws_.extras_[key].dump()) ws_.extras_[key] = value;
        problems.warnings.push_back(
            {"/" + pointer_token(key), "the two copies differ here; kept one of them whole"});
      }
    }
    if (problems.errors.size() != before) failed_ = true;
  }

  std::optional<Workspace> finish(Problems& problems,
                                  std::vector<std::uint32_t>* file_index = nullptr) {
    if (failed_ || !problems.ok()) return std::nullopt;
    choose_config(problems);
    if (!dedupe_ops(problems)) return std::nullopt;
    std::vector<std::uint32_t> order = sort_ops();
    order = forget_erased(order);
    if (file_index) {
      file_index->clear();
      for (auto i : order)
        file_index->push_back(static_cast<std::uint32_t>(origin_[i].second));
    }
    ws_.row_of_key_.assign(ws_.keys_.size(), -1);
    for (std::size_t r = 0; r < ws_.contacts_.size(); ++r)
      ws_.row_of_key_[ws_.contacts_.key[r]] = static_cast<std::int64_t>(r);
    if (auto email = ws_.fields_.find("email")) ws_.email_field_ = *email;
    ws_.erased_.resize(ws_.keys_.size(), 0);
    return std::move(ws_);
  }

 private:
  Value to_value(const json& v) {
    Value out;
    switch (v.type()) {
      case json::value_t::null:
        out.kind = Value::Kind::Null;
        break;
      case json::value_t::boolean:
        out.kind = Value::Kind::Bool;
        out.boolean = v.get<bool>();
        break;
      case json::value_t::number_integer:
        out.kind = Value::Kind::Int;
        out.integer = v.get<std::int64_t>();
        break;
      case json::value_t::number_unsigned:
        if (v.get<std::uint64_t>() <=
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
          out.kind = Value::Kind::Int;
          out.integer = static_cast<std::int64_t>(v.get<std::uint64_t>());
        } else {
          out.kind = Value::Kind::Raw;
          out.text = ws_.texts_.intern(v.dump());
        }
        break;
      case json::value_t::number_float:
        out.kind = Value::Kind::Double;
        out.number = v.get<double>();
        break;
      case json::value_t::string:
        out.kind = Value::Kind::Text;
        out.text = ws_.texts_.intern(v.get_ref<const std::string&>());
        break;
      default:
        out.kind = Value::Kind::Raw;
        out.text = ws_.texts_.intern(v.dump());
        break;
    }
    return out;
  }

  void add_contact(const json& c, std::size_t index, Problems& problems) {
    const std::string at = ptr("/contacts", index);
    if (!c.is_object()) {
      problems.errors.push_back({at, "a contact must be an object"});
      return;
    }
    if (!c.contains("id") || !c.at("id").is_string() ||
        c.at("id").get_ref<const std::string&>().empty()) {
      problems.errors.push_back({at + "/id", "every contact needs a non-empty string id"});
      return;
    }
    const auto& id = c.at("id").get_ref<const std::string&>();
    if (Workspace::is_visitor_key(id)) {
      problems.errors.push_back(
          {at + "/id",
           "\"" + id + "\" is a visitor id (it starts with \"v:\"); a contact's id does not"});
      return;
    }
    Millis created = kNoTime;
    if (c.contains("created")) {
      const auto& v = c.at("created");
      const auto t = v.is_string() ? parse_iso8601(v.get_ref<const std::string&>()) : std::nullopt;
      if (!t) {
        problems.errors.push_back(
            {at + "/created", "not an ISO-8601 time (such as 2026-03-01T09:30:00Z)"});
        return;
      }
      created = *t;
    }
    if (c.contains("email") && !c.at("email").is_string()) {
      problems.errors.push_back({at + "/email", "must be a string"});
      return;
    }
    const auto key = ws_.keys_.intern(id);
    auto& table = ws_.contacts_;
    std::size_t row;
    if (auto seen = contact_rows_.find(key); seen != contact_rows_.end()) {
      if (!merging_ || seen->second.source == source_) {
        problems.errors.push_back({at + "/id", "the contact \"" + id +
                                                   "\" appears twice (also at /contacts/" +
                                                   std::to_string(seen->second.index) + ")"});
        return;
      }
      // The other copy's contact: from here on a second one in this file is a duplicate.
      seen->second.source = source_;
      seen->second.index = index;
      row = seen->second.row;
    } else {
      row = table.size();
      table.key.push_back(key);
      table.created.push_back(kNoTime);
      for (auto& column : table.columns)
        column.emplace_back();
      contact_rows_.emplace(key, ContactSeen{row, source_, index});
    }
    for (const auto& [name, value] : c.items()) {
      if (name == "id") continue;
      const auto field = ws_.fields_.intern(name);
      if (field == table.columns.size()) table.columns.emplace_back(table.size());
      const Value v = to_value(value);
      Value& slot = table.columns[field][row];
      if (slot.kind != Value::Kind::Missing) {
        const auto mine = value_text(ws_.texts_, slot), theirs = value_text(ws_.texts_, v);
        if (mine == theirs) continue;
        problems.warnings.push_back(
            {at + "/" + pointer_token(name), "the two copies of contact \"" + id +
                                                 "\" disagree on " + name + " (" + mine + " / " +
                                                 theirs + "); kept " + std::max(mine, theirs)});
        if (theirs < mine) continue;
      }
      slot = v;
      if (name == "created") table.created[row] = created;
    }
  }

  void add_op(const json& op, std::size_t index, Problems& problems) {
    const std::string at = ptr("/ops", index);
    auto read = Workspace::read_op(op, at, problems);
    if (!read) return;
    const auto type_id = ws_.types_.intern(*read->type);
    if (type_id >= kKnownOpTypes && warned_types_.insert(type_id).second)
      problems.warnings.push_back({at + "/type", unknown_type(*read->type)});
    if (!ws_.add_op(*read)) {
      problems.errors.push_back(
          {at, "more than 65,535 distinct actors or op types in one workspace"});
      return;
    }
    origin_.emplace_back(source_, index);
  }

  void choose_config(Problems& problems) {
    std::size_t best = 0;
    auto updated = [&](std::size_t i) -> Millis {
      const auto& c = configs_[i];
      if (c.is_object() && c.contains("updated") && c.at("updated").is_string())
        if (auto t = parse_iso8601(c.at("updated").get_ref<const std::string&>())) return *t;
      return kNoTime;
    };
    for (std::size_t i = 1; i < configs_.size(); ++i) {
      if (configs_[i] == configs_[best]) continue;
      const bool newer = updated(i) > updated(best) || (updated(i) == updated(best) &&
                                                        configs_[i].dump() > configs_[best].dump());
      problems.warnings.push_back(
          {"/config", "the two copies have different configs; kept the one " +
                          std::string(updated(newer ? i : best) != kNoTime ? "updated last"
                                                                           : "chosen by content")});
      if (newer) best = i;
    }
    ws_.config_json_ = configs_.empty() ? json::object() : configs_[best];
    Problems ignored;
    ws_.config_ = parse_config(ws_.config_json_, ignored);
  }

  bool same_op(std::size_t a, std::size_t b) const {
    const auto& o = ws_.ops_;
    return o.at[a] == o.at[b] && o.actor[a] == o.actor[b] && o.type[a] == o.type[b] &&
           o.contact[a] == o.contact[b] && o.payload[a] == o.payload[b];
  }

  std::string pointer_of(std::size_t i) const { return ptr("/ops", origin_[i].second); }
  std::string file_of(std::size_t i) const {
    if (!merging_) return "";
    return origin_[i].first == 0 ? " of the first file" : " of the second file";
  }

  // Applying the same op twice is a no-op; two different ops under one id are an error.
  bool dedupe_ops(Problems& problems) {
    const auto& o = ws_.ops_;
    std::vector<std::uint32_t> by_id(o.size());
    std::iota(by_id.begin(), by_id.end(), 0u);
    std::stable_sort(by_id.begin(), by_id.end(), [&](auto a, auto b) {
      return o.replica[a] != o.replica[b] ? o.replica[a] < o.replica[b]
                                          : o.sequence[a] < o.sequence[b];
    });
    keep_.assign(o.size(), 1);
    bool ok = true;
    for (std::size_t i = 1; i < by_id.size(); ++i) {
      const auto a = by_id[i - 1], b = by_id[i];
      if (o.replica[a] != o.replica[b] || o.sequence[a] != o.sequence[b]) continue;
      if (same_op(a, b)) {
        keep_[b] = 0;
        by_id[i] = a;  // later copies compare against the one kept
      } else {
        problems.errors.push_back(
            {pointer_of(b) + "/id",
             "the op id " + ws_.op_id(b) + file_of(b) + " is also used at " + pointer_of(a) +
                 file_of(a) + " for a different operation; an id names one operation only"});
        ok = false;
      }
    }
    return ok;
  }

  // Room for appends after a load (1/64 more ops, 0.5 B/op): without it the first append
  // copies every column, and the log's capacity doubles.
  static std::size_t with_room(std::size_t size) { return size + size / 64 + 4096; }

  template <typename T>
  static void make_room(std::vector<T>& column) {
    if (column.capacity() < column.size() + 4096 ||
        column.capacity() > with_room(column.size()) + column.size() / 64) {
      std::vector<T> out;
      out.reserve(with_room(column.size()));
      out.assign(column.begin(), column.end());
      column.swap(out);
    }
  }

  void make_room() {
    auto& o = ws_.ops_;
    make_room(o.at);
    make_room(o.sequence);
    make_room(o.replica);
    make_room(o.contact);
    make_room(o.payload);
    make_room(o.actor);
    make_room(o.type);
  }

  template <typename T>
  static void gather(std::vector<T>& column, const std::vector<std::uint32_t>& order) {
    std::vector<T> out;
    out.reserve(with_room(order.size()));
    for (auto i : order)
      out.push_back(column[i]);
    column.swap(out);
  }

  void apply_order(const std::vector<std::uint32_t>& order) {
    auto& o = ws_.ops_;
    gather(o.at, order);
    gather(o.sequence, order);
    gather(o.replica, order);
    gather(o.contact, order);
    gather(o.payload, order);
    gather(o.actor, order);
    gather(o.type, order);
  }

  // Ops in (at, id) order; ids compare by replica name, then sequence number.
  std::vector<std::uint32_t> sort_ops() {
    const auto& o = ws_.ops_;
    const auto rank = ws_.replica_ranks();
    std::vector<std::uint32_t> order;
    order.reserve(o.size());
    for (std::uint32_t i = 0; i < o.size(); ++i)
      if (keep_[i]) order.push_back(i);
    const auto before = [&](auto a, auto b) {
      if (o.at[a] != o.at[b]) return o.at[a] < o.at[b];
      if (o.replica[a] != o.replica[b]) return rank[o.replica[a]] < rank[o.replica[b]];
      return o.sequence[a] < o.sequence[b];
    };
    // A canonical document (every export) is in order already.
    if (order.size() == o.size() && std::is_sorted(order.begin(), order.end(), before)) {
      make_room();
      return order;
    }
    std::sort(order.begin(), order.end(), before);
    apply_order(order);
    return order;
  }

  // An erased person leaves only ids behind: the erase op and the identify and merge ops that
  // joined their ids, so that a merge with an older copy (which may lack the joins) erases
  // every one of those ids again. No record, field or activity of theirs is kept.
  // Returns the original index of each op left, given those of the ops before.
  std::vector<std::uint32_t> forget_erased(const std::vector<std::uint32_t>& original) {
    const auto ids = resolve_identities(ws_);
    ws_.erased_ = ids.erased;
    const auto& o = ws_.ops_;
    const auto keeps_ids = [&](std::uint16_t type) {
      return type == static_cast<std::uint16_t>(OpType::Erase) ||
             type == static_cast<std::uint16_t>(OpType::Identify) ||
             type == static_cast<std::uint16_t>(OpType::Merge);
    };
    std::vector<std::uint32_t> order, kept;
    order.reserve(o.size());
    for (std::uint32_t i = 0; i < o.size(); ++i) {
      if (ids.erased[o.contact[i]] && !keeps_ids(o.type[i])) continue;
      order.push_back(i);
      kept.push_back(original[i]);
    }
    if (order.size() != o.size()) apply_order(order);

    auto& table = ws_.contacts_;
    std::vector<std::uint32_t> rows;
    for (std::uint32_t r = 0; r < table.size(); ++r)
      if (!ids.erased[table.key[r]]) rows.push_back(r);
    if (rows.size() != table.size()) {
      gather(table.key, rows);
      gather(table.created, rows);
      for (auto& column : table.columns)
        gather(column, rows);
    }
    return kept;
  }

  bool merging_;
  bool failed_ = false;
  bool saw_contacts_ = false;
  std::size_t source_ = 0;
  Workspace ws_;
  std::vector<json> configs_;
  struct ContactSeen {
    std::size_t row;     // in the contacts table
    std::size_t source;  // the file it was last met in
    std::size_t index;   // its place in that file's list
  };
  std::unordered_map<std::uint32_t, ContactSeen> contact_rows_;
  std::vector<std::pair<std::size_t, std::size_t>> origin_;  // per op: source, index in its file
  std::vector<std::uint8_t> keep_;
  std::set<std::uint32_t> warned_types_;
};

Workspace::Workspace() = default;

std::vector<std::uint32_t> Workspace::replica_ranks() const {
  std::vector<std::uint32_t> names(replicas_.size());
  std::iota(names.begin(), names.end(), 0u);
  std::sort(names.begin(), names.end(),
            [&](auto a, auto b) { return replicas_[a] < replicas_[b]; });
  std::vector<std::uint32_t> rank(names.size());
  for (std::uint32_t r = 0; r < names.size(); ++r)
    rank[names[r]] = r;
  return rank;
}

// Keys added since the last ranking are sorted alone and merged into the order of the others:
// O(new log new + all) rather than a sort of every key, and only when a rank is next read, so
// a run of appends that name new visitors ranks once.
void Workspace::rank_new_keys() const {
  const auto by_text = [&](std::uint32_t a, std::uint32_t b) { return keys_[a] < keys_[b]; };
  std::vector<std::uint32_t> fresh(keys_.size() - by_rank_.size());
  std::iota(fresh.begin(), fresh.end(), static_cast<std::uint32_t>(by_rank_.size()));
  std::sort(fresh.begin(), fresh.end(), by_text);
  std::vector<std::uint32_t> merged;
  merged.reserve(keys_.size());
  std::merge(by_rank_.begin(), by_rank_.end(), fresh.begin(), fresh.end(),
             std::back_inserter(merged), by_text);
  by_rank_.swap(merged);
  key_rank_.resize(by_rank_.size());
  for (std::uint32_t r = 0; r < by_rank_.size(); ++r)
    key_rank_[by_rank_[r]] = r;
}

std::optional<Workspace> Workspace::load(std::string_view text, Problems& problems,
                                         std::vector<std::uint32_t>* file_index) {
  OnePiece chunks(text);
  return load(chunks, problems, file_index);
}

std::optional<Workspace> Workspace::load(Chunks& chunks, Problems& problems,
                                         std::vector<std::uint32_t>* file_index) {
  {
    WorkspaceBuilder builder(false);
    Problems streamed;
    if (builder.read(chunks, 0, streamed)) {
      problems.errors.insert(problems.errors.end(), streamed.errors.begin(), streamed.errors.end());
      problems.warnings.insert(problems.warnings.end(), streamed.warnings.begin(),
                               streamed.warnings.end());
      return builder.finish(problems, file_index);
    }
  }
  auto doc = parse_json(chunks, problems);
  if (!doc) return std::nullopt;
  WorkspaceBuilder builder(false);
  builder.add_document(*doc, 0, problems);
  return builder.finish(problems, file_index);
}

std::optional<Workspace> Workspace::merge(std::string_view a, std::string_view b,
                                          Problems& problems) {
  WorkspaceBuilder builder(true);
  for (std::size_t source = 0; source < 2; ++source) {
    Problems mine;
    auto doc = parse_json(source == 0 ? a : b, mine);
    if (doc) builder.add_document(*doc, source, mine);
    const char* which = source == 0 ? "the first file" : "the second file";
    for (auto& p : mine.errors)
      problems.errors.push_back({p.pointer, p.message + " (in " + which + ")"});
    for (auto& p : mine.warnings)
      problems.warnings.push_back({p.pointer, p.message + " (in " + which + ")"});
  }
  return builder.finish(problems);
}

Workspace::Appended Workspace::append_in_order(const json& ops, Problems& problems) {
  const std::size_t before = problems.errors.size();
  std::vector<OpRecord> records;
  records.reserve(ops.size());
  for (std::size_t i = 0; i < ops.size(); ++i) {
    auto read = read_op(ops[i], std::string(1, '/').append(std::to_string(i)), problems);
    if (read) records.push_back(std::move(*read));
  }
  if (problems.errors.size() != before) return Appended::Invalid;

  // Each op must come after the one before it, the log's last op first, in (at, id) order.
  Millis last_at = ops_.size() ? ops_.at.back() : kNoTime;
  std::string_view last_replica =
      ops_.size() ? std::string_view(replicas_[ops_.replica.back()]) : "";
  std::uint64_t last_sequence = ops_.size() ? ops_.sequence.back() : 0;
  std::unordered_map<std::string_view, std::uint64_t> batch_top;
  const auto erased = [&](const std::string& id) {
    const auto key = keys_.find(id);
    return key && *key < erased_.size() && erased_[*key];
  };
  for (const auto& r : records) {
    if (r.known == OpType::Erase || erased(*r.contact)) return Appended::NeedsLoad;
    if (r.known == OpType::Identify || r.known == OpType::Merge) {
      const auto& props = r.rest.at("props");
      if (erased(props.at(r.known == OpType::Identify ? "visitor" : "from").get<std::string>()))
        return Appended::NeedsLoad;
    }
    const bool first_ever = ops_.size() == 0 && &r == &records.front();
    const bool after =
        first_ever || r.at > last_at ||
        (r.at == last_at &&
         (r.replica > last_replica || (r.replica == last_replica && r.sequence > last_sequence)));
    if (!after) return Appended::NeedsLoad;
    // The batch's own ops of a replica come later than the log's, so theirs is the top.
    std::optional<std::uint64_t> top;
    if (const auto replica = replicas_.find(r.replica); replica && *replica < top_sequence_.size())
      top = top_sequence_[*replica];
    if (const auto seen = batch_top.find(r.replica); seen != batch_top.end()) top = seen->second;
    if (top && r.sequence <= *top) return Appended::NeedsLoad;
    batch_top[r.replica] = r.sequence;
    last_at = r.at;
    last_replica = r.replica;
    last_sequence = r.sequence;
  }
  if (actors_.size() + records.size() > std::numeric_limits<std::uint16_t>::max() ||
      types_.size() + records.size() > std::numeric_limits<std::uint16_t>::max())
    return Appended::NeedsLoad;

  const auto keys_before = keys_.size();
  std::set<std::string_view> warned;
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto& r = records[i];
    if (!r.known && !types_.find(*r.type) && warned.insert(*r.type).second)
      problems.warnings.push_back(
          {std::string(1, '/').append(std::to_string(i)).append("/type"), unknown_type(*r.type)});
    add_op(r);
  }
  if (keys_.size() != keys_before) {
    row_of_key_.resize(keys_.size(), -1);
    erased_.resize(keys_.size(), 0);
  }
  derived_.reset();
  return Appended::Done;
}

std::string Workspace::record_json(std::size_t row,
                                   const std::vector<std::uint32_t>& field_order) const {
  std::string out;
  append_record_json(out, row, field_order);
  return out;
}

void Workspace::append_record_json(std::string& out, std::size_t row,
                                   const std::vector<std::uint32_t>& field_order) const {
  out += "{\"id\": ";
  append_quoted(out, keys_[contacts_.key[row]]);
  for (auto f : field_order) {
    const Value& v = contacts_.columns[f][row];
    if (v.kind == Value::Kind::Missing) continue;
    out += ", ";
    append_quoted(out, fields_[f]);
    out += ": ";
    append_value(out, texts_, v);
  }
  out += '}';
}

std::string Workspace::record_json(std::size_t row) const {
  std::vector<std::uint32_t> field_order(fields_.size());
  std::iota(field_order.begin(), field_order.end(), 0u);
  std::sort(field_order.begin(), field_order.end(),
            [&](auto a, auto b) { return fields_[a] < fields_[b]; });
  return record_json(row, field_order);
}

std::string Workspace::op_json(std::size_t i) const {
  std::string out;
  append_op_json(out, i, nullptr);
  return out;
}

// tails, if given: per payload, its members as an op writes them, filled in as met.
void Workspace::append_op_json(std::string& out, std::size_t i,
                               std::vector<std::optional<std::string>>* tails) const {
  out += "{\"id\": ";
  append_quoted(out, op_id(i));
  out += ", \"at\": \"";
  out += format_iso8601(ops_.at[i]);
  out += "\", \"actor\": ";
  append_quoted(out, actors_[ops_.actor[i]]);
  out += ", \"type\": ";
  append_quoted(out, types_[ops_.type[i]]);
  out += ", \"contact\": ";
  append_quoted(out, keys_[ops_.contact[i]]);
  const auto payload = ops_.payload[i];
  const auto write_tail = [&](std::string& to) {
    for (const auto& [key, value] : payloads_[payload].items()) {
      to += ", ";
      append_quoted(to, key);
      to += ": ";
      to += value.dump();
    }
  };
  if (!tails) {
    write_tail(out);
  } else {
    auto& tail = (*tails)[payload];
    if (!tail) write_tail(tail.emplace());
    out += *tail;
  }
  out += '}';
}

std::string Workspace::records_json(const std::vector<std::string>& fields) const {
  std::string out = "{\"id\": [";
  for (std::size_t r = 0; r < contacts_.size(); ++r) {
    if (r) out += ", ";
    append_quoted(out, keys_[contacts_.key[r]]);
  }
  out += "]";
  for (const auto& name : fields) {
    if (name == "id") continue;
    out += ", ";
    append_quoted(out, name);
    out += ": [";
    const auto field = fields_.find(name);
    for (std::size_t r = 0; r < contacts_.size(); ++r) {
      if (r) out += ", ";
      const Value* v = field ? &contacts_.columns[*field][r] : nullptr;
      if (v && v->kind != Value::Kind::Missing)
        append_value(out, texts_, *v);
      else
        out += "null";
    }
    out += "]";
  }
  return out + "}";
}

std::size_t Workspace::known_at(Millis now) const {
  return static_cast<std::size_t>(std::upper_bound(ops_.at.begin(), ops_.at.end(), now) -
                                  ops_.at.begin());
}

Workspace::FieldRef Workspace::field_ref(std::string_view name) const {
  if (name == "email_domain") return {FieldRef::Kind::EmailDomain, email_field_};
  if (name == "email_personal") return {FieldRef::Kind::EmailPersonal, email_field_};
  const auto f = fields_.find(name);
  return f ? FieldRef{FieldRef::Kind::Column, *f} : FieldRef{};
}

FieldView Workspace::field(std::size_t row, std::string_view name) const {
  return field(row, field_ref(name));
}

FieldView Workspace::field(std::size_t row, FieldRef ref) const {
  if (ref.kind == FieldRef::Kind::Missing || ref.column == kNone) return FieldView::missing();
  const Value& v = contacts_.columns[ref.column][row];
  if (ref.kind != FieldRef::Kind::Column) {
    if (v.kind != Value::Kind::Text) return FieldView::missing();
    const auto domain = email_domain(texts_[v.text]);
    if (ref.kind == FieldRef::Kind::EmailDomain)
      return domain.empty() ? FieldView::missing() : FieldView::of_text(domain);
    return FieldView::of_bool(is_personal_email_domain(ascii_lower(domain)));
  }
  switch (v.kind) {
    case Value::Kind::Null:
      return {FieldView::Kind::Null, false, 0, {}};
    case Value::Kind::Bool:
      return FieldView::of_bool(v.boolean);
    case Value::Kind::Int:
      return FieldView::of_number(static_cast<double>(v.integer));
    case Value::Kind::Double:
      return FieldView::of_number(v.number);
    case Value::Kind::Text:
      return FieldView::of_text(texts_[v.text]);
    case Value::Kind::Raw:
      return {FieldView::Kind::Other, false, 0, {}};
    default:
      return FieldView::missing();
  }
}

bool Workspace::set_config(std::string_view config_json, Problems& problems) {
  Problems found;
  auto node = parse_json(config_json, found);
  if (node) {
    auto config = parse_config(*node, found);
    if (found.ok()) {
      config_ = std::move(config);
      config_json_ = std::move(*node);
      for (auto& warning : found.warnings)
        problems.warnings.push_back(std::move(warning));
      return true;
    }
  }
  for (auto& error : found.errors)
    problems.errors.push_back(
        {error.pointer.empty() ? "/config" : error.pointer, std::move(error.message)});
  return false;
}

const json* Workspace::prop(std::size_t op, std::string_view name) const {
  const auto& p = payloads_[ops_.payload[op]];
  const auto props = p.find("props");
  if (props == p.end() || !props->is_object()) return nullptr;
  const auto it = props->find(name);
  return it == props->end() ? nullptr : &*it;
}

std::string Workspace::op_id(std::size_t op) const {
  return replicas_[ops_.replica[op]] + ":" + std::to_string(ops_.sequence[op]);
}

std::string Workspace::export_document() const {
  std::string out;
  out +=
      "{\n  \"format\": \"tandem.workspace\",\n  \"version\": " + std::to_string(kCurrentVersion) +
      ",\n";
  auto indented = [](const json& value) {
    std::string text = value.dump(2), result;
    for (char c : text) {
      result += c;
      if (c == '\n') result += "  ";
    }
    return result;
  };
  out += "  \"config\": " + indented(config_json_) + ",\n";

  std::vector<std::uint32_t> rows(contacts_.size());
  std::iota(rows.begin(), rows.end(), 0u);
  std::sort(rows.begin(), rows.end(),
            [&](auto a, auto b) { return keys_[contacts_.key[a]] < keys_[contacts_.key[b]]; });
  std::vector<std::uint32_t> field_order(fields_.size());
  std::iota(field_order.begin(), field_order.end(), 0u);
  std::sort(field_order.begin(), field_order.end(),
            [&](auto a, auto b) { return fields_[a] < fields_[b]; });
  out += "  \"contacts\": [";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out += i ? ",\n    " : "\n    ";
    append_record_json(out, rows[i], field_order);
  }
  out += rows.empty() ? "],\n" : "\n  ],\n";

  out += "  \"ops\": [";
  std::vector<std::optional<std::string>> tails(payloads_.size());
  for (std::size_t i = 0; i < ops_.size(); ++i) {
    out += i ? ",\n    " : "\n    ";
    append_op_json(out, i, &tails);
  }
  out += ops_.size() ? "\n  ]" : "]";
  for (const auto& [key, value] : extras_.items())
    out += ",\n  " + json(key).dump() + ": " + indented(value);
  out += "\n}\n";
  return out;
}

}  // namespace tandem
