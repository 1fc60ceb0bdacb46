#include "engine/workspace/snapshot.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <type_traits>
#include <utility>
#include <vector>

#include "engine/identity/identity.h"
#include "engine/workspace/workspace.h"

namespace tandem {
namespace {

static_assert(std::endian::native == std::endian::little,
              "snapshots are little-endian and written as memory holds them");

using nlohmann::json;

// Header: magic, version, reserved (0), body length, body checksum; then the body.
constexpr char kMagic[8] = {'T', 'A', 'N', 'D', 'E', 'M', 'W', 'S'};
constexpr std::size_t kHeaderSize = 8 + 4 + 4 + 8 + 8;
constexpr std::size_t kLengthAt = 16, kChecksumAt = 24;

// Any change of one 8-byte word changes the result: each step is a bijection of the state.
std::uint64_t checksum(std::string_view body) {
  std::uint64_t h = 0x243f6a8885a308d3ull ^ body.size();
  std::size_t i = 0;
  for (; i + 8 <= body.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, body.data() + i, 8);
    h = std::rotl(h ^ word, 29) * 0x9e3779b97f4a7c15ull;
  }
  std::uint64_t tail = 0;
  if (i < body.size()) std::memcpy(&tail, body.data() + i, body.size() - i);
  h = std::rotl(h ^ tail, 29) * 0x9e3779b97f4a7c15ull;
  return h ^ (h >> 31);
}

template <class T>
void put(std::string& out, T value) {
  static_assert(std::is_trivially_copyable_v<T>);
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

template <class T>
void put_column(std::string& out, const std::vector<T>& column) {
  put<std::uint64_t>(out, column.size());
  if (!column.empty())
    out.append(reinterpret_cast<const char*>(column.data()), column.size() * sizeof(T));
}

void put_text(std::string& out, std::string_view text) {
  put<std::uint64_t>(out, text.size());
  out.append(text);
}

// The strings `kept` names (all of them when it is null), in that order.
void put_strings(std::string& out, const Interner& strings,
                 const std::vector<std::uint32_t>* kept = nullptr) {
  std::vector<std::uint32_t> ids;
  if (!kept) {
    ids.resize(strings.size());
    std::iota(ids.begin(), ids.end(), 0u);
  }
  const auto& list = kept ? *kept : ids;
  std::vector<std::uint32_t> lengths(list.size());
  for (std::size_t i = 0; i < list.size(); ++i)
    lengths[i] = static_cast<std::uint32_t>(strings[list[i]].size());
  put_column(out, lengths);
  for (const auto id : list)
    out.append(strings[id]);
}

// Ids still in use, renumbered in their old order: what an erased person's record or ops once
// interned (their name, their pages) is not written.
struct Renumbered {
  std::vector<std::uint32_t> kept;  // old ids, in order
  std::vector<std::uint32_t> id;    // per old id: the new one
  explicit Renumbered(const std::vector<std::uint8_t>& used) : id(used.size(), kNone) {
    for (std::uint32_t old = 0; old < used.size(); ++old)
      if (used[old]) {
        id[old] = static_cast<std::uint32_t>(kept.size());
        kept.push_back(old);
      }
  }
};

// libc++ 14 (Emscripten's) has no std::bit_cast.
std::uint64_t double_bits(double number) {
  std::uint64_t bits;
  std::memcpy(&bits, &number, 8);
  return bits;
}

// A Value's 8 bytes, read back through the member its kind names.
std::uint64_t value_bits(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Bool:
      return v.boolean ? 1 : 0;
    case Value::Kind::Int:
      return static_cast<std::uint64_t>(v.integer);
    case Value::Kind::Double:
      return double_bits(v.number);
    case Value::Kind::Text:
    case Value::Kind::Raw:
      return v.text;
    default:
      return 0;
  }
}

// Whether text is well-formed UTF-8, as every string of a JSON document is.
bool is_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int more;
    unsigned low = 0x80, high = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
      more = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
      more = 2;
      if (c == 0xe0) low = 0xa0;
      if (c == 0xed) high = 0x9f;  // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      more = 3;
      if (c == 0xf0) low = 0x90;
      if (c == 0xf4) high = 0x8f;
    } else {
      return false;
    }
    if (end - p <= more) return false;
    if (p[1] < low || p[1] > high) return false;
    for (int i = 2; i <= more; ++i)
      if (p[i] < 0x80 || p[i] > 0xbf) return false;
    p += more + 1;
  }
  return true;
}

