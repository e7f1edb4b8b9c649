#ifdef __linux__
#define _GNU_SOURCE
#include "CPerfHTTP.h"

#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
// After <time.h>: errqueue.h's scm_timestamping holds struct timespec.
#include <linux/errqueue.h>
#include <linux/net_tstamp.h>

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

int cperf_stamp_arrivals(int descriptor) {
    int flags = SOF_TIMESTAMPING_RX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE;
    return setsockopt(descriptor, SOL_SOCKET, SO_TIMESTAMPING, &flags, sizeof flags);
}

long cperf_receive_stamped(int descriptor, void *buffer, unsigned long length, int64_t *age_ns) {
    struct iovec vector = {.iov_base = buffer, .iov_len = length};
    union {
        char bytes[CMSG_SPACE(sizeof(struct scm_timestamping))];
        struct cmsghdr align;
    } control;
    struct msghdr message = {
        .msg_iov = &vector, .msg_iovlen = 1, .msg_control = control.bytes, .msg_controllen = sizeof control.bytes};
    *age_ns = -1;
    ssize_t count = recvmsg(descriptor, &message, 0);
    if (count <= 0) return count;
    for (struct cmsghdr *header = CMSG_FIRSTHDR(&message); header; header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_TIMESTAMPING) continue;
        struct scm_timestamping stamps;
        memcpy(&stamps, CMSG_DATA(header), sizeof stamps);
        if (stamps.ts[0].tv_sec == 0 && stamps.ts[0].tv_nsec == 0) continue;
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        *age_ns = (int64_t)(now.tv_sec - stamps.ts[0].tv_sec) * 1000000000 + (now.tv_nsec - stamps.ts[0].tv_nsec);
    }
    return count;
}
#endif
