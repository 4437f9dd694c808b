#pragma once

#include <string_view>

#include <fmt/format.h>

#include "api/handler_context.hpp"
#include "api/request_body.hpp"

namespace brigade::api {

/// The back office's add (POST: 201 with a Location under `prefix`admin/
/// `collection`/) and change (PATCH, `partial`: 200) of one entry: reads the
/// JSON body, decodes it with `decode(body, partial)`, applies it, answers
/// `to_json` of the entry. Runs on a worker thread like every handler.
template <typename Decode, typename Apply, typename ToJson>
result<reply> write_admin_entry(const request_context& ctx, Decode decode, Apply apply, ToJson to_json,
                                std::string_view collection, bool partial) {
  auto body = read_json_object(ctx.req, body_presence::required);
  if (!body) return body.error();
  auto fields = decode(*body, partial);
  if (!fields) return fields.error();
  auto done = apply(*fields);
  if (!done) return done.error();
  if (partial) return reply{http::status::ok, to_json(*done)};
  return reply{http::status::created,
               to_json(*done),
               {{"Location", fmt::format("{}admin/{}/{}", ctx.prefix, collection, done->id)}}};
}

}  // namespace brigade::api