// The times an ISO-8601 text can name: an op's time lies between them.
const Millis kEarliest = *parse_iso8601("0000-01-01T00:00:00+23:59");
const Millis kLatest = *parse_iso8601("9999-12-31T23:59:59.999-23:59");

// Bytes read front to back; the first thing wrong stops it and is kept as the reason.
class Cursor {
 public:
  explicit Cursor(std::string_view bytes) : bytes_(bytes) {}

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  bool at_end() const { return pos_ == bytes_.size(); }
  void fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }

  template <class T>
  T get(const char* what) {
    T value{};
    if (failed()) return value;
    if (bytes_.size() - pos_ < sizeof(T)) {
      fail(std::string("it ends inside ").append(what));
      return value;
    }
    std::memcpy(&value, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return value;
  }

  // A count of items of `size` bytes each that must fit in what is left.
  std::size_t count(std::size_t size, const char* what) {
    const auto n = get<std::uint64_t>(what);
    if (failed()) return 0;
    if (n > (bytes_.size() - pos_) / std::max<std::size_t>(size, 1)) {
      fail(std::string("it ends inside ").append(what));
      return 0;
    }
    return static_cast<std::size_t>(n);
  }

  template <class T>
  bool column(std::vector<T>& out, std::size_t n, const char* what) {
    if (failed()) return false;
    if (n > (bytes_.size() - pos_) / sizeof(T)) {
      fail(std::string("it ends inside ").append(what));
      return false;
    }
    out.resize(n);
    if (n) std::memcpy(out.data(), bytes_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
    return true;
  }

  template <class T>
  bool column(std::vector<T>& out, const char* what) {
    return column(out, count(sizeof(T), what), what);
  }

  std::string_view text(std::size_t n, const char* what) {
    if (failed()) return {};
    if (n > bytes_.size() - pos_) {
      fail(std::string("it ends inside ").append(what));
      return {};
    }
    const auto out = bytes_.substr(pos_, n);
    pos_ += n;
    return out;
  }

  std::string_view text(const char* what) { return text(count(1, what), what); }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
  std::string error_;
};

}  // namespace

