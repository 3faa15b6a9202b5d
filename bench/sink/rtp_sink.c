/*
 * rtp_sink: the far end of the pacing benchmark (bench/.../media/NativeStreamSink.java).
 *
 * One loopback UDP socket receives every session's RTP stream in batches (recvmmsg), times each
 * packet by the kernel's receive timestamp (SO_TIMESTAMPNS) so that this process's own scheduling
 * delay is not counted as the sender's pacing deviation, accounts per SSRC, and optionally echoes
 * every RTP packet back to its source in batches (sendmmsg).
 *
 * Usage: rtp_sink <sessions> [echo=0|1] [coalesce_us=0]
 * coalesce_us: after a batch that was not full, wait this long before the next one, so that one
 * wake-up takes many datagrams; the timing is unaffected (the kernel stamped them on arrival), the
 * echo is late by up to this much. 0 (default) wakes for every datagram: echoes leave at once,
 * as independent phones' packets would, so the sessions' receive side is not batched for them.
 * stdout: "PORT <n>" first, then one RESULT line per STOP.
 * stdin, one command a line: START, STOP, PAUSE <ms> (the receive thread sleeps; for checking
 * that deviations come from kernel timestamps), QUIT. EOF on stdin exits too.
 *
 * Threads: the receive thread owns the socket and all figures; the main thread reads commands
 * and hands each one over through one atomic word, waiting until the receive thread has taken
 * it (SO_RCVTIMEO bounds how long an idle receive thread takes to notice).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define PACKET_MAX 2048
#define PTIME_NS 20000000LL
#define RECV_TIMEOUT_US 10000

enum command { CMD_NONE, CMD_START, CMD_STOP, CMD_PAUSE, CMD_QUIT };

/* Per SSRC: last kernel timestamp, first and highest extended sequence, packet count. */
struct stream {
    uint32_t ssrc;
    int used;
    int64_t last_ns;
    int64_t first_seq;
    int64_t highest_seq;
    int64_t count;
};

static int sock;
static int echo;
static long coalesce_us;
static atomic_int pending = CMD_NONE; /* main -> receive thread; back to NONE once taken */
static atomic_long pause_ms;

/* Owned by the receive thread while recording, by the main thread once STOP was taken. */
static struct stream *streams;
static size_t stream_slots; /* power of two */
static size_t streams_used;
static int64_t *deviations;
static size_t deviation_cap;
static size_t deviation_count;
static int64_t packets;
static int recording;

/* Diagnostics (receive thread only), reported on stderr at exit. */
static int64_t untimed, truncated, untracked, send_errors, recv_errors, datagrams, batches;

static int64_t timespec_ns(const struct timespec *t) {
    return (int64_t)t->tv_sec * 1000000000LL + t->tv_nsec;
}

/* The kernel's receive time of a datagram; the wall clock if the kernel gave none. */
static int64_t receive_time(struct msghdr *msg) {
    for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
            struct timespec t;
            memcpy(&t, CMSG_DATA(c), sizeof t);
            return timespec_ns(&t);
        }
    }
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    untimed++;
    return timespec_ns(&now);
}

static struct stream *find_stream(uint32_t ssrc) {
    size_t mask = stream_slots - 1;
    for (size_t i = (ssrc * 2654435761u) & mask;; i = (i + 1) & mask) {
        struct stream *s = &streams[i];
        if (!s->used) {
            /* Keep the table at most half full; SSRCs past that are garbage or a bug upstream. */
            if (streams_used >= stream_slots / 2) {
                return NULL;
            }
            streams_used++;
            s->used = 1;
            s->ssrc = ssrc;
            s->count = 0;
            return s;
        }
        if (s->ssrc == ssrc) {
            return s;
        }
    }
}

static void account(const uint8_t *p, int64_t ts) {
    uint32_t ssrc = (uint32_t)p[8] << 24 | (uint32_t)p[9] << 16 | (uint32_t)p[10] << 8 | p[11];
    int seq = p[2] << 8 | p[3];
    struct stream *s = find_stream(ssrc);
    if (s == NULL) {
        untracked++;
        return;
    }
    packets++;
    if (s->count == 0) {
        s->last_ns = ts;
        s->first_seq = seq;
        s->highest_seq = seq;
        s->count = 1;
        return;
    }
    if (deviation_count < deviation_cap) {
        int64_t d = ts - s->last_ns - PTIME_NS;
        deviations[deviation_count++] = d < 0 ? -d : d;
    }
    s->last_ns = ts;
    /* Wrap-safe step from the highest sequence so far. */
    int16_t delta = (int16_t)(uint16_t)(seq - (int)(s->highest_seq & 0xFFFF));
    if (delta > 0) {
        s->highest_seq += delta;
    }
    s->count++;
}

