// `brigade serve --store`: which addresses it takes, and how its password
// is kept out of logs and `config print`.
#include <gtest/gtest.h>

#include "app/server_app.hpp"

namespace brigade::cli {
namespace {

TEST(store_option, takes_postgresql_urls_or_nothing) {
  EXPECT_EQ(app::store_url_problem(""), "");
  EXPECT_EQ(app::store_url_problem("postgresql://brigade@db.example:5432/brigade"), "");
  EXPECT_EQ(app::store_url_problem("postgres://db.example/brigade"), "");
  EXPECT_NE(app::store_url_problem("brigade.db"), "");
  EXPECT_NE(app::store_url_problem("mysql://db.example/brigade"), "");
}

TEST(store_option, redacts_the_password_and_nothing_else) {
  EXPECT_EQ(app::redact_store_url("postgresql://brigade:s3cret@db.example:5432/brigade"),
            "postgresql://brigade:***@db.example:5432/brigade");
  EXPECT_EQ(app::redact_store_url("postgresql://brigade@db.example/brigade"),
            "postgresql://brigade@db.example/brigade");
  EXPECT_EQ(app::redact_store_url("postgresql://db.example/brigade?user=b&password=s3cret&sslmode=require"),
            "postgresql://db.example/brigade?user=b&password=***&sslmode=require");
  EXPECT_EQ(app::redact_store_url("postgresql://db.example:5432/x@y"), "postgresql://db.example:5432/x@y");
}

}  // namespace
}  // namespace brigade::cli
