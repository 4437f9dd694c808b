#include "config_layers.hpp"

#include <gtest/gtest.h>

namespace brigade::cli {
namespace {

// A small command like `serve`: a number, a text, a list, a flag, a range.
struct fixture_command {
  fixture_command() {
    command.add_option("--port", port)->capture_default_str();
    command.add_option("--db", db)->capture_default_str();
    command.add_option("--cors-origin", origins);
    command.add_flag("--demo", demo);
    command.add_option("--threads", threads)->check(CLI::Range(1, 8));
  }
  void parse(std::vector<std::string> args) {
    std::reverse(args.begin(), args.end());  // CLI11 takes them last first
    command.parse(args);
  }
  std::map<std::string, setting_origin> layer(const file_settings& file,
                                              std::map<std::string, std::string> environment = {}) {
    const auto options = configurable_options({&command});
    std::set<std::string, std::less<>> known;
    for (auto* option : options) known.insert(config_key(*option));
    return apply_config_layers(options, file, "test.toml", known,
                               [environment](const std::string& name) -> std::optional<std::string> {
                                 const auto found = environment.find(name);
                                 if (found == environment.end()) return std::nullopt;
                                 return found->second;
                               });
  }

  CLI::App command{"test"};
  uint16_t port = 8000;
  std::string db = "brigade.db";
  std::vector<std::string> origins;
  bool demo = false;
  int threads = 2;
};

TEST(config_layers, environment_name_is_upper_case_with_underscores) {
  EXPECT_EQ(environment_name("max-payload"), "BRIGADE_MAX_PAYLOAD");
  EXPECT_EQ(environment_name("port"), "BRIGADE_PORT");
}

TEST(config_layers, command_line_beats_environment_beats_file_beats_default) {
  fixture_command c;
  c.parse({"--port", "3"});
  const auto file = parse_config_text("port = 1\ndb = \"file.db\"\nthreads = 4\n", "test.toml");
  const auto origins = c.layer(file, {{"BRIGADE_PORT", "2"}, {"BRIGADE_DB", "env.db"}});
  EXPECT_EQ(c.port, 3);
  EXPECT_EQ(c.db, "env.db");
  EXPECT_EQ(c.threads, 4);
  EXPECT_FALSE(c.demo);
  EXPECT_EQ(origins.at("port").source, setting_source::command_line);
  EXPECT_EQ(origins.at("db").source, setting_source::environment);
  EXPECT_EQ(origins.at("db").where, "BRIGADE_DB");
  EXPECT_EQ(origins.at("threads").source, setting_source::file);
  EXPECT_EQ(origins.at("threads").where, "test.toml:3");
  EXPECT_EQ(origins.at("demo").source, setting_source::default_value);
}

TEST(config_layers, lists_and_flags_come_from_either_layer) {
  fixture_command from_file;
  from_file.parse({});
  from_file.layer(parse_config_text("cors-origin = [\"https://a\", \"https://b\"]\ndemo = true\n", "test.toml"));
  EXPECT_EQ(from_file.origins, (std::vector<std::string>{"https://a", "https://b"}));
  EXPECT_TRUE(from_file.demo);

  fixture_command from_environment;
  from_environment.parse({});
  from_environment.layer({}, {{"BRIGADE_CORS_ORIGIN", "https://c,https://d"}, {"BRIGADE_DEMO", "yes"}});
  EXPECT_EQ(from_environment.origins, (std::vector<std::string>{"https://c", "https://d"}));
  EXPECT_TRUE(from_environment.demo);
}

TEST(config_layers, refusals_name_the_key_or_the_variable) {
  const auto refusal = [](const std::string& text, std::map<std::string, std::string> environment = {}) {
    fixture_command c;
    c.parse({});
    try {
      c.layer(parse_config_text(text, "test.toml"), std::move(environment));
    } catch (const config_error& error) {
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(refusal("prot = 1"),
            "test.toml:1: unknown key prot (did you mean port?); `brigade serve --help` lists every option");
  EXPECT_EQ(refusal("port = \"x\""), "test.toml:1: port must be a whole number");
  EXPECT_EQ(refusal("demo = 1"), "test.toml:1: demo must be true or false");
  EXPECT_EQ(refusal("db = [\"a\"]"), "test.toml:1: db must be a single value, not a list");
  EXPECT_EQ(refusal("db = true"), "test.toml:1: db must be a string or a number, not true or false");
  EXPECT_NE(refusal("threads = 9").find("test.toml:1: threads: "), std::string::npos);
  EXPECT_NE(refusal("", {{"BRIGADE_PORT", "70000"}}).find("BRIGADE_PORT: port: "), std::string::npos);
  EXPECT_EQ(refusal("", {{"BRIGADE_DEMO", "maybe"}}),
            "BRIGADE_DEMO=maybe: expected true or false (1/0, yes/no, on/off)");
  EXPECT_EQ(refusal("unrelated_elsewhere = 1"),
            "test.toml:1: unknown key unrelated-elsewhere; `brigade serve --help` lists every option");
}

TEST(config_file, reads_underscores_as_dashes_and_refuses_tables_and_duplicates) {
  const auto settings = parse_config_text("max_payload = 10\nratio = 1.5\nname = 'x'\n", "f.toml");
  EXPECT_EQ(settings.at("max-payload").values, std::vector<std::string>{"10"});
  EXPECT_EQ(settings.at("max-payload").kind, value_kind::integer);
  EXPECT_EQ(settings.at("ratio").kind, value_kind::number);
  EXPECT_EQ(settings.at("ratio").values, std::vector<std::string>{"1.5"});
  EXPECT_THROW(parse_config_text("[server]\nport = 1\n", "f.toml"), config_error);
  EXPECT_THROW(parse_config_text("a-b = 1\na_b = 2\n", "f.toml"), config_error);
  EXPECT_THROW(parse_config_text("port = [[1]]\n", "f.toml"), config_error);
  EXPECT_THROW(parse_config_text("port = \n", "f.toml"), config_error);
}

}  // namespace
}  // namespace brigade::cli
