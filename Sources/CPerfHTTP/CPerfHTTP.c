#ifdef __linux__
#define _GNU_SOURCE
#include "CPerfHTTP.h"

#include <errno.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <time.h>

int cperf_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int cperf_epoll_control(int set, int op, int descriptor, uint32_t events) {
    struct epoll_event event = {.events = events, .data = {.fd = descriptor}};
    return epoll_ctl(set, op, descriptor, &event);
}

static int pwait2_missing = 0;

int cperf_epoll_wait(int set, int32_t *descriptors, uint32_t *events, int capacity, int64_t timeout_ns) {
    struct epoll_event ready[64];
    int count = capacity < 64 ? capacity : 64;
    int result;
    if (timeout_ns >= 0 && !__atomic_load_n(&pwait2_missing, __ATOMIC_RELAXED)) {
        struct timespec timeout = {.tv_sec = timeout_ns / 1000000000, .tv_nsec = timeout_ns % 1000000000};
        result = epoll_pwait2(set, ready, count, &timeout, NULL);
        if (result < 0 && errno == ENOSYS) {
            __atomic_store_n(&pwait2_missing, 1, __ATOMIC_RELAXED);
            return cperf_epoll_wait(set, descriptors, events, capacity, timeout_ns);
        }
    } else {
        int64_t rounded = timeout_ns < 0 ? -1 : (timeout_ns + 999999) / 1000000;
        int milliseconds = rounded > 2147483647 ? 2147483647 : (int)rounded;
        result = epoll_wait(set, ready, count, milliseconds);
    }
    for (int index = 0; index < result; index++) {
        descriptors[index] = ready[index].data.fd;
        events[index] = ready[index].events;
    }
    return result;
}

int cperf_set_timer_slack(uint64_t nanoseconds) {
    return prctl(PR_SET_TIMERSLACK, (unsigned long)nanoseconds, 0, 0, 0);
}
#endif
