// The tandem command line: validate, report, explain, merge and export workspace files with
// the same engine the app runs in the browser. Reads and writes files; the engine does not.
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace {

constexpr const char* kUsage =
    "usage:\n"
    "  tandem init -o FILE                 an empty workspace with the default config\n"
    "  tandem validate FILE\n"
    "  tandem report KIND FILE [--now TIME] [--format json|csv]\n"
    "                                      KIND: stages, contacts, outbox, handoffs, sla\n"
    "  tandem explain FILE CONTACT [--now TIME]\n"
    "  tandem merge A B -o OUT\n"
    "  tandem export FILE -o OUT\n";

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
  std::string now, format = "json", out;
  bool ok = true;
};

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
    else if (a.size() > 1 && a[0] == '-') {
      std::cerr << "tandem: unknown option " << a << "\n";
      args.ok = false;
    } else {
      args.positional.push_back(a);
    }
  }
  return args;
}

int usage_error() {
  std::cerr << kUsage;
  return 2;
}

// Loads FILE into a session, printing problems; nullopt when it cannot be used.
std::optional<tandem::Session> open(const std::string& path) {
  const auto text = read_file(path);
  if (!text) return std::nullopt;
  tandem::Session session;
  const auto problems = session.load(*text);
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
    std::cout << kUsage;
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
    const auto text = read_file(pos[0]);
    if (!text) return 1;
    const auto problems = tandem::validate_document(*text);
    print_problems(problems);
    return problems.ok() ? 0 : 1;
  }
  if (command == "report" && pos.size() == 2) {
    auto session = open(pos[1]);
    if (!session) return 1;
    return print_outcome(session->report(pos[0], args.now, args.format));
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
  return usage_error();
}