static void reset_figures(void) {
    memset(streams, 0, stream_slots * sizeof *streams);
    streams_used = 0;
    deviation_count = 0;
    packets = 0;
}

static void echo_batch(struct mmsghdr *out, int n) {
    int sent = 0;
    while (sent < n) {
        int r = sendmmsg(sock, out + sent, (unsigned)(n - sent), 0);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            send_errors++;
            sent++; /* drop the one that failed, keep echoing the rest */
        } else {
            sent += r;
        }
    }
}

/* Takes a command handed over by the main thread; returns 0 on QUIT. */
static int take_command(void) {
    int cmd = atomic_load_explicit(&pending, memory_order_acquire);
    switch (cmd) {
    case CMD_NONE:
        return 1;
    case CMD_START:
        reset_figures();
        recording = 1;
        break;
    case CMD_STOP:
        recording = 0;
        break;
    case CMD_PAUSE: {
        long ms = atomic_load(&pause_ms);
        struct timespec d = {ms / 1000, (ms % 1000) * 1000000L};
        while (nanosleep(&d, &d) != 0 && errno == EINTR) {
        }
        break;
    }
    case CMD_QUIT:
        atomic_store_explicit(&pending, CMD_NONE, memory_order_release);
        return 0;
    }
    atomic_store_explicit(&pending, CMD_NONE, memory_order_release);
    return 1;
}

static void *receive_loop(void *unused) {
    (void)unused;
    static uint8_t bufs[BATCH][PACKET_MAX];
    static char controls[BATCH][CMSG_SPACE(sizeof(struct timespec)) + 64];
    static struct sockaddr_in from[BATCH];
    static struct iovec iov[BATCH], out_iov[BATCH];
    static struct mmsghdr in[BATCH], out[BATCH];
    for (int i = 0; i < BATCH; i++) {
        iov[i] = (struct iovec){.iov_base = bufs[i], .iov_len = PACKET_MAX};
    }
    while (take_command()) {
        for (int i = 0; i < BATCH; i++) {
            in[i].msg_hdr = (struct msghdr){
                .msg_name = &from[i], .msg_namelen = sizeof from[i],
                .msg_iov = &iov[i], .msg_iovlen = 1,
                .msg_control = controls[i], .msg_controllen = sizeof controls[i]};
        }
        /* Blocks for the first datagram (up to SO_RCVTIMEO), then takes what is already queued. */
        int n = recvmmsg(sock, in, BATCH, MSG_WAITFORONE, NULL);
        if (n < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                recv_errors++;
                struct timespec backoff = {0, 1000000L}; /* a persistent error must not spin a core */
                nanosleep(&backoff, NULL);
            }
            continue;
        }
        datagrams += n;
        batches++;
        int echoes = 0;
        for (int i = 0; i < n; i++) {
            unsigned len = in[i].msg_len;
            const uint8_t *p = bufs[i];
            if (in[i].msg_hdr.msg_flags & MSG_TRUNC) {
                truncated++;
            }
            if (len < 12 || (p[1] >= 192 && p[1] <= 223)) {
                continue; /* too short for RTP, or RTCP */
            }
            if (recording) {
                account(p, receive_time(&in[i].msg_hdr));
            }
            out_iov[echoes] = (struct iovec){.iov_base = bufs[i], .iov_len = len};
            out[echoes].msg_hdr = (struct msghdr){
                .msg_name = &from[i], .msg_namelen = in[i].msg_hdr.msg_namelen,
                .msg_iov = &out_iov[echoes], .msg_iovlen = 1};
            echoes++;
        }
        if (echo && echoes > 0) {
            echo_batch(out, echoes);
        }
        if (n < BATCH && coalesce_us > 0) {
            struct timespec d = {0, coalesce_us * 1000L};
            nanosleep(&d, NULL);
        }
    }
    return NULL;
}

