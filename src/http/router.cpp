#include "http/router.hpp"

#include <algorithm>

#include "http/error_codes.hpp"

namespace brigade::http {

void router::add_prefix(std::string prefix, handler h, std::string label, refusal_handler refused) {
  if (label.empty()) label = prefix;
  routes_.push_back({std::move(prefix), std::move(h), std::move(label), std::move(refused)});
  std::stable_sort(routes_.begin(), routes_.end(),
                   [](const route& a, const route& b) { return a.prefix.size() > b.prefix.size(); });
}

void router::add_probe(std::string prefix, handler h) {
  add_prefix(prefix, std::move(h));
  for (auto& r : routes_) {
    if (r.prefix == prefix) r.probe = true;
  }
}

const router::route* router::match(std::string_view path) const {
  for (const auto& r : routes_) {
    if (path.starts_with(r.prefix)) return &r;
  }
  return nullptr;
}

bool router::is_probe(std::string_view path) const {
  const route* r = match(path);
  return r != nullptr && r->probe;
}

void router::dispatch(const exchange_ptr& ex) const {
  if (const route* r = match(ex->path())) {
    ex->set_route(r->label);
    r->handle(ex);
    return;
  }
  ex->respond(json_error(status::not_found, kNotFound, "No route for this path", ex->req().version()));
}

void router::body_refused(const request& head) const {
  const std::string_view target = head.target();
  const route* r = match(target.substr(0, target.find('?')));
  if (r && r->refused) r->refused(head);
}

}  // namespace brigade::http
