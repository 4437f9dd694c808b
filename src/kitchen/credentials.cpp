#include "kitchen/credentials.hpp"

#include <string>

#include "common/password.hpp"
#include "kitchen/errors.hpp"

namespace brigade::kitchen {

result<actor> verify_login(const std::optional<staff>& found, std::string_view password) {
  // An unknown username costs the same verification as a known one.
  static const std::string decoy_hash = hash_password("not a password anyone has");
  const bool usable = found && password.size() <= kMaxCredentialBytes;
  const bool matches = verify_password(usable ? found->password_hash : decoy_hash, password);
  // A deactivated member is refused like a wrong password: the answer
  // says nothing about which accounts exist.
  if (!usable || !matches || found->password_hash.empty() || !found->active)
    return error{std::string(kUnauthenticated), "Wrong username or password"};
  return actor{found->id, found->restaurant, found->name, found->role};
}

}  // namespace brigade::kitchen
