#pragma once

// The Socket.IO encoder's JSON writer: nlohmann's compact serialization,
// byte for byte, several times faster (a broadcast is encoded once per event
// and this is most of that cost; bench/socketio_codec_bench.cpp).
//
// Contract: append_json(out, v) appends exactly the bytes of
//
//   v.dump(-1, ' ', /*ensure_ascii=*/false, json::error_handler_t::replace)
//
// that is: no whitespace; object members in their stored (insertion) order;
// strings with `"` and `\` escaped, \b \f \n \r \t, every other byte below
// 0x20 as \u00xx (lower-case hex), DEL and well-formed UTF-8 copied as they
// are, and a string or key holding ill-formed UTF-8 written with nlohmann's
// U+FFFD replacement (by dump() itself); integers in decimal; doubles as
// nlohmann prints them (shortest round-trip digits, like printf("%g") with
// fixed notation for decimal exponents -4 < n <= 15, `.0` after integral
// values, exponents signed with at least two digits: 1e+100, 1.5e-07,
// -0.0), NaN and infinities as null; binary values and discarded values as
// dump() writes them. The differential fuzzer fuzz/json_writer_fuzz.cpp
// checks this against dump().
//
// It uses only nlohmann's public API. Strings are checked for UTF-8 and
// escaped here, 8 bytes at a time. Doubles are laid out here as nlohmann
// lays them out, but nlohmann's digits come from Grisu2, which is not always
// the shortest or closest round trip: the writer uses its own digits (exact
// decimals, short decimals such as prices, else std::to_chars's shortest)
// only when it proves Grisu2 finds the same ones, which is almost always
// for values between 1e-20 and 1e35 (json_writer.cpp, "doubles"); any other
// double, like a string with ill-formed UTF-8, is written by dump().
//
// Never throws but std::bad_alloc (the replace handler never refuses).

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace brigade::socketio {

using json = nlohmann::ordered_json;

/// Appends the compact JSON text of `value` to `out`: the bytes of
/// `value.dump(-1, ' ', false, json::error_handler_t::replace)`, without
/// building that temporary string. Pure; thread-safe.
void append_json(std::string& out, const json& value);

/// As append_json, except that each binary value is written as
/// `{"_placeholder":true,"num":N}` and its bytes appended to `attachments`
/// (socket.io-parser's deconstructPacket), N counting from
/// attachments.size() in output order: the text dump() gives for a copy of
/// `value` with each binary so replaced, with no copy made. Pure.
void append_json_with_placeholders(std::string& out, const json& value,
                                   std::vector<std::string>& attachments);

/// Room format_json_double needs.
inline constexpr size_t kMaxJsonDoubleChars = 32;

/// Writes the finite double `x` into `buffer` as dump() writes it (87.5,
/// 1e+100, -0.0, 0.30000000000000004) and returns the length; returns 0,
/// writing nothing useful, when it cannot prove its digits are nlohmann's
/// (append_json then writes that number with dump()). Pure; thread-safe.
size_t format_json_double(double x, char* buffer) noexcept;

}  // namespace brigade::socketio
