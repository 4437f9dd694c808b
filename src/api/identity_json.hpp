#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "auth/token_service.hpp"
#include "kitchen/entities.hpp"

namespace brigade::api {

/// `{id, name, role, tableId?, restaurantId}`: who a token speaks for.
/// Pure function; thread-safe.
nlohmann::ordered_json actor_json(const kitchen::actor& who);

/// `{token, expiresAt, <who_key>: actor_json(who)}`: a login's or a new
/// screen's answer. Pure function; thread-safe.
nlohmann::ordered_json token_json(const auth::issued_token& issued, std::string_view who_key,
                                  const kitchen::actor& who);

}  // namespace brigade::api
