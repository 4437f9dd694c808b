#pragma once

#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "config_layers.hpp"

namespace brigade::cli {

/// Values computed after parsing, by key, shown instead of an option's
/// declared default (serve's CORS origins depend on --mode).
using derived_values = std::map<std::string, std::vector<std::string>, std::less<>>;

/// The effective values of `options` as a TOML file a server could start
/// from, each line commented with where its value came from; secrets
/// (the JWT secret) are masked, unset options commented out. Pure.
std::string render_configuration(const std::vector<CLI::Option*>& options,
                                 const std::map<std::string, setting_origin>& origins, const std::string& file_name,
                                 const derived_values& derived);

}  // namespace brigade::cli