class SnapshotWriter {
 public:
  static std::string write(const Workspace& ws) {
    std::string out(kHeaderSize, '\0');
    put_text(out, ws.config_json_.dump());
    put_text(out, ws.extras_.dump());
    const auto& c = ws.contacts_;
    const auto& o = ws.ops_;
    std::vector<std::uint8_t> text_used(ws.texts_.size(), 0), payload_used(ws.payloads_.size(), 0);
    for (const auto& column : c.columns)
      for (const auto& v : column)
        if (v.kind == Value::Kind::Text || v.kind == Value::Kind::Raw) text_used[v.text] = 1;
    for (const auto p : o.payload)
      payload_used[p] = 1;
    const Renumbered texts(text_used), payloads(payload_used);
    for (const Interner* strings : {&ws.keys_, &ws.replicas_, &ws.actors_, &ws.types_})
      put_strings(out, *strings);
    put_strings(out, ws.texts_, &texts.kept);
    put_strings(out, ws.fields_);
    put_strings(out, ws.payload_texts_, &payloads.kept);

    put_column(out, c.key);
    put<std::uint64_t>(out, c.columns.size());
    for (const auto& column : c.columns) {
      std::vector<std::uint8_t> kinds(column.size());
      std::vector<std::uint64_t> bits(column.size());
      for (std::size_t r = 0; r < column.size(); ++r) {
        Value v = column[r];
        if (v.kind == Value::Kind::Text || v.kind == Value::Kind::Raw) v.text = texts.id[v.text];
        kinds[r] = static_cast<std::uint8_t>(v.kind);
        bits[r] = value_bits(v);
      }
      if (column.empty()) continue;
      out.append(reinterpret_cast<const char*>(kinds.data()), kinds.size());
      out.append(reinterpret_cast<const char*>(bits.data()), bits.size() * 8);
    }

    put_column(out, o.at);
    put_column(out, o.sequence);
    put_column(out, o.replica);
    put_column(out, o.contact);
    std::vector<std::uint32_t> payload(o.size());
    for (std::size_t i = 0; i < o.size(); ++i)
      payload[i] = payloads.id[o.payload[i]];
    put_column(out, payload);
    put_column(out, o.actor);
    put_column(out, o.type);
    if (ws.by_rank_.size() != ws.keys_.size()) ws.rank_new_keys();  // ranks are made lazily
    put_column(out, ws.key_rank_);

    std::memcpy(out.data(), kMagic, sizeof kMagic);
    const std::uint32_t version = kSnapshotVersion, reserved = 0;
    std::memcpy(out.data() + 8, &version, 4);
    std::memcpy(out.data() + 12, &reserved, 4);
    seal_snapshot(out);
    return out;
  }
};

class SnapshotReader {
 public:
  static std::optional<Workspace> read(std::string_view bytes, Problems& problems) {
    SnapshotReader reader;
    if (auto why = reader.read_header(bytes)) {
      problems.errors.push_back({"", *why});
      return std::nullopt;
    }
    Cursor in(bytes.substr(kHeaderSize));
    reader.read_body(in);
    if (!in.failed() && !in.at_end()) in.fail("there are bytes after its end");
    if (in.failed()) {
      problems.errors.push_back({"", "the stored workspace is damaged: " + in.error()});
      return std::nullopt;
    }
    return std::move(reader.ws_);
  }

 private:
  std::optional<std::string> read_header(std::string_view bytes) const {
    if (bytes.size() < 8 || std::memcmp(bytes.data(), kMagic, 8) != 0)
      return "these bytes are not a Tandem workspace snapshot";
    if (bytes.size() < kHeaderSize) return "the stored workspace is damaged: it ends in its header";
    std::uint32_t version, reserved;
    std::uint64_t length, sum;
    std::memcpy(&version, bytes.data() + 8, 4);
    std::memcpy(&reserved, bytes.data() + 12, 4);
    std::memcpy(&length, bytes.data() + kLengthAt, 8);
    std::memcpy(&sum, bytes.data() + kChecksumAt, 8);
    if (version > kSnapshotVersion)
      return std::string("this workspace was saved as snapshot version ")
          .append(std::to_string(version))
          .append(", newer than this Tandem reads (")
          .append(std::to_string(kSnapshotVersion))
          .append("): update Tandem to open it");
    if (version < 1 || reserved != 0)
      return std::string("the stored workspace is damaged: its header names version ")
          .append(std::to_string(version))
          .append(", which never existed");
    if (length != bytes.size() - kHeaderSize)
      return std::string("the stored workspace is damaged: it should have ")
          .append(std::to_string(length))
          .append(" bytes after its header and has ")
          .append(std::to_string(bytes.size() - kHeaderSize));
    if (sum != checksum(bytes.substr(kHeaderSize)))
      return "the stored workspace is damaged: its checksum does not match its bytes";
    return std::nullopt;
  }

