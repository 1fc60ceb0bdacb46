// The workspace as stored by the app: its own columns and interned strings as bytes, so opening
// a stored workspace copies arrays instead of parsing a document. Little-endian, versioned, and
// sealed with a checksum; reading checks every length, id and order, so damaged or foreign bytes
// build nothing. JSON stays the format for export and exchange.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/base/problems.h"

namespace tandem {

class Workspace;

// The version this Tandem writes; it reads this one and refuses newer ones by name.
inline constexpr std::uint32_t kSnapshotVersion = 1;

// The workspace as snapshot bytes.
std::string write_snapshot(const Workspace& workspace);

// A workspace from snapshot bytes. With anything wrong, returns nothing; problems says what.
std::optional<Workspace> read_snapshot(std::string_view bytes, Problems& problems);

// Rewrites the header's body length and checksum to match the bytes after it (when there is a
// whole header): lets a fuzzer reach the checks behind the checksum.
void seal_snapshot(std::string& bytes);

}  // namespace tandem
