#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace brigade::http::testing {

/// A fresh directory under the system's temp dir that tests fill with files
/// and symlinks; removed with everything in it. Not thread-safe.
class temp_tree {
 public:
  temp_tree() {
    std::string pattern = (std::filesystem::temp_directory_path() / "brigade-http-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    base_ = pattern;
  }
  ~temp_tree() {
    std::error_code ignored;
    std::filesystem::remove_all(base_, ignored);
  }
  temp_tree(const temp_tree&) = delete;
  temp_tree& operator=(const temp_tree&) = delete;

  const std::filesystem::path& path() const { return base_; }

  /// Writes `content` to `relative` (creating its directories); its path.
  std::filesystem::path write(const std::string& relative, std::string_view content) const {
    const auto file = base_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + file.string());
    return file;
  }

  /// A symlink at `relative` pointing to `target` (as given: absolute or relative to the link).
  void link(const std::string& relative, const std::filesystem::path& target) const {
    std::filesystem::create_directories((base_ / relative).parent_path());
    std::filesystem::create_symlink(target, base_ / relative);
  }

 private:
  std::filesystem::path base_;
};

}  // namespace brigade::http::testing
