#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/kitchen_api.hpp"

namespace brigade::api {

/// Markers around the generated route table of docs/api.md; the text between
/// them must equal render_routes_markdown() of the attached API (a unit test
/// checks it, and tests/integration/openapi.test.mjs checks docs/openapi.yaml
/// against that table).
inline constexpr std::string_view kRoutesDocBegin = "<!-- BEGIN GENERATED: REST routes -->";
inline constexpr std::string_view kRoutesDocEnd = "<!-- END GENERATED: REST routes -->";

/// The routes as a Markdown table, one row each in the order given:
/// method, path pattern, whether a token is needed, and the permissions of
/// which the actor needs one. Pure; thread-safe. Ends with a newline.
std::string render_routes_markdown(const std::vector<kitchen_api::listed_route>& routes);

}  // namespace brigade::api
