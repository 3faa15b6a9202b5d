/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Map keys, values and constants shared by the XDP SIP filter (sip_filter.c) and its
 * user-space owner. The Java side (org.oavc.xdp.bpf.FilterAbi) mirrors every layout here:
 * change both together. All structs are naturally aligned, no implicit padding.
 */
#ifndef OAVC_SIP_FILTER_H
#define OAVC_SIP_FILTER_H

#include <linux/types.h>

/* Verdict reasons: the index into the per-CPU `stats` array. */
enum filter_reason {
	REASON_PASS_NOT_SIP = 0,   /* not UDP to a SIP port (or not IP at all) */
	REASON_PASS_SIP = 1,       /* passed every check */
	REASON_PASS_ALLOWLIST = 2, /* source allowlisted: no other check applied */
	REASON_PASS_KEEPALIVE = 3, /* CRLF or STUN keepalive (RFC 5626) */
	REASON_PASS_FRAGMENT = 4,  /* UDP fragment: source checks passed; payload not parsed */
	REASON_REDIRECT_XSK = 5,   /* valid SIP redirected to an AF_XDP socket */
	REASON_DROP_BLOCKLIST = 6,
	REASON_DROP_RATELIMIT = 7, /* token bucket empty */
	REASON_DROP_AUTOBLOCK = 8, /* source auto-blocked after exceeding the rate */
	REASON_DROP_OPTIONS = 9,   /* OPTIONS stealth */
	REASON_DROP_SYNTAX = 10,   /* payload is neither a SIP request/status line nor a keepalive */
	REASON_DROP_SCANNER = 11,  /* scanner signature in the first SCAN_BYTES */
	REASON_DROP_MALFORMED = 12, /* truncated headers or inconsistent UDP length */
	REASON_PASS_EXT_HEADERS = 13, /* IPv6 header chain longer than walked: source checks passed */
	REASON_COUNT = 14,
};

/* Value of `stats` (per CPU, one slot per reason). */
struct reason_stats {
	__u64 packets;
	__u64 bytes;
};

/* filter_config.flags */
#define CFG_OPTIONS_STEALTH (1u << 0)
#define CFG_RATE_LIMIT (1u << 1)
#define CFG_SCANNER (1u << 2)
#define CFG_SYNTAX_GATE (1u << 3)
#define CFG_AF_XDP (1u << 4)
/* Set by whoever writes the config; an all-zero slot means "use the defaults below". */
#define CFG_VALID (1u << 31)

#define MAX_SIP_PORTS 8

/* The single value of the `config` array (key 0). */
struct filter_config {
	__u32 flags;
	__u32 rate_pps;    /* tokens added per second per source */
	__u32 rate_burst;  /* bucket size */
	__u32 autoblock_s; /* how long an over-limit source stays blocked; 0 = never auto-block */
	__u16 ports[MAX_SIP_PORTS]; /* host order; 0 = unused slot */
};

/* Defaults used while the config slot is not CFG_VALID. */
#define DEFAULT_FLAGS (CFG_SYNTAX_GATE | CFG_SCANNER)
#define DEFAULT_PORT 5060
#define DEFAULT_RATE_PPS 50
#define DEFAULT_RATE_BURST 100
#define DEFAULT_AUTOBLOCK_S 60

/*
 * Addresses are 16 bytes everywhere; IPv4 is stored IPv4-mapped (::ffff:a.b.c.d) so one
 * exact hash and one LPM trie cover both families (an IPv4 /24 is prefix 96 + 24 = 120).
 */
struct addr_key {
	__u8 addr[16]; /* network order */
};

struct lpm_key {
	__u32 prefixlen; /* host order, 0..128 */
	__u8 addr[16];
};

/* Value of the allow/block maps. */
struct list_entry {
	__u64 expires_ns; /* CLOCK_MONOTONIC (bpf_ktime_get_ns); 0 = never expires */
};

/* Value of the `rate_state` LRU hash (key: struct addr_key). */
struct rate_state {
	__u64 last_ns;          /* last refill */
	__u64 tokens_milli;     /* tokens * 1000 */
	__u64 blocked_until_ns; /* auto-block end; 0 = not blocked */
};

/* Payload bytes the scanner scan reads; a signature must end within them. */
#define SCAN_BYTES 512
/* IPv6 extension headers walked before a packet counts as REASON_PASS_EXT_HEADERS. */
#define IPV6_EXT_MAX 8
#define MAP_LIST_EXACT_MAX 262144
#define MAP_LIST_LPM_MAX 65536
#define MAP_RATE_MAX 131072
#define MAP_XSK_MAX 64

#endif
