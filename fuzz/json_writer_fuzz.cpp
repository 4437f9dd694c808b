// Differential fuzzer of the Socket.IO encoder's JSON writer
// (src/socketio_codec/json_writer.hpp) against nlohmann's own serializer.
//
// The input is used twice: parsed as JSON text by nlohmann (no exceptions;
// nesting capped at 64 as the decoder caps it), and read as a program that
// builds a value nlohmann's parser never yields: strings and keys of raw
// bytes (ill-formed UTF-8, control characters), doubles from raw bits, from
// decimal digits and from binary fractions, 64-bit integers, binary values,
// nested arrays and objects (see build()). Seeds: corpus/json_writer_fuzz/.
//
// Properties, each a trap when broken:
//   - append_json(out, v) appends exactly
//     v.dump(-1, ' ', false, ordered_json::error_handler_t::replace), or both
//     throw (the replace handler never refuses, so neither should);
//   - format_json_double(x) is either 0 (not proven) or dump()'s text of x;
//   - append_json_with_placeholders writes what dump() writes for a copy with
//     each binary replaced by {"_placeholder":true,"num":N} in output order,
//     and collects exactly those binaries' bytes in that order.
#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_support.hpp"
#include "socketio_codec/json_writer.hpp"

namespace sio = brigade::socketio;
using brigade::fuzz::check;
using brigade::fuzz::json_deeper_than;
using json = nlohmann::ordered_json;

namespace {

constexpr size_t kMaxDepth = 64;

std::string dumped(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

void check_double(double x) {
  char buffer[sio::kMaxJsonDoubleChars];
  const size_t length = sio::format_json_double(x, buffer);
  if (length != 0) check(std::string_view(buffer, length) == dumped(json(x)));
}

// Reads the input front to back; past the end every read gives zeros.
class reader {
 public:
  explicit reader(std::string_view bytes) : bytes_(bytes) {}

  bool empty() const noexcept { return bytes_.empty(); }
  uint8_t byte() noexcept {
    if (bytes_.empty()) return 0;
    const auto b = static_cast<uint8_t>(bytes_.front());
    bytes_.remove_prefix(1);
    return b;
  }
  uint64_t u64() noexcept {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = v << 8 | byte();
    return v;
  }
  std::string bytes(size_t max) {
    const size_t n = std::min<size_t>(byte() % (max + 1), bytes_.size());
    std::string s(bytes_.substr(0, n));
    bytes_.remove_prefix(n);
    return s;
  }

 private:
  std::string_view bytes_;
};

double decimal_double(reader& in) {
  // Up to 17 digits and a decimal exponent in [-40, 40], as from_chars reads
  // them: the doubles nearest short decimals (prices, measures).
  const int digits = 1 + in.byte() % 17;
  uint64_t mantissa = in.u64() % 100'000'000'000'000'000ULL;
  std::string text = std::to_string(mantissa);
  if (text.size() > static_cast<size_t>(digits)) text.resize(static_cast<size_t>(digits));
  text += 'e';
  text += std::to_string(static_cast<int>(in.byte() % 81) - 40);
  double x = 0;
  std::from_chars(text.data(), text.data() + text.size(), x);
  return (in.byte() & 1) != 0 ? -x : x;
}

json build(reader& in, size_t depth) {
  const uint8_t op = in.byte();
  const bool leaf_only = depth >= kMaxDepth / 4;
  switch (op % (leaf_only ? 11 : 13)) {
    case 0:
      return nullptr;
    case 1:
      return (op & 0x80) != 0;
    case 2:
      return static_cast<int64_t>(in.u64());
    case 3:
      return in.u64();
    case 4: {  // raw bits: NaN, infinities, subnormals, anything
      const double x = std::bit_cast<double>(in.u64());
      check_double(x);
      return x;
    }
    case 5: {
      const double x = decimal_double(in);
      check_double(x);
      return x;
    }
    case 6: {  // n / 2^k: exact binary fractions, integers, powers of two
      const auto n = static_cast<int32_t>(in.u64() >> 32);
      const double x = std::ldexp(static_cast<double>(n), static_cast<int>(in.byte() % 128) - 64);
      check_double(x);
      return x;
    }
    case 7:
      return in.bytes(64);  // any bytes: ill-formed UTF-8, controls, quotes
    case 8:
      return std::string(in.byte() % 40, static_cast<char>(in.byte())) + in.bytes(16);
    case 9: {
      const std::string bytes = in.bytes(32);
      return json::binary(json::binary_t::container_type(bytes.begin(), bytes.end()));
    }
    case 10:
      return json::binary({in.byte()}, in.byte());
    case 11: {
      json array = json::array();
      for (int n = in.byte() % 8; n > 0 && !in.empty(); --n) array.push_back(build(in, depth + 1));
      return array;
    }
    default: {
      json object = json::object();
      for (int n = in.byte() % 8; n > 0 && !in.empty(); --n) {
        std::string key = in.bytes(12);
        object[key] = build(in, depth + 1);
      }
      return object;
    }
  }
}

// `value` with each binary replaced by its placeholder, numbered in output
// order; `binaries` collects their bytes.
json with_placeholders(const json& value, std::vector<std::string>& binaries) {
  if (value.is_binary()) {
    const auto& bytes = value.get_binary();
    json placeholder = {{"_placeholder", true}, {"num", binaries.size()}};
    binaries.emplace_back(bytes.begin(), bytes.end());
    return placeholder;
  }
  if (value.is_array()) {
    json array = json::array();
    for (const auto& element : value) array.push_back(with_placeholders(element, binaries));
    return array;
  }
  if (value.is_object()) {
    json object = json::object();
    for (const auto& [key, element] : value.items()) object[key] = with_placeholders(element, binaries);
    return object;
  }
  return value;
}

void differential(const json& value) {
  std::string expected;
  bool dump_threw = false;
  try {
    expected = dumped(value);
  } catch (const json::exception&) {
    dump_threw = true;
  }
  std::string written = "42/ns,";  // the writer appends after a packet header
  bool writer_threw = false;
  try {
    sio::append_json(written, value);
  } catch (const json::exception&) {
    writer_threw = true;
  }
  check(dump_threw == writer_threw);
  if (!dump_threw) check(written == "42/ns," + expected);

  // The writer numbers placeholders from attachments.size().
  std::vector<std::string> binaries = {"earlier"};
  const json replaced = with_placeholders(value, binaries);
  std::string text = "5";
  std::vector<std::string> attachments = {"earlier"};
  sio::append_json_with_placeholders(text, value, attachments);
  check(text == "5" + dumped(replaced));
  check(attachments == binaries);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (!json_deeper_than(input, kMaxDepth)) {
    const json parsed = json::parse(input, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) differential(parsed);
  }
  reader in(input);
  differential(build(in, 0));
  return 0;
}
