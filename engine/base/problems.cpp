#include "engine/base/problems.h"

#include <nlohmann/json.hpp>

namespace tandem {

std::string problems_json(const Problems& problems) {
  auto list = [](const std::vector<Problem>& items) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& p : items)
      out.push_back({{"pointer", p.pointer}, {"message", p.message}});
    return out;
  };
  nlohmann::ordered_json out = {{"ok", problems.ok()},
                                {"errors", list(problems.errors)},
                                {"warnings", list(problems.warnings)}};
  return out.dump();
}

}  // namespace tandem
