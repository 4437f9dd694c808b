#pragma once

// A real redis-server (Debian's) for the cluster tests: started on a Unix
// socket in a fresh directory (or on a free loopback port), killed at the
// end. Nothing is saved to disk.

#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace brigade::cluster::testing {

/// A port nothing listens on now: bound to port 0, then closed.
inline uint16_t free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("no free port");
  }
  ::close(fd);
  return ntohs(a.sin_port);
}

class redis_server {
 public:
  /// On a Unix socket (port 0: no TCP), or on `tcp_port` of 127.0.0.1 too.
  explicit redis_server(uint16_t tcp_port = 0) : tcp_port_(tcp_port) {
    std::string pattern = (std::filesystem::temp_directory_path() / "brigade-redis-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    start();
  }
  ~redis_server() {
    kill(SIGKILL);
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  redis_server(const redis_server&) = delete;
  redis_server& operator=(const redis_server&) = delete;

  std::string socket_path() const { return (dir_ / "redis.sock").string(); }
  std::string unix_url() const { return "unix://" + socket_path(); }
  uint16_t tcp_port() const { return tcp_port_; }

  /// Starts it (again), and waits until it accepts connections.
  void start() {
    std::filesystem::remove(dir_ / "redis.sock");
    std::vector<std::string> args{"redis-server", "--port", std::to_string(tcp_port_), "--bind", "127.0.0.1",
                                  "--unixsocket", socket_path(), "--save", "", "--appendonly", "no",
                                  "--dir", dir_.string(), "--logfile", (dir_ / "redis.log").string()};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (::posix_spawnp(&pid_, "redis-server", nullptr, nullptr, argv.data(), environ) != 0) {
      throw std::runtime_error("cannot start redis-server: is Debian's redis-server installed (scripts/setup.sh)?");
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!accepts()) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("redis-server exited at start; see its log in " + dir_.string());
      }
      if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("redis-server did not start");
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  /// Kills it at once (a crash, not a shutdown) and reaps it.
  void kill(int signal = SIGKILL) {
    if (pid_ <= 0) return;
    ::kill(pid_, signal);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  bool accepts() const {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    const auto path = socket_path();
    if (path.size() >= sizeof a.sun_path) {
      ::close(fd);
      throw std::runtime_error("socket path too long");
    }
    path.copy(a.sun_path, path.size());
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
  }

  uint16_t tcp_port_;
  std::filesystem::path dir_;
  pid_t pid_ = -1;
};

}  // namespace brigade::cluster::testing
