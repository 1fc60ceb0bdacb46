// CSV import: contacts or activities exported from a CRM (HubSpot, Salesforce, Pipedrive,
// Mautic...) turned into a workspace document. Owns reading RFC 4180 text, suggesting a
// column mapping from the headers, and turning each row into a contact and its ops, with
// per-row problems by line number. Text in, text out: no file is read here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/problems.h"

namespace tandem {

// CSV import (docs/analytics.md has the mapping's format). The mapping a CSV's header row
// suggests, as a JSON object to show, edit and hand back to import_csv.
Outcome suggest_csv_mapping(std::string_view csv);

// What an import added to the workspace it went into, counted here so that a preview need
// not compare documents: the new contact records and ops, the rows imported and the bad rows
// left out, and the first kCsvSample new records and ops as the document writes them (JSON).
struct CsvAdded {
  std::size_t contacts = 0, ops = 0, rows = 0, skipped = 0;
  std::vector<std::string> first_contacts, first_ops;
};
inline constexpr std::size_t kCsvSample = 5;

// {"contacts", "ops", "rows", "skipped", "first_contacts": [...], "first_ops": [...]}.
std::string csv_added_json(const CsvAdded& added);

// A workspace document made of `into` (a workspace document, or "" for a new one) with the
// CSV's rows added as the mapping says. A bad row is a problem at "/rows/<line>[/<column>]":
// with skip_bad_rows it is a warning and the row is left out; without, nothing is imported.
// `added`, when given and the import succeeds, is filled with what it added.
Outcome import_csv(std::string_view csv, std::string_view mapping_json, std::string_view into,
                   bool skip_bad_rows, CsvAdded* added = nullptr);

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