static int compare_ns(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The same rank rule as StreamSink: rank = ceil(p / 100 * count), 1-based, clamped. */
static int64_t percentile(const int64_t *sorted, size_t count, double p) {
    double exact = p / 100.0 * (double)count;
    long rank = (long)exact;
    if ((double)rank < exact) {
        rank++;
    }
    if (rank < 1) {
        rank = 1;
    }
    if ((size_t)rank > count) {
        rank = (long)count;
    }
    return sorted[rank - 1];
}

static void print_result(void) {
    int64_t expected = 0;
    for (size_t i = 0; i < stream_slots; i++) {
        if (streams[i].used && streams[i].count > 0) {
            expected += streams[i].highest_seq - streams[i].first_seq + 1;
        }
    }
    qsort(deviations, deviation_count, sizeof *deviations, compare_ns);
    int64_t p50 = 0, p99 = 0, max = 0;
    if (deviation_count > 0) {
        p50 = percentile(deviations, deviation_count, 50);
        p99 = percentile(deviations, deviation_count, 99);
        max = deviations[deviation_count - 1];
    }
    printf("RESULT packets=%lld expected=%lld count=%zu p50=%lld p99=%lld max=%lld\n", (long long)packets,
           (long long)expected, deviation_count, (long long)p50, (long long)p99, (long long)max);
    fflush(stdout);
}

/* Hands one command to the receive thread and waits until it has been taken. */
static void hand_over(int cmd) {
    atomic_store_explicit(&pending, cmd, memory_order_release);
    struct timespec tick = {0, 1000000L};
    while (atomic_load_explicit(&pending, memory_order_acquire) != CMD_NONE) {
        nanosleep(&tick, NULL);
    }
}

static int open_socket(void) {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) {
        perror("rtp_sink: socket");
        return -1;
    }
    int rcvbuf = 4 << 20, on = 1;
    struct timeval timeout = {0, RECV_TIMEOUT_US};
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (setsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf) != 0
        || setsockopt(s, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) != 0
        || setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) != 0
        || bind(s, (struct sockaddr *)&addr, sizeof addr) != 0
        || getsockname(s, (struct sockaddr *)&addr, &len) != 0) {
        perror("rtp_sink: socket setup");
        close(s);
        return -1;
    }
    return ntohs(addr.sin_port) > 0 ? s : -1;
}

int main(int argc, char **argv) {
    long sessions = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
    if (argc < 2 || sessions < 1 || sessions > 1000000) {
        fprintf(stderr, "usage: rtp_sink <sessions> [echo=0|1] [coalesce_us=0]\n");
        return 2;
    }
    echo = argc > 2 && strcmp(argv[2], "1") == 0;
    coalesce_us = argc > 3 ? strtol(argv[3], NULL, 10) : 0;
    if (coalesce_us < 0 || coalesce_us > 999999) {
        fprintf(stderr, "rtp_sink: coalesce_us must be 0..999999\n");
        return 2;
    }
    /* Room for 120 s of 50 pps per session, as StreamSink; SSRC table at most half full. */
    deviation_cap = (size_t)sessions * 50 * 120;
    stream_slots = 64;
    while (stream_slots < (size_t)sessions * 4) {
        stream_slots *= 2;
    }
    deviations = malloc(deviation_cap * sizeof *deviations);
    streams = calloc(stream_slots, sizeof *streams);
    sock = open_socket();
    if (deviations == NULL || streams == NULL || sock < 0) {
        fprintf(stderr, "rtp_sink: cannot start (memory or socket)\n");
        return 1;
    }
    struct sockaddr_in addr;
    socklen_t len = sizeof addr;
    getsockname(sock, (struct sockaddr *)&addr, &len);
    printf("PORT %d\n", ntohs(addr.sin_port));
    fflush(stdout);

    pthread_t receiver;
    if (pthread_create(&receiver, NULL, receive_loop, NULL) != 0) {
        fprintf(stderr, "rtp_sink: cannot start the receive thread\n");
        return 1;
    }
    char line[128];
    /* EOF (the JVM died or closed our stdin) ends the process like QUIT. */
    while (fgets(line, sizeof line, stdin) != NULL) {
        if (strncmp(line, "START", 5) == 0) {
            hand_over(CMD_START);
        } else if (strncmp(line, "STOP", 4) == 0) {
            hand_over(CMD_STOP); /* taken: the receive thread no longer touches the figures */
            print_result();
        } else if (strncmp(line, "PAUSE", 5) == 0) {
            atomic_store(&pause_ms, strtol(line + 5, NULL, 10));
            hand_over(CMD_PAUSE);
        } else if (strncmp(line, "QUIT", 4) == 0) {
            break;
        } else {
            fprintf(stderr, "rtp_sink: unknown command: %s", line);
        }
    }
    hand_over(CMD_QUIT);
    pthread_join(receiver, NULL);
    fprintf(stderr, "rtp_sink: datagrams=%lld in %lld recvmmsg calls; untimed=%lld truncated=%lld untracked=%lld "
            "send_errors=%lld recv_errors=%lld\n", (long long)datagrams, (long long)batches, (long long)untimed,
            (long long)truncated, (long long)untracked, (long long)send_errors, (long long)recv_errors);
    close(sock);
    free(deviations);
    free(streams);
    return 0;
}
