/* A slow disk for the stress test: loaded into the server with LD_PRELOAD
 * (scripts/stress.sh --slow-disk-ms N), it makes every fsync and fdatasync
 * wait STRESS_SLOW_FSYNC_US microseconds before flushing, as an SD card, a
 * spinning disk or a busy cloud volume does. SQLite commits with
 * synchronous=FULL, so this is the cost of each commit: the churn must keep
 * working when disk flushes, not CPU, are what is scarce. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>

static void wait_like_a_slow_disk(void) {
  static long delay_us = -1;
  if (delay_us < 0) {
    const char* set = getenv("STRESS_SLOW_FSYNC_US");
    delay_us = set ? atol(set) : 0;
  }
  if (delay_us > 0) usleep((useconds_t)delay_us);
}

int fsync(int fd) {
  static int (*real)(int);
  if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
  wait_like_a_slow_disk();
  return real(fd);
}

int fdatasync(int fd) {
  static int (*real)(int);
  if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
  wait_like_a_slow_disk();
  return real(fd);
}
