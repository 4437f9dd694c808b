#include "api/error_response.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "kitchen/errors.hpp"

namespace brigade::api {
namespace {

nlohmann::ordered_json body_of(const http::response& res) {
  return nlohmann::ordered_json::parse(res.body());
}

TEST(StatusOf, MapsEveryKnownCode) {
  EXPECT_EQ(status_of("not_found"), http::status::not_found);
  EXPECT_EQ(status_of("validation"), http::status::bad_request);
  EXPECT_EQ(status_of("invalid_json"), http::status::bad_request);
  EXPECT_EQ(status_of("unauthenticated"), http::status::unauthorized);
  EXPECT_EQ(status_of("method_not_allowed"), http::status::method_not_allowed);
  EXPECT_EQ(status_of("invalid_transition"), http::status::conflict);
  EXPECT_EQ(status_of("conflict"), http::status::conflict);
  EXPECT_EQ(status_of("unsupported_media_type"), http::status::unsupported_media_type);
  EXPECT_EQ(status_of("store_unavailable"), http::status::service_unavailable);
  EXPECT_EQ(status_of("internal"), http::status::internal_server_error);
  EXPECT_EQ(status_of("something_else"), http::status::internal_server_error);
}

TEST(ErrorResponse, RendersCodeMessageAndDetailsAsJson) {
  const auto res = error_response(kitchen::invalid_transition(
      std::string_view("order"), std::string_view("ready"), std::string_view("pending")));
  EXPECT_EQ(res.result(), http::status::conflict);
  EXPECT_EQ(res[http::field::content_type], "application/json");
  EXPECT_EQ(res[http::field::cache_control], "no-store");
  const auto body = body_of(res);
  EXPECT_EQ(body["error"]["code"], "invalid_transition");
  EXPECT_EQ(body["error"]["from"], "ready");
  EXPECT_EQ(body["error"]["to"], "pending");
  EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());

  const auto validation =
      body_of(error_response(kitchen::validation_error("items[2].quantity", "bad")));
  EXPECT_EQ(validation,
            (nlohmann::ordered_json{
                {"error",
                 {{"code", "validation"}, {"message", "bad"}, {"field", "items[2].quantity"}}}}));
  EXPECT_EQ(error_response(kitchen::not_found("order", 5)).result(), http::status::not_found);
}

TEST(ErrorResponse, DetailsCannotReplaceCodeOrMessage) {
  const error e{"conflict", "sold out", {{"code", "ok"}, {"message", "fine"}, {"menuItemId", "3"}}};
  const auto body = body_of(error_response(e));
  EXPECT_EQ(body["error"]["code"], "conflict");
  EXPECT_EQ(body["error"]["message"], "sold out");
  EXPECT_EQ(body["error"]["menuItemId"], "3");
}

TEST(ErrorResponse, UnknownCodesBecomeAGenericInternalError) {
  const auto res = error_response(error{"sqlite_busy", "database is locked at /var/lib/secret.db"});
  EXPECT_EQ(res.result(), http::status::internal_server_error);
  const auto body = body_of(res);
  EXPECT_EQ(body["error"]["code"], "internal");
  EXPECT_EQ(body["error"]["message"].get<std::string>().find("secret"), std::string::npos);
}

TEST(ErrorResponse, SurvivesMessagesThatAreNotUtf8) {
  const auto res = error_response(kitchen::kNotFound, "No endpoint at /api/\xff\xfe");
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_NO_THROW(static_cast<void>(body_of(res)));
}

}  // namespace
}  // namespace brigade::api
