#include "http/url_path.hpp"

#include <gtest/gtest.h>

namespace brigade::http {
namespace {

TEST(SafeRelativePath, KeepsOrdinaryPathsWithoutTheLeadingSlash) {
  EXPECT_EQ(safe_relative_path("/"), "");
  EXPECT_EQ(safe_relative_path("/index.html"), "index.html");
  EXPECT_EQ(safe_relative_path("/assets/app-abc123.js"), "assets/app-abc123.js");
  EXPECT_EQ(safe_relative_path("/waiter/tables/4"), "waiter/tables/4");
  EXPECT_EQ(safe_relative_path("/kitchen/"), "kitchen");
  EXPECT_EQ(safe_relative_path("//assets//x.css"), "assets/x.css");
}

TEST(SafeRelativePath, PercentDecodesEachSegmentIncludingUtf8) {
  EXPECT_EQ(safe_relative_path("/a%20b.txt"), "a b.txt");
  EXPECT_EQ(safe_relative_path("/men%C3%BC.txt"), "men\xC3\xBC.txt");
  EXPECT_EQ(safe_relative_path("/men\xC3\xBC.txt"), "men\xC3\xBC.txt");
  EXPECT_EQ(safe_relative_path("/a+b.txt"), "a+b.txt");  // '+' is not a space in a path
  EXPECT_EQ(safe_relative_path("/%61ssets/x.js"), "assets/x.js");
}

TEST(SafeRelativePath, RefusesDotSegmentsPlainOrEncoded) {
  for (const char* path : {"/..", "/../etc/passwd", "/assets/../../etc/passwd", "/assets/..", "/./index.html",
                           "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E/secret", "/.%2e/secret", "/%2e./secret", "/%2e"}) {
    EXPECT_FALSE(safe_relative_path(path).has_value()) << path;
  }
}

TEST(SafeRelativePath, RefusesEncodedSlashesBackslashesAndNul) {
  for (const char* path : {"/assets/..%2f..%2fsecret", "/assets%2fapp.js", "/%2Fetc%2Fpasswd", "/..%5c..%5csecret",
                           "/assets\\..\\secret", "/a%5cb", "/index.html%00.js", "/a%00"}) {
    EXPECT_FALSE(safe_relative_path(path).has_value()) << path;
  }
  using namespace std::string_view_literals;
  EXPECT_FALSE(safe_relative_path("/index.html\0.js"sv).has_value());
}

TEST(SafeRelativePath, RefusesHiddenFilesControlCharactersAndBadEscapes) {
  for (const char* path :
       {"/.env", "/.git/config", "/assets/.secret", "/a%0ab", "/a%7f", "/a%", "/a%2", "/a%zz", "/a%g0"}) {
    EXPECT_FALSE(safe_relative_path(path).has_value()) << path;
  }
}

TEST(SafeRelativePath, RefusesTargetsThatAreNotOriginForm) {
  for (const char* path : {"", "index.html", "http://evil.example/x", "*", "C:\\windows"}) {
    EXPECT_FALSE(safe_relative_path(path).has_value()) << path;
  }
}

}  // namespace
}  // namespace brigade::http
