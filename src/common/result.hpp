#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace brigade {

/// A failure a caller can act on: a stable machine-readable code and a
/// human-readable message. Plain value type; freely copyable.
struct error {
  std::string code;
  std::string message;
  /// Extra facts a client can act on, e.g. {"field","tableId"} or
  /// {"from","ready"},{"to","pending"}; rendered beside code and message.
  std::vector<std::pair<std::string, std::string>> details{};
};

/// Either a value or an `error`. Used by pure codecs and the domain instead of
/// exceptions, so a client's bad input can never unwind through an I/O loop.
/// Plain value type; not synchronised.
template <typename T>
class [[nodiscard]] result {
 public:
  result(T value) : state_(std::move(value)) {}
  result(::brigade::error failure) : state_(std::move(failure)) {}

  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const brigade::error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, brigade::error> state_;
};

/// The value-less result: success, or an `error`.
struct ok_t {};
inline constexpr ok_t ok_v{};
using status = result<ok_t>;

inline error make_error(std::string code, std::string message) {
  return error{std::move(code), std::move(message)};
}

}  // namespace brigade
