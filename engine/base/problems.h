// What every layer hands back at its boundary: problems located by their JSON pointer, an
// outcome of text or problems, and a document's bytes read in pieces. The bottom of the house:
// it includes nothing of the engine.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tandem {

// One thing wrong (or worth a warning) in a document, located by its JSON pointer.
struct Problem {
  std::string pointer;  // "/ops/1532/at"; "" for the whole document
  std::string message;  // a sentence a person can act on
};

struct Problems {
  std::vector<Problem> errors;
  std::vector<Problem> warnings;
  bool ok() const { return errors.empty(); }
};

// {"ok": bool, "errors": [{"pointer", "message"}], "warnings": [...]}
std::string problems_json(const Problems& problems);

// What an entry point hands back: text when it worked, problems when it did not.
struct Outcome {
  Problems problems;
  std::string text;  // the report, explanation or document; empty when !ok()
  bool ok() const { return problems.ok(); }
};

// A document's bytes in pieces, for a file too large to hold as one string (a 1M-contact
// workspace is gigabytes of JSON): next() gives the following piece, empty at the end; the
// piece stays valid until the next call. rewind() starts again from the first piece.
class Chunks {
 public:
  virtual ~Chunks() = default;
  virtual std::string_view next() = 0;
  virtual void rewind() = 0;
};

}  // namespace tandem
