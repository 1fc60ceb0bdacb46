// The tandem command line: validate, report, explain, merge, export and snapshot workspace
// files with the same engine the app runs in the browser. Reads and writes files; the engine does
// not.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/analytics/report_kinds.h"
#include "engine/engine.h"

namespace {

// A report option as the command line spells it.
std::string_view option_flag(unsigned option) {
  switch (option) {
    case tandem::kExcludeOption:
      return "--exclude F1,F2";
    case tandem::kMinMonthlyVolumeOption:
      return "--min-volume N";
    case tandem::kGoalOption:
      return "--goal close_rate|revenue";
    case tandem::kContactOption:
      return "--contact ID";
    case tandem::kMonthsOption:
      return "--months N";
    default:
      return "";
  }
}

// The commands, then every report kind from the engine's report table with the options it takes.
std::string usage() {
  std::string out =
      "usage:\n"
      "  tandem init -o FILE                 an empty workspace with the default config\n"
      "  tandem validate FILE\n"
      "  tandem report KIND FILE [--now TIME] [--format json|csv] [--exclude F1,F2]\n"
      "                [--min-volume N] [--goal close_rate|revenue] [--contact ID] [--months N]\n"
      "  tandem reports                      every KIND as JSON: history, options, description\n"
      "  tandem reports FILE -o DIR [--now TIME] [--format json|csv] [report options]\n"
      "                                      every KIND's report, as DIR/KIND.json or .csv\n"
      "  tandem whatif FILE CONFIG.json [--now TIME]\n"
      "  tandem suggest-mapping CSV\n"
      "  tandem import-csv CSV [--mapping MAP.json] [--into WORKSPACE] [--skip-bad-rows] -o OUT\n"
      "  tandem explain FILE CONTACT [--now TIME]\n"
      "  tandem merge A B -o OUT\n"
      "  tandem export FILE -o OUT\n"
      "  tandem snapshot FILE -o OUT         the workspace as snapshot bytes, as the app keeps it\n"
      "KIND:\n";
  for (const auto& kind : tandem::report_kinds()) {
    std::string name(kind.name);
    name.resize(std::max<std::size_t>(name.size() + 1, 14), ' ');
    out.append("  ").append(name).append(kind.description).append("\n");
    std::string flags;
    for (unsigned bit = 1; bit <= kind.options; bit <<= 1)
      if (kind.options & bit) flags.append(" [").append(option_flag(bit)).append("]");
    if (!flags.empty()) out.append("                takes").append(flags).append("\n");
  }
  return out;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "tandem: cannot read " << path << "\n";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A file read in pieces, so a workspace of gigabytes is never held as one string.
class FileChunks : public tandem::Chunks {
 public:
  explicit FileChunks(const std::string& path) : in_(path, std::ios::binary) {
    if (!in_) std::cerr << "tandem: cannot read " << path << "\n";
  }
  bool ok() const { return static_cast<bool>(in_); }
  std::string_view next() override {
    in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    return {buffer_.data(), static_cast<std::size_t>(in_.gcount())};
  }
  void rewind() override {
    in_.clear();
    in_.seekg(0);
  }

 private:
  std::ifstream in_;
  std::string buffer_ = std::string(std::size_t{16} << 20, '\0');
};

// Writes next to the target first, so a failed write never leaves half a file behind.
bool write_file(const std::string& path, const std::string& text) {
  const std::string partial = path + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::cerr << "tandem: cannot write " << partial << "\n";
      std::remove(partial.c_str());
      return false;
    }
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0) {
    std::cerr << "tandem: cannot replace " << path << "\n";
    return false;
  }
  return true;
}

void print_problems(const tandem::Problems& problems) {
  for (const auto& p : problems.errors)
    std::cout << (p.pointer.empty() ? "/" : p.pointer) << ": " << p.message << "\n";
  for (const auto& p : problems.warnings)
    std::cerr << "warning: " << (p.pointer.empty() ? "/" : p.pointer) << ": " << p.message << "\n";
}

struct Args {
  std::vector<std::string> positional;
  std::string now, format = "json", out, mapping, into;
  bool skip_bad_rows = false;
  tandem::ReportOptions report;
  bool ok = true;
};

// "Tags,Lead Quality" -> {"Tags", "Lead Quality"}.
std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  for (char c : text + ",") {
    if (c != ',') {
      item += c;
      continue;
    }
    while (!item.empty() && item.front() == ' ')
      item.erase(item.begin());
    while (!item.empty() && item.back() == ' ')
      item.pop_back();
    if (!item.empty()) out.push_back(item);
    item.clear();
  }
  return out;
}

Args parse_args(int argc, char** argv) {
  Args args;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](std::string& slot) {
      if (i + 1 >= argc) {
        std::cerr << "tandem: " << a << " needs a value\n";
        args.ok = false;
        return;
      }
      slot = argv[++i];
    };
    if (a == "--now")
      value(args.now);
    else if (a == "--format")
      value(args.format);
    else if (a == "-o" || a == "--out")
      value(args.out);
    else if (a == "--mapping")
      value(args.mapping);
    else if (a == "--into")
      value(args.into);
    else if (a == "--skip-bad-rows")
      args.skip_bad_rows = true;
    else if (a == "--goal")
      value(args.report.goal);
    else if (a == "--contact")
      value(args.report.contact);
    else if (a == "--exclude") {
      std::string list;
      value(list);
      for (auto& f : split_list(list))
        args.report.exclude.push_back(f);
    } else if (a == "--min-volume") {
      std::string n;
      value(n);
      char* end = nullptr;
      const double v = std::strtod(n.c_str(), &end);
      if (n.empty() || *end != '\0' || v < 0) {
        std::cerr << "tandem: --min-volume needs a number of SQLs a month\n";
        args.ok = false;
      } else {
        args.report.min_monthly_volume = v;
      }
    } else if (a == "--months") {
      std::string n;
      value(n);
      char* end = nullptr;
      const long v = std::strtol(n.c_str(), &end, 10);
      if (n.empty() || *end != '\0' || v < 1 || v > 120) {
        std::cerr << "tandem: --months needs a number of months from 1 to 120\n";
        args.ok = false;
      } else {
        args.report.months = static_cast<int>(v);
      }
    } else if (a.size() > 1 && a[0] == '-') {
      std::cerr << "tandem: unknown option " << a << "\n";
      args.ok = false;
    } else {
      args.positional.push_back(a);
    }
  }
  return args;
}

