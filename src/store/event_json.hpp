#pragma once

#include <string>
#include <string_view>

#include "kitchen/events.hpp"

namespace brigade::store {

// The outbox's payload format: every field of a domain event, including the
// whole order snapshot (items, ticket, cancellation), as JSON. Internal to
// the store (the wire payloads are the real-time layer's business), so it
// uses the C++ field names; any store backend may share it.
// Pure functions; thread-safe.

std::string encode_event(const kitchen::domain_event& event);

/// Rebuilds an event from `encode_event`'s output. Throws
/// `kitchen::store_failure` when the payload is not such a document.
kitchen::domain_event decode_event(std::string_view payload);

}  // namespace brigade::store