  void read_body(Cursor& in) {
    read_config(in);
    read_strings(in, ws_.keys_, "the contact ids", false);
    read_strings(in, ws_.replicas_, "the replica names", false);
    read_strings(in, ws_.actors_, "the actors", false);
    read_strings(in, ws_.types_, "the op types", false);
    read_strings(in, ws_.texts_, "the texts", true);
    read_strings(in, ws_.fields_, "the field names", true);
    read_strings(in, ws_.payload_texts_, "the op payloads", false);
    if (in.failed()) return;
    map_types(in);
    read_payloads(in);
    read_contacts(in);
    read_ops(in);
    read_ranks(in);
    if (in.failed()) return;
    check_contacts(in);
    check_ops(in);
    if (in.failed()) return;
    check_erased(in);
    if (auto email = ws_.fields_.find("email")) ws_.email_field_ = *email;
  }

  void read_config(Cursor& in) {
    const auto config = in.text("the config");
    const auto extras = in.text("the document's other members");
    if (in.failed()) return;
    Problems problems;
    auto node = Workspace::parse_checked(config, problems);
    if (!node || !node->is_object()) return in.fail("its config is not a JSON object");
    ws_.config_ = parse_config(*node, problems);
    if (!problems.ok()) return in.fail("its config is invalid: " + problems.errors[0].message);
    ws_.config_json_ = std::move(*node);
    auto rest = Workspace::parse_checked(extras, problems);
    if (!rest || !rest->is_object())
      return in.fail("the document's other members are not a JSON object");
    for (const char* own : {"format", "version", "config", "contacts", "ops", "state"})
      if (rest->contains(own))
        return in.fail(std::string("it names \"").append(own).append("\" twice"));
    ws_.extras_ = std::move(*rest);
  }

  void read_strings(Cursor& in, Interner& strings, const char* what, bool empty_ok) {
    std::vector<std::uint32_t> lengths;
    if (!in.column(lengths, what)) return;
    strings.reserve(lengths.size());
    for (std::size_t i = 0; i < lengths.size(); ++i) {
      const auto text = in.text(lengths[i], what);
      if (in.failed()) return;
      if (!is_utf8(text))
        return in.fail(std::string(what).append(" include text that is not UTF-8"));
      if (text.empty() && !empty_ok)
        return in.fail(std::string(what).append(" include an empty one"));
      if (!strings.add_new(text)) return in.fail(std::string(what).append(" repeat one"));
    }
  }

  // The stored type names onto the table's rows, whatever order they were written in: known
  // names get their row's id, the others (types Tandem does not know) follow in stored order.
  void map_types(Cursor& in) {
    Interner stored = std::move(ws_.types_), types;
    for (const auto name : kOpTypeNames)
      types.intern(name);
    type_ids_.resize(stored.size());
    bool same = stored.size() >= kKnownOpTypes;
    for (std::uint32_t t = 0; t < stored.size(); ++t) {
      type_ids_[t] = static_cast<std::uint16_t>(types.intern(stored[t]));
      same = same && type_ids_[t] == t;
    }
    if (types.size() > std::numeric_limits<std::uint16_t>::max())
      return in.fail("it has more op types than Tandem can hold");
    if (same) type_ids_.clear();
    ws_.types_ = std::move(types);
  }

  // Each payload is an op's members besides its id, time, actor, type and contact, written as
  // the loader writes it, so equal payloads share one id.
  void read_payloads(Cursor& in) {
    ws_.payloads_.reserve(ws_.payload_texts_.size());
    for (std::uint32_t i = 0; i < ws_.payload_texts_.size(); ++i) {
      const auto& text = ws_.payload_texts_[i];
      Problems problems;
      auto node = Workspace::parse_checked(text, problems);
      if (!node || !node->is_object() || node->dump() != text)
        return in.fail("an op payload is not a JSON object as Tandem writes it");
      for (const char* core : {"id", "at", "actor", "type", "contact"})
        if (node->contains(core)) return in.fail("an op payload repeats an op's own member");
      if (node->contains("props") && !node->at("props").is_object())
        return in.fail("an op's props are not an object");
      ws_.payloads_.push_back(std::move(*node));
    }
  }

