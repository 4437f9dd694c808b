#include "http/connection_limit.hpp"

#include <algorithm>
#include <atomic>

#include "common/metrics/catalog.hpp"
#include "http/address_key.hpp"

namespace brigade::http {
namespace detail {

// Every field but `marked` is guarded by the owning limit's mutex.
struct connection_place {
  enum class kind : uint8_t { admitted, probe, refusal };

  // Set with `authenticated`: every request of a keep-alive connection
  // shows its token again, and only the first should take the lock.
  std::atomic<bool> marked{false};
  // Its address's count in per_address_ (elements of an unordered_map stay
  // put when it rehashes); null for a refusal, which is not counted there.
  std::pair<const std::string, size_t>* from = nullptr;
  kind what = kind::admitted;
  bool authenticated = false;
  bool released = false;
  bool queued = false;  // in sheddable_, at `position`
  std::list<connection_place*>::iterator position;
  std::function<void()> shed;
};

}  // namespace detail

using detail::connection_place;

namespace {

// A victim without a shed callback yet (its connection is still on its way
// to its loop) is skipped; looking further than this would only cost time
// under the lock at the worst moment.
constexpr size_t kShedScan = 16;

}  // namespace

void connection_ticket::mark_authenticated() const noexcept {
  if (owner_ && place_) owner_->mark_authenticated(*place_);
}

connection_slot& connection_slot::operator=(connection_slot&& other) noexcept {
  if (this != &other) {
    release();
    owner_ = std::move(other.owner_);
    place_ = std::move(other.place_);
  }
  return *this;
}

connection_slot::~connection_slot() {
  release();
}

void connection_slot::on_shed(std::function<void()> shed) {
  if (owner_ && place_) owner_->set_shed(*place_, std::move(shed));
}

void connection_slot::release() noexcept {
  if (!owner_) return;
  if (place_) owner_->release(*place_);
  place_.reset();
  owner_.reset();
}

std::shared_ptr<connection_limit> connection_limit::create(settings limits) {
  return std::shared_ptr<connection_limit>(new connection_limit(limits));
}

connection_limit::decision connection_limit::try_admit(const boost::asio::ip::address& address) {
  if (settings_.max_per_address == 0 && settings_.max_total == 0) return {admission::admitted, {}};
  auto place = std::make_shared<connection_place>();
  const std::string key = address_key(address);
  const auto& m = metrics::brigade();
  std::function<void()> shed;
  admission verdict = admission::admitted;
  {
    std::lock_guard lock(mutex_);
    const auto from_address = per_address_.find(key);
    const size_t open = totals_.open();
    if (settings_.max_per_address != 0 && from_address != per_address_.end() &&
        from_address->second >= settings_.max_per_address) {
      verdict = admission::over_address;
    } else if (settings_.max_total == 0 || open < settings_.max_total) {
      verdict = admission::admitted;
    } else if (open < settings_.max_total + settings_.headroom) {
      // At the cap: the oldest stranger makes room; with none, a probe may
      // still come in. Victims count until they have closed, so both stay
      // within the headroom.
      if (auto* victim = oldest_sheddable()) {
        shed = std::move(victim->shed);
        victim->shed = nullptr;
        sheddable_.erase(victim->position);
        victim->queued = false;
        verdict = admission::admitted;
      } else {
        verdict = admission::probe_only;
      }
    } else {
      verdict = admission::server_busy;
    }

    if (verdict == admission::over_address || verdict == admission::server_busy) {
      if (totals_.refusing >= std::max<size_t>(settings_.headroom, 1)) {
        verdict = admission::dropped;
      } else {
        place->what = connection_place::kind::refusal;
        ++totals_.refusing;
      }
    } else {
      place->what = verdict == admission::probe_only ? connection_place::kind::probe : connection_place::kind::admitted;
      auto& counted = *per_address_.try_emplace(key, 0).first;
      ++counted.second;
      place->from = &counted;
      ++totals_.unauthenticated;
      if (place->what == connection_place::kind::admitted) {
        place->position = sheddable_.insert(sheddable_.end(), place.get());
        place->queued = true;
      }
    }
  }
  if (shed) {
    m.connections_shed.inc();
    shed();
  }
  switch (verdict) {
    case admission::over_address:
      m.connections_refused_per_address.inc();
      break;
    case admission::server_busy:
    case admission::dropped:
      m.connections_refused_busy.inc();
      break;
    default:
      break;
  }
  if (verdict == admission::dropped) return {verdict, {}};
  return {verdict, connection_slot(shared_from_this(), std::move(place))};
}

connection_place* connection_limit::oldest_sheddable() {
  size_t looked = 0;
  for (auto* candidate : sheddable_) {
    if (candidate->shed) return candidate;
    if (++looked == kShedScan) break;
  }
  return nullptr;
}

size_t connection_limit::open_from(const boost::asio::ip::address& address) const {
  const std::string key = address_key(address);
  std::lock_guard lock(mutex_);
  const auto it = per_address_.find(key);
  return it == per_address_.end() ? 0 : it->second;
}

connection_limit::totals connection_limit::open() const {
  std::lock_guard lock(mutex_);
  return totals_;
}

void connection_limit::mark_authenticated(connection_place& place) noexcept {
  if (place.marked.load(std::memory_order_relaxed)) return;
  std::function<void()> dropped;  // destroyed after the lock
  std::lock_guard lock(mutex_);
  if (place.released || place.authenticated || place.what == connection_place::kind::refusal) return;
  place.authenticated = true;
  place.marked.store(true, std::memory_order_relaxed);
  dropped = std::move(place.shed);
  place.shed = nullptr;
  if (place.queued) {
    sheddable_.erase(place.position);
    place.queued = false;
  }
  --totals_.unauthenticated;
  ++totals_.authenticated;
}

void connection_limit::set_shed(connection_place& place, std::function<void()> shed) {
  std::lock_guard lock(mutex_);
  // Only a connection still in the shedding order can be shed.
  if (place.released || !place.queued) return;
  std::swap(place.shed, shed);  // the old callback is destroyed after the lock
}

void connection_limit::release(connection_place& place) noexcept {
  std::function<void()> dropped;
  std::lock_guard lock(mutex_);
  if (place.released) return;
  place.released = true;
  dropped = std::move(place.shed);
  place.shed = nullptr;
  if (place.queued) {
    sheddable_.erase(place.position);
    place.queued = false;
  }
  if (place.what == connection_place::kind::refusal) {
    --totals_.refusing;
    return;
  }
  (place.authenticated ? totals_.authenticated : totals_.unauthenticated) -= 1;
  // Forget addresses with no connection, so the map holds only live ones.
  if (place.from != nullptr && --place.from->second == 0) per_address_.erase(per_address_.find(place.from->first));
  place.from = nullptr;
}

}  // namespace brigade::http
