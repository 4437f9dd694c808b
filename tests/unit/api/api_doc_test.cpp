#include "api/api_doc.hpp"

#include <cctype>
#include <map>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>

#include "api/error_response.hpp"
#include "http/error_codes.hpp"
#include "kitchen/account_service.hpp"
#include "kitchen/back_office.hpp"
#include "kitchen/ports.hpp"

#include "../generated_doc.hpp"

// docs/api.md against the server's own tables: its generated route table
// against the attached API, its error table against the lists of error
// codes. tests/integration/openapi.test.mjs then holds docs/openapi.yaml to
// both, so the three cannot drift apart.

namespace brigade::api {
namespace {

const std::string kDocPath = std::string(BRIGADE_SOURCE_DIR) + "/docs/api.md";

using brigade::testing::read_file;

// Routes are only listed here, never called: the store is never reached.
class unused_store : public kitchen::kitchen_store {
 public:
  void read(const std::function<void(kitchen::kitchen_reader&)>&) override {
    throw std::logic_error("the doc test reads nothing");
  }
  status transact(const std::function<status(kitchen::unit_of_work&)>&, const std::function<void()>&) override {
    throw std::logic_error("the doc test writes nothing");
  }
};

std::vector<kitchen_api::listed_route> attached_routes() {
  unused_store store;
  kitchen::kitchen_service service{store};
  const auth::token_service tokens{"unit-test-secret-long-enough-for-hs256", std::chrono::hours(1),
                                   std::chrono::hours(1)};
  auth::login_throttle throttle;
  auth::login_admission admission;
  const auto never = [](std::function<void()>) { throw std::logic_error("the doc test runs no job"); };
  kitchen_api api(service, tokens, {throttle, admission, never}, never);
  kitchen::back_office office{store};
  api.serve_back_office(office);
  kitchen::account_service accounts{store};
  api.add_account_routes(accounts, "setup-token-for-the-doc-test");
  http::router router;
  api.attach(router);
  return api.routes();
}

TEST(RoutesDoc, DocsMatchTheRouteTable) {
  brigade::testing::expect_generated_section(
      kDocPath, kRoutesDocBegin, kRoutesDocEnd, render_routes_markdown(attached_routes()),
      "docs/api.md's route table is out of date: run api_unit_tests with BRIGADE_UPDATE_DOCS=1, then document "
      "the change in docs/openapi.yaml (docs/api.md, \"Adding a route\")");
}

TEST(RoutesDoc, RendersTokenAndPermissions) {
  const std::string md = render_routes_markdown(attached_routes());
  EXPECT_NE(md.find("| POST | `/api/auth/login` | no | — |"), std::string::npos) << md;
  EXPECT_NE(md.find("| GET | `/api/auth/me` | ✓ | any actor |"), std::string::npos) << md;
  EXPECT_NE(md.find("| PATCH | `/api/orders/{orderId}/status` | ✓ | `create_order`, `serve`, `close_order` |"),
            std::string::npos)
      << md;
}

// The error table of docs/api.md ("## Errors"): code → status, from the rows
// `| 401 | `token_missing`, `token_invalid` | when |`.
std::map<std::string, int> documented_error_codes(const std::string& document) {
  std::map<std::string, int> codes;
  const size_t start = document.find("\n## Errors\n");
  const size_t stop = document.find("\n## ", start + 1);
  std::istringstream section(document.substr(start, stop - start));
  for (std::string line; std::getline(section, line);) {
    if (line.size() < 6 || line[0] != '|' || !std::isdigit(static_cast<unsigned char>(line[2]))) continue;
    const int status = std::stoi(line.substr(2, 3));
    const size_t codes_begin = line.find('|', 1) + 1;
    const std::string cell = line.substr(codes_begin, line.find('|', codes_begin) - codes_begin);
    for (size_t open = cell.find('`'); open != std::string::npos; open = cell.find('`', open + 1)) {
      const size_t close = cell.find('`', open + 1);
      codes[cell.substr(open + 1, close - open - 1)] = status;
      open = close;
    }
  }
  return codes;
}

TEST(ErrorsDoc, TableListsEveryErrorCodeWithItsStatus) {
  std::map<std::string, int> produced;
  for (const auto& e : error_statuses()) produced[std::string(e.code)] = static_cast<int>(e.status);
  for (const auto& e : http::kTransportErrors) {
    const auto it = produced.emplace(std::string(e.code), static_cast<int>(e.status)).first;
    EXPECT_EQ(it->second, static_cast<int>(e.status)) << e.code << " has two statuses";
  }
  const auto documented = documented_error_codes(read_file(kDocPath));
  ASSERT_FALSE(documented.empty()) << "no error table in " << kDocPath;
  for (const auto& [code, status] : produced) {
    const auto it = documented.find(code);
    if (it == documented.end()) {
      ADD_FAILURE() << code << " (" << status << ") is missing from docs/api.md's error table";
    } else {
      EXPECT_EQ(it->second, status) << code << " is documented with the wrong status";
    }
  }
  for (const auto& [code, status] : documented) {
    EXPECT_TRUE(produced.count(code)) << code << " is in docs/api.md's error table but the server never answers it";
  }
}

}  // namespace
}  // namespace brigade::api