  void read_contacts(Cursor& in) {
    auto& c = ws_.contacts_;
    if (!in.column(c.key, "the contacts")) return;
    const auto rows = c.key.size();
    const auto columns = in.count(rows * 9, "the contact fields");
    if (in.failed()) return;
    if (columns != ws_.fields_.size())
      return in.fail("its contact fields do not match their names");
    c.columns.assign(columns, {});
    std::vector<std::uint8_t> kinds;
    std::vector<std::uint64_t> bits;
    for (std::size_t f = 0; f < columns; ++f) {
      if (!in.column(kinds, rows, "a contact field") || !in.column(bits, rows, "a contact field"))
        return;
      auto& column = c.columns[f];
      column.resize(rows);
      for (std::size_t r = 0; r < rows; ++r)
        if (!to_value(kinds[r], bits[r], column[r]))
          return in.fail(std::string("the contact field \"")
                             .append(ws_.fields_[static_cast<std::uint32_t>(f)])
                             .append("\" holds a value Tandem never writes"));
    }
  }

  bool to_value(std::uint8_t kind, std::uint64_t bits, Value& v) const {
    if (kind > static_cast<std::uint8_t>(Value::Kind::Raw)) return false;
    v.kind = static_cast<Value::Kind>(kind);
    switch (v.kind) {
      case Value::Kind::Missing:
      case Value::Kind::Null:
        return bits == 0;
      case Value::Kind::Bool:
        v.boolean = bits == 1;
        return bits <= 1;
      case Value::Kind::Int:
        v.integer = static_cast<std::int64_t>(bits);
        return true;
      case Value::Kind::Double:
        std::memcpy(&v.number, &bits, 8);
        return std::isfinite(v.number);
      case Value::Kind::Text:
        v.text = static_cast<std::uint32_t>(bits);
        return bits < ws_.texts_.size();
      case Value::Kind::Raw: {
        v.text = static_cast<std::uint32_t>(bits);
        if (bits >= ws_.texts_.size()) return false;
        // A list, an object, or a whole number too large for 64-bit signed: as JSON text.
        Problems problems;
        const auto& text = ws_.texts_[v.text];
        auto node = Workspace::parse_checked(text, problems);
        return node && (node->is_array() || node->is_object() || node->is_number_unsigned()) &&
               node->dump() == text;
      }
    }
    return false;
  }

  void read_ops(Cursor& in) {
    auto& o = ws_.ops_;
    if (!in.column(o.at, "the op times")) return;
    const auto n = o.at.size();
    in.column(o.sequence, "the op ids");
    in.column(o.replica, "the op ids");
    in.column(o.contact, "the op contacts");
    in.column(o.payload, "the op payloads");
    in.column(o.actor, "the op actors");
    in.column(o.type, "the op types");
    if (!type_ids_.empty())
      for (auto& type : o.type)
        type =
            type < type_ids_.size() ? type_ids_[type] : std::numeric_limits<std::uint16_t>::max();
    for (const std::size_t size : {o.sequence.size(), o.replica.size(), o.contact.size(),
                                   o.payload.size(), o.actor.size(), o.type.size()})
      if (!in.failed() && size != n) return in.fail("its op columns differ in length");
  }

  // Keys in text order: checked, not sorted again.
  void read_ranks(Cursor& in) {
    if (!in.column(ws_.key_rank_, "the contact id order")) return;
    const auto& keys = ws_.keys_;
    if (ws_.key_rank_.size() != keys.size()) return in.fail("its contact id order is incomplete");
    std::vector<std::uint32_t> by_rank(keys.size(), kNone);
    for (std::uint32_t k = 0; k < keys.size(); ++k) {
      const auto rank = ws_.key_rank_[k];
      if (rank >= keys.size() || by_rank[rank] != kNone)
        return in.fail("its contact id order is not an order");
      by_rank[rank] = k;
    }
    for (std::size_t r = 1; r < by_rank.size(); ++r)
      if (!(keys[by_rank[r - 1]] < keys[by_rank[r]]))
        return in.fail("its contact id order is not the ids' order");
    ws_.by_rank_ = std::move(by_rank);
  }

