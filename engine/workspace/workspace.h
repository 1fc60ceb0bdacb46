// The workspace: config, contacts and the operation log, guarded as one value. Loading checks
// the whole document (an invalid one builds nothing); ops are unique by id and kept in
// (at, id) order; people erased are gone, leaving only the erase op. Export writes the
// canonical document, so export -> load -> export gives the same bytes.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/base/problems.h"
#include "engine/base/time.h"
#include "engine/workspace/condition.h"
#include "engine/workspace/config.h"
#include "engine/workspace/interner.h"
#include "engine/workspace/op_type.h"

namespace tandem {

// A whole document in memory, as Chunks.
class OnePiece : public Chunks {
 public:
  explicit OnePiece(std::string_view text) : text_(text) {}
  std::string_view next() override { return std::exchange(left_, std::string_view()); }
  void rewind() override { left_ = text_; }

 private:
  std::string_view text_;
  std::string_view left_ = text_;
};

// JSON text parsed with the reader a workspace load uses, so the build holds one JSON parser
// (each kind of input would make another copy of it). Discarded when the text is not JSON.
nlohmann::json parse_json_text(std::string_view text);

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// One contact attribute, compact: numbers inline, text interned.
struct Value {
  enum class Kind : std::uint8_t { Missing, Null, Bool, Int, Double, Text, Raw };
  Kind kind = Kind::Missing;
  union {
    std::int64_t integer;
    double number;
    std::uint32_t text;  // Text: id in Workspace::texts(); Raw: the JSON text's id there
    bool boolean;
  };
  Value() : integer(0) {}
};

// Contacts as columns: row r has key keys[r] and attribute columns[field][r].
struct ContactColumns {
  std::vector<std::uint32_t> key;  // id in Workspace::keys()
  std::vector<Millis> created;     // kNoTime when absent
  std::vector<std::vector<Value>> columns;
  std::size_t size() const { return key.size(); }
};

// The op log as columns, in (at, id) order; 32 bytes an op.
struct OpColumns {
  std::vector<Millis> at;
  std::vector<std::uint64_t> sequence;
  std::vector<std::uint32_t> replica;  // id in Workspace::replicas()
  std::vector<std::uint32_t> contact;  // id in Workspace::keys()
  std::vector<std::uint32_t> payload;  // id in Workspace::payloads(): props and unknown members
  std::vector<std::uint16_t> actor;    // id in Workspace::actors()
  std::vector<std::uint16_t> type;     // OpType below kKnownOpTypes, else an unknown type name
  std::size_t size() const { return at.size(); }
};

class Workspace {
 public:
  // Reads a document. With any error, returns nothing; problems says what and where.
  // file_index, if given, receives each op's position in the document (for messages).
  static std::optional<Workspace> load(std::string_view text, Problems& problems,
                                       std::vector<std::uint32_t>* file_index = nullptr);
  static std::optional<Workspace> load(Chunks& chunks, Problems& problems,
                                       std::vector<std::uint32_t>* file_index = nullptr);
  // The union of two documents, the same whichever comes first.
  static std::optional<Workspace> merge(std::string_view a, std::string_view b, Problems& problems);

  std::string export_document() const;
  // Some fields of every contact record, as columns: {"id": [...], "<field>": [...]}, each
  // value as the document has it, null where a record has none. Far less than an export.
  std::string records_json(const std::vector<std::string>& fields) const;
  // One contact record and one op as the document writes them.
  std::string record_json(std::size_t row) const;
  std::string op_json(std::size_t op) const;

  // Adds ops after the last one, in place, when that is all they ask: each valid, each after
  // the log's last op in (at, id) order and after every op of its replica (so no id is used
  // again), none an erase and none about an erased person. Otherwise nothing changes: Invalid
  // with the errors (pointers from "/0"), or NeedsLoad when they are valid but need the whole
  // log rebuilt (an op in the past, an id seen before, an erase).
  enum class Appended { Done, Invalid, NeedsLoad };
  Appended append_in_order(const nlohmann::json& ops, Problems& problems);

  const Config& config() const { return config_; }
  const nlohmann::json& config_json() const { return config_json_; }
  // Replaces the config with `config_json`, checked as a load checks a document's (errors under
  // /config). False, with nothing changed, when it is not valid.
  bool set_config(std::string_view config_json, Problems& problems);
  const ContactColumns& contacts() const { return contacts_; }
  const OpColumns& ops() const { return ops_; }

