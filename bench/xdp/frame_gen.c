// SPDX-License-Identifier: GPL-2.0
/*
 * Frame generator for the XDP benchmark (bench/xdp/XdpBench.java): sends COUNT copies of one
 * Ethernet frame out of IFNAME through an AF_PACKET socket, in sendmmsg batches, bypassing the
 * qdisc. It replaces the kernel's live-frame injection (BPF_F_TEST_XDP_LIVE_FRAMES), which some
 * kernels refuse (EPERM). Run it inside the sending namespace of a veth pair the benchmark
 * made; the frames go to the peer and nowhere else.
 *
 * usage: frame_gen IFNAME COUNT HEXFRAME [BATCH]
 * prints: sent=N seconds=S errors=E
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_FRAME 2048
#define MAX_BATCH 256

static int hex(const char *text, unsigned char *out, size_t cap)
{
	size_t n = strlen(text), i;

	if (n % 2 || n / 2 > cap)
		return -1;
	for (i = 0; i < n / 2; i++) {
		unsigned int b;

		if (sscanf(text + 2 * i, "%2x", &b) != 1)
			return -1;
		out[i] = (unsigned char)b;
	}
	return (int)(n / 2);
}

int main(int argc, char **argv)
{
	static unsigned char frame[MAX_FRAME];
	struct mmsghdr msgs[MAX_BATCH];
	struct iovec iov;
	struct sockaddr_ll to = { .sll_family = AF_PACKET };
	struct timespec t0, t1;
	long long count, sent = 0, errors = 0;
	int fd, len, batch, one = 1, i;

	if (argc < 4) {
		fprintf(stderr, "usage: %s IFNAME COUNT HEXFRAME [BATCH]\n", argv[0]);
		return 2;
	}
	count = atoll(argv[2]);
	len = hex(argv[3], frame, sizeof(frame));
	batch = argc > 4 ? atoi(argv[4]) : 64;
	if (count <= 0 || len < ETH_HLEN || batch < 1 || batch > MAX_BATCH) {
		fprintf(stderr, "frame_gen: bad COUNT, HEXFRAME or BATCH\n");
		return 2;
	}
	to.sll_ifindex = (int)if_nametoindex(argv[1]);
	to.sll_halen = ETH_ALEN;
	memcpy(to.sll_addr, frame, ETH_ALEN);
	if (!to.sll_ifindex) {
		perror("frame_gen: if_nametoindex");
		return 1;
	}
	fd = socket(AF_PACKET, SOCK_RAW, 0); /* protocol 0: send only, never receives */
	if (fd < 0) {
		perror("frame_gen: socket");
		return 1;
	}
	/* straight to the driver: the qdisc would be part of what is measured otherwise */
	if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one)) < 0)
		perror("frame_gen: PACKET_QDISC_BYPASS (going on without it)");
	iov.iov_base = frame;
	iov.iov_len = (size_t)len;
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < batch; i++) {
		msgs[i].msg_hdr.msg_name = &to;
		msgs[i].msg_hdr.msg_namelen = sizeof(to);
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (sent < count) {
		int want = count - sent < batch ? (int)(count - sent) : batch;
		int r = sendmmsg(fd, msgs, (unsigned int)want, 0);

		if (r < 0) {
			if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR) {
				errors++;
				continue;
			}
			perror("frame_gen: sendmmsg");
			return 1;
		}
		sent += r;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("sent=%lld seconds=%.6f errors=%lld\n", sent,
	       (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, errors);
	close(fd);
	return 0;
}
