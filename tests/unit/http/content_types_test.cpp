#include "http/content_types.hpp"

#include <gtest/gtest.h>

namespace brigade::http {
namespace {

TEST(ContentTypes, NamesEveryTypeAWebBuildHolds) {
  const std::pair<const char*, const char*> cases[] = {
      {"index.html", "text/html; charset=utf-8"},
      {"assets/app-abc123.js", "text/javascript; charset=utf-8"},
      {"worker.mjs", "text/javascript; charset=utf-8"},
      {"assets/index-9f8e.css", "text/css; charset=utf-8"},
      {"data.json", "application/json"},
      {"assets/app-abc123.js.map", "application/json"},
      {"manifest.webmanifest", "application/manifest+json"},
      {"robots.txt", "text/plain; charset=utf-8"},
      {"logo.svg", "image/svg+xml"},
      {"icon.png", "image/png"},
      {"photo.jpg", "image/jpeg"},
      {"photo.jpeg", "image/jpeg"},
      {"favicon.ico", "image/x-icon"},
      {"font.woff", "font/woff"},
      {"assets/inter-1a2b.woff2", "font/woff2"},
      {"assets/bell-77aa.mp3", "audio/mpeg"},
      {"ding.wav", "audio/wav"},
      {"ding.ogg", "audio/ogg"},
  };
  for (const auto& [name, type] : cases) EXPECT_EQ(content_type_for(name), type) << name;
}

TEST(ContentTypes, IgnoresCaseOfTheExtension) {
  EXPECT_EQ(content_type_for("INDEX.HTML"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("Logo.SvG"), "image/svg+xml");
}

TEST(ContentTypes, UnknownOrMissingExtensionsAreOctetStream) {
  EXPECT_EQ(content_type_for("archive.tar.zst"), "application/octet-stream");
  EXPECT_EQ(content_type_for("README"), "application/octet-stream");
  EXPECT_EQ(content_type_for("dir.d/README"), "application/octet-stream");
  EXPECT_EQ(content_type_for("trailing."), "application/octet-stream");
  EXPECT_EQ(content_type_for("html"), "application/octet-stream");
}

}  // namespace
}  // namespace brigade::http