  const Interner& keys() const { return keys_; }
  const Interner& replicas() const { return replicas_; }
  const Interner& actors() const { return actors_; }
  const Interner& types() const { return types_; }
  const Interner& texts() const { return texts_; }
  const Interner& fields() const { return fields_; }
  const nlohmann::json& payload(std::uint32_t id) const { return payloads_[id]; }
  std::size_t payload_count() const { return payloads_.size(); }

  // A key's place when keys are sorted by their text, so hot code orders people without
  // comparing strings.
  std::uint32_t key_rank(std::uint32_t key) const {
    if (by_rank_.size() != keys_.size()) rank_new_keys();
    return key_rank_[key];
  }

  // The contact row of a key, or -1 (a visitor, or a contact known only from its ops).
  std::int64_t row_of(std::uint32_t key) const {
    return key < row_of_key_.size() ? row_of_key_[key] : -1;
  }
  static bool is_visitor_key(std::string_view key) { return key.substr(0, 2) == "v:"; }

  // A contact attribute as conditions see it (email_domain and email_personal derived).
  FieldView field(std::size_t row, std::string_view name) const;
  // The same, with the name looked up once: hot loops resolve a name, then read many rows.
  struct FieldRef {
    enum class Kind : std::uint8_t { Missing, Column, EmailDomain, EmailPersonal };
    Kind kind = Kind::Missing;
    std::uint32_t column = kNone;
  };
  FieldRef field_ref(std::string_view name) const;
  FieldView field(std::size_t row, FieldRef ref) const;
  // A prop of an op ("path", "reason", ...), or missing.
  const nlohmann::json* prop(std::size_t op, std::string_view name) const;
  std::string op_id(std::size_t op) const;

  // The time of the last op, or kNoTime for an empty log.
  Millis last_at() const { return ops_.size() ? ops_.at.back() : kNoTime; }
  // How many ops happened at or before `now` (the log is in time order).
  std::size_t known_at(Millis now) const;

  // What a later layer derives from this workspace as of a time, kept with it (the
  // lifecycle's timeline) until the log changes: an append drops it.
  struct Derived {
    virtual ~Derived() = default;
    std::size_t known = 0;  // the ops it saw as already happened: those at or before its time
  };
  std::shared_ptr<const Derived> derived() const { return derived_; }
  void keep(std::shared_ptr<const Derived> derived) const { derived_ = std::move(derived); }

 private:
  friend class WorkspaceBuilder;
  friend class SnapshotReader;
  friend class SnapshotWriter;
  Workspace();

  // The props a known op type needs, checked; false (with errors under `at`) when wrong.
  static bool check_props(OpType type, const nlohmann::json& props, std::string_view contact,
                          const std::string& at, Problems& problems);
  // JSON text parsed, refused (with a problem) when malformed or nested too deep.
  static std::optional<nlohmann::json> parse_checked(std::string_view text, Problems& problems);

  // One op as read from a document, checked, before its names are interned.
  struct OpRecord {
    const std::string* type = nullptr;
    const std::string* actor = nullptr;
    const std::string* contact = nullptr;
    std::string_view replica;
    std::uint64_t sequence = 0;
    Millis at = 0;
    std::optional<OpType> known;  // empty: a type Tandem does not know
    nlohmann::json rest;          // props and members Tandem does not know
  };
  static std::optional<OpRecord> read_op(const nlohmann::json& op, const std::string& at,
                                         Problems& problems);
  bool add_op(OpRecord& op);
  void rank_new_keys() const;
  // Per replica: its place when replicas are sorted by name (how op ids order).
  std::vector<std::uint32_t> replica_ranks() const;
  std::string record_json(std::size_t row, const std::vector<std::uint32_t>& field_order) const;
  void append_record_json(std::string& out, std::size_t row,
                          const std::vector<std::uint32_t>& field_order) const;
  void append_op_json(std::string& out, std::size_t op,
                      std::vector<std::optional<std::string>>* tails) const;

  nlohmann::json config_json_;
  Config config_;
  nlohmann::json extras_ = nlohmann::json::object();  // top-level members Tandem does not know
  ContactColumns contacts_;
  OpColumns ops_;
  Interner keys_, replicas_, actors_, types_, texts_, fields_, payload_texts_;
  std::vector<nlohmann::json> payloads_;
  std::vector<std::int64_t> row_of_key_;
  mutable std::vector<std::uint32_t> by_rank_;   // keys in the order of their text
  mutable std::vector<std::uint32_t> key_rank_;  // per key: its place in by_rank_
  std::uint32_t email_field_ = kNone;
  std::vector<std::uint64_t> top_sequence_;  // per replica: the largest sequence in the log
  std::vector<std::uint8_t> erased_;         // per key: the person was erased
  mutable std::shared_ptr<const Derived> derived_;
};

}  // namespace tandem