  void check_contacts(Cursor& in) {
    auto& c = ws_.contacts_;
    ws_.row_of_key_.assign(ws_.keys_.size(), -1);
    for (std::size_t r = 0; r < c.size(); ++r) {
      const auto key = c.key[r];
      if (key >= ws_.keys_.size()) return in.fail("a contact's id is out of range");
      if (ws_.row_of_key_[key] != -1) return in.fail("a contact appears twice");
      if (Workspace::is_visitor_key(ws_.keys_[key])) return in.fail("a contact has a visitor id");
      ws_.row_of_key_[key] = static_cast<std::int64_t>(r);
    }
    if (ws_.fields_.find("id")) return in.fail("a contact field is named \"id\"");
    if (auto email = ws_.fields_.find("email"))
      for (const auto& v : c.columns[*email])
        if (v.kind != Value::Kind::Missing && v.kind != Value::Kind::Text)
          return in.fail("a contact's email is not text");
    // The creation time is the "created" field's, read as a load reads it.
    c.created.assign(c.size(), kNoTime);
    if (auto created = ws_.fields_.find("created"))
      for (std::size_t r = 0; r < c.size(); ++r) {
        const auto& v = c.columns[*created][r];
        if (v.kind == Value::Kind::Missing) continue;
        const auto t =
            v.kind == Value::Kind::Text ? parse_iso8601(ws_.texts_[v.text]) : std::nullopt;
        if (!t) return in.fail("a contact's creation time is not an ISO-8601 time");
        c.created[r] = *t;
      }
  }

  // Every id in range, props as their type needs, and the log in (at, id) order, each id once.
  void check_ops(Cursor& in) {
    const auto& o = ws_.ops_;
    const auto& keys = ws_.keys_;
    const auto n = o.size();
    const auto rank = ws_.replica_ranks();
    static_assert(kKnownOpTypes <= 64);
    std::vector<std::uint64_t> checked(ws_.payloads_.size(), 0);  // per payload: types seen
    ws_.top_sequence_.assign(ws_.replicas_.size(), 0);
    std::vector<std::uint8_t> seen(ws_.replicas_.size(), 0);
    bool ids_rise = true;  // each replica's sequences rise along the log: no id twice
    for (std::size_t i = 0; i < n; ++i) {
      if (o.replica[i] >= ws_.replicas_.size() || o.contact[i] >= keys.size() ||
          o.payload[i] >= ws_.payloads_.size() || o.actor[i] >= ws_.actors_.size() ||
          o.type[i] >= ws_.types_.size())
        return in.fail(std::string("op ").append(std::to_string(i)).append(" names an unknown id"));
      if (o.at[i] < kEarliest || o.at[i] > kLatest)
        return in.fail("an op's time is outside the years 0000 to 9999");
      if (i > 0) {
        const auto a = i - 1;
        const bool after = o.at[a] < o.at[i] ||
                           (o.at[a] == o.at[i] &&
                            (rank[o.replica[a]] < rank[o.replica[i]] ||
                             (o.replica[a] == o.replica[i] && o.sequence[a] < o.sequence[i])));
        if (!after) return in.fail("its ops are not in (time, id) order");
      }
      auto& top = ws_.top_sequence_[o.replica[i]];
      if (seen[o.replica[i]] && o.sequence[i] <= top) ids_rise = false;
      seen[o.replica[i]] = 1;
      top = std::max(top, o.sequence[i]);
      const auto type = o.type[i];
      if (type >= kKnownOpTypes) continue;
      const auto known = static_cast<OpType>(type);
      const bool joins = known == OpType::Identify || known == OpType::Merge;
      if (!joins && (checked[o.payload[i]] >> type & 1)) continue;
      static const json kEmpty = json::object();
      const auto& payload = ws_.payloads_[o.payload[i]];
      const auto props = payload.find("props");
      Problems problems;
      if (!Workspace::check_props(known, props == payload.end() ? kEmpty : *props,
                                  keys[o.contact[i]], "", problems))
        return in.fail(std::string("op ")
                           .append(std::to_string(i))
                           .append(" has props its type does not allow"));
      checked[o.payload[i]] |= std::uint64_t{1} << type;
      if (joins) {
        const auto& other = props->at(known == OpType::Identify ? "visitor" : "from");
        if (!other.is_string() || !keys.find(other.get_ref<const std::string&>()))
          return in.fail(std::string("op ")
                             .append(std::to_string(i))
                             .append(" joins an id the snapshot does not list"));
      }
    }
    if (!ids_rise && !ids_unique()) return in.fail("two of its ops share an id");
  }

