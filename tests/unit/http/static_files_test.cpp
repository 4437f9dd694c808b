#include "http/static_files.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "temp_tree.hpp"

namespace brigade::http {
namespace {

namespace fs = std::filesystem;
using beast_http::verb;

constexpr std::string_view kIndexHtml = "<!doctype html><div id=\"root\"></div><script src=\"/assets/app-abc123.js\">";
constexpr std::string_view kAppJs = "console.log('app')";
constexpr std::string_view kSecret = "TOP SECRET";
constexpr std::string_view kBrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

request make_request(verb method, std::string_view target, std::string_view accept = "") {
  request req{method, target, 11};
  req.set(field::host, "brigade.test:8000");
  if (!accept.empty()) req.set(field::accept, accept);
  return req;
}

std::string error_code_of(const response& res) {
  return nlohmann::json::parse(res.body()).at("error").at("code").get<std::string>();
}

// web/ is the root; secret.txt and web2/ (a name that shares the root's
// prefix) lie outside it, and symlinks inside point out.
class StaticFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    tree_.write("web/index.html", kIndexHtml);
    tree_.write("web/assets/app-abc123.js", kAppJs);
    tree_.write("web/assets/index-9f8e.css", "body{}");
    tree_.write("web/favicon.ico", "ico");
    tree_.write("web/manifest.webmanifest", "{}");
    tree_.write("web/men\xC3\xBC.txt", "utf-8 name");
    tree_.write("web/sub/readme.txt", "in a directory");
    tree_.write("secret.txt", kSecret);
    tree_.write("web2/secret.txt", kSecret);
    tree_.link("web/escape.txt", tree_.path() / "secret.txt");
    tree_.link("web/escape-dir", "..");
    tree_.link("web/assets/up", "../..");
    tree_.link("web/inside.js", "assets/app-abc123.js");
  }

  response get(std::string_view target, std::string_view accept = "") const {
    return files_.serve(make_request(verb::get, target, accept));
  }

  testing::temp_tree tree_;
  static_files files_{tree_.path() / "web"};
};

