// What PerfHTTP needs from Linux that Swift's Glibc module does not bring in: epoll with a
// nanosecond timeout, the thread's timer slack, and the kernel's receive timestamps. Everything
// else comes from Glibc.
#ifndef CPERFHTTP_H
#define CPERFHTTP_H

#include <stdint.h>

#ifdef __linux__

/// Readiness bits, as epoll has them.
static const uint32_t cperf_event_readable = 0x001;  // EPOLLIN
static const uint32_t cperf_event_writable = 0x004;  // EPOLLOUT
static const uint32_t cperf_event_error = 0x008;     // EPOLLERR
static const uint32_t cperf_event_hangup = 0x010;    // EPOLLHUP

/// Creates an epoll set (close-on-exec). Returns its descriptor, or -1 with errno set.
int cperf_epoll_create(void);

/// Adds (`op` 1), changes (`op` 3) or removes (`op` 2) a descriptor, level-triggered, with the
/// descriptor itself as its data. Returns 0, or -1 with errno set.
int cperf_epoll_control(int set, int op, int descriptor, uint32_t events);

/// Waits at most `timeout_ns` nanoseconds (negative: for ever) for ready descriptors, and writes
/// up to `capacity` of them, with their events, to `descriptors` and `events`. Uses epoll_pwait2
/// (Linux 5.11) and falls back to epoll_wait, the timeout rounded up to whole milliseconds, where
/// the kernel lacks it. Returns how many are ready, 0 on timeout, or -1 with errno set.
int cperf_epoll_wait(int set, int32_t *descriptors, uint32_t *events, int capacity, int64_t timeout_ns);

/// Sets the calling thread's timer slack, how late the kernel may end its sleeps to batch
/// wake-ups (50 µs by default). Returns 0, or -1 with errno set.
int cperf_set_timer_slack(uint64_t nanoseconds);

/// Asks the kernel to stamp the time each packet arrives for a socket (`SO_TIMESTAMPING`,
/// software receive timestamps), for ``cperf_receive_stamped``. Returns 0, or -1 with errno set.
int cperf_stamp_arrivals(int descriptor);

/// Receives like `recv(descriptor, buffer, length, 0)`, and writes to `age_ns` how long ago the
/// last bytes received arrived at this machine (the kernel's receive timestamp of the last packet
/// read, against CLOCK_REALTIME now), or -1 when the kernel gave no timestamp (the socket does
/// not ask for them, or nothing was read). Returns what recv returns, errno set as recv sets it.
long cperf_receive_stamped(int descriptor, void *buffer, unsigned long length, int64_t *age_ns);

#endif
#endif
