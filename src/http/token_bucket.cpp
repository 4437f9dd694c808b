#include "http/token_bucket.hpp"

#include <algorithm>
#include <cmath>

namespace brigade::http {

namespace {
// Token counts are doubles: a refill computed from, say, 50 ms twice may
// land a hair below the whole token it is worth. Anything this close counts.
constexpr double kEpsilon = 1e-9;
}  // namespace

token_bucket::token_bucket(double rate, double burst, time_point now)
    : rate_(rate > 0 ? rate : 0), burst_(std::max(burst, 1.0)), tokens_(burst_), updated_(now) {}

double token_bucket::tokens(time_point now) const {
  // Callers on several threads may pass instants slightly out of order: an
  // earlier `now` than the last update adds nothing rather than removing.
  if (now <= updated_) return tokens_;
  const double elapsed = std::chrono::duration<double>(now - updated_).count();
  return std::min(burst_, tokens_ + elapsed * rate_);
}

bool token_bucket::try_take(time_point now) {
  if (unlimited()) return true;
  const double available = tokens(now);
  if (now > updated_) updated_ = now;
  tokens_ = available;
  if (tokens_ < 1.0 - kEpsilon) return false;
  tokens_ = std::max(0.0, tokens_ - 1.0);
  return true;
}

token_bucket::clock::duration token_bucket::wait_for_token(time_point now) const {
  if (unlimited()) return clock::duration::zero();
  const double missing = 1.0 - tokens(now);
  if (missing <= kEpsilon) return clock::duration::zero();
  // Round up to whole nanoseconds so that waiting this long is enough, but
  // forgive the floating-point noise that would turn an exact 20 ms into
  // 20 ms and 1 ns (and so 21 ms once rounded up to milliseconds).
  const double nanoseconds = std::min(missing / rate_ * 1e9, 1e18);  // a tiny rate must not overflow
  using rep = std::chrono::nanoseconds::rep;
  const auto whole = std::max<rep>(static_cast<rep>(std::ceil(nanoseconds - 1e-3)), 1);
  return std::chrono::duration_cast<clock::duration>(std::chrono::nanoseconds(whole));
}

bool token_bucket::full(time_point now) const { return unlimited() || tokens(now) >= burst_ - kEpsilon; }

}  // namespace brigade::http