  // Each (replica, sequence) once: a bit per sequence where a replica's are dense, else sorted.
  bool ids_unique() const {
    const auto& o = ws_.ops_;
    const auto replicas = ws_.replicas_.size();
    std::vector<std::uint64_t> low(replicas, std::numeric_limits<std::uint64_t>::max());
    std::vector<std::size_t> count(replicas, 0), base(replicas + 1, 0);
    for (std::size_t i = 0; i < o.size(); ++i) {
      low[o.replica[i]] = std::min(low[o.replica[i]], o.sequence[i]);
      ++count[o.replica[i]];
    }
    std::vector<std::uint8_t> dense(replicas, 0);
    for (std::size_t r = 0; r < replicas; ++r) {
      const auto span = ws_.top_sequence_[r] - (count[r] ? low[r] : 0);
      dense[r] = count[r] && span / 4 < count[r];
      base[r + 1] = base[r] + (dense[r] ? static_cast<std::size_t>(span) + 1 : 0);
    }
    std::vector<bool> used(base[replicas]);
    std::vector<std::pair<std::uint32_t, std::uint64_t>> sparse;
    for (std::size_t i = 0; i < o.size(); ++i) {
      const auto r = o.replica[i];
      if (!dense[r]) {
        sparse.emplace_back(r, o.sequence[i]);
        continue;
      }
      const auto bit = base[r] + static_cast<std::size_t>(o.sequence[i] - low[r]);
      if (used[bit]) return false;
      used[bit] = true;
    }
    std::sort(sparse.begin(), sparse.end());
    return std::adjacent_find(sparse.begin(), sparse.end()) == sparse.end();
  }

  // An erased person leaves only the ids-only ops: no record and no other op of theirs.
  void check_erased(Cursor& in) {
    ws_.erased_ = resolve_identities(ws_).erased;
    for (const auto key : ws_.contacts_.key)
      if (ws_.erased_[key]) return in.fail("it keeps the record of an erased person");
    const auto& o = ws_.ops_;
    for (std::size_t i = 0; i < o.size(); ++i) {
      const auto type = static_cast<OpType>(o.type[i]);
      if (ws_.erased_[o.contact[i]] && type != OpType::Erase && type != OpType::Identify &&
          type != OpType::Merge)
        return in.fail("it keeps an op about an erased person");
    }
  }

  Workspace ws_;
  std::vector<std::uint16_t> type_ids_;  // stored type id -> table id; empty when they agree
};

std::string write_snapshot(const Workspace& workspace) {
  return SnapshotWriter::write(workspace);
}

std::optional<Workspace> read_snapshot(std::string_view bytes, Problems& problems) {
  return SnapshotReader::read(bytes, problems);
}

void seal_snapshot(std::string& bytes) {
  if (bytes.size() < kHeaderSize) return;
  const std::string_view body = std::string_view(bytes).substr(kHeaderSize);
  const std::uint64_t length = body.size(), sum = checksum(body);
  std::memcpy(bytes.data() + kLengthAt, &length, 8);
  std::memcpy(bytes.data() + kChecksumAt, &sum, 8);
}

}  // namespace tandem