int usage_error() {
  std::cerr << usage();
  return 2;
}

// Loads FILE into a session, printing problems; nullopt when it cannot be used.
std::optional<tandem::Session> open(const std::string& path) {
  FileChunks file(path);
  if (!file.ok()) return std::nullopt;
  tandem::Session session;
  const auto problems = session.load(file);
  if (!problems.ok()) {
    print_problems(problems);
    return std::nullopt;
  }
  return session;
}

int print_outcome(const tandem::Outcome& outcome) {
  if (!outcome.ok()) {
    print_problems(outcome.problems);
    return 1;
  }
  std::cout << outcome.text;
  if (!outcome.text.empty() && outcome.text.back() != '\n') std::cout << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage_error();
  const std::string command = argv[1];
  if (command == "help" || command == "--help" || command == "-h") {
    std::cout << usage();
    return 0;
  }
  const Args args = parse_args(argc, argv);
  if (!args.ok) return usage_error();
  const auto& pos = args.positional;

  if (command == "init" && pos.empty() && !args.out.empty()) {
    const auto doc = tandem::new_workspace_document();
    print_problems(doc.problems);
    if (!doc.ok()) return 1;
    return write_file(args.out, doc.text) ? 0 : 1;
  }
  if (command == "validate" && pos.size() == 1) {
    FileChunks file(pos[0]);
    if (!file.ok()) return 1;
    const auto problems = tandem::validate_document(file);
    print_problems(problems);
    return problems.ok() ? 0 : 1;
  }
  if (command == "report" && pos.size() == 2) {
    auto session = open(pos[1]);
    if (!session) return 1;
    return print_outcome(session->report(pos[0], args.now, args.format, args.report));
  }
  if (command == "reports" && pos.empty() && args.out.empty()) {
    std::cout << tandem::report_kinds_json() << "\n";
    return 0;
  }
  if (command == "reports" && pos.size() == 1 && !args.out.empty()) {
    auto session = open(pos[0]);
    if (!session) return 1;
    // One load and one replay for every kind; a kind that cannot be made is said and skipped.
    int status = 0;
    for (const auto& kind : tandem::report_kinds()) {
      const auto outcome = session->report(kind.name, args.now, args.format, args.report);
      if (!outcome.ok()) {
        print_problems(outcome.problems);
        status = 1;
        continue;
      }
      const auto path = args.out + "/" + std::string(kind.name) + "." + args.format;
      if (!write_file(path, outcome.text)) return 1;
    }
    return status;
  }
  if (command == "whatif" && pos.size() == 2) {
    auto session = open(pos[0]);
    const auto config = read_file(pos[1]);
    if (!session || !config) return 1;
    return print_outcome(session->what_if(*config, args.now));
  }
  if (command == "suggest-mapping" && pos.size() == 1) {
    const auto csv = read_file(pos[0]);
    if (!csv) return 1;
    return print_outcome(tandem::suggest_csv_mapping(*csv));
  }
  if (command == "import-csv" && pos.size() == 1 && !args.out.empty()) {
    const auto csv = read_file(pos[0]);
    if (!csv) return 1;
    std::string mapping, into;
    if (!args.mapping.empty()) {
      const auto text = read_file(args.mapping);
      if (!text) return 1;
      mapping = *text;
    }
    if (!args.into.empty()) {
      const auto text = read_file(args.into);
      if (!text) return 1;
      into = *text;
    }
    const auto imported = tandem::import_csv(*csv, mapping, into, args.skip_bad_rows);
    print_problems(imported.problems);
    if (!imported.ok()) return 1;
    return write_file(args.out, imported.text) ? 0 : 1;
  }
  if (command == "explain" && pos.size() == 2) {
    auto session = open(pos[0]);
    if (!session) return 1;
    return print_outcome(session->explain(pos[1], args.now));
  }
  if (command == "merge" && pos.size() == 2 && !args.out.empty()) {
    const auto a = read_file(pos[0]), b = read_file(pos[1]);
    if (!a || !b) return 1;
    const auto merged = tandem::merge_documents(*a, *b);
    print_problems(merged.problems);
    if (!merged.ok()) return 1;
    return write_file(args.out, merged.text) ? 0 : 1;
  }
  if (command == "export" && pos.size() == 1 && !args.out.empty()) {
    auto session = open(pos[0]);
    if (!session) return 1;
    return write_file(args.out, session->export_document()) ? 0 : 1;
  }
  if (command == "snapshot" && pos.size() == 1 && !args.out.empty()) {
    auto session = open(pos[0]);
    if (!session) return 1;
    return write_file(args.out, session->snapshot()) ? 0 : 1;
  }
  return usage_error();
}
