// CSV import: contacts or activities exported from a CRM (HubSpot, Salesforce, Pipedrive,
// Mautic...) turned into a workspace document. Owns reading RFC 4180 text, suggesting a
// column mapping from the headers, and turning each row into a contact and its ops, with
// per-row problems by line number. Text in, text out: no file is read here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"

namespace tandem {

// A CSV file: its header and rows, and the line each row starts on (1 is the header).
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> lines;
};

// Reads RFC 4180 text (quotes, doubled quotes, line breaks in quotes, CRLF, a UTF-8 BOM).
// Problems: an unclosed quote, no header.
std::optional<CsvTable> parse_csv(std::string_view text, Problems& problems);

// "Email Address", "E-mail" and "email" are one header: lower case, letters and digits only.
std::string header_key(std::string_view header);

}  // namespace tandem
