// Interned strings: each distinct text stored once and named by a dense integer, so hot data
// (ops, contacts) holds 4-byte ids instead of strings.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tandem {

class Interner {
 public:
  Interner() = default;
  Interner(const Interner& other) { *this = other; }
  Interner& operator=(const Interner& other) {
    if (this == &other) return *this;
    strings_.clear();
    index_.clear();
    for (const auto& s : other.strings_)
      intern(s);
    return *this;
  }
  Interner(Interner&&) = default;  // deque elements do not move, so the views stay valid
  Interner& operator=(Interner&&) = default;

  std::uint32_t intern(std::string_view text) {
    if (auto it = index_.find(text); it != index_.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(strings_.size());
    strings_.emplace_back(text);
    index_.emplace(std::string_view(strings_.back()), id);
    return id;
  }

  // Adds text as the next id with one hash lookup; false (nothing added) when it is already in.
  bool add_new(std::string_view text) {
    strings_.emplace_back(text);
    const auto id = static_cast<std::uint32_t>(strings_.size() - 1);
    if (index_.emplace(std::string_view(strings_.back()), id).second) return true;
    strings_.pop_back();
    return false;
  }

  // Room for `count` strings in all, so interning that many never rehashes.
  void reserve(std::size_t count) { index_.reserve(count); }

  std::optional<std::uint32_t> find(std::string_view text) const {
    if (auto it = index_.find(text); it != index_.end()) return it->second;
    return std::nullopt;
  }

  const std::string& operator[](std::uint32_t id) const { return strings_[id]; }
  std::size_t size() const { return strings_.size(); }

 private:
  std::deque<std::string> strings_;
  std::unordered_map<std::string_view, std::uint32_t> index_;
};

}  // namespace tandem