TEST_F(StaticFiles, ServesIndexHtmlAtTheRootWithAStrictPolicy) {
  EXPECT_TRUE(files_.has_index());
  const response res = get("/", kBrowserAccept);
  ASSERT_EQ(res.result(), status::ok);
  EXPECT_EQ(res.body(), kIndexHtml);
  EXPECT_EQ(res[field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(res[field::content_length], std::to_string(kIndexHtml.size()));
  EXPECT_EQ(res[field::cache_control], "no-cache");
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
  EXPECT_FALSE(res[field::etag].empty());
  const std::string csp(res["Content-Security-Policy"]);
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("script-src 'self';"), std::string::npos) << csp;
  EXPECT_NE(csp.find("style-src 'self';"), std::string::npos) << csp;
  EXPECT_NE(csp.find("img-src 'self' data:;"), std::string::npos) << csp;
  EXPECT_NE(csp.find("media-src 'self';"), std::string::npos) << csp;
  EXPECT_NE(csp.find("connect-src 'self' ws://brigade.test:8000 wss://brigade.test:8000;"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe"), std::string::npos) << csp;

  EXPECT_EQ(get("/index.html").body(), kIndexHtml);
}

TEST_F(StaticFiles, LeavesAnOddHostOutOfThePolicy) {
  auto req = make_request(verb::get, "/");
  req.set(field::host, "evil; script-src *");
  const std::string csp(files_.serve(req)["Content-Security-Policy"]);
  EXPECT_NE(csp.find("connect-src 'self';"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("evil"), std::string::npos) << csp;
}

TEST_F(StaticFiles, HashedAssetsAreCachedForeverAndOtherFilesRevalidated) {
  const response js = get("/assets/app-abc123.js");
  ASSERT_EQ(js.result(), status::ok);
  EXPECT_EQ(js.body(), kAppJs);
  EXPECT_EQ(js[field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(js[field::cache_control], "public, max-age=31536000, immutable");
  EXPECT_EQ(js["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(js.find("Content-Security-Policy"), js.end());  // pages only

  EXPECT_EQ(get("/assets/index-9f8e.css")[field::content_type], "text/css; charset=utf-8");
  const response icon = get("/favicon.ico");
  EXPECT_EQ(icon[field::content_type], "image/x-icon");
  EXPECT_EQ(icon[field::cache_control], "no-cache");
  EXPECT_EQ(get("/manifest.webmanifest")[field::content_type], "application/manifest+json");
  EXPECT_EQ(get("/assets/app-abc123.js?v=2").body(), kAppJs);  // the query is not part of the name
}

TEST_F(StaticFiles, DecodesPercentEncodedUtf8Names) {
  const response res = get("/men%C3%BC.txt");
  ASSERT_EQ(res.result(), status::ok);
  EXPECT_EQ(res.body(), "utf-8 name");
  EXPECT_EQ(res[field::content_type], "text/plain; charset=utf-8");
}

TEST_F(StaticFiles, NeverServesAnythingOutsideTheRoot) {
  // Each also asks for HTML: a refused path must not fall back to the app.
  for (const char* target :
       {"/../secret.txt", "/../../etc/passwd", "/%2e%2e/secret.txt", "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/web2/secret.txt", "/..%2fsecret.txt", "/assets/..%2f..%2fsecret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt", "/..\\secret.txt", "/%5c..%5csecret.txt", "/secret.txt%00.html",
        "/index.html%00", "/escape.txt", "/escape-dir/secret.txt", "/escape-dir/web2/secret.txt",
        "/assets/up/secret.txt", "/escape-dir", "/.%2e/secret", "http://x/secret.txt"}) {
    const response res = get(target, kBrowserAccept);
    EXPECT_EQ(res.result(), status::not_found) << target;
    EXPECT_EQ(res[field::content_type], "application/json") << target;
    EXPECT_EQ(error_code_of(res), "not_found") << target;
    EXPECT_EQ(res.body().find(kSecret), std::string::npos) << target;
  }
}

TEST_F(StaticFiles, AbsolutePathsStayInsideTheRoot) {
  // "//etc/passwd" names etc/passwd under the root, which is not there.
  EXPECT_EQ(get("//etc/passwd", "application/json").result(), status::not_found);
  EXPECT_EQ(get("//etc/passwd", kBrowserAccept).body(), kIndexHtml);
  EXPECT_EQ(get(("/" + (tree_.path() / "secret.txt").string()).c_str(), "application/json").result(),
            status::not_found);
}

TEST_F(StaticFiles, FollowsSymlinksThatStayInside) {
  const response res = get("/inside.js");
  ASSERT_EQ(res.result(), status::ok);
  EXPECT_EQ(res.body(), kAppJs);
}

TEST_F(StaticFiles, ClientSideRoutesGetTheAppOnReload) {
  for (const char* route : {"/kitchen", "/waiter/tables/4", "/pair", "/kitchen/", "/sub"}) {
    const response res = get(route, kBrowserAccept);
    ASSERT_EQ(res.result(), status::ok) << route;
    EXPECT_EQ(res.body(), kIndexHtml) << route;
    EXPECT_EQ(res[field::content_type], "text/html; charset=utf-8") << route;
    EXPECT_EQ(res[field::cache_control], "no-cache") << route;
    EXPECT_EQ(res[field::vary], "Accept") << route;
    EXPECT_FALSE(res["Content-Security-Policy"].empty()) << route;
  }
  EXPECT_EQ(get("/kitchen").body(), kIndexHtml);  // no Accept: anything goes
}

TEST_F(StaticFiles, MissingFilesAndNonHtmlClientsGetA404) {
  for (const char* target : {"/assets/missing.js", "/missing.png", "/assets/nothing", "/assets", "/sub/missing.txt"}) {
    const response res = get(target, kBrowserAccept);
    EXPECT_EQ(res.result(), status::not_found) << target;
    EXPECT_EQ(error_code_of(res), "not_found") << target;
  }
  EXPECT_EQ(get("/kitchen", "application/json").result(), status::not_found);
  EXPECT_EQ(get("/kitchen", "text/html;q=0, application/json").result(), status::not_found);
}

TEST_F(StaticFiles, AnswersAMatchingIfNoneMatchWith304) {
  const std::string etag(get("/")[field::etag]);
  ASSERT_FALSE(etag.empty());
  for (const std::string& condition : {etag, "\"other\", W/" + etag, std::string("*")}) {
    auto req = make_request(verb::get, "/");
    req.set(field::if_none_match, condition);
    const response res = files_.serve(req);
    EXPECT_EQ(res.result(), status::not_modified) << condition;
    EXPECT_TRUE(res.body().empty()) << condition;
    EXPECT_EQ(res.find(field::content_length), res.end()) << condition;
    EXPECT_EQ(res[field::etag], etag) << condition;
    EXPECT_EQ(res[field::cache_control], "no-cache") << condition;
  }
  // A client-side route revalidates against index.html's tag too.
  auto route = make_request(verb::get, "/kitchen", kBrowserAccept);
  route.set(field::if_none_match, etag);
  EXPECT_EQ(files_.serve(route).result(), status::not_modified);

  auto stale = make_request(verb::get, "/");
  stale.set(field::if_none_match, "\"0-0\"");
  EXPECT_EQ(files_.serve(stale).result(), status::ok);

  // A new build changes the tag: the old one now gets the new page.
  tree_.write("web/index.html", "<!doctype html><p>new build</p>");
  auto old = make_request(verb::get, "/");
  old.set(field::if_none_match, etag);
  const response fresh = files_.serve(old);
  EXPECT_EQ(fresh.result(), status::ok);
  EXPECT_EQ(fresh.body(), "<!doctype html><p>new build</p>");
  EXPECT_NE(fresh[field::etag], etag);
}

TEST_F(StaticFiles, HeadHasTheHeadersButNoBody) {
  const response res = files_.serve(make_request(verb::head, "/assets/app-abc123.js"));
  ASSERT_EQ(res.result(), status::ok);
  EXPECT_TRUE(res.body().empty());
  EXPECT_EQ(res[field::content_length], std::to_string(kAppJs.size()));
  EXPECT_EQ(res[field::content_type], "text/javascript; charset=utf-8");

  const response page = files_.serve(make_request(verb::head, "/kitchen", kBrowserAccept));
  EXPECT_EQ(page.result(), status::ok);
  EXPECT_TRUE(page.body().empty());
  EXPECT_EQ(page[field::content_length], std::to_string(kIndexHtml.size()));
}

TEST_F(StaticFiles, OtherMethodsAre405WithAllow) {
  for (const verb method : {verb::post, verb::put, verb::patch, verb::delete_, verb::options}) {
    const response res = files_.serve(make_request(method, "/index.html"));
    EXPECT_EQ(res.result(), status::method_not_allowed);
    EXPECT_EQ(res[field::allow], "GET, HEAD");
    EXPECT_EQ(error_code_of(res), "method_not_allowed");
  }
}

TEST_F(StaticFiles, ServesANewBuildWhenTheRootSymlinkSwitches) {
  tree_.write("builds/1/index.html", "build one");
  tree_.write("builds/2/index.html", "build two");
  tree_.link("current", "builds/1");
  const static_files files(tree_.path() / "current");
  EXPECT_EQ(files.serve(make_request(verb::get, "/")).body(), "build one");
  tree_.link("next", "builds/2");
  fs::rename(tree_.path() / "next", tree_.path() / "current");
  EXPECT_EQ(files.serve(make_request(verb::get, "/")).body(), "build two");
}

TEST(StaticFilesNotBuilt, StillAnswersWithAHowToBuild404) {
  testing::temp_tree tree;
  const static_files missing(tree.path() / "no-such-dir");
  EXPECT_FALSE(missing.has_index());
  for (const char* target : {"/", "/kitchen"}) {
    const response res = missing.serve(make_request(verb::get, target, kBrowserAccept));
    EXPECT_EQ(res.result(), status::not_found) << target;
    EXPECT_EQ(error_code_of(res), "not_found");
    EXPECT_NE(res.body().find("npm run build --workspace web"), std::string::npos) << res.body();
  }

  tree.write("empty/assets/app.js", "x");  // a root without index.html
  const static_files empty(tree.path() / "empty");
  EXPECT_FALSE(empty.has_index());
  EXPECT_NE(empty.serve(make_request(verb::get, "/")).body().find("not built"), std::string::npos);
  EXPECT_EQ(empty.serve(make_request(verb::get, "/assets/app.js")).result(), status::ok);
}

TEST(ClientRoute, IsAnExtensionlessGetOutsideAssetsFromAnHtmlClient) {
  EXPECT_TRUE(is_client_route(make_request(verb::get, "/kitchen", kBrowserAccept), "kitchen"));
  EXPECT_TRUE(is_client_route(make_request(verb::head, "/kitchen", kBrowserAccept), "kitchen"));
  EXPECT_TRUE(is_client_route(make_request(verb::get, "/waiter/tables/4", "text/html"), "waiter/tables/4"));
  EXPECT_TRUE(is_client_route(make_request(verb::get, "/pair"), "pair"));
  EXPECT_FALSE(is_client_route(make_request(verb::get, "/app.js", kBrowserAccept), "app.js"));
  EXPECT_FALSE(is_client_route(make_request(verb::get, "/waiter/logo.png", kBrowserAccept), "waiter/logo.png"));
  EXPECT_FALSE(is_client_route(make_request(verb::get, "/assets/chunk", kBrowserAccept), "assets/chunk"));
  EXPECT_FALSE(is_client_route(make_request(verb::post, "/kitchen", kBrowserAccept), "kitchen"));
  EXPECT_FALSE(is_client_route(make_request(verb::get, "/kitchen", "application/json"), "kitchen"));
  EXPECT_TRUE(is_client_route(make_request(verb::get, "/assetsx", kBrowserAccept), "assetsx"));
}

TEST(AcceptsHtml, MatchesHtmlRangesUnlessRefusedWithQZero) {
  EXPECT_TRUE(accepts_html(""));
  EXPECT_TRUE(accepts_html("text/html"));
  EXPECT_TRUE(accepts_html(kBrowserAccept));
  EXPECT_TRUE(accepts_html("*/*"));
  EXPECT_TRUE(accepts_html("TEXT/*;q=0.5"));
  EXPECT_TRUE(accepts_html("application/json, text/html;level=1;q=0.1"));
  EXPECT_FALSE(accepts_html("application/json"));
  EXPECT_FALSE(accepts_html("image/avif,image/webp"));
  EXPECT_FALSE(accepts_html("text/html;q=0"));
  EXPECT_FALSE(accepts_html("text/html; q=0.000, application/json"));
  EXPECT_FALSE(accepts_html("text/plain"));
}

}  // namespace
}  // namespace brigade::http
